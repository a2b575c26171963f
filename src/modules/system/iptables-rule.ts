/**
 * The iptables module's command lines (pure: tested as data). The rule's words come in the order
 * and with the quirks of Ansible 2.14's construct_rule, since `iptables -C` compares the rule as
 * given and the module's `rule` result shows it: a leading `!` on a value negates its flag, the
 * conntrack, iprange, set, limit, owner and comment matches are added when their arguments are.
 */

export interface RuleParams {
  table: string;
  chain?: string;
  ip_version: 'ipv4' | 'ipv6';
  rule_num?: string;
  wait?: string;
  protocol?: string;
  source?: string;
  destination?: string;
  match: string[];
  tcp_flags?: { flags?: string[]; flags_set?: string[] };
  jump?: string;
  gateway?: string;
  log_prefix?: string;
  log_level?: string;
  to_destination?: string;
  destination_ports: string[];
  to_source?: string;
  goto?: string;
  in_interface?: string;
  out_interface?: string;
  fragment?: string;
  set_counters?: string;
  source_port?: string;
  destination_port?: string;
  to_ports?: string;
  set_dscp_mark?: string;
  set_dscp_mark_class?: string;
  syn: 'ignore' | 'match' | 'negate';
  ctstate: string[];
  src_range?: string;
  dst_range?: string;
  match_set?: string;
  match_set_flags?: string;
  limit?: string;
  limit_burst?: string;
  uid_owner?: string;
  gid_owner?: string;
  reject_with?: string;
  icmp_type?: string;
  comment?: string;
}

/** `flag value`, or `! flag value` for a value written `!value`. */
function param(rule: string[], value: string | undefined, flag: string): void {
  if (value === undefined || value === null) return;
  if (value.startsWith('!')) rule.push('!', flag, value.slice(1));
  else rule.push(flag, value);
}

/** Ansible's append_match_flag: the flag alone when the value is 'match', negated for 'negate'. */
function matchFlag(rule: string[], value: string | undefined, flag: string, negatable: boolean): void {
  if (value === 'match') rule.push(flag);
  else if (negatable && value === 'negate') rule.push('!', flag);
}

const csv = (rule: string[], values: string[], flag: string) =>
  values.length && rule.push(flag, values.join(','));
const matchIf = (rule: string[], on: unknown, name: string) =>
  on && (!Array.isArray(on) || on.length) && rule.push('-m', name);

const ICMP_TYPE_FLAG = { ipv4: '--icmp-type', ipv6: '--icmpv6-type' } as const;

export function constructRule(p: RuleParams): string[] {
  const rule: string[] = [];
  if (p.wait) rule.push('-w', p.wait);
  param(rule, p.protocol, '-p');
  param(rule, p.source, '-s');
  param(rule, p.destination, '-d');
  for (const m of p.match) param(rule, m, '-m');
  if (p.tcp_flags?.flags && p.tcp_flags.flags_set)
    rule.push('--tcp-flags', p.tcp_flags.flags.join(','), p.tcp_flags.flags_set.join(','));
  param(rule, p.jump, '-j');
  if (p.jump?.toLowerCase() === 'tee') param(rule, p.gateway, '--gateway');
  param(rule, p.log_prefix, '--log-prefix');
  param(rule, p.log_level, '--log-level');
  param(rule, p.to_destination, '--to-destination');
  matchIf(rule, p.destination_ports, 'multiport');
  csv(rule, p.destination_ports, '--dports');
  param(rule, p.to_source, '--to-source');
  param(rule, p.goto, '-g');
  param(rule, p.in_interface, '-i');
  param(rule, p.out_interface, '-o');
  param(rule, p.fragment, '-f');
  param(rule, p.set_counters, '-c');
  param(rule, p.source_port, '--source-port');
  param(rule, p.destination_port, '--destination-port');
  param(rule, p.to_ports, '--to-ports');
  param(rule, p.set_dscp_mark, '--set-dscp');
  param(rule, p.set_dscp_mark_class, '--set-dscp-class');
  matchFlag(rule, p.syn, '--syn', true);
  if (p.match.includes('conntrack')) csv(rule, p.ctstate, '--ctstate');
  else if (p.match.includes('state')) csv(rule, p.ctstate, '--state');
  else if (p.ctstate.length) rule.push('-m', 'conntrack', '--ctstate', p.ctstate.join(','));
  if (p.match.includes('iprange') || p.src_range || p.dst_range) {
    if (!p.match.includes('iprange')) rule.push('-m', 'iprange');
    param(rule, p.src_range, '--src-range');
    param(rule, p.dst_range, '--dst-range');
  }
  if (p.match.includes('set') || p.match_set) {
    if (!p.match.includes('set')) rule.push('-m', 'set');
    param(rule, p.match_set, '--match-set');
    // Ansible's append_match_flag(rule, 'match', flags): the flags themselves, when given
    if (p.match_set_flags) rule.push(p.match_set_flags);
  }
  matchIf(rule, p.limit || p.limit_burst, 'limit');
  param(rule, p.limit, '--limit');
  param(rule, p.limit_burst, '--limit-burst');
  for (const [value, flag] of [
    [p.uid_owner, '--uid-owner'],
    [p.gid_owner, '--gid-owner'],
  ] as const) {
    matchIf(rule, value, 'owner');
    // a value of 'match' or 'negate' adds the flag alone first, as Ansible's does
    matchFlag(rule, value, flag, true);
    param(rule, value, flag);
  }
  if (p.jump === undefined && p.reject_with) rule.push('-j', 'REJECT');
  param(rule, p.reject_with, '--reject-with');
  param(rule, p.icmp_type, ICMP_TYPE_FLAG[p.ip_version]);
  matchIf(rule, p.comment, 'comment');
  param(rule, p.comment, '--comment');
  return rule;
}

/** `iptables -t TABLE ACTION CHAIN [RULE_NUM] [RULE]` (a chain not given is left out, as run_command drops None). */
export function pushArguments(bin: string, action: string, p: RuleParams, withRule = true): string[] {
  const cmd = [bin, '-t', p.table, action];
  if (p.chain !== undefined) cmd.push(p.chain);
  if (action === '-I' && p.rule_num) cmd.push(p.rule_num);
  return withRule ? [...cmd, ...constructRule(p)] : cmd;
}

/** What the module's version check leaves of `wait`: kept from 1.6.0, '' (no seconds) from 1.4.20, none before. */
export function waitFor(version: string, wait: string | undefined): string | undefined {
  const v = version.split('.').map((n) => parseInt(n, 10) || 0);
  const atLeast = (w: number[]) => {
    for (let i = 0; i < w.length; i++) if ((v[i] ?? 0) !== w[i]) return (v[i] ?? 0) > w[i]!;
    return true;
  };
  if (atLeast([1, 6, 0])) return wait;
  return atLeast([1, 4, 20]) ? '' : undefined;
}
