import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runAnsible, type Flags, type Observed } from './harness.js';

/**
 * ansible-playbook needs tens of seconds per playbook on a busy machine, so its observations are
 * kept in expected/<name>.json with a hash of the playbook, every file beside it and the
 * directories of ../differential-extra it names; they are refreshed by running ansible-playbook
 * whenever the hash differs, the file is missing, or FABPLAY_DIFF_LIVE=1 asks for a fresh run.
 */
export function hashFixtures(dir: string, file: string): string {
  const h = createHash('sha256');
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      // the playbook itself and what all playbooks share (roles, templates, inventory), not the other playbooks
      if (name === 'expected' || (d === dir && name.endsWith('.yml') && name !== file)) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else h.update('/' + relative(dir, p)).update(readFileSync(p));
    }
  };
  walk(dir);
  for (const extra of extrasOf(dir, file)) walk(extra);
  return h.digest('hex');
}

/** The directories of ../differential-extra (roles and modules of one fixture) the playbook names. */
function extrasOf(dir: string, file: string): string[] {
  const named = readFileSync(join(dir, file), 'utf8').matchAll(/differential-extra\/([\w.-]+)/g);
  return [...new Set([...named].map((m) => m[1]!))]
    .sort()
    .map((name) => join(dir, '..', 'differential-extra', name))
    .filter((d) => existsSync(d) && statSync(d).isDirectory());
}

export async function ansibleObserved(
  dir: string,
  file: string,
  inventory: string,
  flags: Flags,
): Promise<Observed> {
  const hash = hashFixtures(dir, file);
  const out = join(dir, 'expected', file.replace(/\.yml$/, '.json'));
  if (!process.env.FABPLAY_DIFF_LIVE && existsSync(out)) {
    const saved = JSON.parse(readFileSync(out, 'utf8')) as { hash: string; observed: Observed };
    if (saved.hash === hash) return saved.observed;
  }
  const observed = await runAnsible(join(dir, file), inventory, flags);
  mkdirSync(join(dir, 'expected'), { recursive: true });
  writeFileSync(out, JSON.stringify({ hash, observed }, null, 2) + '\n');
  return observed;
}

export function ansibleAvailable(): boolean {
  return existsSync('/usr/bin/ansible-playbook');
}
