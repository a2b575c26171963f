import { FIND_BIN_SH, keyValues } from '../lib/bin-path.js';
import { scriptText } from '../lib/context.js';
import { defineModule, ModuleFailure, type ArgsOf, type ArgTable } from '../lib/args.js';
import { shlexSplit } from '../../util/shlex.js';
import type { ModuleContext, ModuleResult, RunResult } from '../types.js';
import { psHas, sysvStarted, UNKNOWN_STATE, verbOf, verbsFor } from './sysvinit-status.js';

/**
 * ansible.builtin.sysvinit: an init script's service started, stopped, restarted or reloaded, and
 * its rc?.d links made or removed (update-rc.d, else chkconfig), as Ansible 2.14's module does it:
 * the same status heuristics (sysvinit-status.ts), commands and result (`status` per action).
 */
const args = {
  name: { type: 'string', aliases: ['service'] },
  state: { type: 'string', enum: ['started', 'stopped', 'restarted', 'reloaded'] },
  enabled: { type: 'boolean' },
  sleep: { type: 'integer', default: 1 },
  pattern: { type: 'string' },
  arguments: { type: 'string', aliases: ['args'] },
  runlevels: { type: 'stringlist' },
  daemonize: { type: 'boolean', default: false },
} as const satisfies ArgTable;
type Args = ArgsOf<typeof args, 'name'>;

// one round trip: the script, the tools where get_bin_path finds them, the S links per runlevel
// (Ansible's sysv_is_enabled globs: S?? then the name, in /etc/rc?.d or /etc/init.d/rc?.d)
const PROBE = `${FIND_BIN_SH}
script=$1; name=$2; shift 2
[ -e "$script" ] && echo exists=1
for b in chkconfig update-rc.d insserv service; do found "$b" /sbin:/usr/sbin:/bin:/usr/bin; done
d=/etc; [ -d /etc/rc0.d/ ] || d=/etc/init.d
linked() { for f in $d/rc$1.d/S??"$name"; do [ -e "$f" ] || [ -L "$f" ] && return 0; done; return 1; }
if [ $# -eq 0 ]; then linked '?' && echo enabled=1
else for rl in "$@"; do linked "$rl" && echo "rl_$rl=1"; done; fi
true`;

/** Ansible's run_command of a command line: split as shlex, no shell, C locale. */
async function runLine(ctx: ModuleContext, line: string, change: boolean, daemonize = false) {
  const argv = shlexSplit(line);
  // daemonize: detached from the session (setsid), cwd /, stdin /dev/null, as Ansible's fork
  const what = daemonize ? ['sh', '-c', 'cd / && exec setsid -w "$@" </dev/null', 'sh', ...argv] : argv;
  const opts = { allowFail: true, env: { LANG: 'C', LC_ALL: 'C', LC_MESSAGES: 'C' } };
  return change ? ctx.change(what, opts) : ctx.probe(what, opts);
}

const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));

interface Step {
  changed: boolean;
  rc: number | null;
  stdout: string | null;
  stderr: string | null;
  runlevels?: string[];
}

async function run(ctx: ModuleContext, a: Args): Promise<ModuleResult> {
  if (a.state === undefined && a.enabled === undefined)
    throw new ModuleFailure('one of the following is required: state, enabled');
  const script = a.name.startsWith('/') ? a.name : `/etc/init.d/${a.name}`;
  const runlevels = a.runlevels?.length ? a.runlevels : undefined;
  const seen = keyValues(
    (await ctx.probe({ shell: scriptText(PROBE, [script, a.name, ...(runlevels ?? [])]) }, { inline: true }))
      .stdout,
  );
  if (!seen.has('exists')) throw new ModuleFailure(`Could not find the requested service ${a.name}: `);
  const bin = (b: string) => seen.get(b);
  const ps = async () => (await ctx.probe(['ps', 'auxww'], { allowFail: true })).stdout;

  let started: boolean;
  let last: { rc: number | null; stdout: string | null; stderr: string | null } = {
    rc: 0,
    stdout: '',
    stderr: '',
  };
  if (a.pattern) {
    started = psHas(await ps(), a.pattern);
    // a pattern ps does not find "did not work" either, for Ansible
    if (!started) ctx.warn(UNKNOWN_STATE);
  } else {
    const line = bin('service') ? `${bin('service')} ${a.name} status` : `${script} status`;
    const r = (await runLine(ctx, line, false))!;
    last = r;
    const s = await sysvStarted({ name: a.name, rc: r.rc, out: r.stdout, ps });
    s.warnings.forEach((w) => ctx.warn(w));
    started = s.started;
  }

  const enabled: Step = { changed: false, rc: null, stdout: null, stderr: null };
  if (runlevels) {
    enabled.runlevels = runlevels;
    enabled.changed = runlevels.some((rl) => a.enabled !== seen.has(`rl_${rl}`));
  } else enabled.changed = a.enabled !== undefined && a.enabled !== seen.has('enabled');
  if (enabled.changed) {
    const rcd = bin('update-rc.d');
    const chk = bin('chkconfig');
    const on = a.enabled ? 'enable' : 'disable';
    let line: string | undefined;
    if (runlevels) {
      if (rcd) line = `${rcd} ${a.name} ${on} ${runlevels.join(' ')}`;
      else if (chk) line = `${chk} --level ${runlevels.join('')} ${a.name} ${a.enabled ? 'on' : 'off'}`;
    } else if (rcd) line = `${rcd} ${a.name} ${a.enabled ? 'defaults' : 'disable'}`;
    else if (chk) line = `${chk} ${a.name} ${a.enabled ? 'on' : 'off'}`;
    // no tool: Ansible reports the status command's output as the enable step's
    const r = line === undefined ? ctx.wording(undefined, last) : await runLine(ctx, line, true);
    if (r) {
      Object.assign(enabled, { rc: r.rc, stdout: r.stdout, stderr: r.stderr });
      if (r.stderr?.includes('illegal runlevel specified'))
        throw new ModuleFailure(`Illegal runlevel specified for enable operation on service ${a.name}`, {
          name: a.name,
          changed: true,
          status: { enabled },
        });
    }
  }

  const stateStep: Step = { changed: false, rc: null, stdout: null, stderr: null };
  if (a.state) {
    const verb = verbOf(a.state);
    const verbs = verbsFor(verb, started);
    stateStep.changed = verbs.length > 0;
    for (const v of verbs) {
      const r = await runLine(ctx, `${script} ${v} ${a.arguments ?? ''}`, true, a.daemonize);
      if (!r) continue;
      if (r.rc !== 0)
        throw new ModuleFailure(`Failed to ${verb} service: ${a.name}`, {
          rc: r.rc,
          stdout: r.stdout,
          stderr: r.stderr,
        });
      Object.assign(stateStep, { rc: r.rc, stdout: r.stdout, stderr: r.stderr } satisfies Partial<RunResult>);
      if (verb === 'restart' && a.sleep) await sleep(a.sleep);
    }
  }
  return {
    name: a.name,
    changed: enabled.changed || stateStep.changed,
    // a task without state has Ansible's `null` key (its dict key None)
    status: { enabled, [a.state ?? 'null']: stateStep },
  };
}

export const sysvinit = defineModule({
  name: 'sysvinit',
  args,
  required: ['name'],
  rules: { requiredOneOf: [['state', 'enabled']] },
  supportsCheck: true,
  supportsDiff: false,
  run,
});
