// http_server on a lab PXE server: a configuration Apache rejects never reaches the live tree.
// The role converges and serves .treeinfo; then a run with a variable that passes the role's
// checks but makes a configuration apache2ctl -t refuses fails on the candidate copy, and leaves
// every live Apache file, the running Apache and a later restart as they were; then a valid
// change converges and is reloaded.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { useLab } from '../helpers/lab.js';
import { runRolePlay } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';

const TREE = 'ISO/RHEL95';
const TREE_DIR = `/var/www/html/netinstall/${TREE}`;

describe('http_server keeps the live Apache configuration when apache2ctl -t rejects the candidate @lab', function () {
  this.timeout(600000);
  const lab = useLab({ hosts: 1, segments: 1 });
  let tmp: ReturnType<typeof makeTempDir>;
  let fabricAddr = '';

  before(async () => {
    tmp = makeTempDir('fabplay-http-validate-');
    fabricAddr = lab.fabric('h1')!.addr;
    writeFileSync(
      join(tmp.dir, 'http.yml'),
      yaml.dump([{ name: 'HTTP server', hosts: 'pxe_servers', become: true, roles: ['http_server'] }]),
    );
    const vars = (extra: Record<string, unknown>) =>
      yaml.dump({ http_server_interface: 'fab0', http_server_verify_tree: TREE, ...extra });
    writeFileSync(join(tmp.dir, 'good.yml'), vars({}));
    // a list of strings, as argument_specs and the role's checks want; Apache refuses the option
    writeFileSync(
      join(tmp.dir, 'bad-option.yml'),
      vars({ http_server_directory_options: ['Indexes', 'Bogus'] }),
    );
    // a dotted quad the role's check accepts, that is no address: Apache refuses the Listen
    writeFileSync(join(tmp.dir, 'bad-listen.yml'), vars({ http_server_listen_addresses: ['999.1.1.1'] }));
    writeFileSync(join(tmp.dir, 'fixed.yml'), vars({ http_server_directory_options: ['FollowSymLinks'] }));
    const r = await lab.exec(
      'h1',
      `mkdir -p ${TREE_DIR} && printf '[general]\\nfamily = RHEL\\n' > ${TREE_DIR}/.treeinfo`,
    );
    assert.equal(r.rc, 0, r.stderr);
  });
  after(() => tmp?.cleanup());

  const play = (varsFile: string) =>
    runRolePlay(lab.inventory, join(tmp.dir, 'http.yml'), join(tmp.dir, varsFile));

  let client: { exec(command: string): Promise<{ rc: number; stdout: string; stderr: string }> } | undefined;
  /** The HTTP status of .treeinfo, asked by a client on the fabric segment (a static address). */
  const treeinfoStatus = async (): Promise<string> => {
    if (!client) {
      client = await lab.addClient(1);
      const ip = `${fabricAddr.replace(/\.\d+$/, '')}.200/24`;
      const up = await client.exec(`ip link set eth0 up && ip addr add ${ip} dev eth0`);
      assert.equal(up.rc, 0, up.stderr);
    }
    const r = await client.exec(
      `curl -s -o /dev/null -w '%{http_code}' --max-time 10 http://${fabricAddr}/netinstall/${TREE}/.treeinfo`,
    );
    return r.stdout.trim();
  };

  /** Every file and link of the live tree: checksum or target, mode and mtime; and Apache's PIDs. */
  const live = async () => {
    const r = await lab.exec(
      'h1',
      "find /etc/apache2 -printf '%p %y %m %T@ %l\\n' | sort; find /etc/apache2 -type f -print0 | sort -z | xargs -0 sha256sum",
    );
    assert.equal(r.rc, 0, r.stderr);
    const pids = await lab.exec('h1', 'cat /var/run/apache2/apache2.pid');
    return { tree: r.stdout, pid: pids.stdout.trim() };
  };

  /** Candidate copies left in /tmp. */
  const leftovers = async () =>
    (await lab.exec('h1', 'ls -d /tmp/*.apache-candidate 2>/dev/null')).stdout.trim();

  it('converges and serves .treeinfo to a client on the segment', async () => {
    const r = await play('good.yml');
    assert.equal(r.code, 0, (r.stdout + r.stderr).slice(-5000));
    assert.equal(await treeinfoStatus(), '200');
    assert.equal(await leftovers(), '');
    // the live tree holds the Listen file on the fabric address
    const listen = await lab.exec('h1', 'cat /etc/apache2/conf-enabled/00-fabplay-listen.conf');
    assert.match(listen.stdout, new RegExp(`^Listen ${fabricAddr.replace(/\./g, '\\.')}:80$`, 'm'));
  });

  for (const [varsFile, reason] of [
    ['bad-option.yml', /Illegal option Bogus/],
    ['bad-listen.yml', /999\.1\.1\.1/],
  ] as const) {
    it(`${varsFile}: the candidate fails apache2ctl -t; live files byte-identical, Apache serves, a restart works`, async () => {
      const before = await live();
      assert.match(before.pid, /^\d+$/, 'Apache runs');
      const r = await play(varsFile);
      const out = r.stdout + r.stderr;
      assert.equal(r.code, 2, out.slice(-5000));
      const after = await live();
      assert.equal(after.tree, before.tree, 'every live file, link, mode and mtime as before');
      assert.equal(after.pid, before.pid, 'the same Apache runs, never reloaded');
      assert.equal(await leftovers(), '', 'the candidate copy is removed');
      assert.equal(await treeinfoStatus(), '200');

      // nothing broken waits on disk for the next restart
      const restart = await lab.exec('h1', 'service apache2 restart');
      assert.equal(restart.rc, 0, restart.stdout + restart.stderr);
      assert.equal(await treeinfoStatus(), '200');

      // the failing task is the check of the candidate, with Apache's own reason
      assert.match(
        out,
        /TASK \[http_server : Ask Apache whether it accepts the candidate tree\][^\n]*\nfatal: \[h1\]/,
      );
      assert.match(out, reason);
      assert.match(out, /Syntax error on line \d+ of \/tmp\/ansible\.\w+\.apache-candidate\//);
      assert.match(out, /^h1\s*:.*changed=0\b.*failed=1\b/m);
      assert.doesNotMatch(out, /RUNNING HANDLER/);
    });
  }

  it('the fixed variable converges: the live file changes and Apache reloads it', async () => {
    const r = await play('fixed.yml');
    const out = r.stdout + r.stderr;
    assert.equal(r.code, 0, out.slice(-5000));
    assert.match(out, /RUNNING HANDLER \[http_server : reload apache service\][^\n]*\nchanged: \[h1\]/);
    const conf = await lab.exec('h1', 'cat /etc/apache2/conf-available/netinstall.conf');
    assert.match(conf.stdout, /^\s*Options FollowSymLinks$/m);
    assert.equal(await treeinfoStatus(), '200');
    assert.equal(await leftovers(), '');
    const again = await play('fixed.yml');
    assert.equal(again.code, 0, (again.stdout + again.stderr).slice(-5000));
    assert.match(again.stdout, /^h1\s*:.*changed=0\b/m);
  });
});
