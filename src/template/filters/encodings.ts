import { FilterError } from '../errors.js';
import { pyStr } from '../python.js';
import type { FilterTable } from './types.js';

/** Python codec names as b64encode/b64decode take them (`encoding='utf-16-le'`), on Node's Buffer. */

type Codec = { encode: (text: string) => Buffer; decode: (bytes: Buffer) => string };

function swapPairs(b: Buffer): Buffer {
  const out = Buffer.from(b);
  return out.length % 2 ? out : out.swap16();
}

function strictAscii(text: string, limit: number, name: string): Buffer {
  const i = [...text].findIndex((c) => c.codePointAt(0)! > limit);
  if (i >= 0)
    throw new FilterError(
      `'${name}' codec can't encode character '\\u${text.codePointAt(i)!.toString(16).padStart(4, '0')}' in position ${i}: ordinal not in range(${limit + 1})`,
    );
  return Buffer.from(text, 'latin1');
}

const CODECS: Record<string, Codec> = {
  'utf-8': { encode: (t) => Buffer.from(t, 'utf8'), decode: (b) => b.toString('utf8') },
  'utf-16-le': { encode: (t) => Buffer.from(t, 'utf16le'), decode: (b) => b.toString('utf16le') },
  'utf-16-be': {
    encode: (t) => swapPairs(Buffer.from(t, 'utf16le')),
    decode: (b) => swapPairs(b).toString('utf16le'),
  },
  // Python's utf-16: a little-endian byte order mark first; decoding honours the mark it finds
  'utf-16': {
    encode: (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
    decode: (b) =>
      b[0] === 0xfe && b[1] === 0xff
        ? swapPairs(b.subarray(2)).toString('utf16le')
        : b.subarray(b[0] === 0xff && b[1] === 0xfe ? 2 : 0).toString('utf16le'),
  },
  latin_1: { encode: (t) => strictAscii(t, 0xff, 'latin-1'), decode: (b) => b.toString('latin1') },
  ascii: { encode: (t) => strictAscii(t, 0x7f, 'ascii'), decode: (b) => b.toString('latin1') },
};

const ALIASES: Record<string, string> = {
  utf8: 'utf-8',
  u8: 'utf-8',
  utf: 'utf-8',
  'utf-16le': 'utf-16-le',
  'utf-16be': 'utf-16-be',
  utf16: 'utf-16',
  'latin-1': 'latin_1',
  latin1: 'latin_1',
  latin: 'latin_1',
  'iso-8859-1': 'latin_1',
  iso8859_1: 'latin_1',
  'us-ascii': 'ascii',
};

/** The codec Python's name gives (case, `_` and `-` as Python's lookup normalises them). */
export function codec(name: unknown): Codec {
  const n = pyStr(name).toLowerCase().trim().replace(/_/g, '-');
  const found = CODECS[n] ?? CODECS[ALIASES[n] ?? ''] ?? CODECS[ALIASES[n.replace(/-/g, '_')] ?? ''];
  if (!found) throw new FilterError(`unknown encoding: ${pyStr(name)}`);
  return found;
}

export const encodingFilters: FilterTable = {
  b64encode: (value, encoding: unknown = 'utf-8') => codec(encoding).encode(pyStr(value)).toString('base64'),
  // the text's bytes are base64 (utf-8 always, as Ansible); the decoded bytes are read in `encoding`
  b64decode: (value, encoding: unknown = 'utf-8') =>
    codec(encoding).decode(Buffer.from(pyStr(value), 'base64')),
};
