import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LabState } from './state.js';

/** The `-o` options both fabplay and OpenSSH (ansible-playbook) use to reach the lab's hosts. */
export function sshCommonArgs(state: LabState): string {
  return `-o ProxyCommand="${state.proxyCommand}" -o UserKnownHostsFile=${state.knownHostsFile}`;
}

/** A YAML inventory naming every lab host; PXE servers (hosts with a segment) also sit in `pxe_servers`. */
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
  for (const h of state.hosts) {
    lines.push(`        ${h.name}:`, `          ansible_host: ${h.addr}`);
    if (h.segment !== undefined) {
      lines.push(`          lab_segment: ${h.segment}`, '          lab_fabric_interface: fab0');
      lines.push(`          lab_fabric_address: ${h.fabricAddr}`);
    }
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
