/**
 * Whether this process still has a working directory: once the directory it was started in is
 * removed, process.cwd() throws, and every relative path would fail with it.
 */
export function hasWorkingDirectory(): boolean {
  try {
    process.cwd();
    return true;
  } catch {
    return false;
  }
}
