import { posix } from 'node:path';
import { ModuleFailure } from '../lib/args.js';
import { cmd } from '../../util/shell.js';
import { pySplitLines } from '../../util/py-text.js';
import type { ModuleContext, RunResult } from '../types.js';

/**
 * How the git module reaches the host: every git command with Ansible's environment for it (the
 * C locale, since its output is read, and GIT_SSH_COMMAND) and the task's umask, reading with
 * `probe` and altering with `change` (check mode sends no change). A directory that does not
 * exist is no working directory: the command runs where it would otherwise, as Ansible's
 * run_command ignores an invalid cwd.
 */
export class GitRunner {
  /** directories known to exist on the host (dest once it is a repository) */
  private readonly dirs = new Set<string>();

  constructor(
    readonly ctx: ModuleContext,
    /** the git program as Ansible names it in `cmd` (the path it found, or `executable`) */
    readonly git: string,
    private readonly env: Record<string, string>,
    /** umask as octal text, applied to every command (Ansible sets it for the whole module) */
    private readonly umask: string | undefined,
  ) {}

  /** dir exists on the host from now on: commands may run there */
  exists(dir: string): void {
    this.dirs.add(dir);
  }

  private argv(argv: readonly string[]): string[] {
    return this.umask === undefined
      ? [...argv]
      : ['sh', '-c', 'umask "$1" && shift && exec "$@"', 'sh', this.umask, ...argv];
  }

  private opts(cwd: string | undefined) {
    return {
      allowFail: true,
      env: this.env,
      cwd: cwd !== undefined && this.dirs.has(cwd) ? cwd : undefined,
    };
  }

  /**
   * a git command that only reads; without optional locks, so that `git status` does not refresh
   * the index file either (check mode writes nothing; Ansible's status may rewrite it)
   */
  read(args: readonly string[], cwd?: string, env: Record<string, string> = {}): Promise<RunResult> {
    const opts = this.opts(cwd);
    return this.ctx.probe(this.argv([this.git, ...args]), {
      ...opts,
      env: { ...opts.env, GIT_OPTIONAL_LOCKS: '0', ...env },
    });
  }

  /** a git command that only reads, failing the task as Ansible's check_rc does */
  async readOk(args: readonly string[], cwd?: string): Promise<string> {
    return checked([this.git, ...args], await this.read(args, cwd)).stdout;
  }

  /** a command that alters the host; undefined in check mode */
  write(argv: readonly string[], cwd?: string): Promise<RunResult | undefined> {
    return this.ctx.change(this.argv(argv), this.opts(cwd));
  }

  /** a git command that alters the host, failing the task as Ansible's check_rc does */
  async writeOk(args: readonly string[], cwd?: string): Promise<void> {
    const r = await this.write([this.git, ...args], cwd);
    if (r) checked([this.git, ...args], r);
  }

  /** the first line of a file on the host, or undefined when it cannot be read */
  async firstLine(path: string): Promise<string | undefined> {
    const r = await this.ctx.probe(['head', '-n', '1', '--', path], { allowFail: true });
    return r.rc === 0 ? r.stdout : undefined;
  }

  async isFile(path: string): Promise<boolean> {
    return (await this.ctx.probe(['test', '-f', path], { allowFail: true })).rc === 0;
  }

  async pathExists(path: string): Promise<boolean> {
    return (await this.ctx.probe(['test', '-e', path], { allowFail: true })).rc === 0;
  }

  async isDir(path: string): Promise<boolean> {
    return (await this.ctx.probe(['test', '-d', path], { allowFail: true })).rc === 0;
  }

  /** Ansible's unfrackgitpath for two paths or URLs: equal once made absolute and resolved */
  async samePath(a: string, b: string): Promise<boolean> {
    const r = await this.ctx.probe(['realpath', '-m', '--', a, b], { allowFail: true });
    const [ra, rb] = r.stdout.split('\n');
    return r.rc === 0 ? ra === rb : posix.normalize(a) === posix.normalize(b);
  }
}

/** Ansible's check_rc: a failure carries the command, its exit code and output; msg is stderr */
export function checked(argv: readonly string[], r: RunResult): RunResult {
  if (r.rc !== 0) throw new ModuleFailure(r.stderr.trimEnd(), { cmd: cmd(argv), ...output(r) });
  return r;
}

/**
 * A command's exit code and output in a failed result, with the lines Ansible adds to any result
 * that has stdout or stderr
 */
export function output(r: RunResult, withRc = true): Record<string, unknown> {
  return {
    ...(withRc ? { rc: r.rc } : {}),
    stdout: r.stdout,
    stdout_lines: pySplitLines(r.stdout),
    stderr: r.stderr,
    stderr_lines: pySplitLines(r.stderr),
  };
}
