import { createHash, hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** sha1 of bytes, hex: Ansible's `checksum`. */
export function sha1(data: Buffer | string): string {
  return hash('sha1', data);
}

/** sha1 of a controller file, streamed (a 50 MB file is never held in memory). */
export function sha1File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha1');
    createReadStream(path)
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}
