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
});
