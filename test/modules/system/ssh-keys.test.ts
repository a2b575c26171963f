import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authorizedKey } from '../../../src/modules/system/authorized-key.js';
import { knownHosts } from '../../../src/modules/system/known-hosts.js';
import { hashHostKey, judgeFound, knownHostsDiff } from '../../../src/modules/system/known-hosts-plan.js';
import { makeContext } from '../../helpers/module-context.js';

/**
 * known_hosts and authorized_key on this machine (local connection, temporary files, keys made
 * by ssh-keygen for the run). The lab test (ssh-keys.lab.test.ts) compares both with
 * ansible-playbook; these check the parts one by one.
 */
describe('modules/system: known_hosts and authorized_key (local connection, temporary files)', () => {
  let dir: string;
  let key: string;
  let key2: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-sshkeys-'));
    for (const k of ['a', 'b'])
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', k, '-f', join(dir, k)]);
    key = readFileSync(join(dir, 'a.pub'), 'utf8').trim();
    key2 = readFileSync(join(dir, 'b.pub'), 'utf8').trim();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('hashes a host as ssh-keygen -H does: the HMAC-SHA1 of the name under the salt', () => {
    const salt = Buffer.from([...Array(20).keys()]);
    // python3: base64 of hmac.new(bytes(range(20)), b'host1', hashlib.sha1).digest()
    assert.equal(
      hashHostKey('host1', 'host1 ssh-ed25519 AAAA c', salt),
      '|1|AAECAwQFBgcICQoLDA0ODxAREhM=|R581e91l6Pkh0UuTt4mEwedixag= ssh-ed25519 AAAA c',
    );
    assert.equal(hashHostKey('h', '@revoked h  ssh-rsa B', salt).split(' ')[0], '@revoked');
    const line = hashHostKey('[host1]:2222', `[host1]:2222 ${key}`);
    writeFileSync(join(dir, 'hashed'), `${line}\n`);
    const found = execFileSync('ssh-keygen', ['-F', '[host1]:2222', '-f', join(dir, 'hashed')]).toString();
    assert.match(found, /found: line 1/);
  });

  it("reads ssh-keygen -F's answer: the same line kept, another key of the type replaced", () => {
    const out = (lines: string[]) => lines.map((l, i) => `# Host h found: line ${i + 3} \n${l}\n`).join('');
    assert.deepEqual(judgeFound(out(['h ssh-rsa A x']), 'h ssh-rsa A y\n'), {
      found: true,
      replaceOrAdd: false,
      foundLine: 3,
    });
    assert.deepEqual(judgeFound(out(['h ssh-rsa A', 'h ssh-ed25519 B']), 'h ssh-ed25519 C\n'), {
      found: true,
      replaceOrAdd: true,
      foundLine: 4,
    });
    // another type only: the line is added, none dropped
    assert.deepEqual(judgeFound(out(['h ssh-rsa A']), 'h ssh-ed25519 C\n'), {
      found: true,
      replaceOrAdd: true,
    });
    // any hashed host field matches a hashed one; a plain one does not
    assert.equal(judgeFound(out(['|1|x|y ssh-rsa A']), '|1|p|q ssh-rsa A\n').replaceOrAdd, false);
    assert.equal(judgeFound(out(['h ssh-rsa A']), '|1|p|q ssh-rsa A\n').replaceOrAdd, true);
  });

  it("gives Ansible's diff: /dev/null for a missing file, the line moved to the end", () => {
    const d = knownHostsDiff('/k', undefined, { found: false, replaceOrAdd: false }, true, 'h t k\n');
    assert.deepEqual(d, { before_header: '/dev/null', after_header: '/k', before: '', after: 'h t k\n' });
    const s = { found: true, replaceOrAdd: true, foundLine: 1 };
    assert.equal(knownHostsDiff('/k', 'h t old\nx\n', s, true, 'h t k\n').after, 'x\nh t k\n');
  });

  it('known_hosts: adds, keeps, replaces and removes, with check mode sending nothing', async () => {
    const path = join(dir, 'known_hosts');
    const run = (args: Record<string, unknown>, check = false) =>
      knownHosts.run(makeContext({ check }), { path, ...args });
    const c = makeContext({ check: true });
    const r0 = await knownHosts.run(c, { path, name: 'Host1', key: `host1 ${key}` });
    assert.deepEqual(
      Object.keys(r0).sort(),
      ['changed', 'diff'],
      'check mode: the verdict and the diff alone',
    );
    assert.equal(r0.changed, true);
    assert.equal(existsSync(path), false);
    assert.ok(c.steps.some((s) => s.verb === 'change' && !s.sent));

    const r1 = await run({ name: 'Host1', key: `host1 ${key}` });
    assert.equal(r1.changed, true);
    assert.equal(readFileSync(path, 'utf8'), `host1 ${key}\n`);
    assert.equal(statSync(path).mode & 0o777, 0o644);
    assert.equal(r1.state, 'file', "Ansible's path facts replace the state");
    const c2 = makeContext({ check: true });
    const same0 = await knownHosts.run(c2, { path, name: 'host1', key: `host1 ${key}` });
    assert.deepEqual([Object.keys(same0).sort(), same0.changed], [['changed', 'diff'], false]);
    assert.deepEqual(
      c2.steps.filter((x) => x.verb === 'change'),
      [],
      'nothing to change, none recorded',
    );
    const same = await run({ name: 'host1', key: `host1 ${key}` });
    assert.deepEqual(
      [same.changed, same.state, same.mode, same.size],
      [false, 'file', '0644', key.length + 7],
    );

    assert.equal((await run({ name: 'host1', key: `host1 ${key2}`, hash_host: true })).changed, true);
    const hashed = readFileSync(path, 'utf8');
    assert.match(hashed, /^\|1\|[^ ]+ ssh-ed25519 /);
    assert.equal((await run({ name: 'host1', key: `host1 ${key2}`, hash_host: true })).changed, false);
    assert.equal(readFileSync(path, 'utf8'), hashed);

    assert.equal((await run({ name: 'host1', state: 'absent' }, true)).changed, true);
    assert.equal(readFileSync(path, 'utf8'), hashed);
    assert.equal((await run({ name: 'host1', state: 'absent' })).changed, true);
    assert.equal(readFileSync(path, 'utf8'), '');
    assert.equal(readFileSync(`${path}.old`, 'utf8'), hashed, 'ssh-keygen -R keeps the old file');
    assert.equal((await run({ name: 'host1', state: 'absent' })).changed, false);
  });

  it("known_hosts: bad input fails with Ansible's words", async () => {
    const path = join(dir, 'kh-bad');
    const msg = async (args: Record<string, unknown>) =>
      (await knownHosts.run(makeContext(), { path, ...args })).msg;
    assert.equal(await msg({ name: 'h' }), 'No key specified when adding a host');
    assert.equal(
      await msg({ name: 'h9', key: `h1 ${key}` }),
      'Host parameter does not match hashed host field in supplied key',
    );
    assert.match(
      String(await msg({ name: 'a,b', key: `a ${key}` })),
      /^Comma separated list of names is not supported/,
    );
    assert.equal(
      await msg({ name: 'h', key: `h ${key}`, path: join(dir, 'none', 'kh') }),
      `Failed to write to file ${join(dir, 'none', 'kh')}: [Errno 2] No such file or directory: '${join(dir, 'none')}'`,
    );
  });

  it('authorized_key: a given path, made 0600 for the user; check mode needs no user', async () => {
    const path = join(dir, 'keys');
    writeFileSync(path, '# old\n', { mode: 0o644 });
    const args = { user: 'nobody', key: `${key}\n${key2}`, path, manage_dir: false };
    const c = makeContext({ check: true, diff: true });
    const r0 = await authorizedKey.run(c, { ...args, user: 'no-such-user' });
    assert.equal(r0.changed, true);
    assert.deepEqual(r0.diff, {
      before_header: path,
      after_header: path,
      before: '# old\n',
      after: `# old\n${key}\n${key2}\n`,
    });
    assert.equal(readFileSync(path, 'utf8'), '# old\n');
    const r1 = await authorizedKey.run(makeContext(), args);
    assert.equal(r1.changed, true);
    assert.equal(r1.keyfile, path);
    assert.equal(r1.diff, undefined, 'a diff only in diff mode');
    const st = lstatSync(path);
    assert.deepEqual([st.mode & 0o777, st.uid], [0o600, 65534]);
    const same = await authorizedKey.run(makeContext(), args);
    assert.deepEqual([same.changed, same.state, same.mode, same.owner], [false, 'file', '0600', 'nobody']);
  });

  it("authorized_key: refuses a key URL and gives Ansible's words for a bad key or user", async () => {
    const path = join(dir, 'keys2');
    const msg = async (args: Record<string, unknown>, check = false) =>
      String((await authorizedKey.run(makeContext({ check }), { user: 'nobody', path, ...args })).msg);
    assert.match(
      await msg({ key: 'https://example.com/u.keys' }),
      /^Error getting key from: https:.*does not download keys/,
    );
    assert.equal(await msg({ key: 'not a key' }), 'invalid key specified: not a key');
    assert.equal(
      await msg({ key, user: 'no-such-user' }),
      `Failed to lookup user no-such-user: "getpwnam(): name not found: 'no-such-user'"`,
    );
    assert.equal(
      await msg({ key, user: 'no-such-user', path: undefined }, true),
      'Either user must exist or you must provide full path to key file in check mode',
    );
  });
});
