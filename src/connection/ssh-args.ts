/**
 * Reads the OpenSSH options fabplay honours from `ansible_ssh_common_args` /
 * `ansible_ssh_extra_args` (`-o Key=Value`, `-oKey=Value`, `-o 'Key Value'`, `-J jump`, `-i key`,
 * `-p port`), so one inventory works for both fabplay and ansible-playbook.
 */
export interface SshArgOptions {
  proxyCommand?: string;
  proxyJump?: string;
  userKnownHostsFile?: string;
  strictHostKeyChecking?: string;
  connectTimeoutSec?: number;
  identityFile?: string;
  port?: number;
  user?: string;
  serverAliveIntervalSec?: number;
  /** ControlMaster as written (yes, no, auto, ask, autoask) */
  controlMaster?: string;
  /** ControlPersist as written (yes, no, or a time: 60, 60s, 10m, 1h30m) */
  controlPersist?: string;
}

/** Splits a command line into words the way sh does for quotes and backslashes (no expansion). */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unbalanced ' in: ${text}`);
      cur += text.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      i++;
      for (; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) i++;
        cur += text[i];
      }
      if (i >= text.length) throw new Error(`unbalanced " in: ${text}`);
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/** parseSshArgs's answers: every host of an inventory group shares the same text. */
const parsedArgs = new Map<string, Readonly<SshArgOptions>>();

export function parseSshArgs(text: string | undefined): Readonly<SshArgOptions> {
  if (!text) return {};
  let out = parsedArgs.get(text);
  if (!out) parsedArgs.set(text, (out = Object.freeze(parseArgsText(text))));
  return out;
}

function parseArgsText(text: string): SshArgOptions {
  const out: SshArgOptions = {};
  const words = shellWords(text);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    let opt: string | undefined;
    if (w === '-o') opt = words[++i];
    else if (w.startsWith('-o')) opt = w.slice(2);
    else if (w === '-J') out.proxyJump = words[++i];
    else if (w === '-i') out.identityFile = words[++i];
    else if (w === '-p') out.port = Number(words[++i]);
    else if (w === '-l') out.user = words[++i];
    if (opt === undefined) continue;
    const m = /^\s*([A-Za-z]+)\s*(?:=|\s)\s*(.*)$/s.exec(opt);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === 'proxycommand') out.proxyCommand ??= value;
    else if (key === 'proxyjump') out.proxyJump ??= value;
    else if (key === 'userknownhostsfile') out.userKnownHostsFile ??= value.split(/\s+/)[0];
    else if (key === 'stricthostkeychecking') out.strictHostKeyChecking ??= value.toLowerCase();
    else if (key === 'connecttimeout') out.connectTimeoutSec ??= Number(value);
    else if (key === 'identityfile') out.identityFile ??= value;
    else if (key === 'port') out.port ??= Number(value);
    else if (key === 'user') out.user ??= value;
    else if (key === 'serveraliveinterval') out.serverAliveIntervalSec ??= Number(value);
    else if (key === 'controlmaster') out.controlMaster ??= value.toLowerCase();
    else if (key === 'controlpersist') out.controlPersist ??= value.toLowerCase();
  }
  return out;
}

/** `[user@]host[:port]` (the first hop of a ProxyJump list). */
export function parseJump(spec: string): { user?: string; host: string; port: number } {
  const first = spec
    .split(',')[0]!
    .trim()
    .replace(/^ssh:\/\//, '');
  const at = first.lastIndexOf('@');
  const user = at >= 0 ? first.slice(0, at) : undefined;
  let rest = at >= 0 ? first.slice(at + 1) : first;
  let port = 22;
  const bracket = /^\[(.+)\](?::(\d+))?$/.exec(rest);
  if (bracket) {
    rest = bracket[1]!;
    if (bracket[2]) port = Number(bracket[2]);
  } else {
    const m = /^([^:]+):(\d+)$/.exec(rest);
    if (m) {
      rest = m[1]!;
      port = Number(m[2]);
    }
  }
  return { user, host: rest, port };
}
