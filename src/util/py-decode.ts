/**
 * Bytes to text by a Python codec name (`latin-1`, `utf_8`, `iso8859-15`, `cp1252` ...), as a
 * lookup's `encoding` option names it. Python's latin-1 is ISO-8859-1 byte for byte (WHATWG's
 * TextDecoder reads that label as windows-1252), its ascii refuses bytes over 127, and its utf-8
 * keeps a byte order mark. A bad byte or an unknown name throws with Python's words.
 */

const LATIN1 = new Set(['latin-1', 'latin1', 'iso-8859-1', 'iso8859-1', 'l1', 'cp819', '8859']);
const ASCII = new Set(['ascii', 'us-ascii', '646']);

export function pyDecode(bytes: Uint8Array, encoding: string): string {
  const name = encoding.trim().toLowerCase().replace(/[_ ]/g, '-');
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (LATIN1.has(name)) return buf.toString('latin1');
  if (ASCII.has(name)) {
    const at = buf.findIndex((b) => b > 127);
    if (at >= 0)
      throw new Error(
        `'ascii' codec can't decode byte 0x${buf[at]!.toString(16)} in position ${at}: ordinal not in range(128)`,
      );
    return buf.toString('latin1');
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(name, { fatal: true, ignoreBOM: true });
  } catch {
    throw new Error(`unknown encoding: ${encoding}`);
  }
  try {
    return decoder.decode(buf);
  } catch {
    throw new Error(`'${encoding}' codec can't decode the bytes: invalid ${encoding} data`);
  }
}
