import { ExitCode, FabError, InputErrors, formatProblem, formatProblems, type SourcePos } from '../errors.js';

/**
 * What the preflight finds: errors (Ansible would reject the input, at load or for certain when
 * the task runs) and warnings (Ansible runs it; fabplay cannot, or it is doubtful). All of them
 * are collected, so one run names every mistake (up to a limit), not only the first.
 */

export interface Problem {
  pos: SourcePos;
  message: string;
  hint?: string;
  severity: 'error' | 'warning';
  /**
   * a task's certain failure that need not stop a playbook: the task may not run (when, a
   * handler) or its failure is handled (ignore_errors, failed_when, rescue). Ansible runs such a
   * playbook, so `run` warns about it and the task fails if it runs; `validate` calls it an error.
   */
  guarded?: boolean;
  /** the mistake ends the whole run when its place is reached (a file an include loads cannot be parsed) */
  endsRun?: boolean;
}

export class Problems {
  readonly list: Problem[] = [];
  private readonly seen = new Map<string, Problem>();
  /** set while the walk is inside a task whose failure need not stop the play (see Problem.guarded) */
  guarded = false;

  /** A mistake that fails the task when it runs. */
  error(pos: SourcePos, message: string, hint?: string): void {
    this.add({ pos, message, hint, severity: 'error', guarded: this.guarded || undefined });
  }

  /**
   * A mistake that ends the whole run when its place is reached, whatever rescue or ignore_errors
   * say: a warning only where the place may not be reached.
   */
  endsRun(pos: SourcePos, message: string, hint: string | undefined, mayNotRun: boolean): void {
    this.add({ pos, message, hint, severity: 'error', guarded: mayNotRun || undefined, endsRun: true });
  }

  /** A mistake Ansible rejects when it loads the playbook, whatever the task's keywords. */
  loadError(pos: SourcePos, message: string, hint?: string): void {
    this.add({ pos, message, hint, severity: 'error' });
  }

  warn(pos: SourcePos, message: string, hint?: string): void {
    this.add({ pos, message, hint, severity: 'warning' });
  }

  /** Runs a check that throws an InputError (a loader helper) and keeps its error. */
  catch(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof FabError) || e.exitCode !== ExitCode.INVALID_INPUT) throw e;
      for (const one of e instanceof InputErrors ? e.all : [e])
        this.loadError(one.pos ?? { file: '?', line: 0, col: 0 }, one.message, one.hint);
    }
  }

  get errors(): Problem[] {
    return this.list.filter((p) => p.severity === 'error');
  }

  get warnings(): Problem[] {
    return this.list.filter((p) => p.severity === 'warning');
  }

  private add(p: Problem): void {
    // a task file imported twice, or a role used by two plays, is checked once per place; a
    // mistake met again unguarded (a file included under a when, then without) stops the run
    const key = `${p.severity}|${p.pos.file}:${p.pos.line}:${p.pos.col}|${p.message}`;
    const met = this.seen.get(key);
    if (met) {
      if (!p.guarded) delete met.guarded;
      return;
    }
    this.seen.set(key, p);
    this.list.push(p);
  }
}

/** The preflight's errors, all of them, in file order: exit 3, never a stack trace. */
export class PreflightError extends FabError {
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    super(`${problems.length} mistake(s) found before any host was touched`, ExitCode.INVALID_INPUT);
    this.problems = inFileOrder(problems);
  }

  override format(): string {
    return formatProblems(this.problems);
  }
}

/** A warning as printed on stderr before the run. */
export function formatWarning(p: Problem): string {
  return `[WARNING]: ${formatProblem(p.pos, p.message, p.hint)}\n`;
}

/** Files in the order they were first met, each file's problems by line and column. */
function inFileOrder(problems: Problem[]): Problem[] {
  const files = [...new Set(problems.map((p) => p.pos.file))];
  return [...problems].sort(
    (a, b) =>
      files.indexOf(a.pos.file) - files.indexOf(b.pos.file) ||
      a.pos.line - b.pos.line ||
      a.pos.col - b.pos.col,
  );
}
