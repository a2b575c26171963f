import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getModule, moduleNames } from '../../../src/modules/registry.js';

/**
 * A module argument that is declared is implemented or marked unsupported, never accepted and
 * ignored: each declared argument that is not marked must be read (a property access `.name`, or a
 * destructuring that names it) in the module's file or in the fabplay files it imports.
 */

const modulesDir = fileURLToPath(new URL('../../../src/modules/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const allFiles = sources(modulesDir);
const text = new Map(
  [...allFiles, resolve(modulesDir, '../executor/facts-modules.ts')].map((f) => [f, readFileSync(f, 'utf8')]),
);

/** The file that defines a module (`name: 'copy'` beside defineModule), and what it imports, transitively. */
function moduleFiles(name: string): string[] {
  const home = allFiles.find((f) => new RegExp(`defineModule\\(\\{\\s*name: '${name}'`).test(text.get(f)!));
  assert.ok(home, `no defineModule for ${name}`);
  const seen = new Set<string>();
  const walk = (f: string) => {
    if (seen.has(f) || !text.has(f)) return;
    seen.add(f);
    for (const m of text.get(f)!.matchAll(/from '(\.[^']+)\.js'/g)) walk(resolve(dirname(f), `${m[1]}.ts`));
  };
  walk(home);
  return [...seen];
}

/** Text of the files with each argument table's own lines left out (a declaration is no read). */
function bodyText(files: string[]): string {
  return files.map((f) => text.get(f)!.replace(/^\s+(\w+): \{ type: '[^']+'.*\},?$/gm, '')).join('\n');
}

function isRead(body: string, arg: string): boolean {
  return (
    new RegExp(`\\.${arg}\\b|\\['${arg}'\\]`).test(body) ||
    new RegExp(`\\{[^{}=]*\\b${arg}\\b[^{}=]*\\}\\s*=`).test(body) ||
    // a loop over the names that are passed on (`for (const k of ['owner', 'group'])`)
    new RegExp(`\\[[^\\]]*'${arg}'[^\\]]*\\]`).test(body)
  );
}

/** Arguments the executor implements around the module, and the file that reads them. */
const READ_BY_EXECUTOR: Record<string, { args: string[]; file: string }> = {
  // how the fact modules of facts_modules run: the executor runs them (gather_facts alone is setup)
  gather_facts: { args: ['parallel'], file: '../executor/facts-modules.ts' },
};

describe('declared module arguments are implemented or marked unsupported', () => {
  const names = moduleNames().filter(
    (n) => !n.includes('.') && getModule(n)!.name === n && getModule(n)!.args,
  );
  it('covers the modules built with defineModule', () => {
    assert.ok(names.length >= 30, `only ${names.length}`);
  });
  for (const name of names) {
    it(name, () => {
      const elsewhere = READ_BY_EXECUTOR[name];
      const body = bodyText([
        ...moduleFiles(name),
        ...(elsewhere ? [resolve(modulesDir, elsewhere.file)] : []),
      ]);
      const table = getModule(name)!.args!;
      const unread = Object.entries(table)
        .filter(([arg, spec]) => !spec.unsupported && !isRead(body, arg))
        .map(([arg]) => arg);
      assert.deepEqual(unread, [], `${name}: declared but never read: ${unread.join(', ')}`);
    });
  }
});
