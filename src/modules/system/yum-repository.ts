import { defineModule, ModuleFailure, type ArgsOf, type ArgSpec } from '../lib/args.js';
import { fileAttrArgs, unsafeWritesNoEffect, attributesUnsupported } from '../lib/file-args.js';
import { applyAttrs, checkModeArg } from '../lib/file-attrs.js';
import { atomicWrite } from '../lib/atomic-write.js';
import { statAndRead, statPath, type RemoteStat } from '../lib/remote-stat.js';
import { IniReadError, type IniData, type IniSection } from '../../util/py-configparser.js';
import { dumpRepos, parseRepoFile, withSection, writeRepoFile } from './yum-repo-file.js';
import type { ModuleContext } from '../types.js';

/**
 * ansible.builtin.yum_repository: one `[repoid]` section of REPOSDIR/FILE.repo, written with the
 * task's options as keys (sorted, booleans as 1/0, lists joined), or removed with the file once
 * no section is left. The file's bytes are Ansible's (yum-repo-file.ts); the result carries the
 * sorted dump of the file before and after as its diff, in every mode, as Ansible's does.
 */

const text = { type: 'string' } as const satisfies ArgSpec;
const flag = { type: 'boolean' } as const satisfies ArgSpec;
const list = { type: 'stringlist', exactItems: true } as const satisfies ArgSpec;
const choices = <T extends string>(...c: T[]) => ({ type: 'string', enum: c }) as const;

const args = {
  name: text,
  description: text,
  file: text,
  reposdir: { type: 'string', default: '/etc/yum.repos.d', remotePath: true },
  state: { type: 'string', enum: ['present', 'absent'], default: 'present' },
  params: { type: 'object' },
  async: flag,
  bandwidth: text,
  baseurl: list,
  cost: text,
  deltarpm_metadata_percentage: text,
  deltarpm_percentage: text,
  enabled: flag,
  enablegroups: flag,
  exclude: list,
  failovermethod: choices('roundrobin', 'priority'),
  gpgcakey: text,
  gpgcheck: flag,
  gpgkey: list,
  module_hotfixes: flag,
  http_caching: choices('all', 'packages', 'none'),
  include: text,
  includepkgs: list,
  ip_resolve: choices('4', '6', 'IPv4', 'IPv6', 'whatever'),
  keepalive: flag,
  keepcache: choices('0', '1'),
  metadata_expire: text,
  metadata_expire_filter: choices('never', 'read-only:past', 'read-only:present', 'read-only:future'),
  metalink: text,
  mirrorlist: text,
  mirrorlist_expire: text,
  password: text,
  priority: text,
  protect: flag,
  proxy: text,
  proxy_password: text,
  proxy_username: text,
  repo_gpgcheck: flag,
  retries: text,
  s3_enabled: flag,
  skip_if_unavailable: flag,
  sslcacert: { type: 'string', aliases: ['ca_cert'] },
  ssl_check_cert_permissions: flag,
  sslclientcert: { type: 'string', aliases: ['client_cert'] },
  sslclientkey: { type: 'string', aliases: ['client_key'] },
  sslverify: { type: 'boolean', aliases: ['validate_certs'] },
  throttle: text,
  timeout: text,
  ui_repoid_vars: text,
  username: text,
  ...fileAttrArgs,
  attributes: attributesUnsupported,
  unsafe_writes: unsafeWritesNoEffect,
} as const;

type Args = ArgsOf<typeof args, 'name'>;

/** The options that become keys of the section, sorted as Ansible sorts them (`name` is the description). */
const REPO_KEYS = [
  'async',
  'bandwidth',
  'baseurl',
  'cost',
  'deltarpm_metadata_percentage',
  'deltarpm_percentage',
  'enabled',
  'enablegroups',
  'exclude',
  'failovermethod',
  'gpgcakey',
  'gpgcheck',
  'gpgkey',
  'http_caching',
  'include',
  'includepkgs',
  'ip_resolve',
  'keepalive',
  'keepcache',
  'metadata_expire',
  'metadata_expire_filter',
  'metalink',
  'mirrorlist',
  'mirrorlist_expire',
  'module_hotfixes',
  'name',
  'password',
  'priority',
  'protect',
  'proxy',
  'proxy_password',
  'proxy_username',
  'repo_gpgcheck',
  'retries',
  's3_enabled',
  'skip_if_unavailable',
  'ssl_check_cert_permissions',
  'sslcacert',
  'sslclientcert',
  'sslclientkey',
  'sslverify',
  'throttle',
  'timeout',
  'ui_repoid_vars',
  'username',
] as const;

/** lists yum reads one per line; the others (package globs) are joined with spaces */
const LINE_LISTS = new Set(['baseurl', 'gpgkey']);

/** The section's options as Ansible sets them: given ones only, in REPO_KEYS order. */
export function repoOptions(a: Args): IniSection {
  const out: IniSection = new Map();
  for (const key of REPO_KEYS) {
    const v = key === 'name' ? a.description : (a as Record<string, unknown>)[key];
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) out.set(key, v.join(LINE_LISTS.has(key) ? '\n' : ' '));
    else if (typeof v === 'boolean') out.set(key, v ? '1' : '0');
    else out.set(key, String(v));
  }
  return out;
}

/** The arguments Ansible refuses before it looks at the host, in its words. */
function checkArgs(a: Args): void {
  if (a.params && Object.keys(a.params).length)
    throw new ModuleFailure(
      "The params option to yum_repository was removed in Ansible 2.5 since it circumvents Ansible's option handling",
    );
  if (a.state === 'present') {
    if (a.baseurl === undefined && a.metalink === undefined && a.mirrorlist === undefined)
      throw new ModuleFailure("Parameter 'baseurl', 'metalink' or 'mirrorlist' is required.");
    if (a.description === undefined) throw new ModuleFailure("Parameter 'description' is required.");
    // configparser cannot add these (Ansible stops with a traceback, or writes into DEFAULT)
    if (a.name === '' || a.name === 'DEFAULT')
      throw new ModuleFailure(`yum_repository: '${a.name}' cannot be a repository id; name the repository`);
  }
  checkModeArg(a.mode);
}

/** Python's os.path.join(dir, file): an absolute file name stands alone. */
function repoPath(dir: string, file: string): string {
  const name = `${file}.repo`;
  if (name.startsWith('/')) return name;
  return dir === '' || dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** The file's stat and options (none without a regular file); fails where Ansible cannot read it. */
async function readRepoFile(ctx: ModuleContext, dest: string, reposdir: string) {
  const { st, content } = await statAndRead(ctx, dest);
  if (!st.exists) {
    const dir = await statPath(ctx, reposdir, { follow: true });
    if (!dir.exists || dir.type !== 'directory')
      throw new ModuleFailure(`Repo directory '${reposdir}' does not exist.`);
  }
  if (!st.exists || st.type !== 'file') return { st, data: parseRepoFile(undefined, dest) };
  if (content === undefined) throw new ModuleFailure(`yum_repository: cannot read ${dest} (permissions?)`);
  const decoded = content.toString('utf8');
  if (!Buffer.from(decoded, 'utf8').equals(content))
    throw new ModuleFailure(`yum_repository: ${dest} is not UTF-8 text; fix or remove it`);
  try {
    return { st, data: parseRepoFile(decoded, dest) };
  } catch (e) {
    if (!(e instanceof IniReadError)) throw e;
    throw new ModuleFailure(`yum_repository: cannot parse ${dest}: ${e.message}; fix or remove that file`);
  }
}

/** Writes or removes the file; the file's stat after, or undefined when there is none (or check mode made none). */
async function save(ctx: ModuleContext, dest: string, st: RemoteStat, after: IniData) {
  if (st.exists && st.type !== 'file')
    // Ansible's open() fails, outside check mode only
    return ctx.changes<undefined>(`write ${dest}`, () => {
      const why =
        st.type === 'directory' ? `[Errno 21] Is a directory: '${dest}'` : `not a regular file: ${dest}`;
      throw new ModuleFailure(`Problems handling file ${dest}.`, { details: why });
    });
  const bytes = writeRepoFile(after);
  if (bytes !== undefined) {
    // Ansible opens the path for writing: a symlinked .repo file keeps its link, the target changes
    const written = await atomicWrite(ctx, st.realPath ?? dest, { data: Buffer.from(bytes) });
    return written ? written.stat : st.exists ? st : undefined;
  }
  const removed = await ctx.change(['rm', '--', dest]);
  return removed ? undefined : st;
}

export const yumRepository = defineModule({
  name: 'yum_repository',
  args,
  required: ['name'],
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    checkArgs(a);
    const dest = repoPath(a.reposdir, a.file ?? a.name);
    const { st, data } = await readRepoFile(ctx, dest, a.reposdir);
    const after = withSection(data, a.name, a.state === 'present' ? repoOptions(a) : undefined);
    const diff = {
      before: dumpRepos(data),
      after: dumpRepos(after),
      before_header: dest,
      after_header: dest,
    };
    let changed = diff.before !== diff.after;
    const stAfter = changed
      ? await save(ctx, dest, st, after)
      : st.exists && st.type === 'file'
        ? st
        : undefined;
    if (stAfter && (a.owner !== undefined || a.group !== undefined || a.mode !== undefined))
      changed = (await applyAttrs(ctx, stAfter, a)).changed || changed;
    return { changed, repo: a.name, state: a.state, diff };
  },
});
