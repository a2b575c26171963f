import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FilterError } from './errors.js';
import { splitKwargs } from './members.js';
import { isPlainObject, pyStr, truthy } from './python.js';
import type { TemplarContext } from './runtime.js';
import { Undefined } from './undefined.js';

/** lookup()/query() plugins that are cheap and safe on the controller: env, file, vars, template, items ... */

export interface LookupHost {
  /** a variable by name (templated), or Undefined */
  lookupVar(name: string): unknown;
  /** renders template text with the same variables */
  renderText(text: string, name: string): string;
  /** directories relative paths are tried in (role files/templates, playbook dir), then the cwd */
  searchPaths: readonly string[];
}

function findFile(host: LookupHost, name: string, sub: string): string | undefined {
  if (path.isAbsolute(name)) return existsSync(name) ? name : undefined;
  for (const dir of host.searchPaths) {
    for (const p of [path.join(dir, sub, name), path.join(dir, name)]) if (existsSync(p)) return p;
  }
  return existsSync(name) ? path.resolve(name) : undefined;
}

type Plugin = (host: LookupHost, terms: unknown[], kw: Record<string, unknown>) => unknown[];

const plugins: Record<string, Plugin> = {
  env: (_h, terms, kw) => terms.map((t) => process.env[pyStr(t)] ?? kw.default ?? ''),
  file: (h, terms, kw) =>
    terms.map((t) => {
      const p = findFile(h, pyStr(t), 'files');
      if (!p) throw new FilterError(`lookup('file'): could not find file ${pyStr(t)}`);
      const text = readFileSync(p, 'utf8');
      return kw.rstrip === false ? text : text.replace(/\s+$/, '');
    }),
  template: (h, terms) =>
    terms.map((t) => {
      const p = findFile(h, pyStr(t), 'templates');
      if (!p) throw new FilterError(`lookup('template'): could not find template ${pyStr(t)}`);
      return h.renderText(readFileSync(p, 'utf8'), p);
    }),
  vars: (h, terms, kw) =>
    terms.map((t) => {
      const v = h.lookupVar(pyStr(t));
      if (v instanceof Undefined) {
        if ('default' in kw) return kw.default;
        v.fail();
      }
      return v;
    }),
  items: (_h, terms) => terms.flatMap((t) => (Array.isArray(t) ? t : [t])),
  list: (_h, terms) => terms,
  flattened: (_h, terms) => terms.flat(Infinity),
  indexed_items: (_h, terms) => terms.flatMap((t) => (Array.isArray(t) ? t : [t])).map((x, i) => [i, x]),
  dict: (_h, terms) =>
    terms.flatMap((t) => {
      if (!isPlainObject(t)) throw new FilterError("lookup('dict') expects a dict");
      return Object.keys(t).map((k) => ({ key: k, value: t[k] }));
    }),
  first_found: (h, terms, kw) => {
    const names = terms.flatMap((t) =>
      isPlainObject(t) ? ((t.files ?? []) as unknown[]) : Array.isArray(t) ? t : [t],
    );
    for (const n of names) {
      const p = findFile(h, pyStr(n), 'files');
      if (p) return [p];
    }
    if (truthy(kw.skip ?? false) || kw.errors === 'ignore') return [];
    throw new FilterError(`lookup('first_found'): none of ${names.map(pyStr).join(', ')} found`);
  },
  sequence: (_h, terms) =>
    terms.flatMap((t) => {
      const m = /^(?:start=)?(\d+)\s+(?:end=)?(\d+)(?:\s+(?:stride=)?(\d+))?(?:\s+format=(.*))?$/.exec(
        pyStr(t),
      );
      if (!m) throw new FilterError(`lookup('sequence'): cannot parse ${pyStr(t)}`);
      const out: string[] = [];
      for (let i = Number(m[1]); i <= Number(m[2]); i += Number(m[3] ?? 1))
        out.push(m[4] ? m[4].replace(/%\d*d/, String(i)) : String(i));
      return out;
    }),
};

function run(ctx: TemplarContext, wantList: boolean, name: unknown, args: unknown[]): unknown {
  const host = ctx.owner as LookupHost;
  const { pos, kw } = splitKwargs(args);
  const plugin = plugins[pyStr(name).replace(/^ansible\.builtin\./, '')];
  if (!plugin)
    throw new FilterError(
      `lookup plugin '${pyStr(name)}' is not supported (have: ${Object.keys(plugins).join(', ')})`,
    );
  for (const a of pos) if (a instanceof Undefined) a.fail();
  const out = plugin(host, pos, kw);
  if (wantList || truthy(kw.wantlist ?? false)) return out;
  if (out.length === 1) return out[0];
  return out.every((x) => typeof x === 'string') ? out.join(',') : out;
}

export function lookupGlobal(this: TemplarContext, name: unknown, ...args: unknown[]): unknown {
  return run(this, false, name, args);
}

export function queryGlobal(this: TemplarContext, name: unknown, ...args: unknown[]): unknown {
  return run(this, true, name, args);
}
