import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pyYamlDump, type BlockTexts } from '../../src/template/filters/pyyaml.js';

/**
 * callback_result_format = yaml: texts with line breaks as Ansible 2.14's callback dumper writes
 * them (literal blocks, or double quotes where a block cannot hold the text), compared with
 * PyYAML run here through that dumper.
 */
const DATA = {
  plain: 'one line',
  lines: 'a\nb',
  ending: 'a\nb\n',
  endings: 'a\n\n',
  leading: '  indented\nnext',
  blankFirst: '\nafter',
  trailingBlank: 'a \nb',
  tabbed: 'a\tb\nc',
  unicode: 'äöü\néêè\nßï☺',
  nested: { list: ['x\ny', 'z'], deeper: { t: 'p\nq' } },
};

function pyDump(lossy: boolean): string {
  const script = [
    'import json, sys, yaml',
    'from ansible.plugins.callback import _AnsibleCallbackDumper',
    'data = json.loads(sys.stdin.read())',
    `sys.stdout.write(yaml.dump(data, allow_unicode=True, Dumper=_AnsibleCallbackDumper(lossy=${lossy ? 'True' : 'False'}), default_flow_style=False, indent=4))`,
  ].join('\n');
  return execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(DATA), encoding: 'utf8' });
}

describe("yaml results: texts as Ansible's callback dumper writes them", function () {
  this.timeout(20_000);
  for (const mode of ['exact', 'lossy'] as BlockTexts[])
    it(`${mode}: the same text as PyYAML with _AnsibleCallbackDumper`, function () {
      if (!existsSync('/usr/lib/python3/dist-packages/ansible')) this.skip();
      assert.equal(pyYamlDump(DATA, 4, false, mode), pyDump(mode === 'lossy'));
    });
});
