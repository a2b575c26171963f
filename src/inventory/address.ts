// Host addresses and host ranges, as Ansible's parsing/utils/addresses.py and
// plugins/inventory/__init__.py (detect_range, expand_hostname_range) read them.
import { InputError, type SourcePos } from '../errors.js';

const numericRange = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const hexRange = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`;
const alnumRange = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const i6 = `(?:[0-9a-f]{1,4}|${hexRange})`;
const i4 = `(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${numericRange})`;
const label = `(?:[\\p{L}\\p{N}_]|${alnumRange})(?:[\\p{L}\\p{N}_-]|${alnumRange})*(?<![_-])`;

const bracketedHostPort = /^\[(.+)\]:([0-9]+)$/;
const hostPort = /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/;
export const ipv4Re = new RegExp(`^(?:${i4}\\.){3}${i4}$`, 'i');
export const ipv6Re = new RegExp(
  '^(?:' +
    [
      `(?:${i6}:){7}${i6}`,
      `(?:${i6}:){1,6}:`,
      `(?:${i6}:)(?::${i6}){1,6}`,
      `(?:${i6}:){2}(?::${i6}){1,5}`,
      `(?:${i6}:){3}(?::${i6}){1,4}`,
      `(?:${i6}:){4}(?::${i6}){1,3}`,
      `(?:${i6}:){5}(?::${i6}){1,2}`,
      `(?:${i6}:){6}(?::${i6})`,
      `:(?::${i6}){1,6}`,
      `${i6}?::`,
      `(?:0:){6}(?:${i6}\\.){3}${i6}`,
      `::(?:ffff:)?(?:${i6}\\.){3}${i6}`,
      `(?:0:){5}ffff:(?:${i6}\\.){3}${i6}`,
    ].join('|') +
    ')$',
  'i',
);
/** Made at its first use: V8 reads the Unicode classes as it makes it (start-up time). */
let hostnameRe: RegExp | undefined;
const hostname = (): RegExp => (hostnameRe ??= new RegExp(`^${label}(?:\\.${label})*$`, 'iu'));
/**
 * The common case of hostnameRe, ASCII names without ranges: a plain regular expression, where
 * the first use of the Unicode one costs ~5 ms (every run parses at least one address).
 */
const asciiLabel = '(?:[A-Za-z0-9_][A-Za-z0-9_-]*)?[A-Za-z0-9]';
const asciiHostnameRe = new RegExp(`^${asciiLabel}(?:\\.${asciiLabel})*$`);

/** Splits `host:port` / `[v6]:port`; undefined when the text is no valid host (Ansible then keeps it whole). */
export function parseAddress(
  address: string,
  allowRanges: boolean,
): { host: string; port?: number } | undefined {
  let host = address;
  let port: number | undefined;
  for (const re of [bracketedHostPort, hostPort]) {
    const m = re.exec(host);
    if (m) {
      host = m[1]!;
      port = Number(m[2]);
    }
  }
  if (!asciiHostnameRe.test(host) && !ipv4Re.test(host) && !ipv6Re.test(host) && !hostname().test(host))
    return undefined;
  if (!allowRanges && host.includes('[')) return undefined;
  return { host, port };
}

/** Host names and optional port for one inventory host entry (`web[01:10]:2222`). */
export function expandHostPattern(pattern: string, pos?: SourcePos): { hosts: string[]; port?: number } {
  const parsed = parseAddress(pattern, true);
  const name = parsed ? parsed.host : pattern;
  const hosts = name.includes('[') ? expandHostnameRange(name, pos) : [name];
  return { hosts, port: parsed?.port };
}

const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** `db[01:10:2]-[a:c]` -> every name; the first [...] is expanded, then the rest recursively. */
export function expandHostnameRange(line: string, pos?: SourcePos): string[] {
  const open = line.indexOf('[');
  const close = line.indexOf(']', open);
  const fail = (msg: string): never => {
    throw new InputError(
      `${msg} in '${line}'`,
      pos,
      'write a range as [begin:end] or [begin:end:step], e.g. node[01:20]',
    );
  };
  if (open < 0 || close < 0) return fail('unclosed host range');
  const head = line.slice(0, open);
  const tail = line.slice(close + 1);
  const bounds = line.slice(open + 1, close).split(':');
  if (bounds.length !== 2 && bounds.length !== 3)
    return fail('host range must be begin:end or begin:end:step');
  const beg = bounds[0] || '0';
  const end = bounds[1]!;
  const step = bounds.length === 3 ? Number(bounds[2]) : 1;
  if (!end) return fail('host range must specify end value');
  if (!Number.isInteger(step) || step <= 0) return fail('host range step must be a positive integer');
  let fill = (x: string | number): string => String(x);
  if (beg[0] === '0' && beg.length > 1) {
    if (beg.length !== end.length) return fail('host range must specify equal-length begin and end formats');
    fill = (x) => String(x).padStart(beg.length, '0');
  }
  let seq: (string | number)[] = [];
  const iBeg = letters.indexOf(beg);
  const iEnd = letters.indexOf(end);
  if (iBeg >= 0 && iEnd >= 0) {
    if (iBeg > iEnd) return fail('host range must have begin <= end');
    for (let i = iBeg; i <= iEnd; i += step) seq.push(letters[i]!);
  } else {
    if (!/^[+-]?\d+$/.test(beg.trim()) || !/^[+-]?\d+$/.test(end.trim()))
      return fail('host range bounds must be numbers or letters');
    // Ansible makes no host of a backwards range, silently: almost surely a typo, so it stops here
    if (Number(beg) > Number(end))
      throw new InputError(
        `host range [${beg}:${end}] runs backwards in '${line}': it names no host`,
        pos,
        `write it begin:end, as in [${end}:${beg}]`,
      );
    seq = [];
    for (let i = Number(beg); i <= Number(end); i += step) seq.push(i);
  }
  const all: string[] = [];
  for (const s of seq) {
    const name = head + fill(s) + tail;
    if (name.includes('[')) all.push(...expandHostnameRange(name, pos));
    else all.push(name);
  }
  return all;
}
