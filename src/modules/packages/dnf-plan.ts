import type { PkgPlan, PkgState } from './apt-plan.js';

/**
 * The dnf module's thinking, pure: what rpm and dnf repoquery say, and the dnf commands that
 * close the gap. Versions are compared as the EVR strings both tools print.
 */

/** rpm query format: name, tab, [epoch:]version-release. */
export const RPM_QF = '%{NAME}\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\n';
/** dnf repoquery format: the same shape (%{evr} omits a zero epoch, like RPM_QF); blank lines are fine. */
export const REPOQUERY_QF = '%{name}\t%{evr}\n';

/** Reads `rpm -q --qf RPM_QF` and `dnf repoquery --qf REPOQUERY_QF` output into package states. */
export function parseRpmStates(rpmOut: string, repoOut: string): Map<string, PkgState> {
  const map = new Map<string, PkgState>();
  const get = (n: string) => map.get(n) ?? (map.set(n, {}), map.get(n)!);
  for (const line of rpmOut.split('\n')) {
    const m = /^([^\s]+)\t(\S+)$/.exec(line);
    if (m) get(m[1]!).installed = m[2];
  }
  for (const line of repoOut.split('\n')) {
    const m = /^([^\s]+)\t(\S+)$/.exec(line);
    // repoquery lists every version: keep the last, which is the newest
    if (m) get(m[1]!).candidate = m[2];
  }
  return map;
}

export interface DnfOptions {
  disableGpgCheck?: boolean;
  enablerepo?: string[];
  disablerepo?: string[];
}

/** dnf's common flags from the options. */
export function dnfFlags(o: DnfOptions): string[] {
  const f = ['-y'];
  if (o.disableGpgCheck) f.push('--nogpgcheck');
  for (const r of o.disablerepo ?? []) f.push(`--disablerepo=${r}`);
  for (const r of o.enablerepo ?? []) f.push(`--enablerepo=${r}`);
  return f;
}

/** The dnf argument vectors for a plan: new packages installed, installed ones upgraded. */
export function dnfCommands(plan: PkgPlan, known: Map<string, PkgState>, o: DnfOptions = {}): string[][] {
  const out: string[][] = [];
  const fresh = plan.install.filter((n) => !known.get(n)?.installed);
  const upgrade = plan.install.filter((n) => known.get(n)?.installed);
  if (fresh.length) out.push(['dnf', ...dnfFlags(o), 'install', ...fresh]);
  if (upgrade.length) out.push(['dnf', ...dnfFlags(o), 'upgrade', ...upgrade]);
  if (plan.remove.length) out.push(['dnf', ...dnfFlags(o), 'remove', ...plan.remove]);
  return out;
}
