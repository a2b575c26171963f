/**
 * Service modules' thinking, pure: the observed state of a service, the wanted one, and the
 * commands (systemctl, or the init script with update-rc.d/chkconfig) that close the gap.
 */

export type WantedState = 'started' | 'stopped' | 'restarted' | 'reloaded';

export interface ServiceState {
  exists: boolean;
  running: boolean;
  /** undefined when it cannot be told (no enable tool) */
  enabled?: boolean;
  masked?: boolean;
}

export interface Wanted {
  state?: WantedState;
  enabled?: boolean;
  masked?: boolean;
}

/** `systemctl show` Key=Value lines into a record. */
export function parseShow(out: string): Record<string, string> {
  const rec: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) rec[line.slice(0, i)] = line.slice(i + 1);
  }
  return rec;
}

// `systemctl is-enabled` exits 0 for these, and Ansible counts them as enabled
const ENABLED_STATES = [
  'enabled',
  'enabled-runtime',
  'static',
  'alias',
  'indirect',
  'generated',
  'linked',
  'linked-runtime',
];

export function systemdState(show: Record<string, string>): ServiceState {
  const load = show.LoadState ?? '';
  const file = show.UnitFileState ?? '';
  return {
    exists: load !== 'not-found' && load !== '',
    running: ['active', 'activating', 'reloading', 'deactivating'].includes(show.ActiveState ?? ''),
    enabled: ENABLED_STATES.includes(file),
    masked: load === 'masked' || file === 'masked',
  };
}

export const SHOW_PROPS = 'Id,LoadState,ActiveState,SubState,UnitFileState,MainPID';

/** The systemctl argument vectors that take `cur` to `want` (daemon-reload is separate). */
export function systemdCommands(
  name: string,
  cur: ServiceState,
  want: Wanted,
  sysctl = ['systemctl'],
): string[][] {
  const out: string[][] = [];
  if (want.masked === false && cur.masked) out.push([...sysctl, 'unmask', name]);
  if (want.masked === true && !cur.masked) out.push([...sysctl, 'mask', name]);
  if (want.enabled !== undefined && want.enabled !== cur.enabled && want.masked !== true)
    out.push([...sysctl, want.enabled ? 'enable' : 'disable', name]);
  out.push(...stateCommands(cur.running, want.state, (verb) => [...sysctl, verb, name]));
  return out;
}

/** start/stop/restart/reload as the state asks: `started` when running does nothing. */
export function stateCommands(
  running: boolean,
  state: WantedState | undefined,
  mk: (verb: string) => string[],
): string[][] {
  switch (state) {
    case 'started':
      return running ? [] : [mk('start')];
    case 'stopped':
      return running ? [mk('stop')] : [];
    case 'restarted':
      return [mk(running ? 'restart' : 'start')];
    case 'reloaded':
      return [mk(running ? 'reload' : 'start')];
    default:
      return [];
  }
}

export type EnableTool = 'update-rc.d' | 'chkconfig';

/** `chkconfig --list NAME`: on in any of runlevels 2-5 means enabled. */
export function chkconfigEnabled(out: string): boolean {
  return /\b[2345]:on\b/.test(out);
}

/** sysvinit: the init script's verbs plus update-rc.d or chkconfig for enabled. */
export function sysvCommands(name: string, cur: ServiceState, want: Wanted, tool: EnableTool): string[][] {
  const out: string[][] = [];
  if (want.enabled !== undefined && want.enabled !== cur.enabled) {
    if (tool === 'chkconfig') out.push(['chkconfig', name, want.enabled ? 'on' : 'off']);
    // `defaults` makes the links when there are none; enable/disable then flips them
    else
      out.push(['update-rc.d', name, 'defaults'], ['update-rc.d', name, want.enabled ? 'enable' : 'disable']);
  }
  out.push(...stateCommands(cur.running, want.state, (verb) => ['service', name, verb]));
  return out;
}

/** The state after the commands ran (for the result and the diff). */
export function afterState(cur: ServiceState, want: Wanted): ServiceState {
  const running = want.state === undefined ? cur.running : want.state !== 'stopped';
  return {
    ...cur,
    running,
    enabled: want.enabled ?? cur.enabled,
    masked: want.masked ?? cur.masked,
  };
}
