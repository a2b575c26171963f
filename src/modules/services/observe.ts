import { ModuleFailure } from '../lib/args.js';
import { scriptText } from '../lib/context.js';
import { hostFact } from '../packages/host-facts.js';
import {
  chkconfigEnabled,
  parseShow,
  SHOW_PROPS,
  systemdState,
  type EnableTool,
  type ServiceState,
} from './service-plan.js';
import type { ModuleContext } from '../types.js';

/** Reading a service's state from the host: one command for systemd, one for sysvinit. */

/** `systemd`, `sysvinit`, ...: the ansible_service_mgr fact, or what the host runs. */
export async function serviceManager(ctx: ModuleContext): Promise<string> {
  const fact = hostFact(ctx, 'service_mgr');
  if (fact) return fact;
  const r = await ctx.probe(['test', '-d', '/run/systemd/system'], { allowFail: true, become: false });
  return r.rc === 0 ? 'systemd' : 'sysvinit';
}

export async function readSystemd(
  ctx: ModuleContext,
  name: string,
  sysctl: string[],
): Promise<{ state: ServiceState; show: Record<string, string> }> {
  const show = parseShow((await ctx.probe([...sysctl, 'show', name, `--property=${SHOW_PROPS}`])).stdout);
  return { state: systemdState(show), show };
}

// one round trip: does the init script exist, what does `status` say, is it linked to start
const SYSV_PROBE = [
  'n=$1',
  '[ -e "/etc/init.d/$n" ] || { echo missing; exit 0; }',
  // what `service "$n" status` runs under sysvinit (a clean environment, cwd /), without the
  // three processes of the service script itself
  '(cd / && exec env -i LANG="$LANG" PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \\',
  '  TERM="$TERM" "/etc/init.d/$n" status) >/dev/null 2>&1; echo "status=$?"',
  'if command -v chkconfig >/dev/null 2>&1; then echo "chkconfig=$(chkconfig --list "$n" 2>/dev/null)"',
  'else for l in /etc/rc2.d/S[0-9][0-9]"$n" /etc/rc3.d/S[0-9][0-9]"$n" /etc/rc5.d/S[0-9][0-9]"$n"; do',
  '[ -e "$l" ] && { echo enabled=yes; exit 0; }; done; echo enabled=no; fi',
].join('\n');

/** Parses SYSV_PROBE's output (pure; exported for tests). */
export function parseSysvProbe(out: string): { state: ServiceState; tool: EnableTool } {
  if (out.trim() === 'missing') return { state: { exists: false, running: false }, tool: 'update-rc.d' };
  const status = /^status=(\d+)/m.exec(out);
  const chk = /^chkconfig=(.*)$/m.exec(out);
  const running = status?.[1] === '0';
  if (chk) return { state: { exists: true, running, enabled: chkconfigEnabled(chk[1]!) }, tool: 'chkconfig' };
  return { state: { exists: true, running, enabled: /^enabled=yes/m.test(out) }, tool: 'update-rc.d' };
}

export async function readSysv(
  ctx: ModuleContext,
  name: string,
): Promise<{ state: ServiceState; tool: EnableTool }> {
  // in a subshell of the session's shell: no sh of its own
  const r = await ctx.probe({ shell: scriptText(SYSV_PROBE, [name]) }, { inline: true });
  return parseSysvProbe(r.stdout);
}

/** Ansible's words to the letter ('host' is its fixed text, not a name): playbooks compare them. */
export function notFound(name: string): ModuleFailure {
  return new ModuleFailure(`Could not find the requested service ${name}: host`);
}
