import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, chmodSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roleVars, renderTemplate } from './render.js';
import { hasCommand } from './checkers.js';

/** The /etc/default/tftpd-hpa the role writes, read back the way the init script reads it. */
function defaultsOf(extra: Record<string, unknown>, root: string): Record<string, string> {
  const vars = roleVars('tftp_server', 'Debian', extra);
  const options = `${vars.tftp_server_secure ? '-s ' : ''}${vars.tftp_server_allow_uploads ? '-c ' : ''}${(
    vars.tftp_server_options as string[]
  ).join(' ')}`;
  const text = renderTemplate('tftp_server', 'tftpd-hpa.default.j2', {
    ...vars,
    tftp_server__root: root,
    tftp_server__options: options,
  });
  const r = spawnSync(
    'sh',
    [
      '-c',
      '. "$1"; printf "%s\\n" "$TFTP_USERNAME" "$TFTP_DIRECTORY" "$TFTP_ADDRESS" "$TFTP_OPTIONS"',
      'sh',
      writeTmp(text),
    ],
    { encoding: 'utf8' },
  );
  const [user, dir, address, opts] = r.stdout.split('\n');
  return { user: user!, dir: dir!, address: address!, opts: opts! };
}

let tmpFiles: string[] = [];
function writeTmp(text: string): string {
  const d = mkdtempSync(join(tmpdir(), 'fabplay-tftpcfg-'));
  tmpFiles.push(d);
  writeFileSync(join(d, 'tftpd-hpa'), text);
  return join(d, 'tftpd-hpa');
}

/** Starts in.tftpd on 127.0.0.1 as the Debian init script would, with the rendered settings. */
async function startTftpd(cfg: Record<string, string>, port: number): Promise<ChildProcess> {
  const args = [
    '-L',
    '--user',
    cfg.user!,
    '--address',
    `127.0.0.1:${port}`,
    ...cfg.opts!.split(' ').filter(Boolean),
    cfg.dir!,
  ];
  const p = spawn('/usr/sbin/in.tftpd', args, { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(p.exitCode, null, `in.tftpd ${args.join(' ')} exited`);
  return p;
}

function tftp(port: number, cmd: string, cwd: string): string {
  const r = spawnSync('tftp', ['127.0.0.1', String(port), '-c', ...cmd.split(' ')], {
    cwd,
    encoding: 'utf8',
    timeout: 15000,
  });
  return `${r.stdout}${r.stderr}`;
}

describe('roles/tftp_server templates, served by a real in.tftpd on loopback', function () {
  this.timeout(180000);
  let root = '';
  let client = '';
  let daemon: ChildProcess | undefined;
  before(function () {
    if (!hasCommand('in.tftpd') || !hasCommand('tftp') || process.getuid?.() !== 0) this.skip();
  });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'fabplay-tftproot-'));
    client = mkdtempSync(join(tmpdir(), 'fabplay-tftpcli-'));
    chmodSync(root, 0o755);
    writeFileSync(join(root, 'grubx64.efi'), 'MZ-grub');
    chmodSync(join(root, 'grubx64.efi'), 0o644);
    writeFileSync(join(client, 'upload.txt'), 'should not land');
  });
  afterEach(() => {
    if (daemon?.pid) process.kill(daemon.pid);
    daemon = undefined;
    for (const d of [root, client, ...tmpFiles]) rmSync(d, { recursive: true, force: true });
    tmpFiles = [];
  });

  it('defaults: secure mode, no uploads; a download works and an upload is refused', async () => {
    const cfg = defaultsOf({}, root);
    assert.equal(cfg.opts, '-s');
    assert.equal(cfg.dir, root);
    const port = 20000 + (process.pid % 20000);
    daemon = await startTftpd(cfg, port);
    tftp(port, 'get grubx64.efi', client);
    assert.equal(readFileSync(join(client, 'grubx64.efi'), 'utf8'), 'MZ-grub');
    tftp(port, 'put upload.txt', client);
    assert.equal(existsSync(join(root, 'upload.txt')), false, 'the upload must be refused');
  });

  it('tftp_server_allow_uploads adds -c (then an upload lands) and extra options follow', async () => {
    const cfg = defaultsOf(
      { tftp_server_allow_uploads: true, tftp_server_options: ['--blocksize', '1468'] },
      root,
    );
    assert.equal(cfg.opts, '-s -c --blocksize 1468');
    chmodSync(root, 0o1777); // -c creates files as the tftp user
    const port = 20001 + (process.pid % 20000);
    daemon = await startTftpd(cfg, port);
    tftp(port, 'put upload.txt', client);
    assert.equal(readFileSync(join(root, 'upload.txt'), 'utf8'), 'should not land');
  });

  it('RHEL drop-in and the seed units carry the same options, without -c by default', () => {
    const vars = roleVars('tftp_server', 'RedHat', {
      tftp_server__root: '/var/lib/tftpboot',
      tftp_server__options: '-s ',
    });
    const dropin = renderTemplate('tftp_server', 'tftp.service.dropin.j2', vars);
    assert.match(dropin, /^ExecStart=$/m);
    assert.match(dropin, /^ExecStart=\/usr\/sbin\/in.tftpd -s \/var\/lib\/tftpboot$/m);
    const unit = renderTemplate('tftp_server', 'tftp.service.j2', vars);
    assert.match(unit, /^ExecStart=\/usr\/sbin\/in.tftpd -s \/var\/lib\/tftpboot$/m);
    assert.doesNotMatch(unit, / -c /);
    assert.match(renderTemplate('tftp_server', 'tftp.socket.j2', vars), /^ListenDatagram=69$/m);
  });
});
