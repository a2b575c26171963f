import { ModuleFailure } from '../lib/args.js';
import { curlArgv, parseCurlOutput, type HttpRequest } from './curl.js';
import { wgetArgv, wgetStatus } from './wget.js';
import type { ModuleContext } from '../types.js';

/** Downloads to `output` (a scratch file: a read of the URL); returns the HTTP status (throws ModuleFailure when no tool can fetch). */
export async function downloadOnHost(
  ctx: ModuleContext,
  req: HttpRequest & { output: string },
): Promise<number> {
  const tool = (
    await ctx.probe({ shell: 'command -v curl || command -v wget' }, { allowFail: true })
  ).stdout.trim();
  if (/curl$/.test(tool)) {
    const r = await ctx.probe(curlArgv(req), { allowFail: true });
    if (r.rc !== 0)
      throw new ModuleFailure(`Request failed on ${ctx.host}: ${r.cmd}: ${r.stderr.trim()}`, {
        url: req.url,
        status_code: -1,
      });
    return parseCurlOutput(r.stdout).status;
  }
  if (/wget$/.test(tool)) {
    const r = await ctx.probe(wgetArgv(req), { allowFail: true });
    const status = wgetStatus(r.stderr);
    if (r.rc !== 0 && status === 0)
      throw new ModuleFailure(`Request failed on ${ctx.host}: ${r.cmd}: ${r.stderr.trim()}`, {
        url: req.url,
        status_code: -1,
      });
    return status;
  }
  throw new ModuleFailure(`downloading ${req.url} needs curl or wget on ${ctx.host}; neither is installed`);
}

/** A plain GET into `output` with fetch_url's defaults (redirects followed, 10 s); the HTTP status. */
export function getOnHost(ctx: ModuleContext, url: string, validateCerts: boolean, output: string) {
  return downloadOnHost(ctx, {
    url,
    method: 'GET',
    headers: {},
    validateCerts,
    followRedirects: true,
    timeoutSec: 10,
    output,
  });
}
