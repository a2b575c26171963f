// tftp_server on a lab PXE server: in.tftpd has no test mode, so the role tries each candidate
// configuration (its own command line on a spare port, fetching a file of the root) before it
// replaces the live one. The role converges and a client on the segment fetches a file; then runs
// with variables that pass the role's checks but that in.tftpd refuses (a user that does not
// exist, a block size out of range) fail naming the reason, and leave the live file, the running
// in.tftpd and what it serves as they were. A valid change replaces the file and restarts in.tftpd.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { useLab } from '../helpers/lab.js';
import { runRolePlay } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';
import { tftpSize } from '../helpers/pxe-client.js';

const DEFAULTS = '/etc/default/tftpd-hpa';

describe('tftp_server keeps the live in.tftpd configuration when the candidate fails its trial @lab', function () {
  this.timeout(600000);
  const lab = useLab({ hosts: 1, segments: 1 });
  const tmp = makeTempDir('fabplay-tftp-validate-');
  let fabricAddr = '';
  let client: Awaited<ReturnType<typeof lab.addClient>>;
  after(() => tmp.cleanup());

  const varsFiles: Record<string, Record<string, unknown>> = {
    'good.yml': {},
    // each passes the role's own checks (a user name, plain option words); in.tftpd refuses them
    'no-user.yml': { tftp_server_user: 'nosuchtftpuser' },
    'bad-blocksize.yml': { tftp_server_options: ['--blocksize', '1'] },
    'unknown-option.yml': { tftp_server_options: ['--no-such-option'] },
    'blocksize.yml': { tftp_server_options: ['--blocksize', '1468'] },
  };

  before(async () => {
    fabricAddr = lab.fabric('h1')!.addr;
    writeFileSync(
      join(tmp.dir, 'tftp.yml'),
      yaml.dump([{ name: 'TFTP server', hosts: 'pxe_servers', become: true, roles: ['tftp_server'] }]),
    );
    for (const [file, vars] of Object.entries(varsFiles)) writeFileSync(join(tmp.dir, file), yaml.dump(vars));
    const r = await lab.exec('h1', 'mkdir -p /srv/tftp && head -c 70000 /dev/urandom > /srv/tftp/boot.bin');
    assert.equal(r.rc, 0, r.stderr);
    client = await lab.addClient(1);
    const net = fabricAddr.replace(/\.\d+$/, '');
    assert.equal((await client.exec(`ip addr add ${net}.200/24 dev eth0`)).rc, 0);
  });

  const play = (varsFile: string) =>
    runRolePlay(lab.inventory, join(tmp.dir, 'tftp.yml'), join(tmp.dir, varsFile));

  /** The live configuration, the process serving it and its command line. */
  const live = async () => {
    const r = await lab.exec(
      'h1',
      `sha256sum ${DEFAULTS}; ls -lA --time-style=+%s.%N /etc/default; p=$(pidof in.tftpd); echo "$p"; tr '\\0' ' ' < /proc/$p/cmdline`,
    );
    assert.equal(r.rc, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    return {
      sum: lines[0]!,
      listing: lines.slice(1, -2).join('\n'),
      pid: lines[lines.length - 2]!,
      cmdline: lines[lines.length - 1]!,
    };
  };

  const fetched = async () => assert.equal(await tftpSize(client.exec, fabricAddr, 'boot.bin'), 70000);

  it('converges, and a client on the segment fetches a file from the root', async () => {
    const r = await play('good.yml');
    assert.equal(r.code, 0, (r.stdout + r.stderr).slice(-5000));
    const now = await live();
    assert.match(now.pid, /^\d+$/, 'one in.tftpd runs');
    await fetched();
  });

  for (const [file, reason] of [
    ['no-user.yml', /in\.tftpd --user nosuchtftpuser -s \/srv\/tftp: no such user/],
    ['bad-blocksize.yml', /in\.tftpd --user tftp -s --blocksize 1 \/srv\/tftp: it refuses an option value/],
    ['unknown-option.yml', /unrecognized option '--no-such-option'/],
  ] as const)
    it(`${file.replace('.yml', '')}: the run fails naming in.tftpd's reason; the live file, in.tftpd and what it serves stay`, async () => {
      const before = await live();
      const r = await play(file);
      const out = r.stdout + r.stderr;
      assert.equal(r.code, 2, out.slice(-5000));
      assert.match(
        out,
        /Configure the init script \(Debian; tried on a spare port before it replaces the live file\)/,
      );
      assert.match(
        out,
        /failed to validate on h1: \/usr\/local\/sbin\/fabplay-tftpd-check defaults \/etc\/default\/\S+/,
      );
      assert.match(out, reason);
      assert.match(out, /^h1\s*:.*changed=0\b.*failed=1\b/m);
      const after = await live();
      assert.equal(after.sum, before.sum, 'the live file is byte for byte the old one');
      assert.equal(after.listing, before.listing, 'no candidate or temporary file beside it');
      assert.equal(after.pid, before.pid, 'the same in.tftpd still runs');
      assert.equal((await lab.exec('h1', 'pgrep -c -x in.tftpd')).stdout.trim(), '1', 'no trial server left');
      await fetched();
    });

  it('a valid change replaces the file and restarts in.tftpd with it; clients still fetch', async () => {
    const before = await live();
    const r = await play('blocksize.yml');
    assert.equal(r.code, 0, (r.stdout + r.stderr).slice(-5000));
    assert.match(r.stdout, /RUNNING HANDLER \[tftp_server : restart tftp service\][^\n]*\nchanged: \[h1\]/);
    const after = await live();
    assert.notEqual(after.sum, before.sum);
    assert.notEqual(after.pid, before.pid, 'in.tftpd was restarted');
    assert.match(after.cmdline, /--blocksize 1468/);
    await fetched();
  });
});
