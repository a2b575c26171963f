import { Writable } from 'node:stream';

/** A stream that keeps what is written to it, for output tests. */
export function sink(): { w: Writable; text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(c, _e, cb) {
      chunks.push(String(c));
      cb();
    },
  });
  return { w, text: () => chunks.join('') };
}
