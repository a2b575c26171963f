/**
 * Python's words for an OSError (`[Errno 2] No such file or directory: '/x'`), which Ansible's
 * modules put in their messages, from the words a shell tool printed for the same failure.
 */
const ERRNOS: [RegExp, string][] = [
  [/Directory nonexistent|No such file or directory/, '[Errno 2] No such file or directory'],
  [/Permission denied/, '[Errno 13] Permission denied'],
  [/Not a directory/, '[Errno 20] Not a directory'],
  [/Read-only file system/, '[Errno 30] Read-only file system'],
];

/** `[Errno N] words: 'path'`, or undefined when the tool's message is none of these. */
export function pyOSError(toolMessage: string, path: string): string | undefined {
  const hit = ERRNOS.find(([re]) => re.test(toolMessage));
  return hit && `${hit[1]}: '${path}'`;
}
