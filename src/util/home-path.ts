import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** A directory as Ansible's unfrack_path makes it: `~` is the home directory, the rest absolute. */
export function absolutePath(p: string): string {
  return p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(1)) : resolve(p);
}
