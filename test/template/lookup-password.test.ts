import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Templar } from '../../src/template/index.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

const render = (expr: string, vars: Record<string, unknown> = {}): unknown =>
  new Templar(vars).template(expr);

describe('lookups: password, varnames', () => {
  it('password keeps the password it made in the file (0600 in a 0700 directory)', () => {
    const dir = join(tempDirUntilExit('pw'), 'sub');
    const first = render(`{{ lookup('password', '${dir}/p length=12 chars=digits') }}`) as string;
    assert.match(first, /^\d{12}$/);
    assert.equal(render(`{{ lookup('password', '${dir}/p') }}`), first);
    assert.equal(readFileSync(join(dir, 'p'), 'utf8'), first + '\n');
    assert.equal(statSync(join(dir, 'p')).mode & 0o777, 0o600);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
  });

  it('password with a seed gives what Python random.Random(seed).choice gives', () => {
    // the same values ansible-playbook 2.14 printed for these terms
    assert.equal(render("{{ lookup('password', '/dev/null seed=abc length=8') }}"), '6TTuIhBj');
    assert.equal(
      render("{{ lookup('password', '/dev/null', length=5, seed='x', chars=['ascii_lowercase']) }}"),
      'ukttp',
    );
  });

  it('password with encrypt stores a salt and returns the same crypt hash each time', () => {
    const f = join(tempDirUntilExit('pw'), 'p');
    const a = render(`{{ lookup('password', '${f} encrypt=sha512_crypt') }}`) as string;
    assert.match(a, /^\$6\$[A-Za-z0-9./]{16}\$/);
    assert.equal(render(`{{ lookup('password', '${f} encrypt=sha512_crypt') }}`), a);
    assert.match(readFileSync(f, 'utf8'), /^\S{20} salt=[A-Za-z0-9./]{16}\n$/);
  });

  it('password refuses a parameter it does not know', () => {
    assert.throws(
      () => render("{{ lookup('password', '/dev/null size=3') }}"),
      /Unrecognized parameter\(s\) given to password lookup: size/,
    );
  });

  it('varnames gives the names matching each regex, in the order the variables come', () => {
    const vars = { qz_1: 1, qa_1: 2, qz_2: 3, qz_: 4 };
    assert.deepEqual(render("{{ query('varnames', '^qz_.+', '^qa') }}", vars), ['qz_1', 'qz_2', 'qa_1']);
    assert.throws(
      () => render("{{ lookup('varnames', '*') }}", vars),
      /Unable to use "\*" .*nothing to repeat/,
    );
  });
});
