import { join, resolve } from 'node:path';
import { defineModule, ModuleFailure, type ArgTable, type ArgsOf } from '../lib/args.js';
import { shlexSplit } from '../../util/shlex.js';
import type { SshLink } from '../../connection/types.js';
import type { ModuleContext, ModuleResult } from '../types.js';
import {
  expandUser,
  expandVars,
  needsRemoteShell,
  rsyncCommand,
  rsyncOutcome,
  rsyncTarget,
  type RsyncEnds,
} from './synchronize-plan.js';

/**
 * ansible.posix.synchronize: rsync run on the controller, pushing to the host or pulling from it
 * (mode: pull) over ssh with the host's login (user, port, key; its ssh args with use_ssh_args), as
 * Ansible's action plugin and module do it. A local host (ansible_connection=local) copies on the
 * controller with the task's become. The command is planned in synchronize-plan.ts.
 */

const REQUIRED = 'synchronize requires both src and dest parameters are set';
const LOCALHOST = ['127.0.0.1', 'localhost', '::1'];
/** ssh_args of Ansible's ssh connection where none is configured (use_ssh_args sends them) */
const ANSIBLE_SSH_ARGS = '-C -o ControlMaster=auto -o ControlPersist=60s';

const args = {
  src: { type: 'string' },
  dest: { type: 'string' },
  dest_port: { type: 'integer' },
  mode: { type: 'string', enum: ['pull', 'push'], default: 'push' },
  archive: { type: 'boolean', default: true },
  checksum: { type: 'boolean', default: false },
  compress: { type: 'boolean', default: true },
  existing_only: { type: 'boolean', default: false },
  delete: { type: 'boolean', default: false },
  dirs: { type: 'boolean', default: false },
  recursive: { type: 'boolean' },
  links: { type: 'boolean' },
  copy_links: { type: 'boolean', default: false },
  perms: { type: 'boolean' },
  times: { type: 'boolean' },
  owner: { type: 'boolean' },
  group: { type: 'boolean' },
  rsync_path: { type: 'string' },
  rsync_timeout: { type: 'integer', default: 0 },
  set_remote_user: { type: 'boolean', default: true },
  use_ssh_args: { type: 'boolean', default: false },
  ssh_connection_multiplexing: { type: 'boolean', default: false },
  rsync_opts: { type: 'stringlist', exactItems: true, default: [] },
  partial: { type: 'boolean', default: false },
  verify_host: { type: 'boolean', default: false },
  private_key: { type: 'string' },
  link_dest: { type: 'stringlist', exactItems: true },
  delay_updates: { type: 'boolean', default: true },
} as const satisfies ArgTable;

type Args = ArgsOf<typeof args, 'src' | 'dest'>;

export const synchronize = defineModule({
  name: 'synchronize',
  args,
  required: ['src', 'dest'],
  rules: { missingMessages: { src: REQUIRED, dest: REQUIRED } },
  supportsCheck: true,
  supportsDiff: true,
  run: runSync,
});

/** The module's `type: path` expansion, done where the module runs: the controller. */
function pathArg(p: string, env: NodeJS.ProcessEnv): string {
  return expandUser(expandVars(p, env), env);
}

async function runSync(ctx: ModuleContext, a: Args): Promise<ModuleResult> {
  if (ctx.delegatedTo !== undefined && ctx.connectionKind !== 'local')
    throw new ModuleFailure(
      `synchronize delegated to '${ctx.delegatedTo}' would run rsync on that host: fabplay runs it only on ` +
        'the controller (no delegate_to, or delegate_to: localhost); run this task with ansible-playbook, ' +
        'or use rsync with command on that host',
    );
  const env = { ...process.env, ...ctx.env };
  const { side, ends, password } = await rsyncEnds(ctx, a, env);
  const plan = (check: boolean) => {
    const c = rsyncCommand(a, { ...ends, check });
    if ('fail' in c) throw new ModuleFailure(c.fail, { rc: 1 });
    return { cmd: c.cmd, argv: shlexSplit(c.cmd).map((w) => expandUser(expandVars(w, env), env)) };
  };
  if (a.rsync_opts.includes(''))
    ctx.warn(
      'The empty string is present in rsync_opts which will cause rsync to transfer the current working ' +
        'directory. If this is intended, use "." instead to get rid of this warning. If this is unintended, ' +
        'check for problems in your playbook leading to empty string in rsync_opts.',
    );
  const real = plan(false);
  const opts = {
    allowFail: true,
    logAs: real.cmd,
    stdin: password === undefined ? undefined : `${password}\n`,
  };
  // check mode: rsync --dry-run reads both ends and itemizes what it would change
  let shown = real.cmd;
  let r = await side.change(real.argv, opts);
  if (!r) {
    const dry = plan(true);
    shown = dry.cmd;
    r = await side.probe(dry.argv, { ...opts, logAs: dry.cmd });
  }
  if (r.rc !== 0) return { changed: false, failed: true, msg: r.stderr, rc: r.rc, cmd: shown };
  const outcome = rsyncOutcome(r.stdout, Boolean(a.link_dest?.length));
  return {
    changed: outcome.changed,
    msg: outcome.msg,
    rc: 0,
    cmd: shown,
    stdout_lines: outcome.stdout_lines,
    ...(ctx.diff ? { diff: { prepared: outcome.msg } } : {}),
  };
}

/**
 * Where rsync runs (the controller, or a local host's own context) and its two ends: local paths,
 * or user@address:path over ssh with the host's key, port, ssh args, password and become.
 */
async function rsyncEnds(
  ctx: ModuleContext,
  a: Args,
  env: NodeJS.ProcessEnv,
): Promise<{ side: ModuleContext; ends: Omit<RsyncEnds, 'check'>; password?: string }> {
  const link = ctx.sshLink();
  // the host reached over ssh at a localhost address on the default port: both paths are local
  const remote =
    link && !(LOCALHOST.includes(link.spec.address) && link.port === undefined) ? link : undefined;
  // Ansible escalates on the host rsync logs in to (--rsync-path), never where it runs; a local
  // host's copy runs with the task's become, as its module would
  const side = link ? ctx.onController() : ctx;
  const local = (p: string) => localPath(ctx, p);
  const user = remote && a.set_remote_user ? link!.user : undefined;
  const at = (p: string) => rsyncTarget(remote!.spec.address, p, user);
  const [src, dest] = !remote
    ? [local(a.src), local(a.dest)]
    : a.mode === 'pull'
      ? [at(a.src), local(a.dest)]
      : [local(a.src), at(a.dest)];
  const password = remote?.password;
  const rshNeeded = needsRemoteShell(src, dest) && !a.rsync_opts.some((o) => o.includes('--rsh'));
  const ends: Omit<RsyncEnds, 'check'> = {
    rsync: await binPath(side, pathArg(String(ctx.vars.ansible_rsync_path || 'rsync'), env)),
    sshpass: password === undefined ? undefined : await sshpassPath(side),
    ssh: rshNeeded ? await binPath(side, 'ssh') : undefined,
    src,
    dest,
    ...(remote && remoteEnds(ctx, a, remote, env)),
    rsyncPath: a.rsync_path ?? (remote ? becomeRsyncPath(ctx) : undefined),
  };
  return { side, ends, password };
}

/** How rsync's ssh reaches the host: key, port, ssh args (use_ssh_args), as the action plugin sets them. */
function remoteEnds(
  ctx: ModuleContext,
  a: Args,
  link: SshLink,
  env: NodeJS.ProcessEnv,
): Pick<RsyncEnds, 'privateKey' | 'port' | 'sshArgs'> {
  const key = a.private_key ?? link.privateKeyFile;
  // Ansible reads the ssh args of the task's connection: with delegate_to localhost that is a
  // local one, which has none
  const viaSsh = ctx.connectionKind === 'ssh' && ctx.delegatedTo === undefined;
  const sshArgs =
    a.use_ssh_args && viaSsh
      ? [link.spec.sshArgs ?? ANSIBLE_SSH_ARGS, link.spec.sshCommonArgs].filter((x) => x).join(' ')
      : undefined;
  return {
    privateKey: key === undefined ? undefined : pathArg(key, env),
    port: a.dest_port ?? link.port,
    sshArgs,
  };
}

/** become on the host: sudo in --rsync-path, as Ansible's action plugin adds it (other methods: none). */
function becomeRsyncPath(ctx: ModuleContext): string | undefined {
  const b = ctx.become;
  if (!b) return undefined;
  if (b.method !== 'sudo') {
    ctx.warn(
      `synchronize escalates on the host with sudo only (as Ansible's): become_method ${b.method} is not ` +
        `used, rsync runs there as the login user; give rsync_path to escalate otherwise`,
    );
    return undefined;
  }
  return b.user ? `sudo -u ${b.user} rsync` : 'sudo rsync';
}

/**
 * A path on the controller, as the action plugin makes it: as written when absolute or
 * host:path; else found in the role's or playbook's files/ (the playbook directory when found
 * nowhere), keeping a trailing slash (rsync copies a directory's contents then).
 */
function localPath(ctx: ModuleContext, p: string): string {
  if (p.includes(':') || p.startsWith('/')) return p;
  let found: string;
  if (p.startsWith('~')) found = resolve(expandUser(p));
  else {
    try {
      found = resolve(ctx.findFile('files', p));
    } catch {
      const base = typeof ctx.vars.playbook_dir === 'string' ? ctx.vars.playbook_dir : process.cwd();
      found = resolve(join(base, p));
    }
  }
  return p.endsWith('/') && !found.endsWith('/') ? `${found}/` : found;
}

/** Where a program is, on the side rsync runs on (Ansible's get_bin_path: PATH and the sbin dirs). */
async function binPath(side: ModuleContext, name: string): Promise<string> {
  if (name.includes('/')) return name;
  const dirs = '/sbin:/usr/sbin:/usr/local/sbin';
  const r = await side.probe(['sh', '-c', `PATH=$PATH:${dirs} command -v -- "$1"`, 'sh', name], {
    allowFail: true,
  });
  const path = r.stdout.trim();
  if (r.rc !== 0 || !path.startsWith('/'))
    throw new ModuleFailure(`Failed to find required executable "${name}" in paths: $PATH:${dirs}`);
  return path;
}

async function sshpassPath(side: ModuleContext): Promise<string> {
  try {
    await binPath(side, 'sshpass');
  } catch {
    throw new ModuleFailure('to use rsync connection with passwords, you must install the sshpass program');
  }
  return 'sshpass';
}
