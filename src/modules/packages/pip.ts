import { defineModule, ModuleFailure, type ArgTable } from '../lib/args.js';
import { pySplitLines } from '../../util/py-text.js';
import { shlexSplit } from '../../util/shlex.js';
import {
  createVenv,
  findPip,
  hostHas,
  hostPython,
  pipFailure,
  pipRunner,
  pyJoin,
  type PipRun,
  type Python,
} from './pip-host.js';
import {
  isInstalled,
  parseRequirement,
  recoverNames,
  withVersion,
  type Requirement,
} from './pip-requirement.js';
import type { ModuleContext, ModuleResult } from '../types.js';

/**
 * ansible.builtin.pip: pip run on the host as Ansible's module runs it. Whether it changed
 * something is pip's own word ("Successfully installed", "Successfully uninstalled"), or, for a
 * requirements file or a VCS link, whether `pip list` differs before and after. Check mode asks
 * `pip list --format=freeze` whether each named requirement is installed (and says "changed" for
 * what it cannot know: extra_args, requirements, state latest), as Ansible's does.
 */

const STATE_ARGS = {
  present: ['install'],
  absent: ['uninstall', '-y'],
  latest: ['install', '-U'],
  forcereinstall: ['install', '-U', '--force-reinstall'],
} as const;

const args = {
  name: { type: 'stringlist', exactItems: true },
  version: { type: 'string' },
  requirements: { type: 'string' },
  virtualenv: { type: 'string', remotePath: true },
  virtualenv_site_packages: { type: 'boolean', default: false },
  virtualenv_command: { type: 'string', remotePath: true, default: 'virtualenv' },
  virtualenv_python: { type: 'string' },
  state: { type: 'string', enum: ['absent', 'forcereinstall', 'latest', 'present'], default: 'present' },
  extra_args: { type: 'string' },
  editable: { type: 'boolean', default: false },
  chdir: { type: 'string', remotePath: true },
  executable: { type: 'string', remotePath: true },
  umask: { type: 'string' },
} as const satisfies ArgTable;

/** Python's int(text, 8) as the umask's octal digits, or a failure with Ansible's words. */
function umaskOf(text: string): string {
  const m = /^\s*\+?(?:0[oO])?_?([0-7]+(?:_[0-7]+)*)\s*$/.exec(text);
  if (!m)
    throw new ModuleFailure('umask must be an octal integer', {
      details: `invalid literal for int() with base 8: '${text}'`,
    });
  return m[1]!.replace(/_/g, '');
}

/** An absolute path, or a refusal: Ansible resolves a relative one against the module's own directory. */
function absolute(name: string, path: string | undefined): void {
  if (path !== undefined && !path.startsWith('/'))
    throw new ModuleFailure(
      `pip: fabplay needs ${name} as an absolute path (got '${path}'): Ansible resolves a relative one ` +
        "against its module's working directory",
    );
}

const VCS = /^(svn|git|hg|bzr)\+/;

/** pip's installed packages (`pip list --format=freeze`, or `pip freeze` for an old pip). */
async function listPackages(run: PipRun, pip: string[], locale: string) {
  const env = { LANG: locale, LC_ALL: locale, LC_MESSAGES: locale };
  let cmd = [...pip, 'list', '--format=freeze'];
  let r = await run.probe(cmd, { env });
  if (r.rc !== 0) {
    cmd = [...pip, 'freeze'];
    r = await run.probe(cmd);
    if (r.rc !== 0) throw pipFailure(cmd, r.stdout, r.stderr);
  }
  return { cmd: cmd.join(' '), stdout: r.stdout, stderr: r.stderr };
}

/** The locale Ansible's get_best_parsable_locale picks on the host. */
async function parsableLocale(ctx: ModuleContext): Promise<string> {
  const script =
    'a=$(locale -a 2>/dev/null); for l in C.utf8 C.UTF-8 en_US.utf8 en_US.UTF-8 C POSIX; do ' +
    'printf "%s\\n" "$a" | grep -qxF "$l" && { echo "$l"; exit 0; }; done; echo C';
  return (await ctx.probe(['sh', '-c', script])).stdout.trim() || 'C';
}

/** The requirements the names make, with `version` folded in (Ansible's checks on the pair). */
function requirementsOf(names: string[], version: string | undefined): Requirement[] {
  const reqs = recoverNames(names).map(parseRequirement);
  if (reqs.some((r) => r.marker))
    throw new ModuleFailure(
      'pip: fabplay does not evaluate environment markers (";") in name; give them in a requirements file',
    );
  if (version === undefined) return reqs;
  if (reqs.length > 1)
    throw new ModuleFailure(
      "'version' argument is ambiguous when installing multiple package distributions. " +
        "Please specify version restrictions next to each package in 'name' argument.",
    );
  if (reqs[0]!.specs.length)
    throw new ModuleFailure(
      "The 'version' argument conflicts with any version specifier provided along with a package name. " +
        "Please keep the version specifier, but remove the 'version' argument.",
    );
  return [withVersion(reqs[0]!, version)];
}

/** Check mode's answer from `pip list`: whether a named requirement is missing (or present, for absent). */
async function checkResult(
  ctx: ModuleContext,
  run: PipRun,
  pip: string[],
  state: string,
  reqs: Requirement[],
  out: { stdout: string; stderr: string },
): Promise<ModuleResult> {
  const list = await listPackages(run, pip, await parsableLocale(ctx));
  const stdout = out.stdout + list.stdout;
  const lines = stdout
    .split('\n')
    .filter((l) => l && !l.startsWith('You are using') && !l.startsWith('You should consider'));
  const changed = reqs.some((r) => {
    const present = isInstalled(r, lines);
    return (state === 'present' && !present) || (state === 'absent' && present);
  });
  return withLines({ changed, cmd: list.cmd, stdout, stderr: out.stderr + list.stderr });
}

/** stdout_lines and stderr_lines, which Ansible adds to a result with stdout and stderr. */
function withLines(r: ModuleResult & { stdout: string; stderr: string }): ModuleResult {
  return { ...r, stdout_lines: pySplitLines(r.stdout), stderr_lines: pySplitLines(r.stderr) };
}

export const pip = defineModule({
  name: 'pip',
  args,
  rules: {
    requiredOneOf: [['name', 'requirements']],
    mutuallyExclusive: [
      ['name', 'requirements'],
      ['executable', 'virtualenv'],
    ],
  },
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, a) {
    const umask = a.umask ? umaskOf(a.umask) : undefined;
    if (a.state === 'latest' && a.version !== undefined)
      throw new ModuleFailure('version is incompatible with state=latest');
    absolute('chdir', a.chdir);
    const venv = a.virtualenv !== undefined && a.chdir ? pyJoin(a.chdir, a.virtualenv) : a.virtualenv;
    absolute('virtualenv', venv);
    const chdir =
      a.chdir ?? ((await ctx.probe(['sh', '-c', 'printf %s "${TMPDIR:-/tmp}"'])).stdout || '/tmp');
    const run = pipRunner(ctx, chdir, umask);
    let py: Promise<Python> | undefined;
    const python = () => (py ??= hostPython(ctx));
    const inCheck = ctx.wording(true, false);
    const out = { stdout: '', stderr: '' };
    let venvCreated = false;
    if (venv !== undefined && !(await hostHas(ctx, pyJoin(venv, 'bin/activate')))) {
      // Ansible stops here in check mode: the virtualenv would be made
      if (inCheck) return { changed: true };
      venvCreated = true;
      Object.assign(
        out,
        await createVenv(
          ctx,
          run,
          venv,
          {
            command: a.virtualenv_command,
            sitePackages: a.virtualenv_site_packages,
            python: a.virtualenv_python,
          },
          python,
        ),
      );
    }
    const pip = await findPip(ctx, venv, a.executable, python);
    const names = a.name ?? [];
    const reqs = names.length ? requirementsOf(names, a.version) : [];
    let extra = a.extra_args;
    if (a.editable) {
      const words = extra ? extra.split(' ') : [];
      if (!words.includes('-e')) extra = [...words, '-e'].join(' ');
    }
    let extraWords: string[] = [];
    try {
      extraWords = extra ? shlexSplit(extra) : [];
    } catch (e) {
      throw new ModuleFailure(`pip: extra_args: ${(e as Error).message}`);
    }
    const cmd = [...pip, ...STATE_ARGS[a.state], ...extraWords];
    if (reqs.length) cmd.push(...reqs.map((r) => r.text));
    else if (a.requirements) cmd.push('-r', a.requirements);
    else return { changed: false, warnings: ['No valid name or requirements file found.'] };

    if (inCheck) {
      if (extra || a.requirements || a.state === 'latest' || !reqs.length) return { changed: true };
      return checkResult(ctx, run, pip, a.state, reqs, out);
    }
    const locale = a.requirements || names.some((n) => VCS.test(n)) ? await parsableLocale(ctx) : undefined;
    const before = locale && (await listPackages(run, pip, locale)).stdout;
    const pathPrefix = venv !== undefined ? pyJoin(venv, 'bin') : undefined;
    const r = (await run.change(cmd, { pathPrefix }))!;
    const stdout = out.stdout + r.stdout;
    const stderr = out.stderr + r.stderr;
    const notInstalled =
      a.state === 'absent' && r.rc === 1 && `${r.stdout}${r.stderr}`.includes('not installed');
    if (r.rc !== 0 && !notInstalled) throw pipFailure(cmd, stdout, stderr);
    let changed: boolean;
    if (a.state === 'absent') changed = r.stdout.includes('Successfully uninstalled');
    else if (locale) changed = before !== (await listPackages(run, pip, locale)).stdout;
    else changed = r.stdout.includes('Successfully installed');
    return withLines({
      changed: changed || venvCreated,
      cmd,
      name: a.name ?? null,
      version: a.version ?? null,
      state: a.state,
      requirements: a.requirements ?? null,
      virtualenv: venv ?? null,
      stdout,
      stderr,
    });
  },
});
