import { warningText } from '../output/warnings.js';

/** Once per process: a warm process runs main() once per served run. */
let installed = false;

/**
 * A reader of the output that goes away (`fabplay run site.yml | head`) makes later writes fail
 * with EPIPE, which Node reports as an 'error' event of the stream: unhandled, it ended the run
 * with a stack trace wherever the run was on its hosts. As with ansible-playbook, the run goes on
 * without that output and ends with its own exit code; a closed stdout is said once on stderr,
 * wrapped as Ansible's display wraps a warning.
 */
export function outliveClosedOutput(): void {
  if (installed) return;
  installed = true;
  let said = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    if (said) return;
    said = true;
    process.stderr.write(
      `${warningText('standard output was closed by its reader (broken pipe): the run goes on without it')}\n`,
    );
  });
  process.stderr.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}
