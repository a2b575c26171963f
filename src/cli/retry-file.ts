import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';

/**
 * The hosts a failed run leaves to do (failed, unreachable, never reached by a stopped
 * rollout), one per line as in Ansible's .retry files, so `--retry` or `--limit @FILE` runs
 * only them. Kept outside the playbook's directory: a run never writes into the repository.
 */

function retryDir(): string {
  if (process.env.FABPLAY_RETRY_DIR) return process.env.FABPLAY_RETRY_DIR;
  const state = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(state, 'fabplay', 'retry');
}

/** What every retry file of these playbooks is named from: the first one's name, `site-`. */
function retryPrefix(playbooks: string[]): string {
  return `${basename(playbooks[0]!, extname(playbooks[0]!))}-`;
}

/** One file per list of playbooks: `site-<hash of their full paths>.retry`. */
export function retryFileOf(playbooks: string[]): string {
  const key = createHash('sha256')
    .update(playbooks.map((p) => resolve(p)).join('\n'))
    .digest('hex')
    .slice(0, 12);
  return join(retryDir(), `${retryPrefix(playbooks)}${key}.retry`);
}

/** Whether the retry directory holds a file named for these playbooks' first (any hash). */
function mayHaveRetryFile(playbooks: string[]): boolean {
  const prefix = retryPrefix(playbooks);
  try {
    return readdirSync(retryDir()).some((f) => f.startsWith(prefix) && f.endsWith('.retry'));
  } catch {
    return false;
  }
}

/**
 * Records what is left to do after a run: the hosts it left (`retry`), and those an earlier run
 * left that this one did not run clean (a --limit run leaves the others to do). Removes the file
 * when nothing is left. Returns the file, if one is left.
 */
export function saveRetry(playbooks: string[], retry: string[], done: string[]): string | undefined {
  // a run that leaves nothing, and found no file of an earlier run, has nothing to name: the hash
  // (crypto) is left unloaded
  if (retry.length === 0 && !mayHaveRetryFile(playbooks)) return undefined;
  const file = retryFileOf(playbooks);
  const earlier = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  const hosts = [...new Set([...retry, ...earlier.filter((h) => !done.includes(h))])];
  if (hosts.length === 0) {
    rmSync(file, { force: true });
    return undefined;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, hosts.join('\n') + '\n');
  renameSync(`${file}.tmp`, file);
  return file;
}

/** The --limit value of `--retry`: `@FILE` of the last failed run of these playbooks. */
export function retryLimit(playbooks: string[], limit: string | undefined): string {
  if (limit !== undefined)
    throw new UsageError(
      '--retry and --limit cannot go together',
      'use --limit @FILE to combine them by hand',
    );
  const file = retryFileOf(playbooks);
  if (!existsSync(file) || !readFileSync(file, 'utf8').trim())
    throw new UsageError(
      `nothing to retry: no failed run of ${playbooks.join(' ')} is recorded (${file})`,
      'run it without --retry',
    );
  return `@${file}`;
}
