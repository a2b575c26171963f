import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openConnection } from '../../src/connection/index.js';
import { BecomeError } from '../../src/connection/pty-become.js';
import type { BecomeSpec, Connection } from '../../src/connection/types.js';
import { runCli } from '../helpers/cli.js';
import { useLab, LAB_USER } from '../helpers/lab.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

// shell metacharacters, quotes and a space: typed into su's prompt, never through a shell
const ROOT_PW = `R00t pw'"$HOME;|&*`;
const WRONG_PW = 'Wr0ng-su-pw-4711';

describe('become_method su with a password @lab', function () {
  this.timeout(120000);
  const lab = useLab({ hosts: 2 });
  const dir = tempDirUntilExit('fabplay-su-test');
  let conn: Connection;
  const su: BecomeSpec = { method: 'su', user: 'root', password: ROOT_PW };

  before(async () => {
    for (const h of lab.hosts) {
      const r = await lab.exec(h, 'chpasswd && mkdir -m 700 /root/only-root', `root:${ROOT_PW}\n`);
      assert.equal(r.rc, 0, r.stderr);
    }
    conn = await openConnection({ ...lab.spec('h1'), user: LAB_USER });
  });
  after(async () => {
    await conn?.close();
  });

  const noPassword = (text: string) => {
    assert.ok(!text.includes(ROOT_PW), 'the su password shows in the output');
    assert.ok(!text.includes(WRONG_PW), 'the wrong su password shows in the output');
  };

  it('runs as root with stdout, stderr and the exit status apart, no prompt and no CRLF', async () => {
    const me = (await conn.exec('id -u')).stdout.toString();
    assert.notEqual(me, '0\n', 'the test must connect as a user that is not root');
    const r = await conn.exec('id -u; echo to-err >&2; printf "a\\nb\\n"; exit 3', { become: su });
    assert.equal(r.rc, 3, r.stderr.toString());
    assert.equal(r.stdout.toString(), '0\na\nb\n');
    assert.equal(r.stderr.toString(), 'to-err\n');
    noPassword(r.stdout.toString() + r.stderr.toString());
    // the command sees no terminal: ls prints one name per line, as through a pipe
    const tty = await conn.exec('[ -t 0 ] || echo in-no-tty; [ -t 1 ] || echo out-no-tty; pwd; echo "$X"', {
      become: su,
      cwd: '/etc',
      env: { X: 'a b;$c' },
    });
    assert.equal(tty.stdout.toString(), 'in-no-tty\nout-no-tty\n/etc\na b;$c\n');
  });

  it('as root, su asks no password and none is typed', async () => {
    const root = await openConnection(lab.spec('h2'));
    try {
      const r = await root.exec('id -u; cat', { become: su, stdin: 'x' });
      assert.equal(r.stdout.toString(), '0\nx');
    } finally {
      await root.close();
    }
  });

  // sshd answers a write to a canonical no-echo terminal with an SSH_MSG_IGNORE as large as the
  // write, which ssh2 refuses above 35000 bytes: a few MB of stdin broke the connection that way
  it('passes binary stdin and returns binary output byte for byte (3 MB)', async () => {
    const data = randomBytes(3 * 1024 * 1024);
    await conn.put(Buffer.from(Array.from({ length: 256 }, (_, i) => i)), '/tmp/bytes');
    const r = await conn.exec('sha1sum; id -un', { become: su, stdin: data });
    assert.equal(r.rc, 0, r.stderr.toString());
    assert.equal(r.stdout.toString(), `${createHash('sha1').update(data).digest('hex')}  -\nroot\n`);
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const back = await conn.exec('cat; cat >&2 /tmp/bytes', { become: su, stdin: all });
    assert.ok(back.stdout.equals(all), `got ${back.stdout.toString('hex')}`);
    assert.ok(back.stderr.equals(all), `got ${back.stderr.toString('hex')}`);
    const empty = await conn.exec('wc -c', { become: su, stdin: '' });
    assert.equal(empty.stdout.toString().trim(), '0');
  });

  it('kills a command that outlives its timeout', async () => {
    const t0 = Date.now();
    const r = await conn.exec('sleep 20', { become: su, timeoutMs: 1500 });
    assert.equal(r.timedOut, true);
    assert.ok(Date.now() - t0 < 15000);
  });

  it('a wrong password is a clear error naming the host and what su said', async () => {
    await assert.rejects(conn.exec('id -u', { become: { ...su, password: WRONG_PW } }), (e: unknown) => {
      assert.ok(e instanceof BecomeError, String(e));
      assert.match(e.message, /^h1: become_method su to root failed: su: Authentication failure/);
      noPassword(e.message);
      return true;
    });
    // the connection goes on
    assert.equal((await conn.exec('id -u', { become: su })).stdout.toString(), '0\n');
  });

  it('fabplay run: tasks as root through su, the password in no output (-vvv, --json); a wrong one fails its host', async () => {
    const inv = join(dir, 'hosts.yml');
    const hostVars = (h: string) => ({ ...lab.hostVars(h), ansible_user: LAB_USER });
    writeFileSync(
      inv,
      JSON.stringify({
        all: {
          hosts: {
            h1: hostVars('h1'),
            // h2 gets a wrong password from the inventory: it fails, h1 goes on
            h2: { ...hostVars('h2'), ansible_become_password: WRONG_PW },
          },
        },
      }),
    );
    const pb = join(dir, 'su.yml');
    writeFileSync(
      pb,
      `- hosts: all
  gather_facts: false
  become: true
  become_method: su
  tasks:
    - command: id -u
      register: uid
    - debug: { msg: "uid={{ uid.stdout }}" }
    - copy: { content: "written as root\\n", dest: /root/only-root/f.txt, mode: "0640" }
    - copy: { src: big.bin, dest: /root/only-root/big.bin }
    - shell: cat
      args: { stdin: "from stdin" }
      register: fromstdin
    - debug: { msg: "stdin={{ fromstdin.stdout }}" }
`,
    );
    const big = randomBytes(5 * 1024 * 1024); // above the stdin limit: SFTP to /tmp, moved as root
    writeFileSync(join(dir, 'big.bin'), big);
    const env = { FABPLAY_BECOME_PASSWORD: ROOT_PW };
    const text = await runCli(['run', pb, '-i', inv, '-vvv'], { env });
    const json = await runCli(['run', pb, '-i', inv, '--json'], { env });
    for (const r of [text, json]) {
      noPassword(r.stdout + r.stderr);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
    assert.match(text.stdout, /uid=0/);
    assert.match(text.stdout, /stdin=from stdin/);
    assert.match(text.stdout, /h2.*su: Authentication failure/);

    const results = json.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map(
        (l) => JSON.parse(l) as { event: string; host?: string; status?: string; result?: { msg?: string } },
      )
      .filter((e) => e.event === 'host_result');
    const h1 = results.filter((e) => e.host === 'h1');
    assert.deepEqual(
      h1.map((e) => e.status),
      ['changed', 'ok', 'ok', 'ok', 'changed', 'ok'],
      JSON.stringify(h1),
    );
    const h2 = results.filter((e) => e.host === 'h2');
    assert.equal(h2.length, 1);
    assert.equal(h2[0]!.status, 'failed');
    assert.match(h2[0]!.result!.msg!, /^h2: become_method su to root failed: su: Authentication failure/);

    const owner = await lab.exec(
      'h1',
      'cd /root/only-root && stat -c %U:%G:%a f.txt big.bin && cat f.txt && sha1sum <big.bin; ls -a /tmp | grep -c fabplay',
    );
    const sum = createHash('sha1').update(big).digest('hex');
    assert.equal(owner.stdout, `root:root:640\nroot:root:644\nwritten as root\n${sum}  -\n0\n`);
    assert.equal((await lab.exec('h2', 'ls /root/only-root')).stdout, '');
  });
});
