import { readFileSync } from 'node:fs';

/** Exit codes, documented in the README. */
export const ExitCode = {
  OK: 0,
  INTERNAL: 1,
  TASK_FAILED: 2,
  INVALID_INPUT: 3,
  UNREACHABLE: 4,
  USAGE: 5,
  CHECK_WOULD_CHANGE: 8,
  INTERRUPTED: 99,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Where in a source file something stands; line and col are 1-based. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

export function formatPos(pos: SourcePos | undefined): string {
  if (!pos) return '';
  return `${pos.file}:${pos.line}:${pos.col}`;
}

/** An error the user can cause and fix: printed as one message, never with a stack trace. */
export class FabError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    readonly pos?: SourcePos,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** `file:line:col: what is wrong; what to do`, then the offending line with a caret under the column. */
  format(): string {
    return formatProblem(this.pos, this.message, this.hint);
  }
}

/** One problem as the user reads it: `file:line:col: message; hint` and the line quoted with a caret. */
export function formatProblem(pos: SourcePos | undefined, message: string, hint?: string): string {
  const where = pos ? `${formatPos(pos)}: ` : '';
  return `${where}${message}${hint ? `; ${hint}` : ''}${pos ? quoteLine(pos) : ''}`;
}

/** The source line at pos (tabs shown as one space each so the caret lines up), with a caret. */
function quoteLine(pos: SourcePos): string {
  let text: string;
  try {
    text = readFileSync(pos.file, 'utf8');
  } catch {
    return '';
  }
  const line = text.split('\n')[pos.line - 1];
  if (line === undefined || line.trim() === '' || line.length > 300) return '';
  const shown = line.replace(/\r$/, '').replace(/\t/g, ' ');
  const col = Math.max(1, Math.min(pos.col, shown.length + 1));
  return `\n    ${shown}\n    ${' '.repeat(col - 1)}^`;
}

/** Bad playbook, inventory, role, vars or template: exit 3. */
export class InputError extends FabError {
  constructor(message: string, pos?: SourcePos, hint?: string) {
    super(message, ExitCode.INVALID_INPUT, pos, hint);
  }
}

/**
 * What Ansible's parser rejects (its AnsibleParserError: YAML syntax, an unknown module or
 * keyword): like any invalid input here, and in a file an include loads it ends the whole run.
 */
export class ParseError extends InputError {}

/**
 * A mistake Ansible meets while it runs and that stops the whole run there (its strategy raises:
 * no task fails, no rescue takes it); exit 3 as any invalid input.
 */
export class RunStopError extends InputError {}

/** Errors shown at most; a file with more is almost surely the wrong file. */
export const MAX_SHOWN = 20;

/** Several problems, each as formatProblem shows it, up to MAX_SHOWN. */
export function formatProblems(
  problems: readonly { pos?: SourcePos; message: string; hint?: string }[],
): string {
  const shown = problems.slice(0, MAX_SHOWN).map((p) => formatProblem(p.pos, p.message, p.hint));
  const more = problems.length - shown.length;
  if (more > 0) shown.push(`... and ${more} more`);
  return shown.join('\nERROR: ');
}

/**
 * Every mistake the loader found in a file or play, not only the first: it stands for the first
 * (pos, message) where one error is expected, and prints all of them.
 */
export class InputErrors extends InputError {
  readonly all: InputError[];

  constructor(errors: InputError[]) {
    const all = errors.flatMap((e) => (e instanceof InputErrors ? e.all : [e]));
    super(all[0]!.message, all[0]!.pos, all[0]!.hint);
    this.all = all;
  }

  override format(): string {
    return formatProblems(this.all);
  }
}

/**
 * Runs `step` on each item, keeping every InputError instead of stopping at the first; then
 * throws them together (one InputErrors), so one run of the loader names each mistake.
 */
export function forEachReporting<T>(items: readonly T[], step: (item: T, i: number) => void): void {
  const found: InputError[] = [];
  items.forEach((item, i) => {
    try {
      step(item, i);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      found.push(e);
    }
  });
  if (found.length === 1) throw found[0];
  if (found.length) throw new InputErrors(found);
}

/** Bad command-line usage: exit 5. */
export class UsageError extends FabError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.USAGE, undefined, hint);
  }
}

/** A host could not be reached or dropped: the host is UNREACHABLE, the run goes on. */
export class UnreachableError extends Error {
  constructor(
    readonly host: string,
    message: string,
    /** the host refused the login: trying again would not help (and may lock the account) */
    readonly authentication = false,
  ) {
    super(message);
    this.name = 'UnreachableError';
  }
}

/** A remote command failed: carries what explains it (zx style). */
/**
 * What Ansible's action raises rather than returns (an AnsibleError out of the action plugin): the
 * task fails with its `msg` alone, a loop's as a whole, with no changed_when, failed_when or until.
 */
export class ActionRaised extends Error {}

export class CommandError extends Error {
  constructor(
    readonly host: string,
    readonly command: string,
    readonly rc: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`command failed on ${host} (rc=${rc}): ${command}${stderr.trim() ? `\n${stderr.trim()}` : ''}`);
    this.name = 'CommandError';
  }
}

/**
 * "Did you mean": the closest known word for a typo, compared without case, at most 2 edits away
 * (an insertion, a deletion, a substitution, or a swap of two neighbouring letters: `tsaks` is
 * `tasks`, not `tags`). The one suggestion helper for every "unknown ..." message.
 */
export function didYouMean(word: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDist = 3;
  for (const k of known) {
    const d = osaDistance(word.toLowerCase(), k.toLowerCase());
    if (d < bestDist) {
      best = k;
      bestDist = d;
    }
  }
  return best;
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions. */
function osaDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}
