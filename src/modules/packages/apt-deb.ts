import { ModuleFailure } from '../lib/args.js';
import { pySplitLines } from '../../util/py-text.js';
import { getOnHost } from '../net/download.js';
import type { ModuleContext, ModuleResult, PreparedDiff, RunResult } from '../types.js';

/**
 * apt's `deb`: .deb files on the host (or URLs, downloaded there first), installed with `dpkg -i`
 * as Ansible's apt does. A file whose version is installed already is left alone; one older than
 * the installed version fails unless allow_downgrade; dependencies the host lacks are installed
 * through apt first (`apt-get satisfy` with the file's Depends, where Ansible asks python-apt).
 */

// Ansible's default dpkg_options (force-confdef,force-confold), as dpkg flags
const DPKG_OPTIONS = ['--force-confdef', '--force-confold'];

export interface DebOptions {
  allowDowngrade: boolean;
  installRecommends?: boolean;
  env: Record<string, string>;
}

interface DebFields {
  Package: string;
  Version: string;
  Architecture: string;
  deps: string;
}

async function debFields(ctx: ModuleContext, file: string): Promise<DebFields> {
  const exists = await ctx.probe(['test', '-r', file], { allowFail: true });
  // python-apt's words, which Ansible's message carries
  if (exists.rc !== 0)
    throw new ModuleFailure(
      `Unable to install package: E:Could not open file ${file} - open (2: No such file or directory)`,
    );
  const argv = ['dpkg-deb', '--field', file, 'Package', 'Version', 'Architecture', 'Pre-Depends', 'Depends'];
  const r = await ctx.probe(argv, { allowFail: true });
  if (r.rc !== 0)
    throw new ModuleFailure(`Unable to install package: ${r.stderr.trim()}`, {
      stdout: r.stdout,
      stderr: r.stderr,
    });
  const fields: Record<string, string> = {};
  let last = '';
  for (const line of r.stdout.split('\n')) {
    const m = /^([A-Za-z-]+):\s?(.*)$/.exec(line);
    if (m) fields[(last = m[1]!)] = m[2]!;
    // a folded field (a long Depends) goes on over indented lines
    else if (/^\s/.test(line) && last) fields[last] += ` ${line.trim()}`;
  }
  const deps = [fields['Pre-Depends'], fields.Depends].filter(Boolean).join(', ');
  return {
    Package: fields.Package ?? '',
    Version: fields.Version ?? '',
    Architecture: fields.Architecture ?? '',
    deps,
  };
}

/** The installed version of the file's package (its architecture, or any for `all`). */
async function installedVersion(ctx: ModuleContext, f: DebFields, env: Record<string, string>) {
  const format = '${Architecture}\t${db:Status-Abbrev}\t${Version}\n';
  const r = await ctx.probe(['dpkg-query', '-W', '-f', format, '--', f.Package], { env, allowFail: true });
  for (const line of r.stdout.split('\n')) {
    const [arch, status, version] = line.split('\t');
    // not-installed and config-files have no installed version
    if (!version || /^.[nc]/.test(status ?? '')) continue;
    if (f.Architecture === 'all' || arch === f.Architecture || arch === 'all') return version;
  }
  return undefined;
}

async function compareVersions(ctx: ModuleContext, a: string, op: 'eq' | 'gt', b: string): Promise<boolean> {
  return (await ctx.probe(['dpkg', '--compare-versions', a, op, b], { allowFail: true })).rc === 0;
}

/** Ansible's parse_diff: the lines between apt-get's "Reading state information..." and its count line. */
export function aptPreparedDiff(out: string): string {
  const lines = pySplitLines(out);
  const start = lines.indexOf('Reading state information...') + 1;
  const end = lines.findIndex((l) => /^[0-9]+ (packages )?upgraded/.test(l));
  return lines.slice(start, end < 0 ? lines.length : end + 1).join('\n');
}

/** Installs what the files' dependencies lack through apt; undefined when nothing is missing. */
async function installDeps(
  ctx: ModuleContext,
  deps: string[],
  o: DebOptions,
): Promise<RunResult | undefined> {
  if (!deps.length) return undefined;
  const want = deps.join(', ');
  const sim = await ctx.probe(['apt-get', '-s', '-q', 'satisfy', want], { env: o.env, allowFail: true });
  // python-apt's words (Ansible's message): the first dependency apt cannot meet
  if (sim.rc !== 0)
    throw new ModuleFailure(
      `Dependency is not satisfiable: ${/Depends: (.+?) but /.exec(sim.stdout)?.[1] ?? want}\n`,
    );
  if (!/^Inst /m.test(sim.stdout)) return undefined;
  const argv = ['apt-get', '-y', '-q', ...DPKG_OPTIONS.flatMap((d) => ['-o', `Dpkg::Options::=${d}`])];
  if (o.installRecommends !== undefined)
    argv.push(o.installRecommends ? '--install-recommends' : '--no-install-recommends');
  // check mode: apt's simulation is the output, as Ansible's apt --simulate
  const r = (await ctx.change([...argv, 'satisfy', want], { env: o.env, allowFail: true })) ?? sim;
  if (r.rc !== 0)
    throw new ModuleFailure(`'${argv.join(' ')} satisfy ${want}' failed: ${r.stderr}`, {
      rc: r.rc,
      stdout: r.stdout,
      stderr: r.stderr,
    });
  return r;
}

/** The files to install: a URL is fetched on the host first, into `scratch` (Ansible's fetch_file, into its remote tmp). */
async function localFiles(
  ctx: ModuleContext,
  wanted: string[],
  scratch: string | undefined,
): Promise<string[]> {
  const files: string[] = [];
  for (const [i, d] of wanted.entries()) {
    if (!scratch || !d.includes('://')) {
      files.push(d);
      continue;
    }
    const file = `${scratch}/${i}-${(d.split('/').pop() || 'package.deb').replace(/[^\w.+~-]/g, '_')}`;
    const status = await getOnHost(ctx, d, true, file);
    if (status < 200 || status >= 300)
      throw new ModuleFailure(`Failure downloading ${d}, HTTP status ${status}`);
    files.push(file);
  }
  return files;
}

/** What Ansible's apt gives as diff with no install ('') and for apt's part outside diff mode ({}); no diff shows. */
const NO_DIFF = '' as unknown as PreparedDiff;
const EMPTY_DIFF = {} as unknown as PreparedDiff;

export async function installDebs(ctx: ModuleContext, deb: string, o: DebOptions): Promise<ModuleResult> {
  const wanted = deb.split(',');
  const scratch = wanted.some((d) => d.includes('://'))
    ? (await ctx.probe(['mktemp', '-d', '/tmp/.fabplay-apt-deb.XXXXXXXX'])).stdout.trim()
    : undefined;
  try {
    const files = await localFiles(ctx, wanted, scratch);
    const todo: string[] = [];
    const deps: string[] = [];
    for (const file of files) {
      const f = await debFields(ctx, file);
      const installed = await installedVersion(ctx, f, o.env);
      if (installed !== undefined && (await compareVersions(ctx, f.Version, 'eq', installed))) continue;
      if (
        installed !== undefined &&
        !o.allowDowngrade &&
        (await compareVersions(ctx, installed, 'gt', f.Version))
      )
        throw new ModuleFailure('A later version is already installed');
      if (f.deps) deps.push(f.deps);
      todo.push(file);
    }
    // Ansible's result when nothing is installed has diff '' (its exit_json's default)
    if (!todo.length)
      return { changed: false, stdout: '', stderr: '', stdout_lines: [], stderr_lines: [], diff: NO_DIFF };
    const fromApt = await installDeps(ctx, deps, o);
    const argv = ['dpkg', ...DPKG_OPTIONS, '-i', ...todo];
    // check mode asks dpkg what it would do, as Ansible's --simulate
    const r =
      (await ctx.change(argv, { env: o.env, allowFail: true })) ??
      (await ctx.probe(['dpkg', ...DPKG_OPTIONS, '--simulate', '-i', ...todo], {
        env: o.env,
        allowFail: true,
      }));
    const stdout = (fromApt?.stdout ?? '') + r.stdout;
    const stderr = (fromApt?.stderr ?? '') + r.stderr;
    const out = { stdout, stderr, stdout_lines: pySplitLines(stdout), stderr_lines: pySplitLines(stderr) };
    if (r.rc !== 0) throw new ModuleFailure(`${argv.join(' ')} failed`, out);
    // Ansible's diff: dpkg's output, or after apt's own in diff mode (an empty mapping outside it,
    // as apt's install gives)
    const diff = !fromApt
      ? { prepared: aptPreparedDiff(r.stdout) }
      : ctx.diff
        ? { prepared: `${aptPreparedDiff(fromApt.stdout)}\n\n${r.stdout}` }
        : EMPTY_DIFF;
    return { changed: true, ...out, diff };
  } finally {
    if (scratch) await ctx.probe(['rm', '-rf', '--', scratch], { allowFail: true });
  }
}
