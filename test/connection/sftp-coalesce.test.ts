import { strict as assert } from 'node:assert';
import { coalesceSftpWrites, type Ssh2Sftp } from '../../src/connection/ssh2-lib.js';

/** ssh2's protocol object as an SFTP session holds it, logging what it is asked to send. */
function fakeSession(packetSize: number) {
  const sent: string[] = [];
  const protocol = {
    channelData(chan: number, data: Buffer) {
      sent.push(`data ${chan} ${data.toString()}`);
    },
    channelClose(chan: number) {
      sent.push(`close ${chan}`);
    },
  };
  const session = { _protocol: protocol, outgoing: { id: 7, packetSize } };
  coalesceSftpWrites(session as unknown as Ssh2Sftp);
  const proto = session._protocol;
  return { proto, sent };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('coalesceSftpWrites: the SFTP requests of one turn go out as one packet', () => {
  it('joins the requests of a turn, in order, and sends them at its end', async () => {
    const { proto, sent } = fakeSession(100);
    proto.channelData(7, Buffer.from('lstat-a;'));
    proto.channelData(7, Buffer.from('lstat-b;'));
    assert.deepEqual(sent, [], 'nothing sent before the turn ends');
    await turn();
    assert.deepEqual(sent, ['data 7 lstat-a;lstat-b;']);
    proto.channelData(7, Buffer.from('open;'));
    await turn();
    assert.deepEqual(sent.at(-1), 'data 7 open;');
  });

  it("never makes a packet larger than the server's limit", async () => {
    const { proto, sent } = fakeSession(10);
    proto.channelData(7, Buffer.from('123456'));
    proto.channelData(7, Buffer.from('7890'));
    proto.channelData(7, Buffer.from('abc'));
    await turn();
    assert.deepEqual(sent, ['data 7 1234567890', 'data 7 abc']);
  });

  it('sends what waits before any other message (the channel close after its last request)', async () => {
    const { proto, sent } = fakeSession(100);
    proto.channelData(7, Buffer.from('close-handle;'));
    proto.channelClose(7);
    assert.deepEqual(sent, ['data 7 close-handle;', 'close 7']);
    await turn();
    assert.equal(sent.length, 2, 'nothing sent twice');
  });
});
