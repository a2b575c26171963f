/**
 * Part of `npm run build` (after tsc and the validators): bundles the CLI's own compiled files
 * (dist/src) into one CommonJS file, dist/fabplay.cjs, which bin/fabplay.js runs with V8's code
 * cache. Node then resolves, reads and compiles one file instead of about 140 (start-up time).
 * The packages it imports are bundled too, except those it also loads through createRequire (see
 * packagesRequired).
 * Run from dist/: node dist/scripts/bundle.js
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { build, type Plugin } from 'esbuild';

const dist = resolve(import.meta.dirname, '..');
const srcDir = join(dist, 'src');
export const BUNDLE = join(dist, 'fabplay.cjs');
const CODE_CACHE = `${BUNDLE}.cache`;

/** A path under dist/ as the bundle names it: relative to dist/, with forward slashes. */
const distRelative = (p: string): string => relative(dist, p).split(sep).join('/');

/** Every compiled file of src/, as distRelative names it. */
function ownFiles(dir = srcDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return ownFiles(p);
    return e.name.endsWith('.js') ? [distRelative(p)] : [];
  });
}

/**
 * The own files code loads by name (requireOwn and importOwn, src/util/import-own.ts): each is
 * named in some own file by a path relative to that file, in quotes, outside an import or export
 * statement (the argument itself, or a table of them: the module catalog, the CLI's commands).
 * Only these go in the bundle's table of files: esbuild gives each file the table names an
 * exports object, filled as the bundle loads. With every own file in it (556 objects, most never
 * required), that was a tenth of a one-task run's start. The precompiled validators of playbook
 * keywords (src/generated/keywords.cjs, named so in validators.ts) are one of them: every run
 * uses them, and in the bundle they are in its code cache; those of module arguments (1 MB, a
 * run uses a few) are left out and required from dist/src when used.
 */
function filesLoadedByName(): string[] {
  const named = new Set<string>();
  for (const f of ownFiles())
    for (const m of readFileSync(join(dist, f), 'utf8').matchAll(
      /(?<!\bfrom\s*)(['"])(\.\.?\/[^'"\s]+\.c?js)\1/g,
    )) {
      const target = resolve(dist, dirname(f), m[2]!);
      if (target.startsWith(srcDir + sep) && existsSync(target)) named.add(distRelative(target));
    }
  return [...named].sort();
}

/**
 * Packages whose files own files take through createRequire (nunjucks' lexer, parser and nodes,
 * which fabplay patches; chalk, loaded by the first colored text) but which are bundled all the
 * same: in the bundle those calls are plain requires, which esbuild resolves to the bundled files,
 * one copy shared with the package's own requires. Their code is then in the bundle's code cache:
 * compiled at each run, nunjucks took about a tenth of a one-task run's start.
 */
const BUNDLED_THOUGH_REQUIRED = ['nunjucks', 'chalk'];

/** An own file's text with its createRequire calls for BUNDLED_THOUGH_REQUIRED made plain requires. */
function bundledRequires(text: string): string {
  return text.replace(
    new RegExp(
      `createRequire\\(import\\.meta\\.url\\)\\((['"])(${BUNDLED_THOUGH_REQUIRED.join('|')})\\b`,
      'g',
    ),
    'require($1$2',
  );
}

/**
 * The packages own files load through createRequire (the only `require` an ES module has): they
 * stay outside the bundle, and so do the files of theirs the bundle imports, or a package would
 * be loaded twice, its patched copy not the one in use. Those of BUNDLED_THOUGH_REQUIRED are in it.
 */
function packagesRequired(): string[] {
  const names = new Set<string>();
  for (const f of ownFiles())
    for (const m of readFileSync(join(dist, f), 'utf8').matchAll(
      /\b(?:require|createRequire\([^)]*\))\(\s*['"]([^'"./][^'"]*)['"]/g,
    )) {
      const parts = m[1]!.split('/');
      const name = m[1]!.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
      if (!name.startsWith('node:') && !BUNDLED_THOUGH_REQUIRED.includes(name)) names.add(name);
    }
  return [...names].flatMap((n) => [n, `${n}/*`]);
}

/**
 * Each file keeps the URL it has unbundled (`import.meta.url` made `ownUrl('src/x.js')`, taken
 * relative to the bundle's directory at run time), so what it finds beside itself (precompiled
 * validators, package.json) and what it requires through createRequire are found as before.
 * requireOwn (src/util/import-own.ts) becomes a lookup in a table of the files loaded by name
 * (filesLoadedByName): those are in the bundle too, initialised at their first require.
 */
const ownPlugin: Plugin = {
  name: 'fabplay-own',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(srcDir + sep)) return undefined;
      const rel = distRelative(args.path);
      if (rel === 'src/util/import-own.js') return { contents: IMPORT_OWN, loader: 'js' };
      const text = bundledRequires(readFileSync(args.path, 'utf8'));
      return { contents: text.replaceAll('import.meta.url', `ownUrl(${JSON.stringify(rel)})`), loader: 'js' };
    });
    b.onResolve({ filter: /^fabplay:own-files$/ }, () => ({ path: 'own-files', namespace: 'fabplay' }));
    b.onLoad({ filter: /.*/, namespace: 'fabplay' }, () => ({
      contents:
        'export const OWN = new Map([\n' +
        filesLoadedByName()
          .map((f) => `  [${JSON.stringify(f)}, () => require(${JSON.stringify('./' + f)})],\n`)
          .join('') +
        ']);\n',
      loader: 'js',
      resolveDir: dist,
    }));
  },
};

/** import-own.ts inside the bundle: own files come from the bundle's table. */
const IMPORT_OWN = `
import { createRequire } from 'node:module';
import { OWN } from 'fabplay:own-files';
export function requireOwn(file, base) {
  const href = new URL(file, base).href;
  if (!href.startsWith(distUrl)) return createRequire(base)(file);
  const load = OWN.get(href.slice(distUrl.length));
  // precompiled validators of module arguments are left out (filesLoadedByName)
  if (!load && href.endsWith('.cjs')) return createRequire(base)(file);
  // an own file loaded from dist/src instead would be a second copy with classes of its own
  if (!load)
    throw new Error(
      href + ' is not in the bundle: a file loaded by name is named in quotes by its relative ' +
        'path (scripts/bundle.ts, filesLoadedByName)',
    );
  return load();
}
export async function importOwn(file, base) {
  return requireOwn(file, base);
}
`;

/**
 * ownUrl(rel): the file: URL of dist/<rel>, from wherever the bundle sits when it runs.
 * lazyBuiltin(name): Node's module `name` as an object that requires it at its first use (see
 * LAZY_BUILTINS). A Proxy, since a module's exports are read as properties of what require gave.
 */
const BANNER = [
  "const distUrl = require('node:url').pathToFileURL(__dirname).href + '/';",
  'const ownUrl = (rel) => distUrl + rel;',
  'const lazyBuiltin = (name) => {',
  '  let m;',
  '  const load = () => (m ??= require(name));',
  '  return new Proxy({}, {',
  '    get: (_, k) => load()[k],',
  '    has: (_, k) => k in load(),',
  '    ownKeys: () => Reflect.ownKeys(load()),',
  '    getOwnPropertyDescriptor: (_, k) => {',
  '      const d = Reflect.getOwnPropertyDescriptor(load(), k);',
  '      return d && { ...d, configurable: true };',
  '    },',
  '  });',
  '};',
].join('\n');

/**
 * Node's own modules that Node compiles and initialises at their first require, which many runs
 * never use: a module's imports are required when it is initialised, and crypto, child_process
 * and fs/promises (with the stream modules they load) cost a one-task run about a tenth of its
 * start; v8 is used by SSH runs only (src/connection/pretenuring.ts). In the bundle their require
 * gives lazyBuiltin's object instead.
 */
const LAZY_BUILTINS = /\brequire\("(?:node:)?(crypto|child_process|zlib|fs\/promises|v8)"\)/g;

function makeBuiltinsLazy(text: string): string {
  let n = 0;
  const lazy = text.replace(LAZY_BUILTINS, (_m, name: string) => (n++, `lazyBuiltin("node:${name}")`));
  // esbuild writes them so; none found means it no longer does, and this step would do nothing
  if (n === 0) throw new Error(`no require of ${LAZY_BUILTINS.source} in ${BUNDLE}`);
  return lazy;
}

/**
 * The bundle as the function bin/load-bundle.js compiles, CommonJS's wrapper written around it
 * here: joined at run time, V8 would copy the 1.7 MB text into one string before compiling it.
 */
const wrapped = (text: string): string =>
  `(function (exports, require, module, __filename, __dirname) {${text}\n})`;

/**
 * A warm-up run of the bundle, a one-task local playbook, that writes V8's code cache of every
 * function it compiled (bin/fabplay.js, FABPLAY_WRITE_CODE_CACHE): what most runs need first.
 */
function writeCodeCache(): void {
  const work = mkdtempSync(join(tmpdir(), 'fabplay-warm-up-'));
  try {
    writeFileSync(
      join(work, 'warm-up.yml'),
      '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - debug:\n        msg: warm-up\n',
    );
    writeFileSync(join(work, 'hosts'), 'localhost ansible_connection=local\n');
    execFileSync(process.execPath, [join(dist, '../bin/fabplay.js'), 'run', 'warm-up.yml', '-i', 'hosts'], {
      cwd: work,
      env: { ...process.env, FABPLAY_WRITE_CODE_CACHE: '1' },
      stdio: 'ignore',
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (!existsSync(CODE_CACHE)) throw new Error(`the warm-up run wrote no ${CODE_CACHE}`);
}

/**
 * The warm-run client (src/warm/client.ts) as one CommonJS file of its own, which bin/fabplay.js
 * loads before anything else when FABPLAY_WARM_RUNS asks for warm runs: a served run loads no more.
 */
async function bundleWarmClient(): Promise<void> {
  await build({
    entryPoints: [join(srcDir, 'warm/client.js')],
    outfile: join(dist, 'warm-client.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    legalComments: 'none',
  });
}

export async function bundle(): Promise<void> {
  await bundleWarmClient();
  // a cache left from an earlier bundle must never meet the new one (V8 checks only its length)
  rmSync(CODE_CACHE, { force: true });
  await build({
    entryPoints: [join(srcDir, 'cli/main.js')],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: packagesRequired(),
    banner: { js: BANNER },
    plugins: [ownPlugin],
    logLevel: 'warning',
    legalComments: 'none',
    // every run reads the bundle and makes a string of it: 2.4 MB with whitespace, 1.7 without
    minifyWhitespace: true,
  });
  writeFileSync(BUNDLE, wrapped(makeBuiltinsLazy(readFileSync(BUNDLE, 'utf8'))));
  writeCodeCache();
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(dirname(BUNDLE), 'scripts/bundle.js'))
  await bundle();
