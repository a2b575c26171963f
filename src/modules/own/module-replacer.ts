import { basename } from 'node:path';
import { pyRepr } from '../../template/python.js';
import { shlexSplit } from '../../util/shlex.js';
import { jsonArgs } from './module-args-file.js';
import type { Interpreter } from './module-interpreter.js';
import { JSON_ARGS_MARK } from './module-style.js';

/** The module file's first line (its `#!` line, when it has one) */
export function firstLine(data: Buffer): string {
  const nl = data.indexOf(0x0a);
  return data.subarray(0, nl < 0 ? data.length : nl).toString('utf8');
}

/** Ansible writes the interpreter it chose into the `#!` line, and a coding line after it for Python. */
export function withShebang(data: Buffer, interp: Interpreter): Buffer {
  const nl = data.indexOf(0x0a);
  const head = [interp.line];
  if (basename(shlexSplit(firstLine(data).slice(2))[0] ?? '').startsWith('python'))
    head.push('# -*- coding: utf-8 -*-');
  if (nl < 0) return Buffer.from(head.join('\n'));
  return Buffer.concat([Buffer.from(head.join('\n') + '\n'), data.subarray(nl + 1)]);
}

/** The places Ansible fills in a jsonargs module (its module replacer) */
export function withJsonArgs(data: Buffer, all: Record<string, unknown>, facility: string): Buffer {
  const json = jsonArgs(all);
  const text = data
    .toString('latin1')
    .replaceAll('"<<ANSIBLE_VERSION>>"', pyRepr(String(all._ansible_version)))
    .replaceAll('"<<INCLUDE_ANSIBLE_MODULE_COMPLEX_ARGS>>"', latin1(pyRepr(json)))
    .replaceAll('<<SELINUX_SPECIAL_FILESYSTEMS>>', (all._ansible_selinux_special_fs as string[]).join(','))
    .replaceAll(JSON_ARGS_MARK, latin1(json))
    .replaceAll('syslog.LOG_USER', `syslog.${facility}`);
  return Buffer.from(text, 'latin1');
}

/** UTF-8 text as latin1 characters, to be written back byte for byte */
function latin1(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}
