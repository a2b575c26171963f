import { setTimeout as sleep } from 'node:timers/promises';
import { defineModule, ModuleFailure, type ArgsOf } from '../lib/args.js';
import { applyAttrs, checkModeArg } from '../lib/file-attrs.js';
import { statPath } from '../lib/remote-stat.js';
import {
  addSource,
  dumpFiles,
  expandPath,
  InvalidSource,
  parseRepo,
  removeSource,
  suggestFilename,
  type SourceFiles,
} from './apt-sources.js';
import { readHostSources, writeSources, type HostSources } from './apt-sources-io.js';
import { APT_ENV } from './apt.js';
import type { FileDiff, ModuleContext } from '../types.js';

/**
 * ansible.builtin.apt_repository: a one-line source (`deb [opts] uri suite comps`) present in,
 * or absent from, sources.list and sources.list.d/*.list. As Ansible, it reads every such file,
 * and when the source changes it writes all of them back in its normalised form (apt-sources.ts)
 * and removes the empty ones; then `apt-get update` unless update_cache is false, and on a
 * failed update the files go back as they were. PPA lines need Launchpad over the network and
 * are refused, except where no lookup is needed (removing one, or one already there).
 */

const args = {
  repo: { type: 'string' },
  state: { type: 'string', enum: ['absent', 'present'], default: 'present' },
  mode: { type: 'mode' },
  update_cache: { type: 'boolean', default: true, aliases: ['update-cache'] },
  update_cache_retries: { type: 'integer', default: 5 },
  update_cache_retry_max_delay: { type: 'integer', default: 12 },
  filename: { type: 'string' },
  // Ansible installs python3-apt when its module cannot import it; fabplay reads apt's settings
  // with apt-config: either value does the same
  install_python_apt: {
    type: 'boolean',
    default: true,
    unsupported: { allow: [true, false], why: 'fabplay needs no python-apt on the host' },
  },
  validate_certs: {
    type: 'boolean',
    default: true,
    unsupported: {
      allow: [true, false],
      why: 'only Launchpad lookups fetch anything, and those are refused',
    },
  },
  codename: { type: 'string' },
} as const;

type Args = ArgsOf<typeof args, 'repo' | 'state'>;

/** The source line a `ppa:owner/name` stands for (Ansible's _expand_ppa). */
function ppaSource(repo: string, codename: string): string {
  const ppa = repo.split(':')[1] ?? '';
  const [owner, name = 'ppa'] = ppa.split('/');
  return `deb http://ppa.launchpad.net/${owner}/${name}/ubuntu ${codename} main`;
}

/** The distribution's codename, as aptsources reads it (for PPA lines). */
async function hostCodename(ctx: ModuleContext, given: string | undefined): Promise<string> {
  if (given) return given;
  const r = await ctx.probe(['sh', '-c', '. /etc/os-release && printf %s "$VERSION_CODENAME"'], {
    allowFail: true,
  });
  return r.stdout.trim();
}

function enabledSources(files: SourceFiles): Set<string> {
  const out = new Set<string>();
  for (const lines of files.values()) for (const l of lines) if (l.valid && l.enabled) out.add(l.source);
  return out;
}

/** The files after the task: the source added or removed; `added` is the file it was appended to. */
async function plan(ctx: ModuleContext, a: Args, host: HostSources) {
  if (a.repo.startsWith('ppa:')) {
    const source = ppaSource(a.repo, await hostCodename(ctx, a.codename));
    if (a.state === 'absent') return { files: removeSource(host.files, source) };
    if (enabledSources(host.files).has(source)) return { files: host.files };
    throw new ModuleFailure(
      `apt_repository: ${a.repo} needs Launchpad (its signing key and line) over the network, which fabplay does not fetch; give the deb line and add its key with get_url or apt_key from a local file`,
    );
  }
  const source = parseRepo(a.repo);
  if (a.state === 'absent') return { files: removeSource(host.files, source) };
  if (a.filename?.includes('/') && !a.filename.startsWith('/'))
    throw new ModuleFailure(
      `apt_repository: filename '${a.filename}' is a relative path; give a name without '/' (it goes to ${host.partsDir}) or an absolute path`,
    );
  const file = expandPath(suggestFilename(source, a.filename), host.partsDir);
  return addSource(host.files, source, file);
}

function sameDump(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

/** One entry per file before or after, as Ansible's result lists them. */
function diffOf(before: Map<string, string>, after: Map<string, string>): FileDiff[] {
  return [...new Set([...before.keys(), ...after.keys()])].map((f) => ({
    before: before.get(f) ?? '',
    after: after.get(f) ?? '',
    before_header: before.has(f) ? f : '/dev/null',
    after_header: after.has(f) ? f : '/dev/null',
  }));
}

/**
 * apt-get update, tried `retries` times with Ansible's backoff; the last error, or undefined.
 * Throws, with nothing to put back, when apt cannot read its sources.
 */
async function updateCache(ctx: ModuleContext, a: Args): Promise<string | undefined> {
  let err = '';
  const jitter = Math.floor(Math.random() * 1001) / 1000;
  for (let retry = 0; retry < a.update_cache_retries; retry++) {
    const r = await ctx.change(['apt-get', 'update', '-q'], { env: APT_ENV, allowFail: true });
    if (!r || r.rc === 0) return undefined;
    // python-apt's FetchFailedException text: apt's messages once each (apt-get repeats its
    // warnings at the end), `E:` without the space, comma-joined
    const messages = r.stderr
      .split('\n')
      .filter((l) => /^[EW]: /.test(l))
      .map((l) => l.replace(/^([EW]): /, '$1:'));
    err = [...new Set(messages)].join(', ');
    // apt cannot read the sources at all: python-apt's Cache() raises before any fetch, and
    // Ansible stops there (a traceback) with no retry and the files left as written
    if (/The list of sources could not be read/.test(r.stderr))
      throw new ModuleFailure(`apt_pkg.Error: ${err}`, { rc: 1 });
    let delay = 2 ** retry + jitter;
    if (delay > a.update_cache_retry_max_delay) delay = a.update_cache_retry_max_delay + jitter;
    await sleep(delay * 1000);
  }
  return err || 'unknown reason';
}

export const aptRepository = defineModule({
  name: 'apt_repository',
  args,
  required: ['repo'],
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    if (!a.repo) throw new ModuleFailure("Please set argument 'repo' to a non-empty value");
    checkModeArg(a.mode);
    const host = await readHostSources(ctx);
    let planned: { files: SourceFiles; added?: string };
    try {
      planned = await plan(ctx, a, host);
    } catch (e) {
      if (e instanceof InvalidSource) throw new ModuleFailure(`Invalid repository string: ${e.message}`);
      throw e;
    }
    const before = dumpFiles(host.files);
    const after = dumpFiles(planned.files);
    const changed = !sameDump(before, after);
    // Ansible's result holds `diff: {}` without a change or --diff (an entry with no text: nothing shown)
    const diff = changed && ctx.diff ? diffOf(before, after) : ({} as FileDiff);
    const result = { changed, repo: a.repo, state: a.state, diff };
    if (!changed) return result;
    await ctx.changes('save the apt sources', async () => {
      await writeSources(ctx, host, host.raw, after);
      if (planned.added && a.mode !== undefined)
        await applyAttrs(ctx, await statPath(ctx, planned.added), { mode: a.mode });
      if (!a.update_cache) return;
      const err = await updateCache(ctx, a);
      if (err === undefined) return;
      await writeSources(ctx, host, after, dumpFiles(host.files));
      throw new ModuleFailure(`Failed to update apt cache: ${err}`);
    });
    return result;
  },
});
