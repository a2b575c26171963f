// Runs the real checkers of the generated files (dhcpd -t, kea-dhcp4 -t, apache2ctl -t,
// grub-script-check, nmcli --offline) on text written to a temporary file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './render.js';

export interface CheckResult {
  rc: number;
  out: string;
}

/** Writes `text` to a temporary file, runs argv with {} replaced by its path, removes it. */
export function checkText(
  text: string,
  argv: string[],
  opts: { name?: string; stdin?: string } = {},
): CheckResult {
  const dir = mkdtempSync(join(tmpdir(), 'fabplay-check-'));
  try {
    const file = join(dir, opts.name ?? 'candidate');
    writeFileSync(file, text);
    const r = spawnSync(
      argv[0]!,
      argv.slice(1).map((a) => a.replace('{}', file)),
      {
        encoding: 'utf8',
        input: opts.stdin,
      },
    );
    return { rc: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/**
 * ansible-playbook (the reference) with `args`: no colour, no host key prompts, no retry files, the
 * repository's roles; its stdout and stderr together.
 */
export function runAnsiblePlaybook(args: string[], timeout = 600000): { rc: number; out: string } {
  const r = spawnSync('ansible-playbook', args, {
    encoding: 'utf8',
    env: {
      ...process.env,
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_HOST_KEY_CHECKING: 'false',
      ANSIBLE_RETRY_FILES_ENABLED: 'false',
      ANSIBLE_ROLES_PATH: join(repoRoot, 'roles'),
    },
    timeout,
  });
  return { rc: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}
