// The preflight pass of one playbook, timed in a process of its own on the built code (dist/):
// the playbook, the modules it names and the template engine are loaded first (a run loads them
// with it; their load is timed apart), then the pass cold (every template compiled) and warm.
// Prints one JSON line.
// Usage: node bench/preflight-pass.mjs PLAYBOOK
import { resolve } from 'node:path';
import process from 'node:process';

const dist = resolve(import.meta.dirname, '../dist/src');
const { loadPlaybook } = await import(`${dist}/playbook/index.js`);
const { preflight } = await import(`${dist}/preflight/index.js`);
const { forgetCheckedTemplates } = await import(`${dist}/preflight/template-files.js`);
const { catalogNames, loadModules } = await import(`${dist}/modules/catalog.js`);
const { engine } = await import(`${dist}/template/index.js`);

const pb = loadPlaybook(resolve(process.argv[2]), { rolesPath: [] });
const l0 = process.cpuUsage();
await loadModules(catalogNames());
engine();
const l = process.cpuUsage(l0);
const loadCpuMs = (l.user + l.system) / 1000;
const pass = async () => {
  forgetCheckedTemplates();
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const found = await preflight([pb]);
  const c = process.cpuUsage(c0);
  if (found.errors.length) throw new Error(`preflight errors: ${found.errors[0].message}`);
  return { wallMs: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: (c.user + c.system) / 1000 };
};
const cold = await pass();
const warm = [];
for (let i = 0; i < 5; i++) warm.push(await pass());
warm.sort((a, b) => a.cpuMs - b.cpuMs);
process.stdout.write(JSON.stringify({ plays: pb.plays.length, loadCpuMs, cold, warm: warm[2] }) + '\n');
