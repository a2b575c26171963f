import type { ModuleResult } from '../types.js';
import { ModuleFailure } from '../lib/args.js';
import type { GitRunner } from './git-runner.js';
import { remoteHead } from './git-refs.js';
import {
  clone,
  fetch,
  hasLocalMods,
  remoteUrl,
  reset,
  setRemoteUrl,
  switchVersion,
  type Wanted,
} from './git-update.js';
import { gitDiff } from './git-diff.js';
import { submodulesFetch, submoduleUpdate } from './git-submodules.js';
import { createArchive } from './git-archive.js';

/**
 * The git module's course, step for step as Ansible's main(): no repository at dest (or none
 * wanted): clone, or in check mode (or clone=no) only ask the remote; update=no: report what is
 * there; else discard local changes (force), fetch and switch to the version, then submodules,
 * then the archive.
 */

export interface Course {
  w: Wanted;
  /** the repo argument as given, and the user's home on the host (Ansible's test for cloning) */
  repoArg: string;
  home: string;
  /** dest has a repository (its config file exists) */
  present: boolean;
  clone: boolean;
  update: boolean;
  recursive: boolean;
  track: boolean;
  archive?: string;
  archivePrefix?: string;
  check: boolean;
  diff: boolean;
  /** the result so far (separate_git_dir's move) */
  start: ModuleResult;
}

async function head(g: GitRunner, dest: string): Promise<string> {
  return (await g.read(['rev-parse', 'HEAD'], dest)).stdout.replace(/\n+$/, '');
}

export async function converge(g: GitRunner, c: Course): Promise<ModuleResult> {
  const { w } = c;
  const result: ModuleResult = { ...c.start, before: null };
  const withDiff = async () => {
    if (!c.diff) return;
    const d = await gitDiff(g, w, result.before as string | null, result.after as string, c.check);
    if (d) result.diff = d;
  };
  const remoteAt = (remote: string) =>
    remoteHead(g, {
      dest: w.dest || undefined,
      version: w.version,
      remote,
      bare: w.bare,
      repoArg: c.repoArg,
      home: c.home,
    });
  let localMods = false;
  let urlChanged: unknown = false;
  if (c.present) g.exists(w.dest);
  if (!c.present) {
    if (c.check || !c.clone) {
      Object.assign(result, { changed: true, after: await remoteAt(w.repo) });
      await withDiff();
      return result;
    }
    await clone(g, w);
  } else if (!c.update) {
    result.before = await head(g, w.dest);
    result.after = result.before;
    if (c.archive !== undefined) {
      if (c.check) return { ...result, changed: true };
      result.changed = await archiveOf(g, c);
    }
    return result;
  } else {
    localMods = await hasLocalMods(g, w.dest, w.bare);
    result.before = await head(g, w.dest);
    if (localMods) {
      // whatever the mode
      if (!w.force)
        throw new ModuleFailure(
          `Local modifications exist in the destination: ${w.dest} (force=no).`,
          result,
        );
      if (!c.check) {
        await reset(g, w.dest);
        Object.assign(result, {
          changed: true,
          msg: `Local modifications exist in the destination: ${w.dest}`,
        });
      }
    }
    if (c.check) {
      const url = await remoteUrl(g, w.dest, w.remote);
      // Python's `url and a and b`: the url itself when it is empty or None
      urlChanged = url ? url !== w.repo && !(await g.samePath(url, w.repo)) : (url ?? null);
    } else urlChanged = await setRemoteUrl(g, w);
    result.remote_url_changed = urlChanged;
    if (c.check) {
      const after = await remoteAt(w.remote);
      Object.assign(result, { changed: result.before !== after || urlChanged, after });
      await withDiff();
      return result;
    }
    await fetch(g, w);
  }
  if (!w.bare) await switchVersion(g, w);
  let submodulesChanged = false;
  if (c.recursive && !w.bare) {
    submodulesChanged = await submodulesFetch(g, w.dest, w.remote, c.track);
    if (submodulesChanged) {
      result.submodules_changed = true;
      await submoduleUpdate(g, w.dest, c.track, w.force);
    }
  }
  result.after = await head(g, w.dest);
  if (result.before !== result.after || localMods || submodulesChanged || urlChanged) {
    result.changed = true;
    await withDiff();
  }
  if (c.archive !== undefined) result.changed = await archiveOf(g, c);
  return result;
}

function archiveOf(g: GitRunner, c: Course): Promise<boolean> {
  return createArchive(g, {
    dest: c.w.dest,
    archive: c.archive!,
    prefix: c.archivePrefix,
    version: c.w.version,
    repo: c.w.repo,
  });
}
