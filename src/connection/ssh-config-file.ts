// An OpenSSH client configuration file given with `-F FILE` in ansible_ssh_args / ssh_common_args
// / ssh_extra_args: fabplay's SSH client is not OpenSSH, so the options the file sets for a host
// are read here, as `ssh -F FILE host` would take them (ssh_config(5): `Host` blocks with * ? and
// ! patterns, the first value of each option wins), and become `-o Key=Value` options after the
// ones given on the command line (which OpenSSH lets win). `Match` and `Include` are refused.
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { shellWords } from './ssh-args.js';

/** The options parseSshArgs reads (and HostName, which changes the address). */
const KEYS = new Set([
  'hostname',
  'port',
  'user',
  'identityfile',
  'proxycommand',
  'proxyjump',
  'userknownhostsfile',
  'stricthostkeychecking',
  'connecttimeout',
  'serveraliveinterval',
  'controlmaster',
  'controlpersist',
]);

/** configFileOf's answers for the run: it is asked again for each host and task. */
const fileOf = new Map<string, string | undefined>();

/** The file named by the first `-F` of an ssh options text; undefined without one. */
export function configFileOf(text: string): string | undefined {
  if (!fileOf.has(text)) fileOf.set(text, firstConfigFile(text));
  return fileOf.get(text);
}

function firstConfigFile(text: string): string | undefined {
  const words = shellWords(text);
  for (let i = 0; i < words.length; i++) {
    if (words[i] === '-F') return words[i + 1];
    if (words[i]!.startsWith('-F')) return words[i]!.slice(2);
  }
  return undefined;
}

/** ssh_config's host pattern: * and ?, a leading ! negates (a negated match rules the block out). */
function hostMatches(patterns: string[], host: string): boolean {
  let matched = false;
  for (const p of patterns) {
    const negated = p.startsWith('!');
    const glob = negated ? p.slice(1) : p;
    const re = new RegExp(
      `^${glob
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      'i',
    );
    if (re.test(host)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** sshConfigFor's answers for the run: a host's spec is built again for each of its tasks. */
const known = new Map<string, ReadonlyMap<string, string>>();

/** The options `file` sets for `host` (OpenSSH's spelling of the key, lower-cased), first value winning. */
export function sshConfigFor(file: string, host: string): ReadonlyMap<string, string> {
  const key = `${file}\0${host}`;
  let found = known.get(key);
  if (!found) known.set(key, (found = readConfigFor(file, host)));
  return found;
}

function readConfigFor(file: string, host: string): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`ssh config file ${file} (-F): ${(e as Error).message}`);
  }
  const out = new Map<string, string>();
  let applies = true;
  text.split('\n').forEach((raw, n) => {
    const line = raw.replace(/#.*/, '').trim();
    const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line);
    if (!m) return;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === 'host') applies = hostMatches(shellWords(value), host);
    else if (key === 'match' || key === 'include')
      throw new InputError(
        `ssh config file ${file} (-F): '${m[1]}' is not supported by fabplay's SSH client`,
        { file, line: n + 1, col: 1 },
        'write the options for the host in a Host block, or give them as -o Key=Value',
      );
    else if (applies && KEYS.has(key) && !out.has(key)) out.set(key, value.replace(/^"(.*)"$/, '$1'));
  });
  return out;
}
