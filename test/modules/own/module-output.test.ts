import { strict as assert } from 'node:assert';
import { moduleResult } from '../../../src/modules/own/module-output.js';
import { isBoxedFloat } from '../../../src/util/py-float.js';
import { isBinary, moduleStyle } from '../../../src/modules/own/module-style.js';
import { keyValueArgs } from '../../../src/modules/own/module-args-file.js';

// What Ansible 2.14's ActionBase does with a module's output and how module_common classifies a
// module file, one piece at a time (the whole, beside ansible-playbook: fixtures 187 and 188).
describe('modules/own: a module of the user own, read as Ansible reads it', () => {
  it('tells the styles apart in module_common order', () => {
    const t = (s: string) => moduleStyle(Buffer.from(s));
    assert.equal(t('#!/bin/sh\necho {}\n'), 'old');
    assert.equal(t('#!/usr/bin/python\n# WANT_JSON\n'), 'want_json');
    assert.equal(t("#!/usr/bin/python\nx = '<<INCLUDE_ANSIBLE_MODULE_JSON_ARGS>>'\n"), 'jsonargs');
    // module_utils wins over the JSON marks, as Ansible checks it first
    assert.equal(
      t('#!/usr/bin/python\n# WANT_JSON\nfrom ansible.module_utils.basic import AnsibleModule\n'),
      'new-python',
    );
    assert.equal(t('#!/usr/bin/python\nfrom ..module_utils.x import y\n'), 'new-python');
    assert.equal(t('#!powershell\n#Requires -Module Ansible.ModuleUtils.Legacy\n'), 'new-powershell');
    assert.equal(moduleStyle(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])), 'binary');
  });

  it('binary is a byte outside text in the first 1,024 only (latin-1 letters are text)', () => {
    assert.equal(isBinary(Buffer.from('caf\xe9\t\r\n\x1b', 'latin1')), false);
    assert.equal(isBinary(Buffer.concat([Buffer.alloc(1024, 0x41), Buffer.from([0])])), false);
    assert.equal(isBinary(Buffer.from('a\x7fb', 'latin1')), true);
  });

  it('old-style arguments are Python str() values quoted as shlex.quote quotes them', () => {
    assert.equal(
      keyValueArgs({ a: 'x y', b: true, c: null, d: [1, 'z'], e: "it's", f: '' }),
      `a='x y' b=True c=None d='[1, '"'"'z'"'"']' e='it'"'"'s' f='' `,
    );
  });

  // ansible-playbook 2.14 registers {"x": 1.0, "n": NaN, "i": -Infinity} as floats (json.loads):
  // 1.0, nan, -inf in templates (the whole floats beside it: fixture 382)
  it('reads numbers as json.loads does: 1.0 stays a float, NaN and Infinity are floats', () => {
    const r = moduleResult(
      { rc: 0, stdout: '{"x": 1.0, "y": 2, "n": NaN, "i": -Infinity}\n', stderr: '' },
      '/bin/sh',
    );
    assert.equal(isBoxedFloat(r.result.x), true);
    assert.equal(String(r.result.x), '1.0');
    assert.equal(r.result.y, 2);
    assert.ok(Number.isNaN(r.result.n));
    assert.equal(r.result.i, -Infinity);
    assert.equal(r.result.failed, false);
  });

  // ansible-playbook 2.14 registers {"warnings": 0.0, "deprecations": {}, "x": 1} as {"x": 1}:
  // remove_internal_keys drops them by Python's truth, a float 0.0 too
  it('drops warnings and deprecations that are empty or zero as Python reads them', () => {
    const r = moduleResult(
      { rc: 0, stdout: '{"warnings": 0.0, "deprecations": {}, "x": 1}\n', stderr: '' },
      '/bin/sh',
    );
    assert.deepEqual(r.result, { x: 1, failed: false });
    const kept = moduleResult(
      { rc: 0, stdout: '{"warnings": ["w"], "deprecations": 0.5}\n', stderr: '' },
      '/bin/sh',
    );
    assert.deepEqual(Object.keys(kept.result).sort(), ['deprecations', 'failed', 'warnings']);
  });

  it('drops lines around the JSON object, warns for words after it', () => {
    const r = moduleResult({ rc: 0, stdout: 'motd\n{"a": 1,\n "b": 2}\nbye\n', stderr: '' }, '/bin/sh');
    assert.deepEqual(r.result, { a: 1, b: 2, failed: false });
    assert.deepEqual(r.warnings, ['Module invocation had junk after the JSON data: bye']);
  });

  it('no JSON object is MODULE FAILURE with what was printed, and the interpreter hint when it is missing', () => {
    const r = moduleResult({ rc: 127, stdout: '', stderr: 'sh: 1: /opt/py: not found\n' }, '/opt/py');
    assert.equal(
      r.result.msg,
      'The module failed to execute correctly, you probably need to set the interpreter.\nSee stdout/stderr for the exact error',
    );
    assert.equal(r.result.rc, 127);
    const list = moduleResult(
      { rc: 0, stdout: '[1, 2]\n', stderr: 'Traceback (most recent call last):\n' },
      'python',
    );
    assert.equal(list.result.msg, 'MODULE FAILURE\nSee stdout/stderr for the exact error');
    assert.equal(list.result.exception, 'Traceback (most recent call last):\n');
  });

  it('renames a results that is no list, removes internal keys, fails on rc, splits stdout', () => {
    const r = moduleResult(
      {
        rc: 0,
        stdout: JSON.stringify({
          results: 'x',
          _ansible_no_log: false,
          rc: 2,
          stdout: 'a\nb\n',
          warnings: [],
          ansible_facts: { discovered_interpreter_python: '/x', y: 1 },
        }),
        stderr: '',
      },
      undefined,
    );
    assert.deepEqual(r.result, {
      ansible_module_results: 'x',
      rc: 2,
      stdout: 'a\nb\n',
      stdout_lines: ['a', 'b'],
      ansible_facts: { y: 1 },
      failed: true,
    });
    assert.deepEqual(r.warnings, [
      "Found internal 'results' key in module return, renamed to 'ansible_module_results'.",
      'Removed unexpected internal key in module return: _ansible_no_log = False',
    ]);
  });
});
