// iptables on a lab host beside ansible-playbook 2.14 on the same playbook: a lab host is a
// network namespace, so its tables are its own. Rules appended, inserted at a number, removed;
// a user chain made and deleted (chain_management); a policy; a flush; ip6tables; the quirks of
// Ansible's rule (a `!` prefix, LOG filled in as the jump, ctstate's conntrack, multiport, tcp
// flags, a comment); the failures (a missing chain, logging with another jump). Each result's
// keys are printed by debug, so the outputs compared hold them; check mode must write nothing.
import assert from 'node:assert/strict';
import { useLab } from '../../helpers/lab.js';
import { sideBySide } from '../lab-playbook.js';

const show = `
      register: r
      ignore_errors: true
    - debug: msg="{{ r | dict2items | rejectattr('key', 'in', ['invocation', 'stdout_lines', 'stderr_lines']) | items2dict | to_json(sort_keys=true) }}"`;

const PLAYBOOK = `- hosts: h1
  gather_facts: false
  tasks:
    - name: a user chain, made
      iptables: {chain: FABPLAY, chain_management: true}${show}
    - name: a rule in it
      iptables: {chain: FABPLAY, protocol: tcp, destination_port: "8080", source: "!127.0.0.1", jump: ACCEPT, comment: web}${show}
    - name: conntrack states, multiport, tcp flags, wait
      iptables:
        chain: FABPLAY
        protocol: tcp
        ctstate: [ESTABLISHED, RELATED]
        destination_ports: ["80", "443", "8081:8083"]
        tcp_flags: {flags: ALL, flags_set: [ACK, SYN]}
        wait: "5"
        jump: ACCEPT${show}
    - name: inserted as rule 2
      iptables: {chain: FABPLAY, action: insert, rule_num: "2", in_interface: lo, jump: RETURN}${show}
    - name: logging fills in LOG as the jump
      iptables: {chain: FABPLAY, limit: 2/second, limit_burst: "20", log_prefix: "FP: ", log_level: info}${show}
    - name: logging with another jump
      iptables: {chain: FABPLAY, log_prefix: "x", jump: DROP}${show}
    - name: reject with, icmp type, syn
      iptables: {chain: FABPLAY, protocol: tcp, syn: match, reject_with: tcp-reset}${show}
    - name: a rule removed
      iptables: {chain: FABPLAY, in_interface: lo, jump: RETURN, state: absent}${show}
    - name: a rule that is not there, removed
      iptables: {chain: FABPLAY, in_interface: eth9, jump: RETURN, state: absent}${show}
    - name: a chain that does not exist, no chain_management
      iptables: {chain: NOPE, jump: ACCEPT}${show}
    - name: jump to the user chain from FORWARD
      iptables: {chain: FORWARD, jump: FABPLAY, ip_version: ipv4}${show}
    - name: FORWARD's policy
      iptables: {chain: FORWARD, policy: DROP}${show}
    - name: a user chain has no policy
      iptables: {chain: FABPLAY, policy: ACCEPT}${show}
    - name: nat table, DNAT
      iptables: {table: nat, chain: PREROUTING, protocol: udp, destination_port: "53", jump: DNAT, to_destination: "127.0.0.1:5353"}${show}
    - name: ip6tables, icmpv6 type
      iptables: {ip_version: ipv6, chain: INPUT, protocol: ipv6-icmp, icmp_type: echo-request, jump: ACCEPT}${show}
    - name: a second chain, made, then deleted
      iptables: {chain: GONE, chain_management: true}${show}
    - name: the chain deleted
      iptables: {chain: GONE, chain_management: true, state: absent}${show}
    - name: the mangle table flushed
      iptables: {table: mangle, flush: true}${show}
    - name: no chain, no flush
      iptables: {jump: ACCEPT}${show}
`;

// (a source that -L can name from /etc/hosts: other addresses wait for DNS, which a lab host lacks)
// fresh state: FORWARD accepts, no FABPLAY/GONE chain, empty nat PREROUTING and ip6tables INPUT
const SEED = [
  'iptables -P FORWARD ACCEPT; iptables -F FORWARD; iptables -F FABPLAY 2>/dev/null; iptables -X FABPLAY 2>/dev/null',
  'iptables -F GONE 2>/dev/null; iptables -X GONE 2>/dev/null; iptables -t nat -F PREROUTING; ip6tables -F INPUT; iptables -t mangle -F',
  'iptables -t mangle -A OUTPUT -p udp --dport 9 -j ACCEPT',
].join('\n');

const STATE =
  'for t in filter nat mangle; do echo "== $t"; iptables -t $t -S; done; echo "== ipv6"; ip6tables -S';

describe('modules/system: iptables on a lab host beside ansible-playbook 2.14 @lab', function () {
  this.timeout(600_000);
  const lab = useLab({ hosts: 1 });
  sideBySide(
    lab,
    'fabplay-iptables-',
    PLAYBOOK,
    { seed: SEED, state: STATE },
    'fabplay runs it: the same tables, results and output, the second time too',
    (fab) => {
      assert.match(
        fab.state,
        /^-A FABPLAY ! -s 127\.0\.0\.1\/32 -p tcp -m tcp --dport 8080 -m comment --comment web -j ACCEPT$/m,
      );
      assert.match(fab.state, /^-P FORWARD DROP$/m);
      assert.match(
        fab.state,
        /^-A PREROUTING -p udp -m udp --dport 53 -j DNAT --to-destination 127\.0\.0\.1:5353$/m,
      );
      // Ansible's quirk kept: a chain made with no rule gets an empty rule, so -X cannot delete it
      assert.match(fab.state, /^-A GONE$/m);
      assert.doesNotMatch(fab.state, /-A OUTPUT -p udp/);
      // the second time: rule 2 inserted and removed again, and the flush
      assert.match(fab.again, /h1 +: ok=38 +changed=3 /);
    },
  );
});
