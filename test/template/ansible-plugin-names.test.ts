import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { ANSIBLE_FILTERS, ANSIBLE_TESTS } from '../../src/template/ansible-plugin-names.js';

/** ansible.builtin's filter or test names (ansible-doc) and Jinja2's defaults, by the installed ones. */
function installed(kind: 'filter' | 'test'): string[] {
  const doc = execFileSync('ansible-doc', ['-t', kind, '-l', 'ansible.builtin', '-j'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const jinja = execFileSync(
    '/usr/bin/python3',
    ['-c', `import jinja2.defaults as d; print("\\n".join(d.DEFAULT_${kind.toUpperCase()}S))`],
    { encoding: 'utf8' },
  );
  const names = [
    ...Object.keys(JSON.parse(doc) as object).map((k) => k.split('.').pop()!),
    ...jinja.split('\n').filter(Boolean),
  ];
  return [...new Set(names)].sort();
}

describe('Ansible filter and test names (ansible-plugin-names.ts)', function () {
  this.timeout(60_000);
  it('filters equal ansible-doc -t filter and Jinja2', () => {
    assert.deepEqual([...ANSIBLE_FILTERS].sort(), installed('filter'));
  });
  it('tests equal ansible-doc -t test and Jinja2', () => {
    assert.deepEqual([...ANSIBLE_TESTS].sort(), installed('test'));
  });
});
