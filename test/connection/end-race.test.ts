import { strict as assert } from 'node:assert';
import { EndRace } from '../../src/connection/end-race.js';

describe("racing requests against a connection's end", () => {
  it('passes each outcome through and keeps nothing of a settled request', async () => {
    const gone = new EndRace();
    const values = await Promise.all(Array.from({ length: 1000 }, (_, i) => gone.race(Promise.resolve(i))));
    assert.equal(values[999], 999);
    await assert.rejects(gone.race(Promise.reject(new Error('no such file'))), /no such file/);
    assert.equal(gone.pending, 0);
  });

  it('rejects the requests still pending with the reason of the end, and every later one at once', async () => {
    const gone = new EndRace();
    const never = gone.race(new Promise(() => {}));
    assert.equal(gone.pending, 1);
    gone.end(new Error('connection lost'));
    gone.end(new Error('a second end is ignored'));
    await assert.rejects(never, /connection lost/);
    assert.equal(gone.pending, 0);
    assert.ok(gone.ended);
    await assert.rejects(gone.race(Promise.resolve(1)), /connection lost/);
  });

  describe('a request sent with its callback (request)', () => {
    const worded = (e: unknown) => new Error(`worded: ${(e as Error).message}`);

    it("settles with the callback's value, or its error as `fail` words it, telling `settled` which", async () => {
      const gone = new EndRace();
      const heard: boolean[] = [];
      const hooks = { fail: worded, settled: (answered: boolean) => heard.push(answered) };
      const v = await gone.request<number>((done) => setImmediate(() => done(null, 7)), hooks);
      assert.equal(v, 7);
      await assert.rejects(
        gone.request((done) => setImmediate(() => done(new Error('no such file'))), hooks),
        /^Error: worded: no such file$/,
      );
      assert.deepEqual(heard, [true, false]);
      assert.equal(gone.pending, 0);
    });

    it('rejects a pending request with the end, worded, and ignores its answer coming later', async () => {
      const gone = new EndRace();
      const heard: boolean[] = [];
      let answer: ((err: unknown, v?: number) => void) | undefined;
      const p = gone.request<number>((done) => (answer = done), {
        fail: worded,
        settled: (a) => heard.push(a),
      });
      assert.equal(gone.pending, 1);
      gone.end(new Error('connection lost'));
      await assert.rejects(p, /worded: connection lost/);
      answer!(null, 1);
      assert.deepEqual(heard, [false]);
      await assert.rejects(
        gone.request(() => assert.fail('sent after the end'), { fail: worded }),
        /worded: connection lost/,
      );
      assert.equal(gone.pending, 0);
    });

    it('rejects a request whose sending throws (a closed channel), leaving nothing pending', async () => {
      const gone = new EndRace();
      await assert.rejects(
        gone.request(
          () => {
            throw new Error('channel closed');
          },
          { fail: worded },
        ),
        /worded: channel closed/,
      );
      assert.equal(gone.pending, 0);
    });
  });
});
