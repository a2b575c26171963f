import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHmac, randomBytes } from 'node:crypto';
import { parseJump, parseSshArgs, shellWords } from '../../src/connection/ssh-args.js';
import { hostMatches, preferredHostKeyAlgorithms, verifyHostKey } from '../../src/connection/known-hosts.js';
import { MarkerScanner } from '../../src/connection/marker-scan.js';
import { connectionSpecFor } from '../../src/connection/index.js';
import { shellScript, newMarker } from '../../src/connection/command-text.js';
import { expandProxyCommand } from '../../src/connection/proxy-socket.js';
import { InputError } from '../../src/errors.js';

const tmp = mkdtempSync(`${tmpdir()}/fabplay-conn-unit-`);

describe('connection pieces', () => {
  describe('ssh args', () => {
    it('reads ProxyCommand, ProxyJump, known_hosts and checking from ansible_ssh_common_args', () => {
      const a = parseSshArgs(
        `-o ProxyCommand="nsenter --net=/run/netns/x busybox nc %h %p" -oUserKnownHostsFile=/tmp/kh -o 'StrictHostKeyChecking no' -J admin@bastion:2222 -o ConnectTimeout=7`,
      );
      assert.equal(a.proxyCommand, 'nsenter --net=/run/netns/x busybox nc %h %p');
      assert.equal(a.userKnownHostsFile, '/tmp/kh');
      assert.equal(a.strictHostKeyChecking, 'no');
      assert.equal(a.proxyJump, 'admin@bastion:2222');
      assert.equal(a.connectTimeoutSec, 7);
      assert.deepEqual(parseJump('admin@bastion:2222'), { user: 'admin', host: 'bastion', port: 2222 });
      assert.deepEqual(parseJump('[fd00::1]:22,next'), { user: undefined, host: 'fd00::1', port: 22 });
      assert.deepEqual(shellWords(`a 'b c' "d \\"e\\"" f\\ g`), ['a', 'b c', 'd "e"', 'f g']);
      assert.equal(expandProxyCommand('nc %h %p # %r %%', '10.0.0.1', 22, 'root'), 'nc 10.0.0.1 22 # root %');
    });
  });

  describe('known_hosts', () => {
    const key = () => {
      const f = `${tmp}/k${randomBytes(4).toString('hex')}`;
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', f]);
      const [type, b64] = readFileSync(`${f}.pub`, 'utf8').split(' ');
      return { type: type!, b64: b64!, blob: Buffer.from(b64!, 'base64') };
    };
    const k1 = key();
    const k2 = key();

    it('matches plain, wildcard, negated, bracketed-port and hashed host names', () => {
      assert.ok(hostMatches('web1,10.0.0.1', '10.0.0.1'));
      assert.ok(hostMatches('10.0.0.*,!10.0.0.9', '10.0.0.3'));
      assert.ok(!hostMatches('10.0.0.*,!10.0.0.9', '10.0.0.9'));
      assert.ok(hostMatches('[10.0.0.1]:2222', '[10.0.0.1]:2222'));
      const salt = randomBytes(20);
      const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('10.1.1.1').digest('base64')}`;
      assert.ok(hostMatches(hashed, '10.1.1.1'));
      assert.ok(!hostMatches(hashed, '10.1.1.2'));
    });

    it('accepts a known key, refuses a changed one under every policy, handles unknown hosts per policy', () => {
      const kh = `${tmp}/known_hosts`;
      writeFileSync(kh, `# comment\n10.0.0.1 ${k1.type} ${k1.b64}\n`);
      assert.deepEqual(verifyHostKey(kh, '10.0.0.1', 22, k1.blob, 'strict', 'h1'), { ok: true });
      for (const p of ['strict', 'accept-new', 'off'] as const) {
        const v = verifyHostKey(kh, '10.0.0.1', 22, k2.blob, p, 'h1');
        assert.equal(v.ok, false);
        assert.match((v as { message: string }).message, /HAS CHANGED[\s\S]*known_hosts:2/);
      }
      const unknown = verifyHostKey(kh, '10.0.0.2', 2222, k2.blob, 'strict', 'h2');
      assert.equal(unknown.ok, false);
      assert.match((unknown as { message: string }).message, /ssh-keyscan -p 2222 10\.0\.0\.2 >> /);
      assert.deepEqual(verifyHostKey(kh, '10.0.0.2', 2222, k2.blob, 'off', 'h2'), { ok: true });
      assert.ok(!readFileSync(kh, 'utf8').includes('[10.0.0.2]:2222'));
      assert.deepEqual(verifyHostKey(kh, '10.0.0.2', 2222, k2.blob, 'accept-new', 'h2'), {
        ok: true,
        added: true,
      });
      assert.deepEqual(verifyHostKey(kh, '10.0.0.2', 2222, k2.blob, 'strict', 'h2'), { ok: true });
    });

    it('asks the server for the key types known_hosts holds for it', () => {
      const kh = `${tmp}/known_hosts_types`;
      writeFileSync(
        kh,
        `10.0.0.1 ssh-rsa AAAA\n10.0.0.1 ${k1.type} ${k1.b64}\nother ecdsa-sha2-nistp256 AAAA\n`,
      );
      assert.deepEqual(preferredHostKeyAlgorithms(kh, '10.0.0.1', 22), [
        'rsa-sha2-512',
        'rsa-sha2-256',
        'ssh-rsa',
        'ssh-ed25519',
      ]);
      assert.deepEqual(preferredHostKeyAlgorithms(kh, '10.9.9.9', 22), []);
    });
  });

  describe('marker framing', () => {
    it('cuts output at the marker across chunk borders, binary-safe, and keeps what follows', () => {
      const marker = newMarker();
      const body = Buffer.concat([randomBytes(20000), Buffer.from('no newline at the end')]);
      const stream = Buffer.concat([body, Buffer.from(`${marker} 42\nnext`)]);
      for (const size of [7, 4096, stream.length]) {
        const s = new MarkerScanner(Buffer.from(marker));
        let rest: Buffer | undefined;
        for (let i = 0; i < stream.length && !s.done; i += size) rest = s.push(stream.subarray(i, i + size));
        const r = s.take();
        assert.ok(r.body.equals(body), `chunk size ${size}`);
        assert.equal(r.trailer.trim(), '42');
        if (size === stream.length) assert.equal(rest?.toString(), 'next');
      }
    });

    it('frames a command so that the long-lived shell runs it in its own sh with quoted text', () => {
      const m = newMarker();
      const script = shellScript("echo 'it''s'; exit 3", Buffer.from('in'), m, 5000);
      const r = spawnSync('/bin/sh', [], { input: script });
      assert.equal(r.stdout.toString(), `its\n${m} 3\n`);
      assert.equal(r.stderr.toString(), `${m}\n`);
    });

    it('runs inline text in a subshell of the session: here-documents, comments, exit and traps stay inside', () => {
      const m = newMarker();
      const text = "trap 'echo trapped' EXIT\ncat <<'EOF'\nbody\nEOF\nexit 3 # a comment last";
      const script = shellScript(text, undefined, m, undefined, true) + 'echo session-alive\n';
      assert.ok(!script.includes('/bin/sh -c'), 'no new shell');
      const r = spawnSync('dash', [], { input: script });
      assert.equal(r.stdout.toString(), `body\ntrapped\n${m} 3\nsession-alive\n`);
    });

    it('never runs a command on part of its stdin: a cut anywhere before the closing brace runs nothing', () => {
      const m = newMarker();
      const input = Buffer.from('x'.repeat(5000) + '\n');
      const script = Buffer.from(shellScript('wc -c', input, m));
      const end = script.indexOf('\n}\n') + 2;
      assert.ok(end > 6000);
      for (let i = 0; i <= 30; i++) {
        const cut = Math.floor((end * i) / 30);
        const r = spawnSync('dash', [], { input: script.subarray(0, cut) });
        const ran = r.stdout.toString();
        if (cut === end) assert.equal(ran.trim(), '5001', 'whole input at the very end');
        else assert.equal(ran, '', `cut at byte ${cut} of ${end}: nothing ran`);
      }
    });

    it('runs inline text with stdin or a timeout in its own sh (a here-document would begin after the paren)', () => {
      const m = newMarker();
      assert.match(shellScript('cat', Buffer.from('in'), m, undefined, true), /\/bin\/sh -c/);
      assert.match(shellScript('true', undefined, m, 5000, true), /timeout -k 2 5 \/bin\/sh -c/);
      const r = spawnSync('dash', [], { input: shellScript('cat', Buffer.from('in\n'), m, undefined, true) });
      assert.equal(r.stdout.toString(), `in\n${m} 0\n`);
    });
  });

  describe('connectionSpecFor', () => {
    it('reads Ansible connection variables over the defaults', () => {
      const s = connectionSpecFor(
        'web1',
        {
          ansible_host: '10.1.2.3',
          ansible_port: '2222',
          ansible_user: 'deploy',
          ansible_ssh_pass: 'pw',
          ansible_ssh_private_key_file: '/k',
          ansible_ssh_common_args:
            '-o ProxyJump=jump@bastion -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile=/kh',
          ansible_timeout: 5,
        },
        { hostKeyChecking: 'strict', connectTimeoutMs: 10000, user: 'root' },
      );
      assert.equal(s.address, '10.1.2.3');
      assert.equal(s.port, 2222);
      assert.equal(s.user, 'deploy');
      assert.equal(s.password, 'pw');
      assert.equal(s.privateKeyFile, '/k');
      assert.equal(s.jumpHost, 'jump@bastion');
      assert.equal(s.hostKeyChecking, 'accept-new');
      assert.equal(s.knownHostsFile, '/kh');
      assert.equal(s.connectTimeoutMs, 5000);
      assert.equal(s.connection, 'ssh');
    });

    it('defaults to the inventory name, port 22 and strict checking; fabplay_jump_host wins', () => {
      const s = connectionSpecFor(
        'h9',
        { fabplay_jump_host: 'root@10.0.0.1', ansible_host_key_checking: false },
        {},
      );
      assert.equal(s.address, 'h9');
      assert.equal(s.port, 22);
      assert.equal(s.jumpHost, 'root@10.0.0.1');
      assert.equal(s.hostKeyChecking, 'off');
      assert.equal(connectionSpecFor('x', {}, {}).hostKeyChecking, 'strict');
      assert.equal(connectionSpecFor('x', { ansible_connection: 'local' }, {}).connection, 'local');
    });

    it('refuses bad values with an InputError', () => {
      assert.throws(() => connectionSpecFor('x', { ansible_port: 'abc' }, {}), InputError);
      assert.throws(
        () => connectionSpecFor('x', { ansible_connection: 'winrm' }, {}),
        /unsupported ansible_connection/,
      );
      assert.throws(() => connectionSpecFor('x', { fabplay_host_key_checking: 'maybe' }, {}), InputError);
    });
  });
});
