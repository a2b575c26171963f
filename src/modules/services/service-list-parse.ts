/**
 * What service_facts reads from each init system's listing, as ansible-core 2.14's service_facts
 * reads it (same fields, same quirks), so that the facts are the same. Pure: text in, entries out.
 */

/** One entry of ansible_facts.services: the keys differ by source, as in Ansible. */
export type ServiceEntry = Record<string, string | string[] | null | number> & {
  name: string;
  source: string;
};

/**
 * `service --status-all` (Debian's sysvinit wrapper): ` [ + ]  ssh`. `[ ? ]` lines are left out.
 * `[^\n]` where Python's `.` is meant: JS's `.` stops at \r too.
 */
export function parseStatusAll(out: string): ServiceEntry[] {
  const re = /^\s*\[ (?<state>\+|-) \]\s+(?<name>[^\n]+)$/gm;
  return [...out.matchAll(re)].map((m) => ({
    name: m.groups!.name!,
    state: m.groups!.state === '+' ? 'running' : 'stopped',
    source: 'sysv',
  }));
}

/** `initctl list` (upstart): `ssh start/running, process 812`. */
export function parseInitctlList(out: string): ServiceEntry[] {
  const re = /^\s?(?<name>.*)\s(?<goal>\w+)\/(?<state>\w+)(,\sprocess\s(?<pid>[0-9]+))?\s*$/;
  const found: ServiceEntry[] = [];
  for (const line of out.replace(/\r/g, '').split('\n')) {
    const m = re.exec(line);
    if (!m) continue;
    const { name, goal, state } = m.groups!;
    found.push({ name: name!, state: state!, goal: goal!, source: 'upstart' });
  }
  return found;
}

/** chkconfig's line for one service with its seven runlevels: `sshd  0:off 1:off 2:on ...`. */
export const CHKCONFIG_LINE =
  /^(?<service>.*?)\s+[0-9]:(?<rl0>on|off)\s+[0-9]:(?<rl1>on|off)\s+[0-9]:(?<rl2>on|off)\s+[0-9]:(?<rl3>on|off)\s+[0-9]:(?<rl4>on|off)\s+[0-9]:(?<rl5>on|off)\s+[0-9]:(?<rl6>on|off)/;

/** SUSE's short chkconfig form (`sshd  on`): Ansible then asks `chkconfig -l --allservices`. */
export const CHKCONFIG_SIMPLE = /^(?<service>.*?)\s+(?<rl0>on|off)/;

/** chkconfig's services with runlevel 3 on or off (the state comes from `service NAME status`). */
export function parseChkconfig(out: string): { name: string; status: 'enabled' | 'disabled' }[] {
  const found: { name: string; status: 'enabled' | 'disabled' }[] = [];
  for (const line of out.split('\n')) {
    const m = CHKCONFIG_LINE.exec(line);
    if (m) found.push({ name: m.groups!.service!, status: m.groups!.rl3 === 'on' ? 'enabled' : 'disabled' });
  }
  return found;
}

/**
 * OpenRC: `rc-status -a -s -m | grep '^ ' | tr -d '[]'` gives ` sshd  started`, and
 * `rc-update show -v | grep '|'` gives `sshd | boot default` (no runlevel: null).
 */
export function parseOpenrc(statusOut: string, updateOut: string): ServiceEntry[] {
  const runlevels = new Map<string, string[] | null>();
  for (const line of updateOut.split('\n')) {
    const parts = line.split('|');
    if (parts.length < 2) continue;
    const levels = pyStrip(parts[1]!);
    runlevels.set(pyStrip(parts[0]!), levels ? pySplit(levels) : null);
  }
  const found: ServiceEntry[] = [];
  for (const line of statusOut.split('\n')) {
    const words = pySplit(line);
    if (words.length < 2) continue;
    const name = words[0]!;
    // Ansible looks the name up without a default: a service rc-update does not list fails there
    if (!runlevels.has(name))
      throw new Error(`rc-update does not list the service '${name}' rc-status shows`);
    found.push({ name, runlevels: runlevels.get(name)!, state: words[1]!, source: 'openrc' });
  }
  return found;
}

/** The load states systemctl marks with a dot before the unit's name. */
const BAD_STATES = ['not-found', 'masked', 'failed'];

/**
 * `systemctl list-units --no-pager --type service --all`: every line naming a `.service`;
 * `status` is the ACTIVE column (or a bad state found anywhere on the line), `state` running
 * when SUB is running, else stopped. (The unit files' STATE replaces `status` later.)
 */
export function parseListUnits(out: string): ServiceEntry[] {
  const found: ServiceEntry[] = [];
  for (const line of out.split('\n')) {
    if (!line.includes('.service')) continue;
    let fields = pySplit(line);
    const bad = BAD_STATES.find((b) => fields.includes(b));
    let status: string;
    if (bad !== undefined) {
      status = bad;
      fields = fields.slice(1); // the dot systemctl puts before such a unit
    } else status = field(fields, 2, line);
    const name = field(fields, 0, line);
    const state = field(fields, 3, line) === 'running' ? 'running' : 'stopped';
    found.push({ name, state, status, source: 'systemd' });
  }
  return found;
}

/** `systemctl list-unit-files --no-pager --type service --all`: name and STATE of each `.service` line. */
export function parseListUnitFiles(out: string): { name: string; status: string }[] {
  const found: { name: string; status: string }[] = [];
  for (const line of out.split('\n')) {
    if (!line.includes('.service')) continue;
    const words = pySplit(line);
    if (words.length < 2)
      throw new Error(`Malformed output discovered from systemd list-unit-files: ${line}`);
    found.push({ name: words[0]!, status: words[1]! });
  }
  return found;
}

/**
 * Folds the unit files into the units listed (Ansible's order of updates): a unit file not listed
 * gets its ActiveState from `activeState` (undefined: 'unknown'); a listed one takes the file's
 * state unless its load state was a bad one.
 */
export function mergeUnitFiles(
  units: ServiceEntry[],
  files: { name: string; status: string }[],
  activeState: (name: string) => string | undefined,
): Record<string, ServiceEntry> {
  const services: Record<string, ServiceEntry> = {};
  for (const u of units) services[u.name] = u;
  for (const f of files) {
    const known = services[f.name];
    if (!known)
      services[f.name] = {
        name: f.name,
        state: activeState(f.name) ?? 'unknown',
        status: f.status,
        source: 'systemd',
      };
    else if (!BAD_STATES.includes(String(known.status))) known.status = f.status;
  }
  return services;
}

/** `systemctl show NAME --property=ActiveState` -> `active`, as Ansible strips it. */
export function activeStateOf(stdout: string): string {
  return pyRstrip(stdout.replace(/ActiveState=/g, ''));
}

/** A column Ansible reads by index; a line too short for it fails the module there too. */
function field(fields: string[], i: number, line: string): string {
  const f = fields[i];
  if (f === undefined) throw new Error(`Malformed output discovered from systemd list-units: ${line}`);
  return f;
}

/** Python's whitespace (str.split() with no argument splits on it). */
const PY_SPACE = '\\s\\x1c-\\x1f\\x85';

/** Python's str.split(): runs of whitespace, no empty words. */
export function pySplit(s: string): string[] {
  return s.split(new RegExp(`[${PY_SPACE}]+`)).filter((w) => w !== '');
}

function pyStrip(s: string): string {
  return pyRstrip(s.replace(new RegExp(`^[${PY_SPACE}]+`), ''));
}

function pyRstrip(s: string): string {
  return s.replace(new RegExp(`[${PY_SPACE}]+$`), '');
}
