import { defineModule, ModuleFailure, type ArgsOf } from '../lib/args.js';
import { fetchToScratch, findBins, missingBin } from './host-bins.js';
import type { ModuleContext } from '../types.js';

/**
 * ansible.builtin.apt_key: a key in apt's keyrings through `apt-key` (deprecated, still in
 * Debian 12's apt; ansible-core 2.14 calls it, and fails as it does where it is gone). The id is
 * given, or read with gpg from the file, the data or the URL (fetched on the host); the keys
 * present are `apt-key adv --list-public-keys`' pub and sub ids. A keyserver needs the network
 * and is refused.
 */

const args = {
  id: { type: 'string' },
  url: { type: 'string' },
  data: { type: 'string' },
  file: { type: 'string', remotePath: true },
  keyring: { type: 'string', remotePath: true },
  validate_certs: { type: 'boolean', default: true },
  keyserver: {
    type: 'string',
    unsupported: {
      allow: [],
      why: 'a keyserver is reached over the network; give the key as file, data or url',
    },
  },
  state: { type: 'string', enum: ['absent', 'present'], default: 'present' },
} as const;

type Args = ArgsOf<typeof args, 'state' | 'validate_certs'>;

const LANG_ENV = { LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', LC_MESSAGES: 'C.UTF-8' };
const NO_ERROR = 'apt-key did not return an error, but %s (check that the id is correct and *not* a subkey)';

/** Ansible's parse_output_for_keys: the ids of pub and sub lines (apt-key's or gpg's colon form), not expired ones. */
export function keyIds(output: string, short = false): string[] {
  const found: string[] = [];
  for (const line of output.split('\n')) {
    if (!(line.startsWith('pub') || line.startsWith('sub')) || line.includes('expired')) continue;
    const code = line.split(/\s+/).filter((t) => t !== '')[1];
    const parts = code?.split('/');
    if (parts && parts.length === 2) found.push(parts[1]!);
    else {
      const colon = line.split(':')[4];
      if (colon !== undefined) found.push(colon);
    }
  }
  return short ? found.map((k) => k.slice(-8)) : found;
}

/** Ansible's parse_key_id: [short id for apt-key del, the 16 digits to compare, the whole id]. */
export function parseKeyId(id: string | null): [string, string, string] | undefined {
  // Python's int(id, 16): optional sign, 0x and single underscores between digits
  if (id === null || !/^\s*[+-]?(0[xX]_?)?[0-9a-fA-F]+(_[0-9a-fA-F]+)*\s*$/.test(id)) return undefined;
  let keyId = id.toUpperCase();
  if (keyId.startsWith('0X')) keyId = keyId.slice(2);
  if (keyId.length !== 8 && keyId.length !== 16 && keyId.length <= 16) return undefined;
  return [keyId.slice(-8), keyId.length > 16 ? keyId.slice(-16) : keyId, keyId];
}

interface Tools {
  aptKey: string;
  gpg: string;
  keyring?: string;
}

const aptKeyArgv = (t: Tools, ...rest: string[]) => [
  t.aptKey,
  ...(t.keyring ? ['--keyring', t.keyring] : []),
  ...rest,
];

async function allKeys(ctx: ModuleContext, t: Tools, short: boolean): Promise<string[]> {
  const r = await ctx.probe(aptKeyArgv(t, 'adv', '--list-public-keys', '--keyid-format=long'), {
    allowFail: true,
  });
  if (r.rc !== 0)
    throw new ModuleFailure('Unable to list public keys', {
      cmd: r.cmd,
      rc: r.rc,
      stdout: r.stdout,
      stderr: r.stderr,
    });
  return keyIds(r.stdout, short);
}

/** The first key id gpg reads from the file (or '-' with the data on stdin). */
async function idFromGpg(
  ctx: ModuleContext,
  t: Tools,
  file: string,
  data?: string | Buffer,
): Promise<string | null> {
  const r = await ctx.probe([t.gpg, '--with-colons', file], { env: LANG_ENV, stdin: data, allowFail: true });
  if (r.rc !== 0)
    throw new ModuleFailure(`Unable to extract key from '${data !== undefined ? 'inline data' : file}'`, {
      stdout: r.stdout,
      stderr: r.stderr,
    });
  return keyIds(r.stdout)[0] ?? null;
}

async function addKey(ctx: ModuleContext, t: Tools, source: { file: string } | { data: string | Buffer }) {
  const file = 'file' in source ? source.file : '-';
  const r = await ctx.change(aptKeyArgv(t, 'add', file), {
    stdin: 'data' in source ? source.data : undefined,
    allowFail: true,
  });
  if (r && r.rc !== 0) {
    const out = { cmd: r.cmd, rc: r.rc, stdout: r.stdout, stderr: r.stderr };
    if ('data' in source) throw new ModuleFailure('Unable to add a key from binary data', out);
    throw new ModuleFailure(`Unable to add a key from file ${file}`, { ...out, keyfile: file });
  }
}

async function fetchKey(ctx: ModuleContext, a: Args): Promise<Buffer> {
  const url = a.url!;
  const fetched = await fetchToScratch(
    ctx,
    url,
    a.validate_certs,
    (status) => new ModuleFailure(`Failed to download key at ${url}: HTTP Error ${status}`),
  );
  try {
    return (await ctx.probeBytes(['cat', '--', fetched.path])).stdout;
  } finally {
    await fetched.cleanup();
  }
}

export const aptKey = defineModule({
  name: 'apt_key',
  args,
  rules: { mutuallyExclusive: [['data', 'file', 'keyserver', 'url']] },
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, a) {
    const { paths, found } = await findBins(ctx, ['apt-key', 'gpg']);
    const t: Tools = { aptKey: found.get('apt-key')!, gpg: found.get('gpg')!, keyring: a.keyring };
    if (!t.aptKey) throw missingBin('apt-key', paths);
    if (!t.gpg) throw missingBin('gpg', paths);
    let id: string | null = a.id || null;
    let data: string | Buffer | undefined = a.data;
    if (!id) {
      if (a.url) data = await fetchKey(ctx, a);
      if (a.file) id = await idFromGpg(ctx, t, a.file);
      else if (data?.length) id = await idFromGpg(ctx, t, '-', data);
    }
    const r: Record<string, unknown> = { changed: false, id };
    const parsed = parseKeyId(id);
    if (!parsed) throw new ModuleFailure('Invalid key_id', r);
    const [shortId, fp, keyId] = parsed;
    Object.assign(r, { short_id: shortId, fp, key_id: keyId });
    const short = keyId.length === 8;
    // in the short form the keys are listed short, and fp is the 8-digit id itself
    const has = (keys: string[]) => keys.includes(fp);
    const keys = await allKeys(ctx, t, short);
    r.before = keys;
    if (a.state === 'present' && !has(keys)) {
      r.changed = true;
      const sent = await ctx.changes('add the key', async () => {
        if (a.file) await addKey(ctx, t, { file: a.file });
        else if (data?.length) await addKey(ctx, t, { data });
        else if (a.url) await addKey(ctx, t, { data: await fetchKey(ctx, a) });
        else throw new ModuleFailure('No key to add ... how did i get here?!?!', r);
        return true;
      });
      if (sent) {
        r.after = await allKeys(ctx, t, short);
        if (!has(r.after as string[]))
          throw new ModuleFailure(NO_ERROR.replace('%s', 'failed to add the key'), r);
      }
    } else if (a.state === 'absent' && has(keys)) {
      r.changed = true;
      const del = await ctx.change(aptKeyArgv(t, 'del', shortId), { allowFail: true });
      if (del && del.rc !== 0)
        throw new ModuleFailure(`Unable to remove a key with id ${shortId}`, {
          cmd: del.cmd,
          rc: del.rc,
          key_id: shortId,
          stdout: del.stdout,
          stderr: del.stderr,
        });
      if (del) {
        r.after = await allKeys(ctx, t, short);
        if (has(r.after as string[]))
          throw new ModuleFailure(NO_ERROR.replace('%s', 'the key was not removed'), r);
      }
    }
    return r;
  },
});
