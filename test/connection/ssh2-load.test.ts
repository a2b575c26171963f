import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { assertWhenFailing } from '../../src/connection/ssh2-load.js';
import { repoRoot, tsxLoader } from '../helpers/cli.js';

describe('ssh2-load: what asn1 and ssh2 get in place of Node modules they load', () => {
  it('returns on checks that pass, without loading Node assert', () => {
    // a fresh process: ssh2 loaded as fabplay loads it, then an ed25519 key made and parsed
    // (ssh2's key parser builds the public key with asn1's writer, which checks its arguments)
    const lib = pathToFileURL(join(repoRoot, 'src/connection/ssh2-lib.ts')).href;
    const script = `
      const { ssh2 } = await import(${JSON.stringify(lib)});
      const before = process.moduleLoadList.includes('NativeModule assert');
      const pair = ssh2.utils.generateKeyPairSync('ed25519');
      const key = ssh2.utils.parseKey(pair.private);
      console.log(JSON.stringify({ before, type: key.type, after: process.moduleLoadList.includes('NativeModule assert') }));
    `;
    const r = spawnSync(process.execPath, ['--import', tsxLoader, '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { before: false, type: 'ssh-ed25519', after: false });
  });

  it('gives ssh2 its HTTP agents without loading http, https and tls until one is made', () => {
    const lib = pathToFileURL(join(repoRoot, 'src/connection/ssh2-lib.ts')).href;
    const script = `
      const { ssh2 } = await import(${JSON.stringify(lib)});
      const loaded = () => ['http', 'https', 'tls'].filter((m) => process.moduleLoadList.includes('NativeModule ' + m));
      void ssh2.Client;
      const atLoad = loaded();
      const a = new ssh2.HTTPSAgent({ host: 'h1' }, { keepAlive: false });
      class Mine extends ssh2.HTTPAgent {}
      const m = new Mine({ host: 'h2' });
      const https = await import('node:https');
      const http = await import('node:http');
      console.log(JSON.stringify({
        atLoad,
        after: loaded(),
        https: a instanceof https.Agent && a instanceof ssh2.HTTPSAgent,
        http: m instanceof Mine && m instanceof http.Agent && m instanceof ssh2.HTTPAgent,
        hosts: [a._connectCfg.host, m._connectCfg.host],
      }));
    `;
    const r = spawnSync(process.execPath, ['--import', tsxLoader, '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      atLoad: [],
      after: ['http', 'https', 'tls'],
      https: true,
      http: true,
      hosts: ['h1', 'h2'],
    });
  });

  it('throws Node assertion error when a check fails', () => {
    const a = assertWhenFailing();
    a(true);
    a.ok!(1, 'never');
    a.equal!(1, '1');
    assert.throws(() => a(0, 'as a function'), { code: 'ERR_ASSERTION', message: 'as a function' });
    assert.throws(() => a.ok!(null, 'ok'), { code: 'ERR_ASSERTION', message: 'ok' });
    assert.throws(() => a.ok!(), { code: 'ERR_ASSERTION', message: /No value argument passed/ });
    assert.throws(() => a.equal!(1, 2), { code: 'ERR_ASSERTION', message: '1 == 2' });
    // anything else is Node's own
    assert.throws(() => a.strictEqual!(1, '1'), { code: 'ERR_ASSERTION' });
  });
});
