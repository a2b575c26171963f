import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile, chmod, copyFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BECOME_PROMPT, wrapBecome } from './become.js';
import { stripBecomePrompt } from './command-text.js';
import { BecomeError, needsPty } from './pty-become.js';
import { quote } from '../util/shell.js';
import type { Connection, ExecOptions, ExecResult, PutOptions } from './types.js';

/** `ansible_connection=local`: commands run through /bin/sh on the controller. */
export class LocalConnection implements Connection {
  readonly kind = 'local';
  constructor(readonly host: string) {}

  async connect(): Promise<void> {}

  exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    let text = command;
    if (opts.cwd) text = `cd -P ${quote(opts.cwd)} && ${text}`; // -P: the physical directory, as os.chdir gives
    if (opts.env) {
      const exports = Object.entries(opts.env).map(([k, v]) => `export ${k}=${quote(v)}; `);
      text = exports.join('') + text;
    }
    let stdinPrefix: string | undefined;
    let become = opts.become;
    // root's sudo never reads a password: the command itself would get the password line
    if (become?.password !== undefined && process.getuid?.() === 0)
      become = { ...become, password: undefined };
    if (needsPty(become))
      return Promise.reject(
        new BecomeError(
          `${this.host}: become_method su with a password needs a terminal, which a local connection ` +
            'does not have: run fabplay as root, use sudo, or reach the host over ssh',
        ),
      );
    if (become) ({ command: text, stdinPrefix } = wrapBecome(text, become));
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', text], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let timedOut = false;
      const timer = opts.timeoutMs
        ? setTimeout(() => {
            timedOut = true;
            // the whole process group, so children of the shell die too
            try {
              process.kill(-child.pid!, 'SIGKILL');
            } catch {
              /* already gone */
            }
          }, opts.timeoutMs)
        : undefined;
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.on('data', (d: Buffer) => err.push(d));
      child.on('error', reject);
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer);
        const stderr = Buffer.concat(err);
        resolve({
          rc: code ?? (signal ? 128 + 9 : 1),
          stdout: Buffer.concat(out),
          stderr: stdinPrefix ? stripBecomePrompt(stderr, BECOME_PROMPT) : stderr,
          timedOut,
        });
      });
      child.stdin.on('error', () => {});
      if (stdinPrefix) child.stdin.write(stdinPrefix);
      if (opts.stdin !== undefined) child.stdin.write(opts.stdin);
      child.stdin.end();
    });
  }

  async put(data: Buffer, remotePath: string, opts: PutOptions = {}): Promise<void> {
    await mkdir(dirname(remotePath), { recursive: true });
    await writeFile(remotePath, data);
    if (opts.mode !== undefined) await chmod(remotePath, opts.mode);
  }

  async putFile(localPath: string, remotePath: string, opts: PutOptions = {}): Promise<void> {
    await copyFile(localPath, remotePath);
    if (opts.mode !== undefined) await chmod(remotePath, opts.mode);
  }

  get(remotePath: string): Promise<Buffer> {
    return readFile(remotePath);
  }

  async close(): Promise<void> {}
}
