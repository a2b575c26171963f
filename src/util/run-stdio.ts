/**
 * The standard input and error a run's child processes inherit (a vault password script, a pipe
 * lookup's command): the process's own, or in a warm run (src/warm/) its client's, opened
 * through /proc.
 */
const stdio: { stdin: number | 'inherit'; stderr: number | 'inherit' } = {
  stdin: 'inherit',
  stderr: 'inherit',
};

export const inheritedStdin = (): number | 'inherit' => stdio.stdin;
export const inheritedStderr = (): number | 'inherit' => stdio.stderr;

/** Makes children inherit these descriptors instead; returns the undo. */
export function useStdio(stdin: number | 'inherit', stderr: number | 'inherit'): () => void {
  const before = { ...stdio };
  Object.assign(stdio, { stdin, stderr });
  return () => Object.assign(stdio, before);
}
