import assert from 'node:assert/strict';
import {
  constructRule,
  pushArguments,
  waitFor,
  type RuleParams,
} from '../../../src/modules/system/iptables-rule.js';

/** The module's defaults, with these arguments. */
const params = (p: Partial<RuleParams>): RuleParams => ({
  table: 'filter',
  ip_version: 'ipv4',
  match: [],
  destination_ports: [],
  syn: 'ignore',
  ctstate: [],
  ...p,
});

describe('modules/system: iptables rules as Ansible 2.14 builds them', () => {
  it('orders the words as construct_rule, negating a value written with !', () => {
    const rule = constructRule(
      params({
        protocol: 'tcp',
        source: '!10.0.0.0/8',
        destination_port: '22',
        jump: 'ACCEPT',
        comment: 'ssh',
      }),
    );
    assert.deepEqual(rule, [
      '-p',
      'tcp',
      '!',
      '-s',
      '10.0.0.0/8',
      '-j',
      'ACCEPT',
      '--destination-port',
      '22',
      '-m',
      'comment',
      '--comment',
      'ssh',
    ]);
  });

  it('adds the match of ctstate, ranges, sets, limit and owner unless `match` names it', () => {
    assert.deepEqual(constructRule(params({ ctstate: ['NEW', 'ESTABLISHED'] })), [
      '-m',
      'conntrack',
      '--ctstate',
      'NEW,ESTABLISHED',
    ]);
    assert.deepEqual(constructRule(params({ match: ['state'], ctstate: ['NEW'] })), [
      '-m',
      'state',
      '--state',
      'NEW',
    ]);
    assert.deepEqual(constructRule(params({ src_range: '1.1.1.1-1.1.1.9' })), [
      '-m',
      'iprange',
      '--src-range',
      '1.1.1.1-1.1.1.9',
    ]);
    assert.deepEqual(constructRule(params({ match_set: 'admins', match_set_flags: 'src' })), [
      '-m',
      'set',
      '--match-set',
      'admins',
      'src',
    ]);
    assert.deepEqual(constructRule(params({ limit_burst: '5' })), ['-m', 'limit', '--limit-burst', '5']);
    assert.deepEqual(constructRule(params({ uid_owner: '!0' })), ['-m', 'owner', '!', '--uid-owner', '0']);
  });

  it('implies REJECT for reject_with, and an ip6tables icmp flag', () => {
    assert.deepEqual(constructRule(params({ reject_with: 'tcp-reset' })), [
      '-j',
      'REJECT',
      '--reject-with',
      'tcp-reset',
    ]);
    assert.deepEqual(constructRule(params({ ip_version: 'ipv6', icmp_type: 'echo-request' })), [
      '--icmpv6-type',
      'echo-request',
    ]);
  });

  it('builds the command: a rule number only for -I, no chain when none is given', () => {
    const p = params({ chain: 'INPUT', rule_num: '5', jump: 'DROP' });
    assert.deepEqual(pushArguments('/sbin/iptables', '-I', p), [
      '/sbin/iptables',
      '-t',
      'filter',
      '-I',
      'INPUT',
      '5',
      '-j',
      'DROP',
    ]);
    assert.deepEqual(pushArguments('/sbin/iptables', '-C', p), [
      '/sbin/iptables',
      '-t',
      'filter',
      '-C',
      'INPUT',
      '-j',
      'DROP',
    ]);
    assert.deepEqual(pushArguments('iptables', '-F', params({}), false), ['iptables', '-t', 'filter', '-F']);
  });

  it("keeps wait from iptables 1.6.0, as '' from 1.4.20, not before", () => {
    assert.equal(waitFor('1.8.9 (nf_tables)', '5'), '5');
    assert.equal(waitFor('1.4.21', '5'), '');
    assert.equal(waitFor('1.4.7', '5'), undefined);
  });
});
