import { defineModule, ModuleFailure, type ArgsOf } from '../lib/args.js';
import { cmd } from '../../util/shell.js';
import { fetchToScratch, findBins, missingBin } from './host-bins.js';
import type { ModuleContext } from '../types.js';

/**
 * ansible.builtin.rpm_key: a GPG public key in (or out of) the rpm database, as ansible-core
 * 2.14 does it: the key's id read with gpg from the file (or the URL, fetched on the host), the
 * imported keys' ids read with gpg from `rpm -q gpg-pubkey`, then `rpm --import FILE` or
 * `rpm --erase --allmatches gpg-pubkey-ID`. A key given as an id can only be removed.
 */

const args = {
  key: { type: 'string' },
  state: { type: 'string', enum: ['absent', 'present'], default: 'present' },
  fingerprint: { type: 'string' },
  validate_certs: { type: 'boolean', default: true },
} as const;

type Args = ArgsOf<typeof args, 'key' | 'state' | 'validate_certs'>;

const GPG_LIST = ['--no-tty', '--batch', '--with-colons', '--fixed-list-mode'];

/** Ansible's is_keyid: the text starts with 8 hex digits (an optional 0x before). */
export const isKeyId = (key: string) => /^(0x)?[0-9a-f]{8}/i.test(key);

/** Ansible's normalize_keyid: trimmed, upper case, no 0x. */
export function normalizeKeyId(id: string): string {
  const up = id.trim().toUpperCase();
  return up.startsWith('0X') ? up.slice(2) : up;
}

/** The field of the first colon-format line of this record type (pub: the key id, fpr: the fingerprint). */
export function colonField(out: string, record: 'pub' | 'fpr', field: number): string | undefined {
  for (const line of out.split(/\r\n|\r|\n/)) {
    const l = line.trim();
    if (l.startsWith(`${record}:`)) return l.split(':')[field];
  }
  return undefined;
}

async function gpgOut(ctx: ModuleContext, argv: string[] | { shell: string }): Promise<string> {
  const r = await ctx.probe(argv, { allowFail: true });
  if (r.rc !== 0) throw new ModuleFailure(r.stderr);
  return r.stdout;
}

async function keyField(ctx: ModuleContext, gpg: string, file: string, fpr: boolean): Promise<string> {
  const out = await gpgOut(ctx, [gpg, ...GPG_LIST, ...(fpr ? ['--with-fingerprint'] : []), file]);
  const v = fpr ? colonField(out, 'fpr', 9) : colonField(out, 'pub', 4);
  if (v === undefined) throw new ModuleFailure('Unexpected gpg output');
  return v;
}

/** Whether rpm's database holds a key whose id contains `keyid` (Ansible's substring test). */
async function isImported(ctx: ModuleContext, rpm: string, gpg: string, keyid: string): Promise<boolean> {
  if ((await ctx.probe([rpm, '-q', 'gpg-pubkey'], { allowFail: true })).rc !== 0) return false;
  const out = await gpgOut(ctx, {
    shell: `${cmd([rpm, '-q', 'gpg-pubkey', '--qf', '%{description}'])} | ${cmd([gpg, ...GPG_LIST, '-'])}`,
  });
  return out.split('\n').some((line) => (line.split(':')[4] ?? '').includes(keyid));
}

async function converge(ctx: ModuleContext, a: Args, rpm: string, gpg: string, keyfile?: string) {
  const fingerprint = a.fingerprint?.replace(/ /g, '').toUpperCase();
  const keyid = normalizeKeyId(keyfile ? await keyField(ctx, gpg, keyfile, false) : a.key);
  const imported = await isImported(ctx, rpm, gpg, keyid);
  if (a.state === 'absent') {
    if (!imported) return { changed: false };
    const drop = await ctx.change(
      [rpm, '--erase', '--allmatches', `gpg-pubkey-${keyid.slice(-8).toLowerCase()}`],
      {
        allowFail: true,
      },
    );
    if (drop && drop.rc !== 0) throw new ModuleFailure(drop.stderr);
    return { changed: true };
  }
  if (imported) return { changed: false };
  if (!keyfile) throw new ModuleFailure('When importing a key, a valid file must be given');
  if (fingerprint) {
    const has = await keyField(ctx, gpg, keyfile, true);
    if (fingerprint !== has)
      throw new ModuleFailure(
        `The specified fingerprint, '${fingerprint}', does not match the key fingerprint '${has}'`,
      );
  }
  const r = await ctx.change([rpm, '--import', keyfile], { allowFail: true });
  if (r && r.rc !== 0) throw new ModuleFailure(r.stderr);
  return { changed: true };
}

export const rpmKey = defineModule({
  name: 'rpm_key',
  args,
  required: ['key'],
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, a) {
    const { paths, found } = await findBins(ctx, ['rpm', 'gpg', 'gpg2']);
    const rpm = found.get('rpm');
    if (!rpm) throw missingBin('rpm', paths);
    const gpg = found.get('gpg') || found.get('gpg2');
    if (!gpg) throw missingBin('gpg2', paths);
    if (a.key.includes('://')) {
      const fetched = await fetchToScratch(
        ctx,
        a.key,
        a.validate_certs,
        (status) => new ModuleFailure(`failed to fetch key at ${a.key} , error was: HTTP Error ${status}`),
      );
      try {
        const text = (await ctx.probe(['cat', '--', fetched.path])).stdout;
        if (!/-----BEGIN PGP PUBLIC KEY BLOCK-----[^]*?-----END PGP PUBLIC KEY BLOCK-----/.test(text))
          throw new ModuleFailure(`Not a public key: ${a.key}`);
        return await converge(ctx, a, rpm, gpg, fetched.path);
      } finally {
        await fetched.cleanup();
      }
    }
    if (isKeyId(a.key)) return converge(ctx, a, rpm, gpg);
    const isFile = (await ctx.probe(['test', '-f', a.key], { allowFail: true })).rc === 0;
    if (!isFile) throw new ModuleFailure(`Not a valid key ${a.key}`);
    return converge(ctx, a, rpm, gpg, a.key);
  },
});
