import { FilterError, FilterTypeError } from '../errors.js';
import { isPlainObject, pyStr, typeName } from '../python.js';
import type { FilterTable } from './types.js';

/** Python's urllib.parse.quote: UTF-8 bytes, all but letters, digits, `_.-~` and `safe` as %XX. */
function pyQuote(text: string, safe: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out +=
      /[A-Za-z0-9_.~-]/.test(c) || safe.includes(c)
        ? c
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Jinja2's url_quote: any value as its text; for a query string `/` is quoted too and a space is `+`. */
function urlQuote(value: unknown, forQuery: boolean): string {
  const quoted = pyQuote(pyStr(value), forQuery ? '' : '/');
  return forQuery ? quoted.replace(/%20/g, '+') : quoted;
}

/** Python's urllib.parse.unquote_plus: `+` is a space, %XX runs are UTF-8 (a bad byte is U+FFFD). */
function unquotePlus(text: string): string {
  return text
    .replace(/\+/g, ' ')
    .replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

/** Jinja2's urlencode: a text (or other scalar) quoted for a URL path; a mapping or pairs as a query. */
function urlencode(value: unknown): string {
  if (typeof value === 'string' || (!Array.isArray(value) && !isPlainObject(value)))
    return urlQuote(value, false);
  const pairs = Array.isArray(value) ? value : Object.entries(value);
  return pairs
    .map((pair) => {
      if (!Array.isArray(pair) || pair.length !== 2)
        throw new FilterTypeError(
          Array.isArray(pair)
            ? `${pair.length > 2 ? 'too many' : 'not enough'} values to unpack (expected 2${pair.length < 2 ? `, got ${pair.length}` : ''})`
            : `cannot unpack non-iterable ${typeName(pair)} object`,
        );
      return `${urlQuote(pair[0], true)}=${urlQuote(pair[1], true)}`;
    })
    .join('&');
}

/**
 * The start of Python's urllib.parse.urlsplit: leading blanks and control characters and every tab,
 * CR and LF dropped, then the scheme (lowercased) and the netloc after `//`; `rest` is the path
 * with its query and fragment.
 */
export function splitSchemeNetloc(url: string): { scheme: string; netloc: string; rest: string } {
  // Python's _WHATWG_C0_CONTROL_OR_SPACE and _UNSAFE_URL_BYTES_TO_REMOVE
  // eslint-disable-next-line no-control-regex
  let rest = url.replace(/^[\x00-\x20]+/, '').replace(/[\t\r\n]/g, '');
  let scheme = '';
  const s = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (s) {
    scheme = s[1]!.toLowerCase();
    rest = rest.slice(s[0].length);
  }
  let netloc = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end < 0 ? rest.slice(2) : rest.slice(2, 2 + end);
    rest = end < 0 ? '' : rest.slice(2 + end);
  }
  return { scheme, netloc, rest };
}

/** Ansible's urlsplit: the parts Python's urllib.parse.urlsplit gives, or one of them. */
function split(url: string): Record<string, unknown> {
  const { scheme, netloc, rest: afterNetloc } = splitSchemeNetloc(url);
  let rest = afterNetloc;
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) [rest, fragment] = [rest.slice(0, hash), rest.slice(hash + 1)];
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) [rest, query] = [rest.slice(0, q), rest.slice(q + 1)];
  const at = netloc.lastIndexOf('@');
  const userinfo = at >= 0 ? netloc.slice(0, at) : undefined;
  const hostport = at >= 0 ? netloc.slice(at + 1) : netloc;
  const colon = userinfo?.indexOf(':') ?? -1;
  const username = userinfo === undefined ? null : colon >= 0 ? userinfo.slice(0, colon) : userinfo;
  const password = userinfo !== undefined && colon >= 0 ? userinfo.slice(colon + 1) : null;
  const v6 = /^\[([^\]]*)\](?::(.*))?$/.exec(hostport);
  const [host, portText] = v6
    ? [v6[1]!, v6[2]]
    : hostport.includes(':')
      ? [hostport.slice(0, hostport.indexOf(':')), hostport.slice(hostport.indexOf(':') + 1)]
      : [hostport, undefined];
  let port: number | null = null;
  if (portText) {
    if (!/^\d+$/.test(portText))
      throw new FilterError(`Port could not be cast to integer value as '${portText}'`);
    port = Number(portText);
    if (port > 65535) throw new FilterError('Port out of range 0-65535');
  }
  return {
    fragment,
    hostname: host ? host.toLowerCase() : null,
    netloc,
    password,
    path: rest,
    port,
    query,
    scheme,
    username,
  };
}

export const urlFilters: FilterTable = {
  urlencode,
  // Ansible's urldecode is Python's unquote_plus, which takes only a text
  urldecode(value) {
    if (typeof value !== 'string')
      throw new FilterTypeError(`'${typeName(value)}' object has no attribute 'replace'`);
    return unquotePlus(value);
  },
  urlsplit(value, query?: unknown) {
    const parts = split(pyStr(value));
    if (query === undefined || query === null || query === '') return parts;
    const name = pyStr(query);
    if (!(name in parts)) throw new FilterError(`urlsplit: unknown URL component: ${name}`);
    return parts[name];
  },
};
