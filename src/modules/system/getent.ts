import { defineModule, ModuleFailure } from '../lib/args.js';
import { pySplit, pySplitLines } from '../../util/py-text.js';

/**
 * ansible.builtin.getent: `getent DATABASE [KEY] [-s SERVICE]`, its lines as the fact
 * getent_DATABASE: each line's first field maps to the others; a first field seen again maps to
 * the list of all its lines' fields (Ansible 2.11 on). Read only, so check mode runs it too.
 */

/** the databases whose fields are split at `:` when no split is given (else at whitespace) */
const COLON = new Set(['passwd', 'shadow', 'group', 'gshadow']);

/** getent's exit codes, in Ansible's words */
const FAILURES: Record<number, string> = {
  1: 'Missing arguments, or database unknown.',
  2: 'One or more supplied key could not be found in the database.',
  3: 'Enumeration not supported on this database.',
};

/** The fact's value for getent's output: key -> fields, or -> a list of fields lists for a repeated key. */
export function getentRecords(out: string, split: string | undefined): Record<string, unknown> {
  const db = new Map<string, unknown>();
  const seen = new Map<string, number>();
  for (const line of pySplitLines(out)) {
    const [key, ...fields] = split === undefined ? pySplit(line) : line.split(split);
    // Ansible stops with an IndexError on such a line
    if (key === undefined)
      throw new ModuleFailure('getent printed an empty line; give split: to read its fields');
    const n = seen.get(key) ?? 0;
    if (n === 0) db.set(key, fields);
    else if (n === 1) db.set(key, [db.get(key), fields]);
    else (db.get(key) as unknown[]).push(fields);
    seen.set(key, n + 1);
  }
  return Object.fromEntries(db);
}

export const getent = defineModule({
  name: 'getent',
  args: {
    database: { type: 'string' },
    key: { type: 'string' },
    service: { type: 'string' },
    split: { type: 'string' },
    fail_key: { type: 'boolean', default: true },
  },
  required: ['database'],
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, a) {
    if (a.split === '') throw new ModuleFailure("split must be one or more characters ('' splits nothing)");
    const argv = ['getent', a.database, ...(a.key === undefined ? [] : [a.key])];
    if (a.service !== undefined) argv.push('-s', a.service);
    const r = await ctx.probe(argv, { allowFail: true });
    if (r.rc === 127) throw new ModuleFailure(`Failed to find required executable "getent" on ${ctx.host}`);
    const fact = `getent_${a.database}`;
    if (r.rc === 0) {
      const split = a.split ?? (COLON.has(a.database) ? ':' : undefined);
      return { changed: false, ansible_facts: { [fact]: getentRecords(r.stdout, split) } };
    }
    const msg = FAILURES[r.rc] ?? 'Unexpected failure!';
    // Python's None key becomes "null" in the module's JSON
    if (r.rc === 2 && !a.fail_key)
      return { changed: false, ansible_facts: { [fact]: { [a.key ?? 'null']: null } }, msg };
    throw new ModuleFailure(msg);
  },
});
