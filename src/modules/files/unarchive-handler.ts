import type { ModuleContext } from '../types.js';

/**
 * What unarchive's two kinds of archive (tar, zip) share: the options a handler works with and
 * what it answers. Each handler mirrors one of ansible-core 2.14's classes (its name is the
 * result's `handler`).
 */

export interface ArchiveOptions {
  /** the archive on the host */
  src: string;
  dest: string;
  exclude: string[];
  include: string[];
  extraOpts: string[];
  keepNewer: boolean;
  owner?: string;
  group?: string;
  mode?: string | number;
  /**
   * the chunk size Ansible reads a file with for its CRC-32: any size gives the same CRC, but 0
   * reads nothing (the CRC of no bytes, so every non-empty file differs, as in Ansible)
   */
  ioBufferSize: number;
}

export interface ExtractResult {
  cmd: string[];
  rc: number;
  out: string;
  err: string;
}

export interface ArchiveCheck {
  /** true: the tree under dest already holds what the archive would put there */
  unarchived: boolean;
  /** zip: rsync-style itemized changes, one line per path (Ansible's `diff.prepared`) */
  diff?: string;
}

export interface ArchiveHandler {
  /** Ansible's class name: TgzArchive, TarArchive, ZipArchive ... */
  name: string;
  /** the archive's members after include/exclude, as Ansible's files_in_archive lists them */
  files: string[];
  check(ctx: ModuleContext): Promise<ArchiveCheck>;
  extract(ctx: ModuleContext): Promise<ExtractResult | undefined>;
  /** whether owner/group/mode are applied after the check (Ansible: always for tar, for zip only when it differed) */
  attrsAfter(check: ArchiveCheck): boolean;
}

/**
 * The environment Ansible's unarchive runs tar in (get_best_parsable_locale): a locale whose
 * messages the --diff parser can read, and file names as UTF-8 rather than octal escapes.
 */
export const PARSABLE_LOCALE = {
  LANG: 'C.UTF-8',
  LC_ALL: 'C.UTF-8',
  LC_MESSAGES: 'C.UTF-8',
  LANGUAGE: 'C.UTF-8',
} as const;

/** Python's codecs.escape_decode on tar's listing: `\\`, `\n`, `\t`, octal `\303` ... back to bytes, read as UTF-8. */
export function escapeDecode(text: string): string {
  const bytes: number[] = [];
  const raw = Buffer.from(text, 'utf8');
  const simple: Record<string, number> = {
    n: 10,
    t: 9,
    r: 13,
    a: 7,
    b: 8,
    f: 12,
    v: 11,
    '\\': 92,
    "'": 39,
    '"': 34,
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== 92 || i + 1 >= raw.length) {
      bytes.push(c);
      continue;
    }
    const next = String.fromCharCode(raw[i + 1]!);
    const oct = /^[0-7]{1,3}/.exec(raw.subarray(i + 1, i + 4).toString('latin1'));
    if (oct) {
      bytes.push(parseInt(oct[0], 8) & 0xff);
      i += oct[0].length;
    } else if (next in simple) {
      bytes.push(simple[next]!);
      i++;
    } else bytes.push(c);
  }
  return Buffer.from(bytes).toString('utf8');
}
