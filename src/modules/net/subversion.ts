import { FIND_BIN_SH, keyValues } from '../lib/bin-path.js';
import { defineModule, ModuleFailure, type ArgsOf, type ArgTable } from '../lib/args.js';
import { pySplitLines } from '../../util/py-text.js';
import { runCommandFailure } from '../lib/run-failure.js';
import type { ModuleContext, ModuleResult } from '../types.js';

/**
 * ansible.builtin.subversion: a working copy checked out, switched and updated (or an export) with
 * the host's svn, as Ansible 2.14's module runs it: the same commands (--non-interactive,
 * --no-auth-cache, the password on stdin from svn 1.10), the same screen-scraping in the C locale,
 * and its results (`before`/`after` as the `Revision:` and `URL:` lines of `svn info`).
 */
const args = {
  dest: { type: 'string', remotePath: true },
  repo: { type: 'string', aliases: ['name', 'repository'] },
  revision: { type: 'string', default: 'HEAD', aliases: ['rev', 'version'] },
  force: { type: 'boolean', default: false },
  username: { type: 'string' },
  password: { type: 'string' },
  executable: { type: 'string', remotePath: true },
  export: { type: 'boolean', default: false },
  checkout: { type: 'boolean', default: true },
  update: { type: 'boolean', default: true },
  switch: { type: 'boolean', default: true },
  in_place: { type: 'boolean', default: false },
  validate_certs: { type: 'boolean', default: false },
} as const satisfies ArgTable;
type Args = ArgsOf<typeof args, 'repo'>;

// `Revision: 12` in any language svn speaks (Révision : 12, 版本: 12)
const REVISION_RE = /^[\p{L}\p{N}_]+\s?:\s+\d+$/mu;
const CHANGED_LINE = /^[ABDUCGE]\s/;

/** svn (`executable`, else where get_bin_path finds it) and the locale get_best_parsable_locale picks. */
async function findSvn(ctx: ModuleContext, executable?: string): Promise<{ svn: string; locale: string }> {
  const script = `${FIND_BIN_SH}\nfound svn\nlocale -a 2>/dev/null | sed 's/^/locale=/'\n`;
  const out = (await ctx.probe(['sh', '-c', script], { allowFail: true })).stdout;
  const have = new Set([...out.matchAll(/^locale=(.*)$/gm)].map((m) => m[1]));
  const locale =
    ['C.utf8', 'C.UTF-8', 'en_US.utf8', 'en_US.UTF-8', 'C', 'POSIX'].find((l) => have.has(l)) ?? 'C';
  const svn = executable ?? keyValues(out).get('svn');
  if (!svn) throw new ModuleFailure(`Failed to find required executable "svn" on ${ctx.host}`);
  return { svn, locale };
}

/** Ansible's Subversion class: each svn command with the common options, as a probe or a change. */
function svnRunner(ctx: ModuleContext, a: Args, svn: string, locale: string) {
  const env = { LANG: locale, LC_MESSAGES: locale };
  let fromStdin: boolean | undefined;
  async function bits(): Promise<{ argv: string[]; stdin?: string }> {
    const argv = [svn, '--non-interactive', '--no-auth-cache'];
    if (!a.validate_certs) argv.push('--trust-server-cert');
    if (a.username) argv.push('--username', a.username);
    if (!a.password) return { argv };
    if (fromStdin === undefined) {
      const v = await ctx.probe([svn, '--version', '--quiet'], { env });
      const [maj = 0, min = 0] = v.stdout.trim().split('.').map(Number);
      fromStdin = maj > 1 || (maj === 1 && min >= 10);
    }
    if (fromStdin) return { argv: [...argv, '--password-from-stdin'], stdin: a.password };
    ctx.warn(
      'The authentication provided will be used on the svn command line and is not secure. ' +
        'To securely pass credentials, upgrade svn to version 1.10.0 or greater.',
    );
    return { argv: [...argv, '--password', a.password] };
  }
  /** the output's lines; a failure is Ansible's run_command(check_rc=True) failure */
  async function exec(words: string[], change = false): Promise<string[]> {
    const b = await bits();
    const argv = [...b.argv, ...words];
    const opts = { allowFail: true, env, stdin: b.stdin };
    const r = change ? await ctx.change(argv, opts) : await ctx.probe(argv, opts);
    if (!r) return [];
    if (r.rc !== 0) throw runCommandFailure(argv, r);
    return pySplitLines(r.stdout);
  }
  const rc = async (words: string[]) => {
    const b = await bits();
    return (await ctx.probe([...b.argv, ...words], { allowFail: true, env, stdin: b.stdin })).rc;
  };
  const firstMatch = (lines: string[], re: RegExp, none: string) => re.exec(lines.join('\n'))?.[0] ?? none;
  const changedBy = (lines: string[]) => lines.some((l) => CHANGED_LINE.test(l));
  const dest = a.dest!;
  return {
    isRepo: async () => (await rc(['info', dest])) === 0,
    checkout: (force = false) =>
      exec(['checkout', ...(force ? ['--force'] : []), '-r', a.revision, a.repo, dest], true),
    export: () => exec(['export', ...(a.force ? ['--force'] : []), '-r', a.revision, a.repo, dest], true),
    switch: async () => changedBy(await exec(['switch', '--revision', a.revision, a.repo, dest], true)),
    update: async () => changedBy(await exec(['update', '-r', a.revision, dest], true)),
    // Ansible's test, as it is: any line that is not "Reverted ..." counts as a change
    revert: async () => (await exec(['revert', '-R', dest], true)).some((l) => !l.startsWith('Reverted ')),
    revision: async (): Promise<[string, string]> => {
      const lines = await exec(['info', dest]);
      return [
        firstMatch(lines, REVISION_RE, 'Unable to get revision'),
        firstMatch(lines, /^URL\s?:.*$/m, 'Unable to get URL'),
      ];
    },
    remoteRevision: async () =>
      firstMatch(await exec(['info', a.repo]), REVISION_RE, 'Unable to get remote revision'),
    hasLocalMods: async () =>
      (await exec(['status', '--quiet', '--ignore-externals', dest])).some((l) => /^[^?X]/.test(l)),
    headRevision: async () =>
      firstMatch(await exec(['info', '-r', a.revision, dest]), REVISION_RE, 'Unable to get revision'),
  };
}

const revNumber = (line: string) => parseInt(line.split(':')[1]?.trim() ?? '', 10);

/** Ansible's module (its keys in the order Ansible shows them: sorted). */
async function run(ctx: ModuleContext, a: Args): Promise<ModuleResult> {
  const check = ctx.wording(true, false);
  const { svn: found, locale } = await findSvn(ctx, a.executable);
  if (!a.dest && (a.checkout || a.update || a.export))
    throw new ModuleFailure(
      'the destination directory must be specified unless checkout=no, update=no, and export=no',
    );
  const svn = svnRunner(ctx, a, found, locale);
  if (!a.export && !a.update && !a.checkout) return { after: await svn.remoteRevision(), changed: false };
  const dest = a.dest!;
  const exists = (await ctx.probe(['test', '-e', dest], { allowFail: true })).rc === 0;
  let before: [string, string] | null = null;
  let localMods = false;
  let filesChanged: boolean;
  if (a.export || !exists) {
    if (check) return { changed: true };
    if (!a.export && !a.checkout) return { changed: false };
    await (!a.export && a.checkout ? svn.checkout() : svn.export());
    filesChanged = true;
  } else if (await svn.isRepo()) {
    if (!a.update) return { changed: false };
    const modified = 'ERROR: modified files exist in the repository.';
    if (check) {
      if ((await svn.hasLocalMods()) && !a.force) throw new ModuleFailure(modified);
      const [curr] = await svn.revision();
      const head = await svn.headRevision();
      return { after: head, before: curr, changed: revNumber(curr) < revNumber(head) };
    }
    before = await svn.revision();
    localMods = await svn.hasLocalMods();
    filesChanged = a.switch ? await svn.switch() : false;
    if (localMods) {
      if (!a.force) throw new ModuleFailure(modified);
      filesChanged = (await svn.revert()) || filesChanged;
    }
    filesChanged = (await svn.update()) || filesChanged;
  } else if (a.in_place) {
    await svn.checkout(true);
    filesChanged = true;
    localMods = await svn.hasLocalMods();
    if (localMods && a.force) await svn.revert();
  } else
    throw new ModuleFailure(`ERROR: ${dest} folder already exists, but its not a subversion repository.`);
  if (a.export) return { changed: true };
  return { after: await svn.revision(), before, changed: filesChanged || localMods };
}

export const subversion = defineModule({
  name: 'subversion',
  args,
  required: ['repo'],
  supportsCheck: true,
  supportsDiff: false,
  run,
});
