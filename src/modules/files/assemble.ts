import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { defineModule, findControllerFile, ModuleFailure, type ArgTable } from '../lib/args.js';
import { checkModeArg } from '../lib/file-attrs.js';
import { sha1 } from '../lib/local-files.js';
import { pyRegex } from '../lib/py-regex.js';
import { statPaths } from '../lib/remote-stat.js';
import { writeArgs } from './copy.js';
import { convergeFile } from './converge-file.js';
import type { ModuleContext } from '../types.js';

const args = {
  ...writeArgs,
  src: { type: 'string' },
  delimiter: { type: 'string' },
  remote_src: { type: 'boolean', default: true },
  regexp: { type: 'string' },
  ignore_hidden: { type: 'boolean', default: false },
  decrypt: { type: 'boolean', default: true },
} as const satisfies ArgTable;

interface Fragment {
  name: string;
  data: Buffer;
}

/** Fragments on the host: one listing (name and size), one cat of the chosen ones, split by size. */
async function remoteFragments(
  ctx: ModuleContext,
  src: string,
  keep: (n: string) => boolean,
): Promise<Fragment[]> {
  const [st] = await statPaths(ctx, [src], { follow: true });
  if (!st!.exists) throw new ModuleFailure(`Source (${src}) does not exist`);
  if (st!.type !== 'directory') throw new ModuleFailure(`Source (${src}) is not a directory`);
  const list = await ctx.probeBytes([
    'find',
    '-L',
    src,
    '-mindepth',
    '1',
    '-maxdepth',
    '1',
    '-type',
    'f',
    '-printf',
    '%s %f\\0',
  ]);
  const entries = list.stdout
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((e) => ({ size: Number(e.slice(0, e.indexOf(' '))), name: e.slice(e.indexOf(' ') + 1) }))
    .filter((e) => keep(e.name))
    .sort((x, y) => (Buffer.from(x.name) < Buffer.from(y.name) ? -1 : 1));
  if (!entries.length) return [];
  const all = (await ctx.probeBytes(['cat', '--', ...entries.map((e) => posix.join(src, e.name))])).stdout;
  let off = 0;
  return entries.map((e) => {
    const data = all.subarray(off, off + e.size);
    off += e.size;
    return { name: e.name, data };
  });
}

async function localFragments(dir: string, keep: (n: string) => boolean): Promise<Fragment[]> {
  const st = await stat(dir).catch(() => undefined);
  if (!st) throw new ModuleFailure(`Source (${dir}) does not exist`);
  if (!st.isDirectory()) throw new ModuleFailure(`Source (${dir}) is not a directory`);
  const out: Fragment[] = [];
  for (const name of (await readdir(dir)).sort()) {
    if (!keep(name) || !(await stat(join(dir, name))).isFile()) continue;
    out.push({ name, data: await readFile(join(dir, name)) });
  }
  return out;
}

/** Ansible's assemble_from_fragments: newline between fragments, delimiter (with \n escapes) between them. */
function assembleBytes(frags: Fragment[], delimiter?: string): Buffer {
  const parts: Buffer[] = [];
  const delim = delimiter?.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  frags.forEach((f, i) => {
    if (i > 0) {
      if (!frags[i - 1]!.data.toString('latin1').endsWith('\n')) parts.push(Buffer.from('\n'));
      if (delim) parts.push(Buffer.from(delim.endsWith('\n') ? delim : delim + '\n'));
    }
    parts.push(f.data);
  });
  return Buffer.concat(parts);
}

/** assemble: a file made from a directory of fragments (on the host by default), written as copy does. */
export const assemble = defineModule({
  name: 'assemble',
  args,
  required: ['src', 'dest'],
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    checkModeArg(a.mode);
    if (a.validate && !a.validate.includes('%s'))
      throw new ModuleFailure(`validate must contain %s: ${a.validate}`);
    const re = a.regexp !== undefined ? pyRegex(a.regexp) : undefined;
    const keep = (n: string) => (!re || re.test(n)) && !(a.ignore_hidden && n.startsWith('.'));
    const frags = a.remote_src
      ? await remoteFragments(ctx, a.src, keep)
      : await localFragments(findControllerFile(ctx, 'files', a.src), keep);
    const data = assembleBytes(frags, a.delimiter);
    const [st] = await statPaths(ctx, [a.dest], { checksum: 'sha1', follow: true });
    const res = await convergeFile(ctx, {
      ...a,
      st: st!,
      source: { data },
      checksum: sha1(data),
      size: data.length,
    });
    // Ansible's module reports the md5 (unchanged too) and 'OK'; with remote_src: false its action
    // returns the copy (or file) module's result instead, without msg
    const md5sum = createHash('md5').update(data).digest('hex');
    return { ...res, md5sum, src: a.src, ...(a.remote_src ? { msg: 'OK' } : {}) };
  },
});
