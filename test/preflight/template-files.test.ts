import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkTemplateFile, forgetCheckedTemplates } from '../../src/preflight/template-files.js';
import { Problems } from '../../src/preflight/problems.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

describe('preflight: template files', () => {
  const dir = tempDirUntilExit('tplcheck');
  const check = (text: string): Problems => {
    forgetCheckedTemplates();
    const file = join(dir, 'x.j2');
    writeFileSync(file, text);
    const out = new Problems();
    checkTemplateFile(file, out);
    return out;
  };

  it('includes, imports with context and extends are not rejected', () => {
    const out = check(
      "{% extends 'base.j2' %}{% block b %}{% include 'i.j2' ignore missing with context %}" +
        "{% import 'm.j2' as m with context %}{% from 'm.j2' import x without context %}{% endblock %}",
    );
    assert.deepEqual(out.list, []);
  });

  it('a test Ansible has and fabplay lacks is a warning, an unknown filter an error', () => {
    // fabplay has every filter of Ansible's now; of its tests it lacks Jinja's escaped and filter
    const lacking = check("x\n{{ 'a' is escaped }}\n");
    assert.deepEqual(
      lacking.list.map((p) => [p.severity, p.pos?.line]),
      [['warning', 2]],
    );
    assert.match(lacking.list[0]!.message, /fabplay has no test 'escaped' \(Ansible has\)/);
    assert.equal(check('{{ x | no_such_filter_at_all }}').list[0]?.severity, 'error');
  });
});
