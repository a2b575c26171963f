// become_password_file and connection_password_file (--become-password-file,
// --connection-password-file): a password in a file, or printed by a script.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { isExecutable } from '../util/executable.js';
import { inheritedStdin } from '../util/run-stdio.js';

/**
 * As Ansible reads it: `-` is standard input, an executable file is run and its output taken, any
 * other file is read with the white space around it dropped; line ends around the password never
 * count, and an empty password is an error. The text is the password as it is, never templated.
 */
export function readPasswordFile(file: string, which: 'become' | 'connection'): string {
  let text: string;
  if (file === '-') text = readFileSync(0, 'utf8');
  else if (!existsSync(file))
    throw new InputError(
      `the ${which} password file ${file} was not found`,
      undefined,
      `fix ${which}_password_file (or --${which}-password-file)`,
    );
  else if (isExecutable(file)) text = runScript(file, which);
  else {
    try {
      text = readFileSync(file, 'utf8').trim();
    } catch (e) {
      throw new InputError(`cannot read the ${which} password file ${file}: ${(e as Error).message}`);
    }
  }
  const password = text.replace(/^[\r\n]+|[\r\n]+$/g, '');
  if (!password)
    throw new InputError(
      `the ${which} password file ${file} gave an empty password`,
      undefined,
      'put the password in it',
    );
  return password;
}

function runScript(file: string, which: string): string {
  // by its path: a bare name is no command to look up in PATH
  const r = spawnSync(resolve(file), [], { stdio: [inheritedStdin(), 'pipe', 'pipe'] });
  if (r.error)
    throw new InputError(
      `cannot run the ${which} password script ${file}: ${r.error.message}`,
      undefined,
      'if it is not a script, remove its executable bit',
    );
  const err = r.stderr.toString().trim();
  if (r.status !== 0)
    throw new InputError(
      `the ${which} password script ${file} exited with ${r.status ?? r.signal}${err ? `: ${err}` : ''}`,
    );
  return r.stdout.toString('utf8');
}
