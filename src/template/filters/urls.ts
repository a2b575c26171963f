import { FilterError } from '../errors.js';
import { pyStr } from '../python.js';
import type { FilterTable } from './types.js';

/** Ansible's urlsplit: the parts Python's urllib.parse.urlsplit gives, or one of them. */

function split(url: string): Record<string, unknown> {
  let rest = url;
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
  urlsplit(value, query?: unknown) {
    const parts = split(pyStr(value));
    if (query === undefined || query === null || query === '') return parts;
    const name = pyStr(query);
    if (!(name in parts)) throw new FilterError(`urlsplit: unknown URL component: ${name}`);
    return parts[name];
  },
};
