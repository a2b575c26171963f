import { readFileSync, statSync } from 'node:fs';
import type { SourcePos } from '../errors.js';
import { forgetAfterRun } from './run-scope.js';

/**
 * A file's parsed form, kept by path and read again only when its mtime, size or inode change:
 * every host of an inventory names the same known_hosts and key file, and parsing them once per
 * connection cost 50 hosts about 0.3 s. The value is shared: callers must not change it.
 */
export class ParsedFiles<T> {
  // forgotten after a run: a vaulted file's value is what the run's passwords opened
  private byPath = forgetAfterRun(new Map<string, { stamp: string; value: T }>());

  /**
   * `parse` takes the file's bytes, or its path (a reader of its own, told where the file was named
   * for its errors).
   */
  constructor(
    private readonly parse: ((bytes: Buffer) => T) | { fromPath: (file: string, from?: SourcePos) => T },
  ) {}

  /** The parsed file; throws when it cannot be read (`from`: where it was named). */
  get(file: string, from?: SourcePos): T {
    const st = statSync(file);
    const stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
    const hit = this.byPath.get(file);
    if (hit?.stamp === stamp) return hit.value;
    const value =
      typeof this.parse === 'function' ? this.parse(readFileSync(file)) : this.parse.fromPath(file, from);
    this.byPath.set(file, { stamp, value });
    return value;
  }
}
