/** Issue 19's targets for the run report, on a real run's report: under 2 MB, rendered in under 2 s. */
import { statSync } from 'node:fs';
import { hasChromium, renderMs } from '../test/helpers/chromium.js';
import type { Verdict } from './report.js';

export function reportVerdicts(page: string, what: string): Verdict[] {
  const size = statSync(page).size;
  const verdicts: Verdict[] = [
    {
      target: `${what}: the --report file under 2 MB`,
      measured: `${(size / 1024).toFixed(0)} KiB`,
      met: size < 2 * 1024 * 1024,
    },
  ];
  const target = `${what}: the --report file renders in under 2 s in headless Chromium`;
  if (!hasChromium()) verdicts.push({ target, measured: 'no chromium here', met: false });
  else {
    const t = renderMs(page);
    verdicts.push({
      target,
      measured: `${t.renderMs} ms over an empty page (${t.pageMs} ms in all, ${t.emptyMs} ms empty)`,
      met: t.renderMs < 2000,
    });
  }
  return verdicts;
}
