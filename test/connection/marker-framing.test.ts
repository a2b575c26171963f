import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { MarkerScanner } from '../../src/connection/marker-scan.js';
import { shellScript, newMarker } from '../../src/connection/command-text.js';

describe('marker framing of commands in the long-lived shell', () => {
  it('cuts output at the marker across chunk borders, binary-safe, and keeps what follows', () => {
    const marker = newMarker();
    const body = Buffer.concat([randomBytes(20000), Buffer.from('no newline at the end')]);
    const stream = Buffer.concat([body, Buffer.from(`${marker} 42\nnext`)]);
    for (const size of [7, 4096, stream.length]) {
      const s = new MarkerScanner(Buffer.from(marker));
      let rest: Buffer | undefined;
      for (let i = 0; i < stream.length && !s.done; i += size) rest = s.push(stream.subarray(i, i + size));
      const r = s.take();
      assert.ok(r.body.equals(body), `chunk size ${size}`);
      assert.equal(r.trailer.trim(), '42');
      if (size === stream.length) assert.equal(rest?.toString(), 'next');
    }
  });

  it('frames a command so that the long-lived shell runs it in its own sh with quoted text', () => {
    const m = newMarker();
    const script = shellScript("echo 'it''s'; exit 3", Buffer.from('in'), m, 5000);
    const r = spawnSync('/bin/sh', [], { input: script });
    assert.equal(r.stdout.toString(), `its\n${m} 3\n`);
    assert.equal(r.stderr.toString(), `${m}\n`);
  });

  it('runs inline text in a subshell of the session: here-documents, comments, exit and traps stay inside', () => {
    const m = newMarker();
    const text = "trap 'echo trapped' EXIT\ncat <<'EOF'\nbody\nEOF\nexit 3 # a comment last";
    const script = shellScript(text, undefined, m, undefined, true) + 'echo session-alive\n';
    assert.ok(!script.includes('/bin/sh -c'), 'no new shell');
    const r = spawnSync('dash', [], { input: script });
    assert.equal(r.stdout.toString(), `body\ntrapped\n${m} 3\nsession-alive\n`);
  });

  it('never runs a command on part of its stdin: a cut anywhere before the closing brace runs nothing', () => {
    const m = newMarker();
    const input = Buffer.from('x'.repeat(5000) + '\n');
    const script = Buffer.from(shellScript('wc -c', input, m));
    const end = script.indexOf('\n}\n') + 2;
    assert.ok(end > 6000);
    for (let i = 0; i <= 30; i++) {
      const cut = Math.floor((end * i) / 30);
      const r = spawnSync('dash', [], { input: script.subarray(0, cut) });
      const ran = r.stdout.toString();
      if (cut === end) assert.equal(ran.trim(), '5001', 'whole input at the very end');
      else assert.equal(ran, '', `cut at byte ${cut} of ${end}: nothing ran`);
    }
  });

  it('runs inline text with stdin or a timeout in its own sh (a here-document would begin after the paren)', () => {
    const m = newMarker();
    assert.match(shellScript('cat', Buffer.from('in'), m, undefined, true), /\/bin\/sh -c/);
    assert.match(shellScript('true', undefined, m, 5000, true), /timeout -k 2 5 \/bin\/sh -c/);
    const r = spawnSync('dash', [], { input: shellScript('cat', Buffer.from('in\n'), m, undefined, true) });
    assert.equal(r.stdout.toString(), `in\n${m} 0\n`);
  });
});
