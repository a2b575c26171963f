import { ModuleFailure } from '../lib/args.js';
import { FIND_BIN_SH, keyValues } from '../lib/bin-path.js';
import { programScript } from '../commands/expand-args.js';
import { notRunnable } from '../commands/run-common.js';
import { quote } from '../../util/shell.js';
import { shlexSplit } from '../../util/shlex.js';
import type { ModuleContext, RunResult } from '../types.js';
import { pythonFor } from '../own/python-discovery.js';

/**
 * The pip module's dealings with the host: how its commands run (in chdir, under the umask, each
 * word expanded as Ansible's run_command expands it), the Python it runs as (Ansible's
 * interpreter), the pip it finds and the virtualenv it creates.
 */

/** Python's os.path.join of two parts: an absolute second part stands alone. */
export function pyJoin(a: string, b: string): string {
  if (b.startsWith('/')) return b;
  return a === '' || a.endsWith('/') ? a + b : `${a}/${b}`;
}

export interface PipRun {
  /** a read (also in check mode) */
  probe(
    argv: readonly string[],
    opts?: { pathPrefix?: string; env?: Record<string, string> },
  ): Promise<RunResult>;
  /** an alteration: undefined in check mode */
  change(argv: readonly string[], opts?: { pathPrefix?: string }): Promise<RunResult | undefined>;
}

/**
 * Commands as Ansible's module runs them: in `chdir` (when it is a directory; otherwise where the
 * module runs, as run_command ignores a bad cwd), with the module's umask, `pathPrefix` before
 * PATH, and each word through expandvars and expanduser on the host.
 */
export function pipRunner(ctx: ModuleContext, chdir: string, umask: string | undefined): PipRun {
  const script = (argv: readonly string[], pathPrefix?: string) => ({
    shell: [
      `cd -- ${quote(chdir)} 2>/dev/null`,
      ...(umask !== undefined ? [`umask ${umask}`] : []),
      ...(pathPrefix ? [`PATH=${quote(pathPrefix)}\${PATH:+:$PATH}; export PATH`] : []),
      programScript(argv),
    ].join('\n'),
  });
  return {
    probe: async (argv, o = {}) =>
      runnable(argv, await ctx.probe(script(argv, o.pathPrefix), { allowFail: true, env: o.env })),
    change: async (argv, o = {}) => {
      const r = await ctx.change(script(argv, o.pathPrefix), { allowFail: true });
      return r && runnable(argv, r);
    },
  };
}

/** The result of a program that ran; one that could not be run fails as Ansible's run_command does. */
function runnable(argv: readonly string[], r: RunResult): RunResult {
  const failed = notRunnable(r, argv[0]!, [...argv]);
  if (failed) {
    const { msg, changed: _c, failed: _f, ...rest } = failed;
    throw new ModuleFailure(String(msg), rest);
  }
  return r;
}

/** The Python the module runs as: its sys.executable, and whether it can import pip. */
export interface Python {
  executable: string;
  hasPip: boolean;
}

const PY_FACTS =
  'import sys, importlib.util as u; print(sys.executable); print(u.find_spec("pip") is not None)';

/** The Python Ansible would run the module under (pythonFor: the host's setting, or discovery). */
export async function hostPython(ctx: ModuleContext): Promise<Python> {
  const argv = [...shlexSplit((await pythonFor(ctx)).path), '-c', PY_FACTS];
  const r = await ctx.probe(argv, { allowFail: true });
  const [executable, hasPip] = r.stdout.split('\n');
  if (r.rc !== 0 || !executable)
    throw new ModuleFailure(
      `pip: no Python to run as on ${ctx.host} (${r.stderr.trim() || `rc ${r.rc}`}); set ansible_python_interpreter`,
    );
  return { executable, hasPip: hasPip === 'True' };
}

/** get_bin_path: the program's path on the host ('' when missing) and the search path. */
async function binPath(ctx: ModuleContext, name: string): Promise<{ path: string; paths: string }> {
  const script = `${FIND_BIN_SH}
P=$PATH; for d in /sbin /usr/sbin /usr/local/sbin; do case ":$P:" in *":$d:"*) ;; *) P=$P:$d;; esac; done
echo "paths=$P"; found "$1"`;
  const kv = keyValues((await ctx.probe(['sh', '-c', script, 'sh', name])).stdout);
  return { path: kv.get(name) ?? '', paths: kv.get('paths') ?? '' };
}

/** Whether a path exists on the host (and, with `executable`, is an executable file). */
export async function hostHas(ctx: ModuleContext, path: string, executable = false): Promise<boolean> {
  const test = executable ? '[ -e "$1" ] && [ -x "$1" ]' : '[ -e "$1" ]';
  return (await ctx.probe(['sh', '-c', test, 'sh', path], { allowFail: true })).rc === 0;
}

/** The pip command, found as Ansible's _get_pip finds it. */
export async function findPip(
  ctx: ModuleContext,
  venv: string | undefined,
  executable: string | undefined,
  python: () => Promise<Python>,
): Promise<string[]> {
  if (executable?.startsWith('/')) return [executable];
  if (executable === undefined && venv === undefined) {
    const py = await python();
    if (py.hasPip) return [py.executable, '-m', 'pip.__main__'];
  }
  if (venv === undefined) {
    const name = executable ?? 'pip3';
    const found = await binPath(ctx, name);
    if (!found.path)
      throw new ModuleFailure(`Unable to find any of ${name} to use.  pip needs to be installed.`);
    return [found.path];
  }
  for (const name of ['pip3', 'pip']) {
    const candidate = pyJoin(venv, `bin/${name}`);
    if (await hostHas(ctx, candidate, true)) return [candidate];
  }
  throw new ModuleFailure(
    `Unable to find pip in the virtualenv, ${venv}, under any of these names: pip3, pip. ` +
      'Make sure pip is present in the virtualenv.',
  );
}

/** Ansible's _fail: the command and its output in one message. */
export function pipFailure(cmd: readonly string[] | string, out: string, err: string): ModuleFailure {
  let msg = out ? `stdout: ${out}` : '';
  if (err) msg += `\n:stderr: ${err}`;
  return new ModuleFailure(msg, { cmd });
}

export interface VenvOptions {
  command: string;
  sitePackages: boolean;
  python?: string;
}

/**
 * Creates the virtualenv as Ansible's setup_virtualenv does: the command found on PATH, then
 * --system-site-packages (or --no-site-packages when its --help offers it), -p with the Python
 * unless the command is venv or pyvenv. Returns its output.
 */
export async function createVenv(
  ctx: ModuleContext,
  run: PipRun,
  venv: string,
  o: VenvOptions,
  python: () => Promise<Python>,
): Promise<{ stdout: string; stderr: string }> {
  const cmd = shlexSplit(o.command);
  if (!cmd.length) throw new ModuleFailure('virtualenv_command is empty');
  if (!cmd[0]!.includes('/')) {
    const found = await binPath(ctx, cmd[0]!);
    if (!found.path)
      throw new ModuleFailure(`Failed to find required executable "${cmd[0]}" in paths: ${found.paths}`);
    cmd[0] = found.path;
  }
  if (o.sitePackages) cmd.push('--system-site-packages');
  else {
    const help = await run.probe([cmd[0]!, '--help']);
    if (help.rc !== 0)
      throw new ModuleFailure(`Could not get output from ${cmd[0]} --help: ${help.stdout}${help.stderr}`);
    if (help.stdout.trim().split(/\s+/).includes('--no-site-packages')) cmd.push('--no-site-packages');
  }
  if (!['pyvenv', '-m venv'].some((x) => o.command.includes(x)))
    cmd.push(`-p${o.python ?? (await python()).executable}`);
  else if (o.python)
    throw new ModuleFailure(
      'virtualenv_python should not be used when using the venv module or pyvenv as virtualenv_command',
    );
  cmd.push(venv);
  const r = await run.change(cmd);
  if (!r) return { stdout: '', stderr: '' };
  if (r.rc !== 0) throw pipFailure(cmd, r.stdout, r.stderr);
  return { stdout: r.stdout, stderr: r.stderr };
}
