import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getUrl, parseChecksum } from '../../../src/modules/net/get-url.js';
import { wgetArgv, wgetStatus } from '../../../src/modules/net/wget.js';
import { makeContext } from '../../helpers/module-context.js';
import { schemaErrors } from '../commands/helpers.js';
import { startServer, type TestServer } from './http-server.js';

const BODY = 'kernel image bytes\n';
const SHA256 = createHash('sha256').update(BODY).digest('hex');

describe('modules/net: get_url (curl on the host, local HTTP server)', () => {
  let srv: TestServer;
  let dir: string;
  before(async () => {
    srv = await startServer({ '/boot/vmlinuz': BODY });
  });
  after(() => srv.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-geturl-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('parses checksums and builds wget argv (pure)', () => {
    assert.deepEqual(parseChecksum(`sha256:${SHA256.toUpperCase()}`), { algo: 'sha256', hex: SHA256 });
    assert.equal(parseChecksum(''), undefined);
    assert.throws(() => parseChecksum('crc32:abcd'), /algorithm one of md5/);
    assert.deepEqual(
      wgetArgv({
        url: 'http://h/f',
        method: 'GET',
        headers: {},
        validateCerts: false,
        followRedirects: true,
        timeoutSec: 3,
        output: '/t',
      }),
      [
        'wget',
        '--quiet',
        '--server-response',
        '--timeout=3',
        '-O',
        '/t',
        '--no-check-certificate',
        '--',
        'http://h/f',
      ],
    );
    assert.equal(wgetStatus('  HTTP/1.1 302 Found\n  Location: x\n  HTTP/1.1 200 OK\n'), 200);
  });

  it('converges from nothing, re-runs unchanged, check mode both ways, with diff', async () => {
    const dest = join(dir, 'vmlinuz');
    const args = { url: `${srv.url}/boot/vmlinuz`, dest, checksum: `sha256:${SHA256}`, mode: '0640' };
    const c1 = await getUrl.run(makeContext({ check: true, diff: true }), args);
    assert.equal(c1.changed, true);
    assert.equal(existsSync(dest), false, 'check mode downloads nothing into place');
    assert.deepEqual(c1.diff, {
      before: 'absent\n',
      after: `sha1: ${createHash('sha1').update(BODY).digest('hex')}\n`,
      before_header: dest,
      after_header: dest,
    });
    const r = await getUrl.run(makeContext(), args);
    assert.equal(r.changed, true);
    assert.equal(r.status_code, 200);
    assert.equal(r.size, BODY.length);
    assert.equal(readFileSync(dest, 'utf8'), BODY);
    assert.equal((statSync(dest).mode & 0o777).toString(8), '640');
    assert.deepEqual(readdirSync(dir), ['vmlinuz'], 'no temporary file left behind');
    const again = await getUrl.run(makeContext(), args);
    assert.equal(again.changed, false);
    const c2 = await getUrl.run(makeContext({ check: true }), args);
    assert.equal(c2.changed, false);
  });

  it('downloads again when the checksum differs; force compares content', async () => {
    const dest = join(dir, 'vmlinuz');
    writeFileSync(dest, 'old\n');
    const r = await getUrl.run(makeContext(), {
      url: `${srv.url}/boot/vmlinuz`,
      dest,
      checksum: `sha256:${SHA256}`,
    });
    assert.equal(r.changed, true);
    assert.equal(readFileSync(dest, 'utf8'), BODY);
    const f = await getUrl.run(makeContext(), { url: `${srv.url}/boot/vmlinuz`, dest, force: true });
    assert.equal(f.changed, false, 'same bytes: nothing changed');
    const fc = await getUrl.run(makeContext({ check: true }), {
      url: `${srv.url}/boot/vmlinuz`,
      dest,
      force: 'yes',
    });
    assert.equal(fc.changed, false);
  });

  it('an existing dest without checksum or force is left alone', async () => {
    const dest = join(dir, 'f');
    writeFileSync(dest, 'mine\n');
    const r = await getUrl.run(makeContext(), { url: `${srv.url}/boot/vmlinuz`, dest });
    assert.equal(r.changed, false);
    assert.equal(readFileSync(dest, 'utf8'), 'mine\n');
  });

  it('a directory dest takes the URL file name', async () => {
    const r = await getUrl.run(makeContext(), { url: `${srv.url}/boot/vmlinuz`, dest: dir });
    assert.equal(r.dest, join(dir, 'vmlinuz'));
    assert.equal(readFileSync(join(dir, 'vmlinuz'), 'utf8'), BODY);
  });

  it('fails clearly on a wrong checksum, a 404 and bad arguments, leaving nothing behind', async () => {
    const dest = join(dir, 'x');
    const bad = await getUrl.run(makeContext(), {
      url: `${srv.url}/boot/vmlinuz`,
      dest,
      checksum: `sha256:${'0'.repeat(64)}`,
    });
    assert.equal(bad.failed, true);
    assert.match(String(bad.msg), new RegExp(`did not match 0{64}; it was ${SHA256}`));
    const nf = await getUrl.run(makeContext(), { url: `${srv.url}/nope`, dest });
    assert.equal(nf.failed, true);
    assert.equal(nf.status_code, 404);
    assert.match(String(nf.msg), /HTTP Error 404 .* on localhost|on localhost: HTTP Error 404/);
    assert.deepEqual(readdirSync(dir), []);
    const bm = await getUrl.run(makeContext(), { url: `${srv.url}/boot/vmlinuz`, dest, mode: 'u=rwz' });
    assert.equal(bm.failed, true);
    assert.match(String(bm.msg), /bad symbolic permission/);
    assert.ok(schemaErrors(getUrl, { url: 'http://x' }).length > 0, 'dest is required');
    assert.ok(schemaErrors(getUrl, { url: 'http://x', dest: '/d', force: 'perhaps' }).length > 0);
  });
});
