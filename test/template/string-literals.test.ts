import assert from 'node:assert/strict';
import { Templar } from '../../src/template/index.js';
import { escapeBackslashes } from '../../src/template/string-literals.js';
import { cases } from './helpers.js';

// Outcomes checked against ansible-playbook 2.14 (test/fixtures/differential/30-escapes.yml).
describe('template string literals and backslashes', () => {
  describe('in playbook text, literals inside {{ }} mean their text as written', () => {
    cases([
      [String.raw`{{ 'a b1' | regex_replace('\S', 'x') }}`, 'x xx'],
      [String.raw`{{ ['\\d+', '\d', '\t', '\z'] }}`, ['\\\\d+', '\\d', '\\t', '\\z']],
      [String.raw`{{ '\n' | length }}`, 2],
      [String.raw`{{ "it's" ~ '\x41' }}`, "it's\\x41"],
    ]);
  });

  // checked against ansible-playbook 2.14 (test/fixtures/differential/224-adjacent-string-literals.yml)
  describe('literals one after the other are one literal, as in Jinja2', () => {
    cases([
      ["{{ 'a' 'b' }}", 'ab'],
      ["{{ 'c''d' | upper }}", 'CD'],
      [`{{ 'float: 1.5' | regex_replace('''float:.*$''', 'F') }}`, 'F'],
      ['{% set y = \'p\' "q" %}{{ y }}', 'pq'],
      ["{{ ['r' 's', 't'] }}", ['rs', 't']],
    ]);
  });

  describe('in {% %} code and template files, Python escapes are decoded', () => {
    cases([
      [String.raw`{% if '\t' | length == 1 %}one{% endif %}`, 'one'],
      [String.raw`{% set x = '\S\x41\101\u00e9\q' %}{{ x }}`, '\\SAAé\\q'],
    ]);
    it('renders a file with decoded literals and unknown escapes kept', () => {
      const out = new Templar({}).renderFile(
        String.raw`{{ 'a\Sb\x41\n' | length }}|{{ 'x y' | regex_replace('\s', '_') }}`,
        'f.j2',
      );
      assert.equal(out, '6|x_y');
    });
  });

  it('doubles backslashes only in string literals of {{ }} blocks', () => {
    assert.equal(
      escapeBackslashes(
        String.raw`a\b {{ x['\d'] ~ "\"" }} {% set y = '\d' %}{# '\c' #}{% raw %}{{ '\e' }}{% endraw %}`,
      ),
      String.raw`a\b {{ x['\\d'] ~ "\\"" }} {% set y = '\d' %}{# '\c' #}{% raw %}{{ '\e' }}{% endraw %}`,
    );
  });
});
