import assert from 'node:assert/strict';
import { strftime } from '../../src/template/now.js';
import { Templar } from '../../src/template/index.js';

describe('now() and strftime', () => {
  const d = new Date(Date.UTC(2024, 1, 29, 13, 5, 9, 123));

  it("formats as Python's strftime does (checked with python3)", () => {
    assert.equal(
      strftime(d, '%Y-%m-%d %H:%M:%S.%f %y %I%p %j %a %A %b %B %w %%', true),
      '2024-02-29 13:05:09.123000 24 01PM 060 Thu Thursday Feb February 4 %',
    );
    assert.equal(strftime(d, '%s', true), String(Math.floor(d.getTime() / 1000)));
  });

  it('refuses a directive it does not know', () => {
    assert.throws(() => strftime(d, '%Q', true), /%Q is not supported/);
  });

  it('now(fmt=...) gives the formatted time, now() the str() of a datetime', () => {
    const t = new Templar({});
    const secs = Number(t.template("{{ now(fmt='%s') }}"));
    assert.ok(Math.abs(secs - Date.now() / 1000) < 5);
    // Python's str(datetime) leaves out a microsecond of 0
    assert.match(String(t.template('{{ now(utc=true) }}')), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$/);
  });

  it("now() reads the wall clock, as Python's time.time() does, not the process's own timer", () => {
    const t = new Templar({});
    const timer = performance.now;
    // the process's timer an hour away from the clock: the clock was set while the process ran
    performance.now = () => timer.call(performance) + 3_600_000;
    try {
      const secs = Number(t.template("{{ now(fmt='%s') }}"));
      assert.ok(Math.abs(secs - Date.now() / 1000) < 5, `${secs} against ${Date.now() / 1000}`);
    } finally {
      performance.now = timer;
    }
  });

  it('now() is a naive datetime of local time, now(utc=true) of UTC, each later than the one before', () => {
    const t = new Templar({});
    assert.equal(t.template('{{ now() | type_debug }}'), 'datetime');
    assert.equal(t.template('{{ now().tzinfo is none }}'), true);
    assert.equal(t.template('{{ (now() - now()).days }}'), '-1');
    const localMinusUtc = Number(t.template('{{ ((now() - now(utc=true)).total_seconds() / 60) | round }}'));
    assert.equal(localMinusUtc + 0, -new Date().getTimezoneOffset() + 0);
    assert.equal(t.template('{{ now(true).year }}'), String(new Date().getUTCFullYear()));
  });
});
