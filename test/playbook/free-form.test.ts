import { strict as assert } from 'node:assert';
import { freeFormCommand } from '../../src/playbook/free-form.js';
import { normalizeAction } from '../../src/playbook/normalize-task.js';

// Expected values are what Python's split_args + join_args (ansible 2.14) return for the same text.
describe('playbook free-form text', () => {
  const none = new Set<string>();

  it('keeps newlines, runs of spaces and the final newline', () => {
    assert.equal(freeFormCommand('echo "x   y"\nls  -l\n', none), 'echo "x   y"\nls  -l\n');
  });

  it('joins lines ended by a lone backslash outside quotes', () => {
    assert.equal(
      freeFormCommand('echo a \\\n"b \\\nc" \\\n| cat\necho "x   y"\n', none),
      'echo a "b \\\nc" | cat\necho "x   y"\n',
    );
    assert.equal(freeFormCommand('a  \\\n  b\n  c', none), 'a   b\n  c');
  });

  it("takes out the module's own key=value words, keeping the rest as written", () => {
    const keys = new Set(['executable', 'creates']);
    assert.equal(
      freeFormCommand('executable="/bin/bash"\ncreates=/tmp/a\necho "test"\n', keys),
      'echo "test"\n',
    );
    assert.equal(
      freeFormCommand('chdir=/tmp echo a=b  {{ x | default("a b") }}', new Set(['chdir'])),
      'echo a=b  {{ x | default("a b") }}',
    );
  });
});

describe('playbook free-form arguments of a task', () => {
  const pos = { file: 't.yml', line: 1, col: 1 };
  it('command and shell keep the final newline; other free-form modules take the words', () => {
    assert.equal(normalizeAction({ shell: 'echo a\n' }, 't', false, pos).args.cmd, 'echo a\n');
    assert.equal(
      normalizeAction({ include_vars: 'services/v.yml\n' }, 't', false, pos).args.file,
      'services/v.yml',
    );
  });
});
