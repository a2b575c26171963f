import { readdir, readlink, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { sha1, sha1File } from '../lib/local-files.js';
import { isVaultFile, openVaultedFile } from '../../vault/controller-file.js';
import type { WriteSource } from '../lib/atomic-write.js';

/** What a recursive copy writes: directories, files, and symlinks made as links on the host. */

export interface TreeFile {
  rel: string;
  checksum: string;
  mode: number;
  size: number;
  source: WriteSource;
}

export interface TreeLink {
  rel: string;
  /** what the link points to, as written */
  target: string;
}

export interface Tree {
  dirs: string[];
  files: TreeFile[];
  links: TreeLink[];
}

/** A controller file to copy: a vaulted one is opened in memory (copy's decrypt: true, as Ansible). */
async function localFile(
  full: string,
  rel: string,
  mode: number,
  size: number,
  decrypt: boolean,
): Promise<TreeFile> {
  if (decrypt && isVaultFile(full)) {
    const data = openVaultedFile(full, full);
    return { rel, checksum: sha1(data), mode, size: data.length, source: { data } };
  }
  return { rel, checksum: await sha1File(full), mode, size, source: { localPath: full } };
}

const idOf = (st: Stats) => `${st.dev}:${st.ino}`;

/**
 * The controller's tree under `root`, walked as Ansible's copy action walks it (_walk_dirs).
 * Without local_follow every symlink is copied as a link. With it, a link to a file is copied as
 * that file and a link to a directory as that directory, except a link that cannot be followed
 * (dangling, to itself, to something not a file) or one that leads back into a directory being
 * copied: those stay links.
 */
export async function localTree(root: string, follow: boolean, decrypt: boolean): Promise<Tree> {
  const tree: Tree = { dirs: [], files: [], links: [] };
  const walk = async (dir: string, rel: string, parents: ReadonlySet<string>): Promise<void> => {
    // os.walk's order: a directory's files first (the first vaulted one that cannot be opened is
    // the one Ansible names), then its subdirectories
    const subdirs: Array<{ r: string; full: string; st: Stats; link?: TreeLink }> = [];
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      const full = join(dir, e.name);
      const st = await stat(full).catch(() => undefined);
      const link = e.isSymbolicLink() ? { rel: r, target: await readlink(full) } : undefined;
      if (st?.isDirectory()) subdirs.push({ r, full, st, link });
      else if (link && !(follow && st?.isFile())) tree.links.push(link);
      else if (st?.isFile()) {
        const source = link ? await realpath(full) : full;
        tree.files.push(await localFile(source, r, st.mode & 0o7777, st.size, decrypt));
      }
    }
    const plain: typeof subdirs = [];
    for (const d of subdirs) {
      if (!d.link) {
        tree.dirs.push(d.r);
        plain.push(d);
      } else if (!follow || parents.has(idOf(d.st))) tree.links.push(d.link);
      else {
        // the directories from the link's own up to the first one already known: a link to one
        // of them is a circle
        const around = new Set<string>();
        for (let p = dir; ; p = join(p, '..')) {
          const ps = await stat(p);
          if (parents.has(idOf(ps))) break;
          around.add(idOf(ps));
          if (p === '/') break;
        }
        if (around.has(idOf(d.st))) tree.links.push(d.link);
        else {
          tree.dirs.push(d.r);
          await walk(await realpath(d.full), d.r, new Set([...parents, ...around]));
        }
      }
    }
    for (const d of plain) await walk(d.full, d.r, parents);
  };
  await walk(root, '', new Set([idOf(await stat(root))]));
  return tree;
}
