import { FIND_BIN_SH, keyValues } from '../lib/bin-path.js';
import { defineModule, ModuleFailure, type ArgsOf, type ArgTable } from '../lib/args.js';
import { runCommandFailure } from '../lib/run-failure.js';
import type { ModuleContext, ModuleResult } from '../types.js';
import { constructRule, pushArguments, waitFor, type RuleParams } from './iptables-rule.js';

/**
 * ansible.builtin.iptables: one rule (or a chain's policy, a flush, a user chain) in the kernel's
 * tables, through iptables/ip6tables on the host, as Ansible 2.14's module runs them: `-C` tells
 * whether the rule is there, `-L CHAIN` whether the chain is. Check mode stops after those.
 * Saving the rules is not the module's job (Ansible's neither).
 */
const str = { type: 'string' } as const;
const list = { type: 'stringlist', default: [] } as const;
const args = {
  table: { type: 'string', enum: ['filter', 'nat', 'mangle', 'raw', 'security'], default: 'filter' },
  state: { type: 'string', enum: ['absent', 'present'], default: 'present' },
  action: { type: 'string', enum: ['append', 'insert'], default: 'append' },
  ip_version: { type: 'string', enum: ['ipv4', 'ipv6'], default: 'ipv4' },
  chain: str,
  rule_num: str,
  protocol: str,
  wait: str,
  source: str,
  to_source: str,
  destination: str,
  to_destination: str,
  match: list,
  tcp_flags: { type: 'object' },
  jump: str,
  gateway: str,
  log_prefix: str,
  log_level: {
    type: 'string',
    enum: [
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      'emerg',
      'alert',
      'crit',
      'error',
      'warning',
      'notice',
      'info',
      'debug',
    ],
  },
  goto: str,
  in_interface: str,
  out_interface: str,
  fragment: str,
  set_counters: str,
  source_port: str,
  destination_port: str,
  destination_ports: list,
  to_ports: str,
  set_dscp_mark: str,
  set_dscp_mark_class: str,
  comment: str,
  ctstate: list,
  src_range: str,
  dst_range: str,
  match_set: str,
  match_set_flags: { type: 'string', enum: ['src', 'dst', 'src,dst', 'dst,src'] },
  limit: str,
  limit_burst: str,
  uid_owner: str,
  gid_owner: str,
  reject_with: str,
  icmp_type: str,
  syn: { type: 'string', enum: ['ignore', 'match', 'negate'], default: 'ignore' },
  flush: { type: 'boolean', default: false },
  policy: { type: 'string', enum: ['ACCEPT', 'DROP', 'QUEUE', 'RETURN'] },
  chain_management: { type: 'boolean', default: false },
} as const satisfies ArgTable;
type Args = ArgsOf<typeof args>;

/** tcp_flags as Ansible's suboptions take it: a mapping of the lists `flags` and `flags_set`. */
function tcpFlags(v: Record<string, unknown> | undefined): RuleParams['tcp_flags'] {
  if (v === undefined) return undefined;
  const extra = Object.keys(v).filter((k) => k !== 'flags' && k !== 'flags_set');
  if (extra.length)
    throw new ModuleFailure(`tcp_flags: unsupported parameters ${extra.join(', ')} (flags, flags_set)`);
  const items = (x: unknown) =>
    x === undefined || x === null ? undefined : (Array.isArray(x) ? x : String(x).split(',')).map(String);
  const t = { flags: items(v.flags), flags_set: items(v.flags_set) };
  if (t.flags === undefined || t.flags_set === undefined)
    throw new ModuleFailure('tcp_flags needs both flags and flags_set (Ansible fails on one alone)');
  return t;
}

/** iptables (or ip6tables) on the host, where get_bin_path finds it, and its version. */
async function findIptables(ctx: ModuleContext, name: string): Promise<{ bin: string; version: string }> {
  const script = `${FIND_BIN_SH}\nfound "$1"\n`;
  const kv = keyValues((await ctx.probe(['sh', '-c', script, 'sh', name], { allowFail: true })).stdout);
  const bin = kv.get(name);
  if (!bin) throw new ModuleFailure(`Failed to find required executable "${name}" on ${ctx.host}`);
  const v = await ctx.probe([bin, '--version'], { allowFail: true });
  if (v.rc !== 0) throw runCommandFailure([bin, '--version'], v);
  // "iptables v1.8.9 (nf_tables)": what follows the first "v", as Ansible's split('v')[1]
  return { bin, version: v.stdout.split('v')[1]?.trim() ?? '' };
}

async function run(ctx: ModuleContext, a: Args): Promise<ModuleResult> {
  const p: RuleParams = { ...a, tcp_flags: tcpFlags(a.tcp_flags) };
  // the result's rule is made before LOG is filled in as the jump, as Ansible's
  const result = {
    changed: false,
    failed: false,
    ip_version: a.ip_version,
    table: a.table,
    chain: a.chain ?? null,
    flush: a.flush,
    rule: constructRule(p).join(' '),
    state: a.state,
    chain_management: a.chain_management,
  };
  const { bin, version } = await findIptables(ctx, a.ip_version === 'ipv4' ? 'iptables' : 'ip6tables');
  if (!a.flush && a.chain === undefined)
    throw new ModuleFailure('Either chain or flush parameter must be specified.');
  if (a.log_prefix || a.log_level) {
    if (a.jump === undefined) p.jump = 'LOG';
    else if (a.jump !== 'LOG')
      throw new ModuleFailure('Logging options can only be used with the LOG jump target.');
  }
  p.wait = waitFor(version, a.wait);
  const probe = async (action: string, withRule = true) =>
    (await ctx.probe(pushArguments(bin, action, p, withRule), { allowFail: true })).rc === 0;
  const change = async (action: string, withRule = true, extra: string[] = []) => {
    const cmd = [...pushArguments(bin, action, p, withRule), ...extra];
    const r = await ctx.change(cmd, { allowFail: true });
    if (r && r.rc !== 0) throw runCommandFailure(cmd, r);
  };
  if (a.flush) {
    await change('-F', false);
    return { ...result, changed: true };
  }
  if (a.policy) {
    const cmd = pushArguments(bin, '-L', p, false);
    const r = await ctx.probe(cmd, { allowFail: true });
    if (r.rc !== 0) throw runCommandFailure(cmd, r);
    const current = /\(policy ([A-Z]+)\)/.exec(r.stdout.split('\n')[0]!)?.[1];
    if (!current) throw new ModuleFailure("Can't detect current policy");
    if (current !== a.policy) await change('-P', false, [a.policy]);
    return { ...result, changed: current !== a.policy };
  }
  if (a.state === 'absent' && !result.rule) {
    const chainThere = await probe('-L', false);
    if (chainThere && a.chain_management) await change('-X', false);
    return { ...result, changed: chainThere };
  }
  const ruleThere = await probe('-C');
  const chainThere = ruleThere || (await probe('-L', false));
  const wanted = a.state === 'present';
  if (ruleThere === wanted) return result;
  if (!wanted) await change('-D');
  else {
    if (!chainThere && a.chain_management) await change('-N', false);
    await change(a.action === 'insert' ? '-I' : '-A');
  }
  return { ...result, changed: true };
}

export const iptables = defineModule({
  name: 'iptables',
  args,
  rules: {
    mutuallyExclusive: [
      ['set_dscp_mark', 'set_dscp_mark_class'],
      ['flush', 'policy'],
    ],
    requiredIf: [
      ['jump', 'TEE', ['gateway']],
      ['jump', 'tee', ['gateway']],
    ],
  },
  supportsCheck: true,
  supportsDiff: false,
  run,
});
