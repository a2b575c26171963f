import assert from 'node:assert/strict';
import { uri, statusCodes } from '../../../src/modules/net/uri.js';
import { curlArgv, parseCurlOutput, TRAILER } from '../../../src/modules/net/curl.js';
import { makeContext } from '../../helpers/module-context.js';
import { schemaErrors } from '../commands/helpers.js';
import { startServer, type TestServer } from './http-server.js';
import { PyFloat } from '../../../src/util/py-float.js';

describe('modules/net: uri (curl on the host, local HTTP server)', () => {
  let srv: TestServer;
  before(async () => {
    srv = await startServer({ '/hello.txt': 'hello\n' });
  });
  after(() => srv.close());

  it('builds curl argv from the request (pure)', () => {
    const argv = curlArgv({
      url: 'http://x/a b',
      method: 'POST',
      headers: { A: 'b c' },
      body: '{}',
      validateCerts: false,
      followRedirects: false,
      timeoutSec: 5,
    });
    assert.deepEqual(argv.slice(argv.indexOf('--request')), [
      '--request',
      'POST',
      '--insecure',
      '--header',
      'A: b c',
      '--data-binary',
      '@-',
      '--',
      'http://x/a b',
    ]);
  });

  it('parses curl output with a 100 Continue and a redirect', () => {
    const out =
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 302 Found\r\nLocation: /b\r\n\r\nHTTP/1.1 200 OK\r\nX-A: 1\r\n\r\nBODY' +
      `${TRAILER} 200 1 4 0.01 http://h/b`;
    const r = parseCurlOutput(out);
    assert.equal(r.status, 200);
    assert.equal(r.body, 'BODY');
    assert.deepEqual(r.headers, { 'x-a': '1' });
    assert.equal(r.url, 'http://h/b');
  });

  it('GETs with status, headers as keys and content', async () => {
    const r = await uri.run(makeContext(), { url: `${srv.url}/hello.txt`, return_content: true });
    assert.equal(r.failed, undefined);
    assert.equal(r.changed, false);
    assert.equal(r.status, 200);
    assert.equal(r.content, 'hello\n');
    assert.equal(r.content_length, '6');
    assert.equal(r.content_type, 'text/plain');
    assert.equal(r.msg, 'OK (6 bytes)');
  });

  it('POSTs a JSON body (json.dumps: a float stays 2.0) and decodes a JSON answer; status_code as a list', async () => {
    const r = await uri.run(makeContext(), {
      url: `${srv.url}/echo`,
      method: 'POST',
      body: { a: 1, f: new PyFloat(2) },
      body_format: 'json',
      status_code: [200, 201],
      return_content: true,
    });
    assert.equal(r.status, 201);
    // Python's json.dumps, as Ansible's uri sends it
    assert.deepEqual(r.json, { method: 'POST', body: '{"a": 1, "f": 2.0}', ctype: 'application/json' });
    assert.equal(r.x_test, 'yes');
  });

  it('HEAD checks a file (the curl -I health check), follows a redirect for GET', async () => {
    const h = await uri.run(makeContext(), { url: `${srv.url}/hello.txt`, method: 'HEAD' });
    assert.equal(h.status, 200);
    assert.equal(h.content_length, '6');
    const g = await uri.run(makeContext(), { url: `${srv.url}/redirect`, return_content: true });
    assert.equal(g.status, 200);
    assert.equal(g.redirected, true);
    assert.equal(g.content, 'hello\n');
  });

  it('fails on an unexpected status, naming status, URL and host', async () => {
    const r = await uri.run(makeContext(), { url: `${srv.url}/missing` });
    assert.equal(r.failed, true);
    assert.equal(r.status, 404);
    assert.match(
      String(r.msg),
      /^Status code was 404 and not \[200\]: GET http:\/\/127.0.0.1:\d+\/missing from localhost/,
    );
    const ok = await uri.run(makeContext(), { url: `${srv.url}/missing`, status_code: 404 });
    assert.equal(ok.failed, undefined);
  });

  it('fails with status -1 when nothing listens', async () => {
    const r = await uri.run(makeContext(), { url: 'http://127.0.0.1:1/', timeout: 3 });
    assert.equal(r.failed, true);
    assert.equal(r.status, -1);
    assert.match(String(r.msg), /Request failed on localhost: curl: \(7\)/);
  });

  it('check mode: GET still runs (read only), POST is not sent', async () => {
    const n = srv.requests.length;
    const g = await uri.run(makeContext({ check: true }), { url: `${srv.url}/hello.txt` });
    assert.equal(g.status, 200);
    const p = await uri.run(makeContext({ check: true }), {
      url: `${srv.url}/echo`,
      method: 'POST',
      body: 'x',
    });
    assert.equal(p.skipped, true);
    assert.equal(srv.requests.length, n + 1);
  });

  it('rejects bad arguments', async () => {
    assert.ok(schemaErrors(uri, { url: 'http://x', body_format: 'yaml' }).length > 0);
    assert.ok(schemaErrors(uri, { method: 'GET' }).length > 0, 'url is required');
    assert.ok(schemaErrors(uri, { url: 'http://x', retrun_content: true }).length > 0);
    assert.throws(() => statusCodes('abc'), /status_code must be HTTP status codes/);
    const r = await uri.run(makeContext(), { url: 'localhost/x' });
    assert.equal(r.failed, true);
    assert.match(String(r.msg), /url must be an http\(s\) URL/);
  });
});
