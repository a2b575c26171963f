import { posix } from 'node:path';
import { ModuleFailure } from '../lib/args.js';
import type { GitRunner } from './git-runner.js';

/**
 * The git module's `archive`: `git archive` of the version into a file whose extension names the
 * format; an existing file is replaced only when a fresh archive differs from it byte for byte.
 */

const FORMATS: Record<string, string> = { '.zip': 'zip', '.gz': 'tar.gz', '.tar': 'tar', '.tgz': 'tgz' };

async function gitArchive(
  g: GitRunner,
  dest: string,
  out: string,
  format: string,
  prefix: string | undefined,
  version: string,
): Promise<void> {
  const args = [
    'archive',
    '--format',
    format,
    '--output',
    out,
    ...(prefix === undefined ? [] : ['--prefix', prefix]),
    version,
  ];
  const r = await g.write([g.git, ...args], dest);
  if (r && r.rc !== 0)
    throw new ModuleFailure('Failed to perform archive operation', {
      details: `Git archive command failed to create archive ${out} using ${dest} directory.Error: ${r.stderr}`,
    });
}

/** Writes the archive; whether it changed (in check mode, Ansible reports a change unseen) */
export async function createArchive(
  g: GitRunner,
  o: { dest: string; archive: string; prefix: string | undefined; version: string; repo: string },
): Promise<boolean> {
  const ext = posix.extname(o.archive);
  const format = FORMATS[ext];
  if (format === undefined)
    throw new ModuleFailure(`Unable to get file extension from archive file name : ${o.archive}`, {
      details:
        "Please specify archive as filename with extension. File extension can be one of ['tar', 'tar.gz', 'zip', 'tgz']",
    });
  if (!(await g.pathExists(o.archive))) {
    await gitArchive(g, o.dest, o.archive, format, o.prefix, o.version);
    return true;
  }
  const tmp = (await g.write(['mktemp', '-d']))!.stdout.trim();
  try {
    const name = o.repo.split('/').pop()!.replaceAll('.git', '');
    const fresh = posix.join(tmp, `${name}.${format}`);
    await gitArchive(g, o.dest, fresh, format, o.prefix, o.version);
    const same = await g.ctx.probe(['cmp', '-s', '--', fresh, o.archive], { allowFail: true });
    if (same.rc === 0) return false;
    const mv = await g.write(['mv', '-f', '--', fresh, o.archive]);
    if (mv!.rc !== 0)
      throw new ModuleFailure(`Failed to move ${fresh} to ${o.archive}`, {
        details: `Error occurred while moving : ${mv!.stderr.trim()}`,
      });
    return true;
  } finally {
    await g.write(['rm', '-rf', '--', tmp]);
  }
}
