import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseExtraVars } from '../../src/cli/extra-vars.js';
import { ExitCode, FabError } from '../../src/errors.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

describe('-e extra vars', () => {
  it('merges key=value, JSON and @file values in order', () => {
    const dir = tempDirUntilExit('fabplay-ev');
    writeFileSync(join(dir, 'v.yml'), 'port: 8080\nlist: [1, 2]\n');
    const vars = parseExtraVars(['port=80 name="a b"', '{"on": true, "port": 81}', '@v.yml'], dir);
    assert.deepEqual(vars, { port: 8080, name: 'a b', on: true, list: [1, 2] });
  });

  it("keeps words that are no key=value as _raw_params, as Ansible's parse_kv does (the last -e wins)", () => {
    // ansible-playbook 2.14 -e 'ansible_facts_parallel: False' -e 'a=1 b junk c=2': _raw_params is 'b junk'
    const vars = parseExtraVars(['ansible_facts_parallel: False', 'a=1 b junk c=2']);
    assert.deepEqual(vars, { a: '1', c: '2', _raw_params: 'b junk' });
    assert.deepEqual(parseExtraVars(['ansible_facts_parallel: False']), {
      _raw_params: 'ansible_facts_parallel: False',
    });
  });

  it('is an input error (exit 3) with file:line for a file that is not a mapping', () => {
    const dir = tempDirUntilExit('fabplay-ev');
    writeFileSync(join(dir, 'l.yml'), '- a\n');
    assert.throws(
      () => parseExtraVars(['@l.yml'], dir),
      (e: unknown) =>
        e instanceof FabError && e.exitCode === ExitCode.INVALID_INPUT && /l\.yml:1:1/.test(e.format()),
    );
  });
});
