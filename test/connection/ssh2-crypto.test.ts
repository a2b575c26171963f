import { strict as assert } from 'node:assert';
import * as nodeCrypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ssh2Crypto, ssh2CryptoUses } from '../../src/connection/ssh2-crypto.js';
import { ssh2 } from '../../src/connection/ssh2-lib.js';

/**
 * The crypto ssh2's protocol files get (src/connection/ssh2-crypto.ts): each shortcut must give
 * what Node's own function gives, and a real handshake (ssh2's client against ssh2's server, in
 * this process, for each kind of host key) must take them.
 */

const data = Buffer.from('the exchange hash');

describe('ssh2-crypto: the shortcuts give what Node crypto gives', () => {
  it('exports an X25519 public key as the same SPKI DER, other formats as before', () => {
    const pair = ssh2Crypto.generateKeyPairSync('x25519');
    // Node's own export, which the key's own property shadows
    const nodeExport = (Object.getPrototypeOf(pair.publicKey) as nodeCrypto.KeyObject).export as (
      this: nodeCrypto.KeyObject,
      o: object,
    ) => Buffer | string;
    const spki = { type: 'spki', format: 'der' } as const;
    const real = nodeExport.call(pair.publicKey, spki);
    assert.deepEqual(pair.publicKey.export(spki), real);
    assert.equal(real.length, 44);
    const pem = { type: 'spki', format: 'pem' } as const;
    assert.equal(pair.publicKey.export(pem), nodeExport.call(pair.publicKey, pem));
  });

  it('reads an X25519 SPKI DER key to the same key (the same shared secret)', () => {
    const ours = nodeCrypto.generateKeyPairSync('x25519');
    const theirs = nodeCrypto.generateKeyPairSync('x25519');
    const der = theirs.publicKey.export({ type: 'spki', format: 'der' });
    const before = ssh2CryptoUses.x25519Import;
    const key = ssh2Crypto.createPublicKey({ key: der, format: 'der', type: 'spki' });
    assert.equal(ssh2CryptoUses.x25519Import, before + 1);
    assert.deepEqual(
      nodeCrypto.diffieHellman({ privateKey: ours.privateKey, publicKey: key }),
      nodeCrypto.diffieHellman({ privateKey: theirs.privateKey, publicKey: ours.publicKey }),
    );
  });

  it('reads any other key as Node does', () => {
    const rsa = nodeCrypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const der = rsa.export({ type: 'spki', format: 'der' });
    const before = ssh2CryptoUses.x25519Import;
    const key = ssh2Crypto.createPublicKey({ key: der, format: 'der', type: 'spki' });
    assert.equal(ssh2CryptoUses.x25519Import, before);
    assert.equal(key.asymmetricKeyType, 'rsa');
  });

  it('checks an Ed25519 signature against PEM text as Node does, a forged one too', () => {
    const { publicKey, privateKey } = nodeCrypto.generateKeyPairSync('ed25519');
    // ssh2's PEM: 64-column lines, no newline after the END line
    const pem = (publicKey.export({ type: 'spki', format: 'pem' }) as string).trimEnd();
    const sig = nodeCrypto.sign(null, data, privateKey);
    const forged = Buffer.from(sig);
    forged[0] ^= 1;
    const before = ssh2CryptoUses.ed25519Verify;
    assert.equal(ssh2Crypto.verify(null, data, pem, sig), true);
    assert.equal(ssh2Crypto.verify(null, data, pem, forged), false);
    assert.equal(ssh2Crypto.verify(null, Buffer.from('another hash'), pem, sig), false);
    assert.equal(ssh2CryptoUses.ed25519Verify, before + 3);
  });

  it('checks other signatures through Node crypto', () => {
    const { publicKey, privateKey } = nodeCrypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const sig = nodeCrypto.sign('sha256', data, privateKey);
    const before = ssh2CryptoUses.ed25519Verify;
    assert.equal(ssh2Crypto.verify('sha256', data, pem, sig), true);
    assert.equal(ssh2Crypto.verify('sha256', Buffer.from('x'), pem, sig), false);
    assert.equal(ssh2CryptoUses.ed25519Verify, before);
  });

  it('fills only the range asked with random bytes, never the same ones twice', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const buf = Buffer.alloc(24, 0xee);
      ssh2Crypto.randomFillSync(buf, 4, 16);
      assert.equal(buf.subarray(0, 4).toString('hex'), 'eeeeeeee');
      assert.equal(buf.subarray(20).toString('hex'), 'eeeeeeee');
      seen.add(buf.subarray(4, 20).toString('hex'));
    }
    // 2,000 draws of 16 bytes: across several refills of the pool, and all of them different
    assert.equal(seen.size, 2000);
    const big = Buffer.alloc(1000);
    ssh2Crypto.randomFillSync(big);
    assert.notEqual(big.toString('hex'), Buffer.alloc(1000).toString('hex'));
  });
});

interface ServerModule {
  Server: new (
    cfg: { hostKeys: string[] },
    onClient: (client: import('node:events').EventEmitter) => void,
  ) => NetServer;
  utils: { generateKeyPairSync(type: string, opts?: object): { private: string } };
}

/** An ssh2 server on a Unix socket that accepts the password 'pw' and answers any command 'hi'. */
function startServer(socket: string, hostKey: string, mod: ServerModule): Promise<NetServer> {
  const server = new mod.Server({ hostKeys: [hostKey] }, (client) => {
    client.on(
      'authentication',
      (ctx: { method: string; password?: string; accept(): void; reject(): void }) =>
        ctx.method === 'password' && ctx.password === 'pw' ? ctx.accept() : ctx.reject(),
    );
    client.on('session', (accept: () => import('node:events').EventEmitter) =>
      accept().on(
        'exec',
        (acceptExec: () => { write(s: string): void; exit(c: number): void; end(): void }) => {
          const ch = acceptExec();
          ch.write('hi');
          ch.exit(0);
          ch.end();
        },
      ),
    );
    client.on('error', () => undefined);
  });
  return new Promise((resolve) => server.listen(socket, () => resolve(server)));
}

/** One login and command with fabplay's ssh2 (ssh2-lib.ts): the command's output. */
function loginAndRun(socket: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = new ssh2.Client();
    c.on('error', reject);
    c.on('ready', () =>
      c.exec('anything', (err, ch) => {
        if (err) return reject(err);
        let out = '';
        ch.on('data', (d: Buffer) => (out += d.toString()));
        ch.on('close', () => {
          c.end();
          resolve(out);
        });
      }),
    );
    c.connect({
      sock: connect(socket),
      username: 'root',
      authHandler: (_left, _partial, next) => next({ type: 'password', username: 'root', password: 'pw' }),
      hostVerifier: () => true,
    });
  });
}

describe('ssh2-crypto: ssh2 as fabplay loads it takes the shortcuts', function () {
  this.timeout(30000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'fabplay-ssh2-crypto-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const kinds: [string, object | undefined, boolean][] = [
    ['ed25519', undefined, true],
    ['rsa', { bits: 2048 }, false],
    ['ecdsa', { bits: 256 }, false],
  ];
  for (const [type, opts, ed25519] of kinds)
    it(`logs in to a server with an ${type} host key`, async () => {
      const mod = ssh2 as unknown as ServerModule;
      const socket = join(dir, `${type}.sock`);
      const server = await startServer(socket, mod.utils.generateKeyPairSync(type, opts).private, mod);
      try {
        const before = { ...ssh2CryptoUses };
        assert.equal(await loginAndRun(socket), 'hi');
        // the client and the server (both this process's ssh2) each made and read an X25519 key
        assert.ok(ssh2CryptoUses.x25519Export >= before.x25519Export + 2);
        assert.ok(ssh2CryptoUses.x25519Import >= before.x25519Import + 2);
        assert.ok(ssh2CryptoUses.pooledRandom > before.pooledRandom + 10);
        assert.equal(ssh2CryptoUses.ed25519Verify > before.ed25519Verify, ed25519);
      } finally {
        server.close();
      }
    });
});
