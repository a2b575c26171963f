import { strict as assert } from 'node:assert';
import { createRequire } from 'node:module';
import { parseSftpWithoutStacks, type Ssh2Sftp } from '../../src/connection/ssh2-lib.js';

// ssh2's own SFTP client, fed the bytes of an answer as its channel would feed them (no server)
const { SFTP } = createRequire(import.meta.url)('ssh2/lib/protocol/SFTP.js') as {
  SFTP: new (
    client: unknown,
    chanInfo: unknown,
    cfg: unknown,
  ) => Ssh2Sftp & {
    _requests: Record<number, { cb: (e?: Error) => void }>;
    push(data: Buffer | null): unknown;
  };
};

function session() {
  const client = { _protocol: {}, config: { ident: 'SSH-2.0-test' } };
  const chanInfo = { type: 'sftp', incoming: { id: 0, window: 1 << 20, packetSize: 32768 }, outgoing: {} };
  const s = new SFTP(client, chanInfo, {});
  // SSH_FXP_VERSION 3, no extensions: the server's first answer
  s.push(Buffer.from([0, 0, 0, 5, 2, 0, 0, 0, 3]));
  return s;
}

/** SSH_FXP_STATUS for request `id`: code 2 (no such file), as OpenSSH's sftp-server sends it. */
function noSuchFile(id: number): Buffer {
  const msg = Buffer.from('No such file');
  const body = Buffer.alloc(1 + 4 + 4 + 4 + msg.length + 4);
  let p = body.writeUInt8(101, 0);
  p = body.writeUInt32BE(id, p);
  p = body.writeUInt32BE(2, p);
  p = body.writeUInt32BE(msg.length, p);
  p += msg.copy(body, p);
  body.writeUInt32BE(0, p); // language tag
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

describe('parseSftpWithoutStacks: the errors ssh2 makes of SFTP statuses carry no stack', () => {
  it("an answer's error has its message and code and no stack frames; the limit is restored", () => {
    const got: Error[] = [];
    const s = session();
    s._requests[5] = { cb: (e) => got.push(e!) };
    s._requests[6] = { cb: (e) => got.push(e!) };
    s.push(noSuchFile(5));
    parseSftpWithoutStacks(s);
    const limit = Error.stackTraceLimit;
    s.push(noSuchFile(6));
    assert.equal(Error.stackTraceLimit, limit);
    assert.match(got[0]!.stack!, /\n\s+at /, 'without it: a stack');
    assert.equal(got[1]!.message, 'No such file');
    assert.equal((got[1] as Error & { code?: number }).code, 2);
    assert.doesNotMatch(got[1]!.stack!, /\n\s+at /);
  });

  it('the limit is restored when a callback throws', () => {
    const s = session();
    parseSftpWithoutStacks(s);
    s._requests[1] = {
      cb: () => {
        throw new Error('from a callback');
      },
    };
    const limit = Error.stackTraceLimit;
    assert.throws(() => s.push(noSuchFile(1)), /from a callback/);
    assert.equal(Error.stackTraceLimit, limit);
  });
});
