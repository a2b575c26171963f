import assert from 'node:assert/strict';
import { Templar } from '../../src/template/index.js';
import { TemplateLoader } from '../../src/template/loader.js';

describe('template syntax settings: #jinja2: header, module options, comments', () => {
  const t = new Templar({ a: 'A', b: '<< a >>' });

  it('a #jinja2: first line changes the markers for that template only', () => {
    const text =
      "#jinja2:variable_start_string:'<<' , variable_end_string:'>>'\nx: << a >> {{ a }}\ny: << b >>\n";
    assert.equal(t.renderFile(text, 'h.j2'), 'x: A {{ a }}\ny: << a >>\n');
    assert.equal(t.renderFile('#jinja2: trim_blocks: False\n{% if 1 %}\nz\n{% endif %}\n', 'f.j2'), '\nz\n');
  });

  it('line_statement_prefix in the header makes prefixed lines statements', () => {
    const text =
      '#jinja2: line_statement_prefix:":"\n: if a\nfoo\n  : endif\n: for x in [1, 2]\n{{ x }}\n: endfor\n';
    assert.equal(t.renderFile(text, 'l.j2'), 'foo\n1\n2\n');
  });

  it('a header it cannot read is an error naming the pair', () => {
    assert.throws(
      () => t.renderFile('#jinja2:variable_start_string=x\n', 'h.j2'),
      /failed to parse jinja2 override/,
    );
    assert.throws(() => t.renderFile("#jinja2:newline_sequence:'\\t'\n", 'h.j2'), /fabplay takes/);
    assert.throws(() => t.renderFile('#jinja2:autoescape:True\n', 'h.j2'), /fabplay takes/);
  });

  it('trim_blocks and lstrip_blocks as the template module passes them', () => {
    const text = 'a\n  {% if 1 %}\nb\n  {% endif %}\nc\n';
    const as = (trimBlocks: boolean, lstripBlocks: boolean): string =>
      t.renderFile(text, 'x.j2', new TemplateLoader([], { trimBlocks, lstripBlocks }));
    assert.equal(as(true, false), 'a\n  b\n  c\n');
    assert.equal(as(false, false), 'a\n  \nb\n  \nc\n');
    assert.equal(as(true, true), 'a\nb\nc\n');
  });

  it('a #} outside a comment is text, as in Jinja2', () => {
    assert.equal(t.template('{# {{nothing}} {# #} #} + [a]'), ' #} + [a]');
    assert.equal(t.template('x #} {{ a }} #}'), 'x #} A #}');
  });

  it('trim_blocks removes the newline after a comment too, as Jinja2 does', () => {
    assert.equal(t.renderFile('Before\n{# c #}\nAfter\n', 'c.j2'), 'Before\nAfter\n');
    const custom = new TemplateLoader([], { tags: { commentStart: '[#', commentEnd: '#]' } });
    assert.equal(
      t.renderFile('Before\n[# c #]\nAfter {# kept #}\n', 'c.j2', custom),
      'Before\nAfter {# kept #}\n',
    );
  });
});
