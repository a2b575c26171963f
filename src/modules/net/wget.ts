import type { HttpRequest } from './curl.js';

/** get_url falls back to wget when a host has no curl: argv and status parsing (pure). */

export function wgetArgv(req: HttpRequest & { output: string }): string[] {
  const argv = ['wget', '--quiet', '--server-response', `--timeout=${req.timeoutSec}`, '-O', req.output];
  if (!req.validateCerts) argv.push('--no-check-certificate');
  if (!req.followRedirects) argv.push('--max-redirect=0');
  if (req.user !== undefined) argv.push(`--user=${req.user}`, `--password=${req.password ?? ''}`);
  for (const [k, v] of Object.entries(req.headers)) argv.push(`--header=${k}: ${v}`);
  argv.push('--', req.url);
  return argv;
}

/** The last HTTP status wget's --server-response printed on stderr (0 when none). */
export function wgetStatus(stderr: string): number {
  const all = [...stderr.matchAll(/^\s*HTTP\/[\d.]+\s+(\d{3})/gm)];
  return all.length ? Number(all[all.length - 1]![1]) : 0;
}
