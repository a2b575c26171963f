import { ModuleFailure } from '../lib/args.js';
import { output, type GitRunner } from './git-runner.js';

/**
 * verify_commit: the version's GPG signature checked by git (verify-tag for an annotated tag,
 * verify-commit otherwise), and with gpg_whitelist, its primary key's fingerprint among those
 * listed, as Ansible checks them.
 */

async function annotatedTags(g: GitRunner, dest: string): Promise<string[]> {
  const r = await g.read(['for-each-ref', 'refs/tags/', '--format', '%(objecttype):%(refname:short)'], dest);
  if (r.rc !== 0)
    throw new ModuleFailure(`Could not determine tag data - received ${r.stdout}`, output(r, false));
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('tag:'))
    .map((l) => l.slice('tag:'.length));
}

/** the primary key's fingerprint in gpg's status lines (VALIDSIG), as Ansible reads it */
function fingerprintOf(status: string): string {
  for (const line of status.split('\n')) {
    const data = line.trim().split(/\s+/);
    if (data[1] !== 'VALIDSIG') continue;
    return data[data.length === 11 ? 11 : 2] ?? 'None';
  }
  return 'None';
}

export async function verifyCommit(
  g: GitRunner,
  dest: string,
  version: string,
  whitelist: string[],
): Promise<void> {
  const sub = (await annotatedTags(g, dest)).includes(version) ? 'verify-tag' : 'verify-commit';
  const r = await g.read([sub, version, ...(whitelist.length ? ['--raw'] : [])], dest);
  if (r.rc !== 0)
    throw new ModuleFailure(`Failed to verify GPG signature of commit/tag "${version}"`, output(r));
  if (!whitelist.length) return;
  const fingerprint = fingerprintOf(r.stderr);
  if (!whitelist.includes(fingerprint))
    throw new ModuleFailure(
      `The gpg_whitelist does not include the public key "${fingerprint}" for this commit`,
      output(r),
    );
}
