/**
 * Python's words for an OSError (`[Errno 2] No such file or directory: '/x'`), which Ansible's
 * modules put in their messages, from the words a shell tool printed for the same failure.
 */
/** Python's strerror words for the errnos fabplay's modules meet. */
export const ERRNO_WORDS: Readonly<Record<number, string>> = {
  2: 'No such file or directory',
  13: 'Permission denied',
  20: 'Not a directory',
  30: 'Read-only file system',
  40: 'Too many levels of symbolic links',
};

const ERRNOS: [RegExp, number][] = [
  [/Directory nonexistent|No such file or directory/, 2],
  [/Permission denied/, 13],
  [/Not a directory/, 20],
  [/Read-only file system/, 30],
  [/Too many levels of symbolic links/, 40],
];

/** `[Errno N] words: 'path'`, or undefined when the tool's message is none of these. */
export function pyOSError(toolMessage: string, path: string): string | undefined {
  const hit = ERRNOS.find(([re]) => re.test(toolMessage));
  return hit && `[Errno ${hit[1]}] ${ERRNO_WORDS[hit[1]]}: '${path}'`;
}
