import { isIP } from 'node:net';
import { splitSchemeNetloc } from './filters/urls.js';
import { truthy } from './python.js';

/**
 * ansible-core 2.14's uri, url and urn tests (plugins/test/uri.py): a value Python's urlparse takes
 * is a URI (of one of `schemes`, when given); a URL also has a netloc or the `file` scheme; a URN
 * is a URI of the `urn` scheme. What urlparse refuses (a value that is no text, brackets of no
 * IPv6 address in the netloc) is none of them.
 */

/** The scheme and netloc urlparse gives, or undefined where it raises. */
function parsed(value: unknown): { scheme: string; netloc: string } | undefined {
  // urlparse reads a false value (None, 0, '', []) as '' and fails on any other non-text
  if (typeof value !== 'string') return truthy(value) ? undefined : { scheme: '', netloc: '' };
  const { scheme, netloc } = splitSchemeNetloc(value);
  const open = netloc.includes('['),
    close = netloc.includes(']');
  if (open !== close) return undefined;
  if (open && !bracketedHostValid(netloc.split('[')[1]!.split(']')[0]!)) return undefined;
  return { scheme, netloc };
}

/** Python's _check_bracketed_host: an IPvFuture (`v1.x`) or an IPv6 address, not IPv4. */
function bracketedHostValid(host: string): boolean {
  if (host.startsWith('v')) return /^v[a-fA-F0-9]+\..+$/s.test(host);
  return isIP(host) === 6;
}

/** Python's `scheme in schemes`: membership of a list, a substring of a text. */
function schemeIn(scheme: string, schemes: unknown): boolean {
  if (typeof schemes === 'string') return schemes.includes(scheme);
  if (Array.isArray(schemes)) return schemes.includes(scheme);
  if (schemes !== null && typeof schemes === 'object') return Object.hasOwn(schemes, scheme);
  return false;
}

/** Python's `not schemes` */
const noSchemes = (schemes: unknown): boolean => schemes === undefined || !truthy(schemes);

export function isUri(value: unknown, schemes?: unknown): boolean {
  const p = parsed(value);
  return p !== undefined && (noSchemes(schemes) || schemeIn(p.scheme, schemes));
}

export function isUrl(value: unknown, schemes?: unknown): boolean {
  const p = parsed(value);
  return isUri(value, schemes) && p !== undefined && (p.netloc !== '' || p.scheme === 'file');
}

export const isUrn = (value: unknown): boolean => isUri(value, ['urn']);
