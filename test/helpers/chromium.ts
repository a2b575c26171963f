import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hasCommand } from '../roles/checkers.js';

/**
 * Debian's headless Chromium from the command line (scripts/setup.sh installs it): the DOM a
 * page ends with, or a screenshot of it. Each call has a fresh profile and nothing that talks to
 * the network in the background.
 */

export const hasChromium = (): boolean => hasCommand('chromium');

function chromium(args: string[], page: string): string {
  const profile = mkdtempSync(join(tmpdir(), 'fabplay-chromium-'));
  try {
    const r = spawnSync(
      'chromium',
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        `--user-data-dir=${profile}`,
        ...args,
        pathToFileURL(page).href,
      ],
      { encoding: 'utf8', timeout: 60000, maxBuffer: 64 * 1024 * 1024 },
    );
    if (r.status !== 0)
      throw new Error(`chromium ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}`);
    return r.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** How long Chromium takes to load `page` and dump its DOM, start-up included (ms). */
export function timeDumpDom(page: string): number {
  const started = Date.now();
  chromium(['--dump-dom'], page);
  return Date.now() - started;
}

/**
 * How long the page takes to render: Chromium's time to load it and dump its DOM over that of an
 * empty page (its own start-up is not the page's), the best of two each.
 */
export function renderMs(page: string): { pageMs: number; emptyMs: number; renderMs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'fabplay-chromium-empty-'));
  try {
    const empty = join(dir, 'empty.html');
    writeFileSync(empty, '<!DOCTYPE html><title>x</title>');
    timeDumpDom(empty); // the first start of the machine's Chromium reads it from disk
    const emptyMs = Math.min(timeDumpDom(empty), timeDumpDom(empty));
    const pageMs = Math.min(timeDumpDom(page), timeDumpDom(page));
    return { pageMs, emptyMs, renderMs: pageMs - emptyMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The page's DOM after loading, serialized. */
export function dumpDom(page: string): string {
  return chromium(['--dump-dom'], page);
}

/** A 1280x900 screenshot of the page, as PNG in `png`. */
export function screenshot(page: string, png: string): void {
  chromium([`--screenshot=${png}`, '--window-size=1280,900'], page);
}
