import { ModuleFailure } from './args.js';

/**
 * Python `re` patterns (as playbooks written for Ansible use them) turned into JavaScript RegExps:
 * named groups `(?P<n>...)`, `(?P=n)`, `\A`, `\Z`, leading inline flags `(?im)`; and Python
 * replacement templates (`\1`, `\g<1>`, `\g<name>`) expanded against a match.
 */
export function pyRegex(pattern: string, flags = ''): RegExp {
  let p = pattern;
  let f = flags;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(p);
  if (inline) {
    p = p.slice(inline[0].length);
    for (const c of inline[1]!) if ('ims'.includes(c) && !f.includes(c)) f += c;
  }
  p = p
    .replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>')
    .replace(/(^|[^\\])\\A/g, '$1^')
    .replace(/(^|[^\\])\\Z/g, '$1$(?![\\s\\S])');
  try {
    return new RegExp(p, f);
  } catch (e) {
    throw new ModuleFailure(`bad regular expression '${pattern}': ${(e as Error).message}`);
  }
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  a: '\x07',
  f: '\f',
  v: '\v',
};

/** Python's match.expand(template). */
export function expandTemplate(template: string, m: RegExpExecArray | RegExpMatchArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c !== '\\' || i + 1 >= template.length) {
      out += c;
      continue;
    }
    const n = template[i + 1]!;
    const g = /^g<([^>]+)>/.exec(template.slice(i + 1));
    if (g) {
      const key = g[1]!;
      out += (/^\d+$/.test(key) ? m[Number(key)] : m.groups?.[key]) ?? '';
      i += g[0].length;
    } else if (/\d/.test(n)) {
      const d = /^\d{1,2}/.exec(template.slice(i + 1))![0];
      out += m[Number(d)] ?? '';
      i += d.length;
    } else if (n in ESCAPES) {
      out += ESCAPES[n];
      i++;
    } else {
      out += c + n;
      i++;
    }
  }
  return out;
}
