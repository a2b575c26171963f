import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Stats } from 'node:fs';
import { strftime } from './now.js';

/** The controller's user name for a uid, from /etc/passwd (Python's pwd.getpwuid); the number when absent. */
function userName(uid: number): string {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f.length > 2 && Number(f[2]) === uid && f[2] !== '') return f[0]!;
    }
  } catch {
    // no passwd file: the number, as Ansible falls back to it
  }
  return String(uid);
}

/** Python's str(datetime) of a local time. */
const pyDatetime = (d: Date): string => strftime(d, '%Y-%m-%d %H:%M:%S.%f', false);

/**
 * The variables Ansible adds for a template file it renders (the template action, and
 * lookup('template') with no destination): template_host is the controller's host name,
 * template_path the name as given, template_uid the file's owner, the times Python datetimes.
 */
export function templateVars(
  path: string,
  fullpath: string,
  st: Stats,
  dest: string | null,
): Record<string, unknown> {
  return {
    template_host: hostname(),
    template_path: path,
    template_fullpath: fullpath,
    template_destpath: dest,
    template_mtime: pyDatetime(st.mtime),
    template_uid: userName(st.uid),
    template_run_date: pyDatetime(new Date()),
  };
}
