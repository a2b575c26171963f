import { spawnSync } from 'node:child_process';

/**
 * A directory as tar bytes, to unpack in a lab host. spawnSync's default 1 MiB output buffer
 * killed tar on the PXE fixture (1.06 MB: install.img alone is 1 MiB + 4321), which worked only
 * when tar had written everything before the kill.
 */
export function tarOf(dir: string): Buffer {
  const r = spawnSync('tar', ['-C', dir, '-cf', '-', '.'], { maxBuffer: 1024 * 1024 * 1024 });
  if (r.error || r.status !== 0) throw new Error(`tar of ${dir}: ${r.error?.message ?? r.stderr.toString()}`);
  return r.stdout;
}
