import {
  activeStateOf,
  CHKCONFIG_LINE,
  CHKCONFIG_SIMPLE,
  mergeUnitFiles,
  parseChkconfig,
  parseInitctlList,
  parseListUnitFiles,
  parseListUnits,
  parseOpenrc,
  parseStatusAll,
  type ServiceEntry,
} from './service-list-parse.js';

/**
 * Which listings service_facts asks for, decided as ansible-core 2.14 decides: the init-script
 * tools found on the host (service, chkconfig, initctl, rc-status) first, then systemd's units
 * when PID 1 is systemd, the later overriding the earlier by name. The host is reached through
 * `run` alone, so the decisions are tested with captured output.
 */

export interface Ran {
  rc: number;
  stdout: string;
  stderr: string;
}

/** Runs an argv on the host (with Ansible's parsable locale); never throws for a non-zero exit. */
export type Run = (argv: string[]) => Promise<Ran>;

/** What the discovery probe found (paths as Ansible's get_bin_path finds them). */
export interface HostTools {
  service?: string;
  chkconfig?: string;
  initctl?: string;
  rcStatus?: string;
  rcUpdate?: string;
  systemctl?: string;
  /** /proc/1/comm names systemd */
  pid1Systemd: boolean;
  initD: boolean;
}

type Services = Record<string, ServiceEntry>;

function add(services: Services, found: ServiceEntry[]): void {
  for (const s of found) services[s.name] = s;
}

async function listSysvinit(run: Run, t: HostTools, warn: (m: string) => void, services: Services) {
  const r = await run([t.service!, '--status-all']);
  if (r.rc === 4 && !t.initD) return;
  if (r.rc !== 0) warn(`Unable to query 'service' tool (${r.rc}): ${r.stderr}`);
  add(services, parseStatusAll(r.stdout));
}

async function listUpstart(run: Run, t: HostTools, warn: (m: string) => void, services: Services) {
  const r = await run([t.initctl!, 'list']);
  if (r.rc !== 0) warn(`Unable to query upstart for service data: ${r.stderr}`);
  else add(services, parseInitctlList(r.stdout));
}

const lines = (s: string) => s.split('\n');

async function listRh(run: Run, t: HostTools, warn: (m: string) => void, services: Services) {
  let r = await run([t.chkconfig!]);
  if (!lines(r.stdout).some((l) => CHKCONFIG_LINE.test(l))) {
    if (lines(r.stdout).some((l) => CHKCONFIG_SIMPLE.test(l)))
      r = await run([t.chkconfig!, '-l', '--allservices']);
    else if (r.stderr.includes('--list')) r = await run([t.chkconfig!, '--list']);
  }
  for (const { name, status } of parseChkconfig(r.stdout)) {
    const s = t.service ? await run([t.service, name, 'status']) : { rc: 127, stdout: '', stderr: '' };
    let state: string | number = 'running';
    if (s.rc !== 0) {
      const err = s.stderr.toLowerCase();
      if (['root', 'permission', 'not in sudoers'].some((w) => err.includes(w))) {
        warn(`Insufficient permissions to query sysV service "${name}" and their states`);
        state = s.rc; // Ansible leaves the exit code as the state then
      } else state = 'stopped';
    }
    services[name] = { name, state, status, source: 'sysv' };
  }
}

async function listOpenrc(run: Run, t: HostTools, services: Services) {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const status = await run(['sh', '-c', `${q(t.rcStatus!)} -a -s -m 2>&1 | grep '^ ' | tr -d '[]'`]);
  const update = await run(['sh', '-c', `${q(t.rcUpdate!)} show -v 2>&1 | grep '|'`]);
  add(services, parseOpenrc(status.stdout, update.stdout));
}

/** Ansible's ServiceScanService: the init-script tools, each used only when the others allow. */
export async function scanInitScripts(run: Run, t: HostTools, warn: (m: string) => void): Promise<Services> {
  const services: Services = {};
  if (t.service && !t.chkconfig && !t.rcStatus) await listSysvinit(run, t, warn, services);
  if (t.initctl && !t.chkconfig) await listUpstart(run, t, warn, services);
  else if (t.chkconfig) await listRh(run, t, warn, services);
  else if (t.rcStatus && t.rcUpdate) await listOpenrc(run, t, services);
  return services;
}

/** Each unit's ActiveState, one `systemctl show` per unit as Ansible asks (a failing one: unknown). */
const SHOW_EACH =
  'c=$1; shift; for u; do o=$("$c" show "$u" --property=ActiveState 2>/dev/null); rc=$?; printf "%s\\t%s" "$rc" "$o"; printf "\\000"; done';

async function activeStates(run: Run, systemctl: string, names: string[]): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  if (!names.length) return states;
  const r = await run(['sh', '-c', SHOW_EACH, 'sh', systemctl, ...names]);
  r.stdout
    .split('\0')
    .slice(0, names.length)
    .forEach((rec, i) => {
      const tab = rec.indexOf('\t');
      const out = rec.slice(tab + 1);
      if (rec.slice(0, tab) === '0' && out !== '') states.set(names[i]!, activeStateOf(out));
    });
  return states;
}

/** Ansible's SystemctlScanService: units, then unit files, only when PID 1 is systemd. */
export async function scanSystemd(run: Run, t: HostTools, warn: (m: string) => void): Promise<Services> {
  if (!t.pid1Systemd || !t.systemctl) return {};
  const sc = t.systemctl;
  const units = await run([sc, 'list-units', '--no-pager', '--type', 'service', '--all']);
  const listed = units.rc === 0 ? parseListUnits(units.stdout) : [];
  if (units.rc !== 0) warn(`Could not list units from systemd: ${units.stderr}`);
  const files = await run([sc, 'list-unit-files', '--no-pager', '--type', 'service', '--all']);
  if (files.rc !== 0) {
    warn(`Could not get unit files data from systemd: ${files.stderr}`);
    return mergeUnitFiles(listed, [], () => undefined);
  }
  const fileList = parseListUnitFiles(files.stdout);
  const known = new Set(listed.map((u) => u.name));
  const states = await activeStates(
    run,
    sc,
    [...new Set(fileList.map((f) => f.name))].filter((n) => !known.has(n)),
  );
  return mergeUnitFiles(listed, fileList, (n) => states.get(n));
}
