import { accessSync, constants } from 'node:fs';

/** Whether a password file is a script to run rather than text to read (Ansible's is_executable). */
export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
