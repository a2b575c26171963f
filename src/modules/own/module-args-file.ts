import { pyStr } from '../../template/python.js';
import { pyJson } from '../../util/python-json.js';
import { pyShlexQuote } from '../../util/shlex.js';
import { ANSIBLE_VERSION } from '../../vars/magic.js';

/** What the run tells a module besides its arguments (Ansible's _update_module_args). */
export interface CallFacts {
  check: boolean;
  noLog: boolean;
  diff: boolean;
  verbosity: number;
  moduleName: string;
  vars: Record<string, unknown>;
  /** the directory the module and its arguments were put in */
  tmpdir: string;
}

/** The task's arguments and the `_ansible_*` ones, in Ansible's order. */
export function withInternalArgs(args: Record<string, unknown>, c: CallFacts): Record<string, unknown> {
  const v = c.vars;
  return {
    ...args,
    _ansible_check_mode: c.check,
    _ansible_no_log: c.noLog,
    _ansible_debug: false,
    _ansible_diff: c.diff,
    _ansible_verbosity: c.verbosity,
    _ansible_version: ANSIBLE_VERSION.string,
    _ansible_module_name: c.moduleName,
    _ansible_syslog_facility: v.ansible_syslog_facility ?? 'LOG_USER',
    _ansible_selinux_special_fs: ['fuse', 'nfs', 'vboxsf', 'ramfs', '9p', 'vfat'],
    _ansible_string_conversion_action: 'warn',
    _ansible_socket: v.ansible_socket ?? null,
    _ansible_shell_executable: v.ansible_shell_executable ?? '/bin/sh',
    _ansible_keep_remote_files: false,
    _ansible_tmpdir: c.tmpdir,
    _ansible_remote_tmp: v.ansible_remote_tmp ?? '~/.ansible/tmp',
  };
}

/** An old-style module's arguments file: `key=value ` words, each value Python's str() quoted by shlex.quote */
export function keyValueArgs(all: Record<string, unknown>): string {
  return Object.entries(all)
    .map(([k, v]) => `${k}=${pyShlexQuote(pyStr(v))} `)
    .join('');
}

/** A WANT_JSON or binary module's arguments file, and a jsonargs module's inline arguments: json.dumps */
export function jsonArgs(all: Record<string, unknown>): string {
  return pyJson(all);
}
