import { strict as assert } from 'node:assert';
import { PlainOutput } from '../../src/output/plain.js';
import { JsonOutput } from '../../src/output/json.js';
import { Masker, MASK } from '../../src/output/masking.js';
import { renderDiff } from '../../src/output/diff.js';
import { chalk } from '../../src/output/paint.js';
import { oneLine, recapLines, rolloutLines } from '../../src/output/format.js';
import { batchesOf, exceedsMaxFail } from '../../src/executor/batches.js';
import { tagsSelect } from '../../src/executor/scope.js';
import type { HostResultEvent } from '../../src/output/events.js';
import { sink } from '../helpers/sink.js';
import { runYaml } from '../executor/run-helper.js';

const result = (over: Partial<HostResultEvent>): HostResultEvent => ({
  event: 'host_result',
  host: 'h1',
  task: 't',
  handler: false,
  action: 'command',
  status: 'ok',
  duration_ms: 1,
  result: { changed: false },
  ...over,
});

describe('output', () => {
  it("plain lines of a loop as Ansible's callback: sorted keys, failed items, one ...ignoring", () => {
    const s = sink();
    const o = new PlainOutput(new Masker(), { verbosity: 0, color: false, diff: false, out: s.w });
    o.emit({ event: 'play_start', name: 'p', hosts: ['h1'] });
    const item = { ansible_loop_var: 'item', item: 'e', changed: false, failed: true, msg: 'x' };
    o.emit(result({ action: 'fail', status: 'failed', item: 'e', ignored: true, result: item }));
    o.emit(
      result({
        action: 'fail',
        status: 'failed',
        ignored: true,
        loop: true,
        result: { changed: false, failed: true, msg: 'One or more items failed', results: [item] },
      }),
    );
    o.emit(
      result({
        action: 'assert',
        item: 'c',
        result: { msg: 'ok', changed: false, item: 'c', _ansible_verbose_always: true, z: { b: 1, a: 2 } },
      }),
    );
    // an item that is no text prints as Python's str() of it
    o.emit(result({ status: 'changed', item: { a: [1, true, null], b: "it's" } }));
    assert.equal(
      s.text().split('\n').slice(4).join('\n'),
      [
        'failed: [h1] (item=e) => {"ansible_loop_var": "item", "changed": false, "item": "e", "msg": "x"}',
        '...ignoring',
        'ok: [h1] => (item=c) => {',
        '    "changed": false,',
        '    "item": "c",',
        '    "msg": "ok",',
        '    "z": {',
        '        "a": 2,',
        '        "b": 1',
        '    }',
        '}',
        `changed: [h1] => (item={'a': [1, True, None], 'b': "it's"})`,
        '',
      ].join('\n'),
    );
  });

  it("a module's warning prints after its diff, just above the host's line, as Ansible's callback", () => {
    const s = sink();
    const o = new PlainOutput(new Masker(), { verbosity: 0, color: false, diff: true, out: s.w, err: s.w });
    o.emit({ event: 'play_start', name: 'p', hosts: ['h1'] });
    const diff = { before: '', after: 'x\n', before_header: 'crontab', after_header: 'crontab' };
    o.emit(result({ action: 'cron', status: 'changed', result: { changed: true, diff, warnings: ['w'] } }));
    assert.deepEqual(s.text().split('\n').slice(4), [
      '--- before: crontab',
      '+++ after: crontab',
      '@@ -0,0 +1 @@',
      '+x',
      '',
      '[WARNING]: w',
      'changed: [h1]',
      '',
    ]);
  });

  it('plain lines: play and task banners, host states, debug msg, failure, recap (no total time: Ansible prints none)', () => {
    const s = sink();
    const o = new PlainOutput(new Masker(), { verbosity: 0, color: false, diff: false, out: s.w });
    o.emit({ event: 'play_start', name: 'p', hosts: ['h1'] });
    o.emit({ event: 'task_start', task: 'role : t', handler: false, action: 'debug' });
    o.emit(
      result({
        task: 'role : t',
        action: 'debug',
        result: { changed: false, msg: 'hi', _ansible_verbose_always: true },
      }),
    );
    // a debug whose arguments failed to template has no mark: one line, as Ansible prints it
    o.emit(
      result({ task: 'role : t', action: 'debug', status: 'failed', result: { failed: true, msg: 'undef' } }),
    );
    o.emit(
      result({ task: 'role : t', status: 'failed', result: { changed: false, failed: true, msg: 'bad' } }),
    );
    o.emit(result({ task: 'role : t', status: 'changed', item: 'a' }));
    // `debug: var: skipped` of a truthy value: skipped, and still shown as Ansible's callback does
    o.emit(
      result({
        task: 'role : t',
        action: 'debug',
        status: 'skipped',
        result: { changed: false, failed: false, skipped: [1], _ansible_verbose_always: true },
      }),
    );
    o.emit({
      event: 'recap',
      stats: { h1: { ok: 1, changed: 1, unreachable: 0, failed: 1, skipped: 0, rescued: 0, ignored: 0 } },
      duration_ms: 1500,
    });
    const t = s.text();
    assert.match(t, /PLAY \[p\] \*+/);
    assert.match(t, /TASK \[role : t\] \*+/);
    assert.match(t, /ok: \[h1\] => \{\n {4}"msg": "hi"\n\}/);
    assert.match(t, /fatal: \[h1\]: FAILED! => \{"changed": false, "msg": "bad"\}/);
    assert.match(t, /fatal: \[h1\]: FAILED! => \{"msg": "undef"\}\n/);
    assert.match(t, /changed: \[h1\] => \(item=a\)/);
    assert.match(t, /skipping: \[h1\] => \{\}\n/);
    assert.match(t, /h1 +: ok=1 +changed=1 +unreachable=0 +failed=1 +skipped=0 +rescued=0 +ignored=0/);
    assert.doesNotMatch(t, /total time/);
    assert.ok(t.endsWith('ignored=0   \n\n'), 'the recap ends the output, as in Ansible');
  });

  it('--json: one object per line, internal events left out, secrets masked', () => {
    const s = sink();
    const m = new Masker();
    m.add('hunter22');
    const o = new JsonOutput(m, s.w, s.w);
    o.emit({ event: 'playbook_start', playbook: 'x.yml' });
    o.emit({ event: 'host_start', host: 'h1', task: 't' });
    o.emit(result({ result: { changed: false, msg: 'password is hunter22' } }));
    const lines = s
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((l) => l.event),
      ['playbook_start', 'host_result'],
    );
    assert.equal((lines[1]!.result as { msg: string }).msg, `password is ${MASK}`);
  });

  it('a secret is masked in the forms output gives it: shell-quoted and JSON-escaped', () => {
    const m = new Masker();
    const secret = `it's "quoted" \\ here`;
    m.add(secret);
    const shellQuoted = `printf %s '${secret.replace(/'/g, `'\\''`)}'`;
    assert.equal(m.text(shellQuoted), `printf %s '${MASK}'`);
    assert.equal(m.text(JSON.stringify({ msg: secret })), `{"msg":"${MASK}"}`);
    assert.equal(m.text(`plain ${secret}`), `plain ${MASK}`);
    m.add('ab');
    assert.equal(m.text('ab'), 'ab', 'values under 3 characters are not masked');
  });

  it('diff: unified diff for files, colored only on a terminal', () => {
    const d = renderDiff({ before: 'a\nb\n', after: 'a\nc\n', before_header: 'f', after_header: 'f' }, false);
    assert.match(d, /^--- before: f\n\+\+\+ after: f\n@@ -1,2 \+1,2 @@$/m);
    assert.match(d, /^-b$/m);
    assert.match(d, /^\+c$/m);
    assert.ok(!d.includes(String.fromCharCode(27)), 'no color codes off a terminal');
    assert.equal(renderDiff({ before: 'same', after: 'same' }, false), '');
    // a module's own text (unarchive's itemized changes) as it is, as Ansible's callback shows it
    assert.equal(
      renderDiff({ prepared: '>f++++++.?? d/a\n>d++++++.?? d/\n' }, true),
      '>f++++++.?? d/a\n>d++++++.?? d/',
    );
  });

  it('colors the recap and a diff through chalk, loaded at the first colored text', () => {
    const level = chalk().level;
    chalk().level = 1; // mocha's output is no terminal: chalk would color nothing
    try {
      const z = { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
      const [, line] = recapLines({ web1: { ...z, ok: 2, failed: 1 } }, true);
      const esc = String.fromCharCode(27);
      assert.ok(line!.startsWith(`${esc}[31mweb1`), JSON.stringify(line)); // a failed host: red
      assert.ok(line!.includes(`${esc}[32mok=2`), JSON.stringify(line));
      assert.ok(line!.includes(`${esc}[31mfailed=1`), JSON.stringify(line));
      assert.ok(!line!.includes(`${esc}[36mskipped`), 'a zero count is not colored');
      const d = renderDiff({ before: 'a\n', after: 'b\n', before_header: 'f', after_header: 'f' }, true);
      assert.match(d, new RegExp(`^${esc}\\[31m-a`, 'm'));
      assert.match(d, new RegExp(`^${esc}\\[32m\\+b`, 'm'));
    } finally {
      chalk().level = level;
    }
  });

  it('recap lists every host', () => {
    const z = { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
    const lines = recapLines({ a: z, b: { ...z, ok: 2 } }, false);
    assert.equal(lines.filter((l) => /^[ab] +:/.test(l)).length, 2);
  });

  it('a stopped rollout: the batch, who failed which task, who was not reached', () => {
    const lines = rolloutLines(
      {
        play: 'PXE servers',
        batch: 2,
        batches: 4,
        hosts: ['pxe-b'],
        failed: [{ host: 'pxe-b', task: 'rollout_gate : Gate', status: 'failed', msg: 'gate failed:\n404' }],
        not_reached: ['pxe-c', 'pxe-d'],
      },
      false,
    );
    assert.deepEqual(lines, [
      'ROLLOUT STOPPED [PXE servers] after batch 2 of 4: pxe-b',
      '  pxe-b failed [rollout_gate : Gate]: gate failed:',
      '  not reached: pxe-c pxe-d',
    ]);
  });

  it("a checker's long message in one line: its first line and the line that points into the file", () => {
    const msg =
      'failed to validate on h2: dhcpd -t -cf x.tmp rc:1 error:ISC DHCP 4.4.3\nCopyright\n' +
      'x.tmp line 13: 300 exceeds max (255) for precision.\n  range 10.99.2.100 10.99.2.300;\nexiting.';
    assert.equal(
      oneLine(msg),
      'failed to validate on h2: dhcpd -t -cf x.tmp rc:1 error:ISC DHCP 4.4.3 ... x.tmp line 13: 300 exceeds max (255) for precision.',
    );
    assert.equal(oneLine('x'.repeat(400)).length, 303);
  });

  it('serial: an empty list, 0 and a size past the hosts are one batch', () => {
    const hosts = ['a', 'b', 'c'];
    assert.deepEqual(batchesOf(hosts, []), [hosts]);
    assert.deepEqual(batchesOf(hosts, '0'), [hosts]);
    assert.deepEqual(batchesOf(hosts, 10), [hosts]);
    assert.deepEqual(batchesOf(['a', 'b', 'c', 'd'], [1, '25%']), [['a'], ['b'], ['c'], ['d']]);
  });
});

describe('executor units', () => {
  it('serial batches: number, percentage, list with the last repeating', () => {
    const hosts = ['a', 'b', 'c', 'd', 'e'];
    assert.deepEqual(batchesOf(hosts, 2), [['a', 'b'], ['c', 'd'], ['e']]);
    assert.deepEqual(batchesOf(hosts, '40%'), [['a', 'b'], ['c', 'd'], ['e']]);
    assert.deepEqual(batchesOf(hosts, [1, 3]), [['a'], ['b', 'c', 'd'], ['e']]);
    assert.deepEqual(batchesOf(hosts, undefined), [hosts]);
  });

  it('max_fail_percentage compares the failed share of a batch', () => {
    assert.equal(exceedsMaxFail(1, 4, 25), false);
    assert.equal(exceedsMaxFail(2, 4, 25), true);
    assert.equal(exceedsMaxFail(1, 4, undefined), false);
  });

  it('tags: always, never, tagged, untagged, skip', () => {
    const t = (...x: string[]): Set<string> => new Set(x);
    assert.equal(tagsSelect(t('always'), ['x'], []), true);
    assert.equal(tagsSelect(t('never', 'x'), ['x'], []), true);
    assert.equal(tagsSelect(t('never'), [], []), false);
    assert.equal(tagsSelect(t(), ['untagged'], []), true);
    assert.equal(tagsSelect(t('a'), ['tagged'], []), true);
    assert.equal(tagsSelect(t('a'), [], ['a']), false);
    assert.equal(tagsSelect(t('always'), [], ['always']), false);
  });

  it("an assert's result shows without -v as Ansible prints it (unless quiet); register keeps no output hint", async () => {
    const r = await runYaml(`
- hosts: h1
  gather_facts: false
  tasks:
    - assert: {that: [true], success_msg: "gate passed"}
      register: g
    - assert: {that: [true], quiet: true}
    - debug: {msg: "{{ g.keys() | sort }}"}
`);
    const s = sink();
    const o = new PlainOutput(new Masker(), { verbosity: 0, color: false, diff: false, out: s.w });
    for (const ev of r.events) o.emit(ev);
    const t = s.text();
    assert.match(
      t,
      /TASK \[assert\] \*+\nok: \[h1\] => \{\n {4}"changed": false,\n {4}"msg": "gate passed"\n\}\n/,
    );
    assert.match(t, /TASK \[assert\] \*+\nok: \[h1\]\n/);
    assert.deepEqual(r.msgs, ['h1: ["changed","failed","msg"]']);
  });
});
