import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { randomHex } from '../util/random-pool.js';
import { basename, dirname, join } from 'node:path';
import { VaultError } from './secrets.js';

/**
 * Reading and writing what `fabplay vault` works on: a file, or stdin/stdout for `-`. A file is
 * replaced atomically (a 0600 temporary file beside it, then rename), so an interrupted command
 * never leaves half a vault, nor a plaintext copy, behind.
 */

export function readInput(file: string): Buffer {
  try {
    return file === '-' ? readFileSync(0) : readFileSync(file);
  } catch (e) {
    throw new VaultError(`cannot read ${file === '-' ? 'stdin' : file}: ${(e as Error).message}`);
  }
}

/** Overwrite a file's bytes before removing it, so a plaintext does not linger on the disk. */
export function shredFile(path: string): void {
  try {
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    try {
      writeSync(fd, Buffer.alloc(size));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* gone already, or not ours to overwrite: remove it anyway */
  }
  rmSync(path, { force: true });
}

/** Write to stdout (`-`) or replace the file atomically with mode 0600, or `keepMode` (rekey, edit keep it). */
export function writeOutput(file: string, data: Buffer | string, keepMode?: number): void {
  if (file === '-') {
    process.stdout.write(data);
    return;
  }
  const tmp = join(dirname(file), `.${basename(file)}.fabplay-${randomHex(6)}.tmp`);
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (keepMode !== undefined) chmodSync(tmp, keepMode & 0o7777);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new VaultError(`cannot write ${file}: ${(e as Error).message}`);
  }
}

export function modeOf(file: string): number | undefined {
  return existsSync(file) ? statSync(file).mode : undefined;
}
