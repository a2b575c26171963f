/**
 * Runs a command that executes a file just uploaded, again when it met ETXTBSY (rc 126, "Text file
 * busy"): a process forked at the same moment (another host's command on this machine) still held
 * the upload's write descriptor when the file was exec'd; it is gone at once. Three more tries,
 * 50 ms apart.
 */
export async function againIfTextBusy<T extends object>(run: () => Promise<T>): Promise<T> {
  const busy = (r: { rc?: unknown; stderr?: unknown }) =>
    r.rc === 126 && /Text file busy/.test(String(r.stderr));
  let r = await run();
  for (let i = 0; i < 3 && busy(r); i++) {
    await new Promise((res) => setTimeout(res, 50));
    r = await run();
  }
  return r;
}
