/** user and group's thinking, pure: getent lines in, useradd/usermod/groupadd/... argv out. */

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  comment: string;
  home: string;
  shell: string;
}

export function parsePasswd(line: string): PasswdEntry | undefined {
  const f = line.trim().split(':');
  if (f.length < 7) return undefined;
  return { name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), comment: f[4]!, home: f[5]!, shell: f[6]! };
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

export function parseGroup(line: string): GroupEntry | undefined {
  const f = line.trim().split(':');
  if (f.length < 4) return undefined;
  return { name: f[0]!, gid: Number(f[2]), members: f[3] ? f[3].split(',') : [] };
}

export interface UserWanted {
  name: string;
  state: 'present' | 'absent';
  uid?: number;
  group?: string;
  groups?: string[];
  append?: boolean;
  shell?: string;
  home?: string;
  comment?: string;
  createHome?: boolean;
  moveHome?: boolean;
  system?: boolean;
  password?: string;
  remove?: boolean;
  force?: boolean;
}

/** What the host has: the passwd entry, primary group name, supplementary groups, shadow hash. */
export interface UserFound {
  entry?: PasswdEntry;
  primary?: string;
  groups: string[];
  hash?: string;
}

export function userCommands(w: UserWanted, f: UserFound): string[][] {
  if (w.state === 'absent')
    return f.entry ? [['userdel', ...(w.force ? ['-f'] : []), ...(w.remove ? ['-r'] : []), w.name]] : [];
  if (!f.entry) {
    const argv = ['useradd'];
    if (w.uid !== undefined) argv.push('-u', String(w.uid));
    if (w.group) argv.push('-g', w.group);
    if (w.groups?.length) argv.push('-G', w.groups.join(','));
    if (w.shell) argv.push('-s', w.shell);
    if (w.home) argv.push('-d', w.home);
    if (w.comment !== undefined) argv.push('-c', w.comment);
    if (w.password) argv.push('-p', w.password);
    if (w.system) argv.push('-r');
    argv.push(w.createHome === false || (w.system && w.createHome === undefined) ? '-M' : '-m');
    return [[...argv, w.name]];
  }
  const e = f.entry;
  const argv = ['usermod'];
  if (w.uid !== undefined && w.uid !== e.uid) argv.push('-u', String(w.uid));
  if (w.group && w.group !== f.primary && w.group !== String(e.gid)) argv.push('-g', w.group);
  if (w.groups) {
    const have = new Set(f.groups.filter((g) => g !== f.primary));
    const missing = w.groups.filter((g) => !have.has(g));
    const extra = [...have].filter((g) => !w.groups!.includes(g));
    if (w.append && missing.length) argv.push('-a', '-G', missing.join(','));
    else if (!w.append && (missing.length || extra.length)) argv.push('-G', w.groups.join(','));
  }
  if (w.shell && w.shell !== e.shell) argv.push('-s', w.shell);
  if (w.home && w.home !== e.home) argv.push('-d', w.home, ...(w.moveHome ? ['-m'] : []));
  if (w.comment !== undefined && w.comment !== e.comment) argv.push('-c', w.comment);
  if (w.password && w.password !== f.hash) argv.push('-p', w.password);
  return argv.length > 1 ? [[...argv, w.name]] : [];
}

export interface GroupWanted {
  name: string;
  state: 'present' | 'absent';
  gid?: number;
  system?: boolean;
}

export function groupCommands(w: GroupWanted, found?: GroupEntry): string[][] {
  if (w.state === 'absent') return found ? [['groupdel', w.name]] : [];
  if (!found)
    return [
      [
        'groupadd',
        ...(w.gid !== undefined ? ['-g', String(w.gid)] : []),
        ...(w.system ? ['-r'] : []),
        w.name,
      ],
    ];
  if (w.gid !== undefined && w.gid !== found.gid) return [['groupmod', '-g', String(w.gid), w.name]];
  return [];
}

/**
 * Ansible's warnings for user arguments (User.__init__ and check_password_encrypted): append
 * without groups, and a password that does not look like a crypt(3) hash. (pure)
 */
export function userWarnings(a: { append?: boolean; groups?: string[]; password?: string }): string[] {
  const out: string[] = [];
  if (a.append && a.groups === undefined)
    out.push(
      "'append' is set, but no 'groups' are specified. Use 'groups' for appending new groups.This will change to an error in Ansible 2.14.",
    );
  if (a.password && !['*', '!', '*************'].includes(a.password) && !looksHashed(a.password))
    out.push(
      "The input password appears not to have been hashed. The 'password' argument must be encrypted for this module to work properly.",
    );
  return out;
}

function looksHashed(p: string): boolean {
  if (/[:*!]/.test(p) || !p.includes('$')) return false;
  const fields = p.split('$');
  if (fields.length < 3) return false;
  const last = fields[fields.length - 1]!;
  const wantLength: Record<string, number> = { '1': 22, '5': 43, '6': 86 };
  if (/[^a-zA-Z0-9./=]/.test(last)) return false;
  return wantLength[fields[1]!] === undefined || wantLength[fields[1]!] === last.length;
}
