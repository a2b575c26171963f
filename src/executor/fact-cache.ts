import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { factResultName, setStoredFacts, storedFacts } from '../facts/names.js';
import { markUnsafe } from '../template/index.js';
import { parseJsonFloats, stringifyFloats } from '../util/py-float.js';

/**
 * Facts kept between runs, as Ansible's `fact_caching=jsonfile`: one JSON file per host,
 * `<connection>/<prefix><host>`, holding the host's facts the way Ansible's cache holds them
 * (gathered facts as `ansible_<name>`, `set_fact: cacheable=true` facts by their own name).
 * A file older than the timeout (seconds, 0: never) counts as absent. With `memory` (the default)
 * nothing is kept.
 */
export interface FactCache {
  get(host: string): Record<string, unknown> | undefined;
  /** merges `facts` into what the host has cached */
  update(host: string, facts: Record<string, unknown>): void;
  remove(host: string): void;
}

export interface FactCacheSettings {
  plugin: string;
  connection?: string;
  prefix: string;
  timeout: number;
}

export function openFactCache(s: FactCacheSettings): FactCache | undefined {
  const plugin = s.plugin.replace(/^ansible\.builtin\./, '');
  if (plugin === 'memory') return undefined;
  if (plugin !== 'jsonfile')
    throw new InputError(
      `fact_caching '${s.plugin}' is not available`,
      undefined,
      'fabplay has the memory (default) and jsonfile fact caches',
    );
  if (!s.connection)
    throw new InputError(
      'fact_caching = jsonfile needs a directory',
      undefined,
      'set fact_caching_connection in the config or ANSIBLE_CACHE_PLUGIN_CONNECTION',
    );
  // made when the cache opens, as Ansible's file caches do: a run sees it before any host is gathered
  try {
    mkdirSync(s.connection, { recursive: true });
  } catch (e) {
    throw new InputError(
      `fact_caching_connection ${s.connection} cannot be made: ${(e as Error).message}`,
      undefined,
      'set fact_caching_connection (or ANSIBLE_CACHE_PLUGIN_CONNECTION) to a directory fabplay may write',
    );
  }
  return new JsonFileFactCache(s.connection, s.prefix, s.timeout);
}

class JsonFileFactCache implements FactCache {
  constructor(
    private readonly dir: string,
    private readonly prefix: string,
    private readonly timeoutSec: number,
  ) {}

  private file(host: string): string {
    return join(this.dir, this.prefix + host);
  }

  get(host: string): Record<string, unknown> | undefined {
    const f = this.file(host);
    if (!existsSync(f)) return undefined;
    if (this.timeoutSec > 0 && Date.now() - statSync(f).mtimeMs > this.timeoutSec * 1000) return undefined;
    try {
      const data: unknown = parseJsonFloats(readFileSync(f, 'utf8'));
      return data && typeof data === 'object' && !Array.isArray(data)
        ? (data as Record<string, unknown>)
        : undefined;
    } catch (e) {
      throw new InputError(
        `fact cache file ${f} is not valid JSON: ${(e as Error).message}`,
        undefined,
        'delete it or run with --flush-cache',
      );
    }
  }

  update(host: string, facts: Record<string, unknown>): void {
    mkdirSync(this.dir, { recursive: true });
    const f = this.file(host);
    const merged = { ...this.get(host), ...facts };
    const sorted = Object.fromEntries(
      Object.keys(merged)
        .sort()
        .map((k) => [k, merged[k]]),
    );
    // written whole and renamed: a reader never sees half a file
    const tmp = `${f}.${process.pid}.tmp`;
    writeFileSync(tmp, stringifyFloats(sorted, 4));
    renameSync(tmp, f);
  }

  remove(host: string): void {
    rmSync(this.file(host), { force: true });
  }
}

/** Host facts as fabplay keeps them (no `ansible_` prefix) to the cache's form, and back. */
export function toCacheForm(facts: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(facts).map(([k, v]) => [factResultName(k), v]));
}

/**
 * Ansible's namespace_facts: the facts without their `ansible_` prefix (`ansible_local` keeps
 * it), a later key over an earlier one of the same name.
 */
export function fromCacheForm(facts: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(facts).map(([k, v]) => [k === 'ansible_local' ? k : k.replace(/^ansible_/, ''), v]),
  );
}

/**
 * The host's facts (fabplay's form) with facts in result or cache form over them, as Ansible's
 * cache updates them; the facts as stored are kept with the dict, so that a fact given bare and
 * a gathered one of the same name are variables under their own names. Host data: unsafe.
 */
export function withFacts(
  old: Record<string, unknown> | undefined,
  given: Record<string, unknown>,
): Record<string, unknown> {
  const store = markUnsafe({ ...(old && (storedFacts(old) ?? toCacheForm(old))), ...given });
  const merged = markUnsafe(fromCacheForm(store));
  setStoredFacts(merged, store);
  return merged;
}
