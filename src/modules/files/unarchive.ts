import { stat } from 'node:fs/promises';
import { defineModule, findControllerFile, ModuleFailure, type ArgTable } from '../lib/args.js';
import { fileAttrArgs, unsafeWritesNoEffect, attributesUnsupported } from '../lib/file-args.js';
import { resolveMode } from '../lib/file-attrs.js';
import { expandRemotePath, needsExpansion } from '../lib/remote-path.js';
import { ansibleFileFacts, statPaths } from '../lib/remote-stat.js';
import type { ModuleContext, ModuleResult } from '../types.js';
import { isVaultFile, openVaultedFile } from '../../vault/controller-file.js';
import { applyTreeAttrs } from './unarchive-attrs.js';
import type { ArchiveHandler, ArchiveOptions } from './unarchive-handler.js';
import {
  checkHostArchive,
  downloadArchive,
  stageControllerArchive,
  type ArchiveSource,
} from './unarchive-source.js';
import { pickTarHandler } from './unarchive-tar.js';
import { pickZipHandler } from './unarchive-zip.js';

/**
 * ansible.builtin.unarchive: unpacks a tar (plain, gz, bz2, xz, zst) or zip archive into an
 * existing directory on the host, with the host's GNU tar or unzip. The archive comes from the
 * controller (copied to the host first, as Ansible's action plugin does), from the host
 * (remote_src), or from a URL the host downloads (remote_src). It unpacks only when the tree
 * differs from the archive (`tar --diff`, or zipinfo against the files), then applies
 * owner/group/mode to every member.
 */

const args = {
  src: { type: 'string' },
  dest: { type: 'string', remotePath: true },
  remote_src: { type: 'boolean', default: false },
  // deprecated by Ansible in favour of remote_src: copy=no is remote_src=yes
  copy: { type: 'boolean' },
  creates: { type: 'string', remotePath: true },
  list_files: { type: 'boolean', default: false },
  keep_newer: { type: 'boolean', default: false },
  exclude: { type: 'stringlist', default: [] },
  include: { type: 'stringlist', default: [] },
  extra_opts: { type: 'stringlist', default: [] },
  validate_certs: { type: 'boolean', default: true },
  // the chunk size of the CRC-32 reads: only 0 shows (ArchiveOptions.ioBufferSize)
  io_buffer_size: { type: 'integer', default: 65536 },
  decrypt: { type: 'boolean', default: true },
  ...fileAttrArgs,
  attributes: attributesUnsupported,
  unsafe_writes: unsafeWritesNoEffect,
} as const satisfies ArgTable;

const REQUIRED = 'src (or content) and dest are required';

/** remote_src: a URL the host downloads, or a path on the host (a `type: path` there: `~` is the host's). */
async function hostArchive(ctx: ModuleContext, src: string, validateCerts: boolean): Promise<ArchiveSource> {
  if (src.includes('://')) return downloadArchive(ctx, src, validateCerts);
  const path = needsExpansion(src) ? await expandRemotePath(ctx, src) : src;
  await checkHostArchive(ctx, path, false);
  return { path, cleanup: async () => {} };
}

/** The controller file for src (the role's or playbook's files/ first, as copy), checked before dest is. */
async function controllerArchive(ctx: ModuleContext, src: string, decrypt: boolean) {
  const local = findControllerFile(ctx, 'files', src);
  const st = await stat(local).catch(() => undefined);
  if (!st?.isFile())
    throw new ModuleFailure(`Could not find or access '${src}' on the controller (looked at ${local})`);
  return { local, data: decrypt && isVaultFile(local) ? openVaultedFile(local) : undefined };
}

async function pickHandler(ctx: ModuleContext, o: ArchiveOptions): Promise<ArchiveHandler> {
  const zip = await pickZipHandler(ctx, o);
  if (zip.handler) return zip.handler;
  const runUid = Number((await ctx.probe(['id', '-u'])).stdout.trim());
  const tar = await pickTarHandler(ctx, o, runUid);
  if (tar.handler) return tar.handler;
  const reasons = [...new Set([...zip.reasons, ...tar.reasons])].join('\n');
  throw new ModuleFailure(
    `Failed to find handler for "${o.src}". Make sure the required command to extract the file is installed.\n${reasons}`,
  );
}

/** Checks the tree against the archive, unpacks when it differs, sets attributes: Ansible's main(). */
async function unpack(ctx: ModuleContext, o: ArchiveOptions, listFiles: boolean): Promise<ModuleResult> {
  const h = await pickHandler(ctx, o);
  const res: ModuleResult = { handler: h.name, dest: o.dest, src: o.src };
  const check = await h.check(ctx);
  let changed = !check.unarchived;
  if (changed) {
    const done = await h.extract(ctx);
    if (done) {
      res.extract_results = done;
      if (done.rc !== 0) throw new ModuleFailure(`failed to unpack ${o.src} to ${o.dest}`, res);
    }
  }
  if (check.diff) res.diff = { prepared: check.diff };
  // in check mode the attributes are compared only (their change is kept back)
  if (h.attrsAfter(check)) changed = (await applyTreeAttrs(ctx, o, h.files)) || changed;
  if (listFiles) res.files = h.files;
  const [destSt] = await statPaths(ctx, [o.dest]);
  return { ...res, changed, ...ansibleFileFacts(destSt!) };
}

export const unarchive = defineModule({
  name: 'unarchive',
  args,
  rules: {
    mutuallyExclusive: [
      ['copy', 'remote_src'],
      ['include', 'exclude'],
    ],
    missingMessages: { src: REQUIRED, dest: REQUIRED },
  },
  required: ['src', 'dest'],
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    // Ansible's copy takes mode: preserve, unarchive does not
    if (a.mode !== undefined) resolveMode(a.mode, 0o644, false);
    const remote = a.copy === undefined ? a.remote_src : !a.copy;
    if (a.creates) {
      const [st] = await statPaths(ctx, [a.creates], { follow: true });
      if (st!.exists) return { changed: false, skipped: true, msg: `skipped, since ${a.creates} exists` };
    }
    const local = remote ? undefined : await controllerArchive(ctx, a.src, a.decrypt);
    const [destSt] = await statPaths(ctx, [a.dest], { follow: true });
    if (!destSt!.exists || destSt!.type !== 'directory')
      throw new ModuleFailure(`dest '${a.dest}' must be an existing dir`);
    const source = local
      ? await stageControllerArchive(ctx, local.local, local.data)
      : await hostArchive(ctx, a.src, a.validate_certs);
    try {
      if (local) await checkHostArchive(ctx, source.path, true);
      const o: ArchiveOptions = {
        src: source.path,
        dest: a.dest,
        exclude: a.exclude,
        include: a.include,
        extraOpts: a.extra_opts,
        keepNewer: a.keep_newer,
        owner: a.owner || undefined,
        group: a.group || undefined,
        mode: a.mode,
        ioBufferSize: a.io_buffer_size,
      };
      return await unpack(ctx, o, a.list_files);
    } finally {
      await source.cleanup();
    }
  },
});
