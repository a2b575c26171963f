import { chmod, chown, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { mustRun } from './run.js';

/** The unprivileged lab user: password login and sudo with a password are tested with it. */
export const LAB_USER = 'fpl';
export const LAB_USER_PASSWORD = 'fabplay-lab-pw';
const LAB_UID = 4242;

/**
 * Writes the layer every host of a lab shares, between its own upper layer and this machine's
 * root: the lab user (with a password and sudo rights) and an /etc/hosts naming all lab hosts.
 * Written once per lab, so a host costs only its own mounts and sshd.
 */
export async function writeBaseLayer(base: string, hosts: { name: string; addr: string }[]): Promise<void> {
  await mkdir(`${base}/etc/sudoers.d`, { recursive: true });
  const [hashOut] = await Promise.all([
    mustRun(['openssl', 'passwd', '-6', '-stdin'], { input: LAB_USER_PASSWORD }),
    cleanRootHome(`${base}/root`),
  ]);
  const hash = hashOut.trim();
  await appendEntry(
    base,
    'passwd',
    `${LAB_USER}:x:${LAB_UID}:${LAB_UID}:fabplay lab:/home/${LAB_USER}:/bin/bash`,
    0o644,
  );
  await appendEntry(base, 'group', `${LAB_USER}:x:${LAB_UID}:`, 0o644);
  await appendEntry(base, 'shadow', `${LAB_USER}:${hash}:19000:0:99999:7:::`, 0o640, 'shadow');
  await appendEntry(base, 'gshadow', `${LAB_USER}:!::`, 0o640, 'shadow');
  await writeFile(`${base}/etc/sudoers.d/fabplay-lab`, `${LAB_USER} ALL=(ALL:ALL) ALL\n`, { mode: 0o440 });
  await mkdir(`${base}/home/${LAB_USER}`, { recursive: true, mode: 0o755 });
  await chown(`${base}/home/${LAB_USER}`, LAB_UID, LAB_UID);
  await mkdir(`${base}/var/log`, { recursive: true });
  await symlink('/run/log/syslog', `${base}/var/log/syslog`).catch(() => {});
  const hostsFile = (await readFile('/etc/hosts', 'utf8').catch(() => '127.0.0.1 localhost\n')).replace(
    /\n?$/,
    '\n',
  );
  await writeFile(`${base}/etc/hosts`, hostsFile + hosts.map((h) => `${h.addr} ${h.name}\n`).join(''));
}

/**
 * A lab host's /root is a fresh one (Debian's skeleton files only): the controller's dot files
 * (a slow .bashrc, its keys) have no business there. An opaque directory hides the lower one.
 */
async function cleanRootHome(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const f of ['.bashrc', '.profile']) {
    const text = await readFile(`/etc/skel/${f}`, 'utf8').catch(() => '');
    await writeFile(`${dir}/${f}`, text);
  }
  await mustRun([
    '/usr/bin/python3', // not a pyenv shim on PATH: those take seconds
    '-c',
    'import os,sys; os.setxattr(sys.argv[1], "trusted.overlay.opaque", b"y")',
    dir,
  ]);
}

/** Copies /etc/<file> into the layer with one more line (dropping any old line for that name). */
async function appendEntry(
  base: string,
  file: string,
  line: string,
  mode: number,
  group?: string,
): Promise<void> {
  const name = line.split(':')[0]!;
  const current = await readFile(`/etc/${file}`, 'utf8').catch(() => '');
  const kept = current.split('\n').filter((l) => l !== '' && !l.startsWith(`${name}:`));
  const path = `${base}/etc/${file}`;
  await writeFile(path, [...kept, line, ''].join('\n'));
  await chmod(path, mode);
  if (group) {
    const gid = /^shadow:x:(\d+):/m.exec(await readFile('/etc/group', 'utf8'))?.[1];
    if (gid) await chown(path, 0, Number(gid));
  }
}
