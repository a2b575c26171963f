// Host patterns as Ansible's InventoryManager reads them: `a:b`, `a,b`, `a:&b`, `a:!b`, globs,
// `~regex`, subscripts `g[0]`, `g[1:3]`, `g[-1]`, and --limit (also `@file`).
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { parseAddress } from './address.js';
import { groupHosts } from './host-vars.js';
import type { Inventory } from './types.js';
import { addHostVarsDirs } from './vars-dirs.js';
import { fnmatch } from '../util/fnmatch.js';
import { controllerPython } from '../util/controller-python.js';

/** The names Ansible gives an implicit localhost when no inventory host has them. */
export const LOCALHOST = ['127.0.0.1', 'localhost', '::1'];
const subscriptRe = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$/;

/** Splits a pattern string into single patterns (commas, else colons outside [...]). */
export function splitHostPattern(pattern: string | string[]): string[] {
  if (Array.isArray(pattern)) return pattern.flatMap((p) => splitHostPattern(p));
  let parts: string[];
  if (pattern.includes(',')) parts = pattern.split(',');
  else if (parseAddress(pattern, true)) parts = [pattern];
  else parts = pattern.match(/(?:[^\s:[\]]|\[[^\]]*\])+/g) ?? [];
  return parts.map((p) => p.trim()).filter((p) => p);
}

/** Regular patterns first, then `&` intersections, then `!` exclusions (only those: `all` first). */
function orderPatterns(patterns: string[]): string[] {
  const regular = patterns.filter((p) => p[0] !== '!' && p[0] !== '&');
  const and = patterns.filter((p) => p[0] === '&');
  const not = patterns.filter((p) => p[0] === '!');
  return [...(regular.length ? regular : ['all']), ...and, ...not];
}

function matcher(pattern: string): (name: string) => boolean {
  if (pattern[0] !== '~') {
    const re = fnmatch(pattern);
    return (n) => re.test(n);
  }
  let re: RegExp;
  try {
    // Python's re.match: anchored at the start only
    re = new RegExp(`^(?:${pattern.slice(1)})`);
  } catch (e) {
    throw new InputError(
      `invalid host list pattern: ${pattern}`,
      undefined,
      `fix the regular expression: ${(e as Error).message}`,
    );
  }
  return (n) => re.test(n);
}

/** Ansible's implicit localhost: local connection, in no group, not listed under `all`. */
export function implicitLocalhost(inv: Inventory, name: string): string {
  if (!inv.hosts.has(name)) {
    const vars = { ansible_connection: 'local', ansible_python_interpreter: controllerPython() };
    inv.hosts.set(name, { name, vars, groups: [], implicit: true });
    addHostVarsDirs(inv, name);
  }
  return name;
}

function enumerateMatches(inv: Inventory, pattern: string, warnings: string[]): string[] {
  const match = matcher(pattern);
  const results: string[] = [];
  const groups = [...inv.groups.keys()].filter(match);
  for (const g of groups) results.push(...groupHosts(inv, g));
  if (!groups.length || pattern[0] === '~' || /[.?*[]/.test(pattern)) {
    for (const h of inv.hosts.values()) if (!h.implicit && match(h.name)) results.push(h.name);
  }
  if (!results.length && LOCALHOST.includes(pattern)) results.push(implicitLocalhost(inv, pattern));
  if (!results.length && !groups.length && pattern !== 'all') {
    warnings.push(`Could not match supplied host pattern, ignoring: ${pattern}`);
  }
  return results;
}

function matchOne(inv: Inventory, pattern: string, warnings: string[]): string[] {
  const p = pattern[0] === '&' || pattern[0] === '!' ? pattern.slice(1) : pattern;
  let expr = p;
  let sub: [number, number | undefined] | undefined;
  const m = p[0] === '~' ? null : subscriptRe.exec(p);
  if (m) {
    expr = m[1]!;
    if (m[2] !== undefined) sub = [Number(m[2]), undefined];
    else sub = [Number(m[3]), m[5] ? Number(m[5]) : -1];
  }
  const hosts = enumerateMatches(inv, expr, warnings);
  if (!hosts.length || !sub) return hosts;
  const [start, end] = sub;
  if (end) {
    const last = end === -1 ? hosts.length - 1 : end;
    return hosts.slice(start, last + 1);
  }
  const idx = start < 0 ? hosts.length + start : start;
  if (idx < 0 || idx >= hosts.length) {
    throw new InputError(
      `no hosts matched the subscripted pattern '${p}'`,
      undefined,
      `the pattern matches ${hosts.length} hosts, counted from 0`,
    );
  }
  return [hosts[idx]!];
}

function evaluate(inv: Inventory, patterns: string[], warnings: string[]): string[] {
  let hosts: string[] = [];
  for (const p of orderPatterns(patterns)) {
    const that = inv.hosts.has(p) ? [p] : matchOne(inv, p, warnings);
    if (p[0] === '!') {
      const drop = new Set(that);
      hosts = hosts.filter((h) => !drop.has(h));
    } else if (p[0] === '&') {
      const keep = new Set(that);
      hosts = hosts.filter((h) => keep.has(h));
    } else {
      const have = new Set(hosts);
      for (const h of that)
        if (!have.has(h)) {
          have.add(h);
          hosts.push(h);
        }
    }
  }
  return hosts;
}

/** Patterns of a --limit value; `@file` reads one pattern per line. */
function limitPatterns(limit: string): string[] {
  return splitHostPattern(limit).flatMap((p) => {
    if (p[0] !== '@') return [p];
    try {
      return readFileSync(p.slice(1), 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l);
    } catch {
      throw new InputError(
        `unable to find limit file '${p.slice(1)}'`,
        undefined,
        'give an existing file after @',
      );
    }
  });
}

/** `Could not match supplied host pattern` for each part of a --limit value (`@file` read) that matches nothing. */
export function limitWarnings(inv: Inventory, limit: string): string[] {
  const warnings: string[] = [];
  evaluate(inv, limitPatterns(limit), warnings);
  return [...new Set(warnings)];
}

/** Hosts matching an Ansible pattern (and --limit), in Ansible's order; `warnings` collects the pattern's unmatched parts. */
export function matchHosts(
  inv: Inventory,
  pattern: string | string[],
  limit?: string,
  warnings: string[] = [],
): string[] {
  let hosts = evaluate(inv, splitHostPattern(pattern), warnings);
  if (limit) {
    // the CLI checks --limit once (checkLimit)
    const allowed = new Set(evaluate(inv, limitPatterns(limit), []));
    hosts = hosts.filter((h) => allowed.has(h));
  }
  return [...new Set(hosts)];
}
