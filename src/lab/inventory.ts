import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LabState } from './state.js';

/** The `-o` options both fabplay and OpenSSH (ansible-playbook) use to reach the lab's hosts. */
export function sshCommonArgs(state: LabState): string {
  return `-o ProxyCommand="${state.proxyCommand}" -o UserKnownHostsFile=${state.knownHostsFile}`;
}

/**
 * A YAML inventory naming every lab host; PXE servers (hosts with a segment) also sit in
 * `pxe_servers`, and name the gate client of their segment (group `gate_clients`, outside `lab`)
 * when the lab has them.
 */
export function inventoryYaml(state: LabState): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = [
    `# Written by \`fabplay lab up\` for lab ${q(state.name)}; \`fabplay lab down\` ends these hosts.`,
    'all:',
    '  vars:',
    '    ansible_user: root',
    `    ansible_ssh_private_key_file: ${q(state.keyFile)}`,
    `    ansible_ssh_common_args: ${q(sshCommonArgs(state))}`,
    '    ansible_python_interpreter: /usr/bin/python3',
    `    fabplay_lab: ${q(state.name)}`,
    '  children:',
    '    lab:',
    '      hosts:',
  ];
  const gates = state.hosts.filter((h) => h.gateFor !== undefined);
  for (const h of state.hosts.filter((x) => x.gateFor === undefined)) {
    lines.push(`        ${h.name}:`, `          ansible_host: ${h.addr}`);
    if (h.segment !== undefined) {
      lines.push(`          lab_segment: ${h.segment}`, '          lab_fabric_interface: fab0');
      lines.push(`          lab_fabric_address: ${h.fabricAddr}`);
      const gate = gates.find((g) => g.gateFor === h.segment);
      if (gate)
        lines.push(
          `          rollout_gate_client: ${gate.name}`,
          '          rollout_gate_client_interface: fab0',
        );
    }
  }
  if (gates.length) {
    lines.push('    gate_clients:', '      hosts:');
    for (const g of gates)
      lines.push(
        `        ${g.name}:`,
        `          ansible_host: ${g.addr}`,
        `          lab_segment: ${g.gateFor}`,
        '          lab_fabric_interface: fab0',
      );
  }
  const servers = state.hosts.filter((h) => h.segment !== undefined);
  if (servers.length) {
    lines.push('    pxe_servers:', '      hosts:');
    for (const h of servers) lines.push(`        ${h.name}: {}`);
  }
  return lines.join('\n') + '\n';
}

export async function writeInventory(state: LabState): Promise<void> {
  await mkdir(dirname(state.inventoryFile), { recursive: true });
  await writeFile(state.inventoryFile, inventoryYaml(state));
}
