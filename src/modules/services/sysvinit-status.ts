/**
 * How Ansible 2.14's sysvinit module tells whether a service runs (pure, tested as data): the
 * status command's words first ("messy but sadly more reliable than rc", its comment says), then
 * its usual exit codes, then rc 0, then `ps` as a last resort, with its warnings.
 */

export interface StatusSeen {
  name: string;
  rc: number;
  out: string;
  /** `ps auxww` lines, asked for only when the rest says nothing */
  ps?: () => Promise<string>;
}

export interface Started {
  started: boolean;
  warnings: string[];
}

/** Ansible's warning when nothing told whether the service runs. */
export const UNKNOWN_STATE = 'Unable to determine if service is up, assuming it is down';

/** Whether a `ps auxww` line holds the text (Ansible's get_ps: a plain substring). */
export const psHas = (ps: string, pattern: string): boolean =>
  ps.split(/\r?\n/).some((l) => l.includes(pattern));

export async function sysvStarted(s: StatusSeen): Promise<Started> {
  let worked = false;
  let started = false;
  if (s.name === 'iptables' && s.out.includes('ACCEPT')) worked = started = true;
  if (!worked && (s.out.match(/\n/g)?.length ?? 0) <= 1) {
    const clean = s.out.toLowerCase().replaceAll(s.name.toLowerCase(), '');
    if (
      ['stop', 'is dead ', 'dead but ', 'could not access pid file', 'inactive'].some((w) =>
        clean.includes(w),
      )
    )
      worked = true;
    else if (['run', 'start', 'active'].some((w) => clean.includes(w)) && !clean.includes('not '))
      worked = started = true;
  }
  if (!worked && [1, 2, 3, 4, 69].includes(s.rc)) worked = true;
  const warnings: string[] = [];
  if (!worked) {
    if (s.rc === 0) worked = started = true;
    else if (s.ps && psHas(await s.ps(), s.name)) {
      worked = started = true;
      warnings.push('Used ps output to match service name and determine it is up, this is very unreliable');
    }
  }
  if (!worked) warnings.push(UNKNOWN_STATE);
  return { started, warnings };
}

/** The init script's verb for a state (`started` -> start, `stopped` -> stop), as Ansible's re.sub. */
export const verbOf = (state: string): string => state.toLowerCase().replace(/p?ed$/, '');

/** The verbs to run: restart is stop then start; start/stop/reload as Ansible's comparisons decide. */
export function verbsFor(verb: string, started: boolean): string[] {
  if (verb === 'restart') return ['stop', 'start'];
  if (started !== (verb === 'start')) return [verb];
  if (started === (verb === 'stop')) return [verb];
  return [];
}
