import { defineModule, ModuleFailure } from '../lib/args.js';
import { FIND_BIN_SH, keyValues } from '../lib/bin-path.js';
import { scanInitScripts, scanSystemd, type HostTools, type Run } from './service-scan.js';
import type { ModuleContext } from '../types.js';

/**
 * ansible.builtin.service_facts: ansible_facts.services, every service the host's init systems
 * list, by name, as ansible-core 2.14 reports them (service-scan.ts decides which listings, as
 * Ansible does). Read-only: runs in check mode too. AIX's lssrc and OpenBSD's rcctl, which
 * Ansible also reads, are not (fabplay manages Linux hosts): a host that has them fails the task.
 */

/**
 * One probe: the tools where Ansible's get_bin_path finds them (PATH, then the sbin directories;
 * systemctl in /usr/bin and /usr/local/bin first), whether PID 1 is systemd, and the locale
 * Ansible's get_best_parsable_locale picks for parsing.
 */
const DISCOVER = `${FIND_BIN_SH}
for n in service chkconfig initctl rc-status rc-update; do found "$n"; done
found systemctl /usr/bin:/usr/local/bin
found rcctl
[ "$(uname -s)" = AIX ] && found lssrc
grep -q systemd /proc/1/comm 2>/dev/null && echo pid1=systemd
[ -e /etc/init.d ] && echo initd=yes
a=$(locale -a 2>/dev/null)
for l in C.utf8 C.UTF-8 en_US.utf8 en_US.UTF-8 C POSIX; do
  printf '%s\\n' "$a" | grep -qxF "$l" && { echo "locale=$l"; break; }; done
exit 0`;

/** Reads DISCOVER's lines (pure). */
export function parseDiscovery(out: string): HostTools & { locale: string } {
  const kv = keyValues(out);
  return {
    service: kv.get('service'),
    chkconfig: kv.get('chkconfig'),
    initctl: kv.get('initctl'),
    rcStatus: kv.get('rc-status'),
    rcUpdate: kv.get('rc-update'),
    systemctl: kv.get('systemctl'),
    pid1Systemd: kv.get('pid1') === 'systemd',
    initD: kv.get('initd') === 'yes',
    locale: kv.get('locale') ?? 'C',
  };
}

export const NO_SERVICES =
  'Failed to find any services. This can be due to privileges or some other configuration issue.';

async function gather(ctx: ModuleContext) {
  const out = (await ctx.probe(['sh', '-c', DISCOVER])).stdout;
  const unread = /^(rcctl|lssrc)=/m.exec(out);
  if (unread)
    throw new ModuleFailure(
      `service_facts: this host lists its services with ${unread[1]}, which Ansible reads and fabplay does not (it reads the init systems of Linux)`,
    );
  const tools = parseDiscovery(out);
  const env = { LANG: tools.locale, LC_ALL: tools.locale };
  const run: Run = (argv) => ctx.probe(argv, { allowFail: true, env });
  const warn = (m: string) => ctx.warn(m);
  try {
    return { ...(await scanInitScripts(run, tools, warn)), ...(await scanSystemd(run, tools, warn)) };
  } catch (e) {
    // a listing Ansible cannot parse either (it fails with a traceback there)
    throw new ModuleFailure(`service_facts: ${(e as Error).message}`);
  }
}

export const serviceFacts = defineModule({
  name: 'service_facts',
  args: {},
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx) {
    const services = await gather(ctx);
    if (Object.keys(services).length === 0) return { changed: false, skipped: true, msg: NO_SERVICES };
    return { changed: false, ansible_facts: { services } };
  },
});
