import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as yaml from 'js-yaml';
import { getModule } from '../../src/modules/registry.js';
import { checkModuleArgs } from '../../src/executor/module-context.js';
import { answerFor, fakeContext, type FakeAnswer } from './commands/helpers.js';
import { makeContext, type TestContext } from '../helpers/module-context.js';
import type { ModuleResult } from '../../src/modules/types.js';

/**
 * Module tests as data (test/modules/cases/*.yml, pyinfra style): each case gives a module's
 * arguments and the host it meets, and says what the module changes and returns. The host is
 * either a fake one whose probes answer from the case (`probes`, and `after`: the answers once
 * converged), or a scratch directory on this machine whose files the case lays out (`files`,
 * `@dir@` in any text is that directory). For every case this harness checks three things:
 * - converge: `changed`, the changes made (`changes`), the result keys given (`result`), the
 *   files after (`expect`);
 * - re-converge on the converged host changes nothing (or changes again when `reconverge:
 *   changes`, as a restart does; `again`: what it runs all the same, apt-cache's own cache);
 * - check mode plans the same changes, sends none of them, says the same `changed`, and leaves
 *   the files as they were.
 */

interface FileSpec {
  content?: string;
  mode?: string;
  dir?: boolean;
}

interface Case {
  name: string;
  args: Record<string, unknown>;
  facts?: Record<string, unknown>;
  probes?: FakeAnswer[];
  after?: FakeAnswer[];
  files?: Record<string, string | FileSpec>;
  expect?: Record<string, string | FileSpec | null>;
  changed?: boolean;
  failed?: boolean;
  msg?: string;
  changes?: string[];
  result?: Record<string, unknown>;
  warnings?: string[];
  reconverge?: 'changes';
  /** what a re-converge still runs while it changes nothing (apt-cache's own cache, daemon-reload) */
  again?: string[];
}

interface CaseFile {
  module: string;
  host: 'fake' | 'local';
  facts?: Record<string, unknown>;
  cases: Case[];
}

const casesDir = join(dirname(new URL(import.meta.url).pathname), 'cases');

function subst<T>(v: T, dir: string): T {
  return JSON.parse(JSON.stringify(v ?? null).replace(/@dir@/g, dir)) as T;
}

function specOf(f: string | FileSpec): FileSpec {
  return typeof f === 'string' ? { content: f } : f;
}

function layOut(dir: string, files: Record<string, string | FileSpec> = {}): void {
  for (const [name, f] of Object.entries(files)) {
    const s = specOf(f);
    const p = join(dir, name);
    if (s.dir) mkdirSync(p, { recursive: true, mode: s.mode ? parseInt(s.mode, 8) : 0o755 });
    else {
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, s.content ?? '', { mode: s.mode ? parseInt(s.mode, 8) : 0o644 });
    }
  }
}

/** Every path under dir with its type, mode and content: compares a host before and after. */
function snapshot(dir: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      const st = statSync(p);
      const mode = (st.mode & 0o7777).toString(8);
      if (e.isDirectory()) {
        out.push(`${p} dir ${mode}`);
        walk(p);
      } else out.push(`${p} ${mode} ${JSON.stringify(readFileSync(p, 'utf8'))}`);
    }
  };
  walk(dir);
  return out.join('\n');
}

function assertSubset(actual: Record<string, unknown>, want: Record<string, unknown>, what: string): void {
  for (const [k, v] of Object.entries(want)) assert.deepEqual(actual[k], v, `${what}: result.${k}`);
}

// the changes a module made, a change block (an atomic write) as one
const changesOf = (ctx: TestContext) => ctx.steps.filter((s) => s.verb === 'change' && !s.inBlock);

/** What a case's run must show, whatever its host. */
function checkOutcome(c: Case, res: ModuleResult, ctx: TestContext, dir: string): void {
  const want = subst(c, dir);
  if (c.failed) {
    assert.equal(res.failed, true, `${c.name}: should fail, got ${JSON.stringify(res)}`);
    if (want.msg) assert.match(String(res.msg), new RegExp(want.msg));
    return;
  }
  assert.ok(!res.failed, `${c.name}: failed: ${String(res.msg)}`);
  assert.equal(res.changed, c.changed ?? false, `${c.name}: changed`);
  if (want.changes)
    assert.deepEqual(
      changesOf(ctx).map((s) => s.what),
      want.changes,
      `${c.name}: changes`,
    );
  if (want.result) assertSubset(res, want.result, c.name);
  if (want.warnings)
    assert.deepEqual([...((res.warnings as string[]) ?? []), ...ctx.warnings], want.warnings);
}

/** Runs one module call through the executor's argument check, as a task would. */
async function call(module: string, ctx: TestContext, args: Record<string, unknown>): Promise<ModuleResult> {
  const mod = getModule(module)!;
  const a = structuredClone(args);
  const problems = checkModuleArgs(mod, a);
  if (problems.length) return { changed: false, failed: true, msg: problems.join('; ') };
  return mod.run(ctx, a);
}

function fakeCase(file: CaseFile, c: Case): void {
  const facts = { ...file.facts, ...c.facts };
  const run = async (answers: FakeAnswer[], check: boolean) => {
    const ctx = fakeContext({ facts, answers, check, diff: true });
    const res = await call(file.module, ctx, c.args);
    // every probe the module made is one the case scripted: the case says what the host answers
    for (const s of ctx.steps.filter((x) => x.verb === 'probe'))
      assert.doesNotThrow(() => answerFor(answers, s.what, true), `${c.name}: unscripted probe ${s.what}`);
    return { ctx, res };
  };
  const probes = c.probes ?? [];
  it(`${file.module}: ${c.name}`, async () => {
    const first = await run(probes, false);
    checkOutcome(c, first.res, first.ctx, '');
    if (c.failed) return;
    if (c.changed && !c.after && c.reconverge !== 'changes')
      assert.fail(`${c.name}: a case that changes the host says what it answers after (after:)`);
    const again = await run(c.after ?? probes, false);
    assertReconverge(c, again.res, again.ctx);
    const chk = await run(probes, true);
    assertCheck(c, first.ctx, chk.res, chk.ctx);
    assert.deepEqual(
      chk.ctx.ran,
      chk.ctx.steps.filter((s) => s.sent).map((s) => s.what),
    );
  });
}

function assertReconverge(c: Case, res: ModuleResult, ctx: TestContext): void {
  assert.ok(!res.failed, `${c.name}: re-converge failed: ${String(res.msg)}`);
  if (c.reconverge === 'changes') return assert.equal(res.changed, true, `${c.name}: changes again`);
  assert.equal(res.changed, false, `${c.name}: re-converge changed`);
  assert.deepEqual(
    changesOf(ctx).map((s) => s.what),
    c.again ?? [],
    `${c.name}: re-converge made changes`,
  );
}

function assertCheck(c: Case, converged: TestContext, res: ModuleResult, ctx: TestContext): void {
  assert.ok(!res.failed, `${c.name}: check mode failed: ${String(res.msg)}`);
  assert.equal(res.changed, c.changed ?? false, `${c.name}: check mode says changed`);
  assert.deepEqual(
    changesOf(ctx).filter((s) => s.sent),
    [],
    `${c.name}: check mode sent a change`,
  );
  // check mode plans what the real run did
  const planned = changesOf(ctx).map((s) => s.what);
  const made = changesOf(converged).map((s) => s.what);
  assert.deepEqual(planned, made, `${c.name}: check mode plans the same changes`);
}

function localCase(file: CaseFile, c: Case): void {
  it(`${file.module}: ${c.name}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fabplay-case-'));
    try {
      const args = subst(c.args, dir);
      layOut(dir, subst(c.files, dir) ?? {});
      const before = snapshot(dir);
      const first = makeContext({ diff: true, filesDir: dir });
      const res = await call(file.module, first, args);
      checkOutcome(c, res, first, dir);
      if (c.failed) return assert.equal(snapshot(dir), before, `${c.name}: a failure changes nothing`);
      for (const [name, f] of Object.entries(subst(c.expect, dir) ?? {})) {
        const p = join(dir, name);
        if (f === null) {
          assert.equal(statSync(p, { throwIfNoEntry: false }), undefined, `${c.name}: ${name} gone`);
          continue;
        }
        const s = specOf(f);
        const st = statSync(p);
        if (s.dir) assert.ok(st.isDirectory(), `${c.name}: ${name} is a directory`);
        if (s.content !== undefined) assert.equal(readFileSync(p, 'utf8'), s.content, `${c.name}: ${name}`);
        if (s.mode) assert.equal((st.mode & 0o7777).toString(8), s.mode.replace(/^0(?=\d{3})/, ''));
      }
      const again = makeContext({ diff: true, filesDir: dir });
      assertReconverge(c, await call(file.module, again, args), again);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      layOut(dir, subst(c.files, dir) ?? {});
      const chk = makeContext({ check: true, diff: true, filesDir: dir });
      assertCheck(c, first, await call(file.module, chk, args), chk);
      assert.equal(snapshot(dir), before, `${c.name}: check mode left the files as they were`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

const files = readdirSync(casesDir)
  .filter((f) => f.endsWith('.yml'))
  .sort();

describe('modules as data: converge, re-converge changes nothing, check mode sends no change', function () {
  this.timeout(60000);
  let total = 0;
  for (const f of files) {
    const file = yaml.load(readFileSync(join(casesDir, f), 'utf8')) as CaseFile;
    total += file.cases.length;
    describe(f, () => {
      for (const c of file.cases) (file.host === 'fake' ? fakeCase : localCase)(file, c);
    });
  }
  it('holds at least 150 cases', () => assert.ok(total >= 150, `${total} cases`));
});
