import { ModuleFailure } from './args.js';

/**
 * Text to bytes in a named encoding (template's output_encoding): UTF-8, or any single-byte
 * encoding the platform can decode (windows-1252, iso-8859-*, koi8-r ...), whose table is built
 * by decoding each byte value once.
 */

const UTF8 = new Set(['utf-8', 'utf8', 'utf_8', 'u8']);
const tables = new Map<string, Map<string, number>>();

/** Python's latin-1 is ISO-8859-1 byte for byte; ascii its first half */
const LATIN1 = new Set(['latin-1', 'latin1', 'iso-8859-1', 'iso8859-1', 'l1']);
/** cp1252's 0x80-0x9f (Node's TextDecoder reads these bytes as latin-1, so they are listed here) */
const CP1252_HIGH = '€\0‚ƒ„…†‡ˆ‰Š‹Œ\0Ž\0\0‘’“”•–—˜™š›œ\0žŸ';

function byteRange(n: number, high = ''): Map<string, number> {
  const table = new Map<string, number>();
  for (let i = 0; i < n; i++) table.set(String.fromCharCode(i), i);
  [...high].forEach((c, i) => {
    table.delete(String.fromCharCode(0x80 + i));
    if (c !== '\0') table.set(c, 0x80 + i);
  });
  return table;
}

function singleByteTable(encoding: string): Map<string, number> | undefined {
  const hit = tables.get(encoding);
  if (hit) return hit;
  if (encoding === 'ascii' || encoding === 'us-ascii') return byteRange(128);
  if (LATIN1.has(encoding)) return byteRange(256);
  if (encoding === 'windows-1252' || encoding === 'cp1252') return byteRange(256, CP1252_HIGH);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding);
  } catch {
    return undefined;
  }
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const chars = [...decoder.decode(all)];
  // a multi-byte encoding does not give back one character per byte
  if (chars.length !== 256) return undefined;
  const table = new Map<string, number>();
  chars.forEach((c, i) => {
    if (c !== '\ufffd' && !table.has(c)) table.set(c, i);
  });
  tables.set(encoding, table);
  return table;
}

export function encodeText(text: string, encoding: string): Buffer {
  const name = encoding.trim().toLowerCase();
  if (!name || UTF8.has(name)) return Buffer.from(text, 'utf8');
  const table = singleByteTable(name.replace(/_/g, '-'));
  if (!table)
    throw new ModuleFailure(
      `output_encoding '${encoding}' is not supported by fabplay (it writes utf-8 and single-byte encodings such as windows-1252 or iso-8859-15)`,
    );
  const out = Buffer.alloc([...text].length);
  let i = 0;
  for (const c of text) {
    const b = table.get(c);
    if (b === undefined)
      throw new ModuleFailure(
        `'${encoding}' codec can't encode character '${c}' (U+${c.codePointAt(0)!.toString(16).padStart(4, '0')})`,
      );
    out[i++] = b;
  }
  return out;
}
