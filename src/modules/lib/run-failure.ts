import { ModuleFailure } from './args.js';
import { pySplitLines } from '../../util/py-text.js';
import { pyShlexQuote } from '../../util/shlex.js';

/**
 * Ansible's run_command(check_rc=True) failure: the command's stderr as the message, with the
 * command line (quoted as Python's shlex.quote), rc, output and their lines.
 */
export function runCommandFailure(
  argv: readonly string[],
  r: { rc: number; stdout: string; stderr: string },
): ModuleFailure {
  return new ModuleFailure(r.stderr.trimEnd(), {
    cmd: argv.map(pyShlexQuote).join(' '),
    rc: r.rc,
    stdout: r.stdout,
    stderr: r.stderr,
    stdout_lines: pySplitLines(r.stdout),
    stderr_lines: pySplitLines(r.stderr),
  });
}
