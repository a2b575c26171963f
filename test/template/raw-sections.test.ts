import { strict as assert } from 'node:assert';
import { unclosedRawAt } from '../../src/template/raw-sections.js';
import { Templar } from '../../src/template/index.js';

// Jinja2 (checked with ansible-playbook 2.14): a {% raw %} with no {% endraw %} after it fails
// with "Missing end of raw directive"; nunjucks alone would render the rest as template text.
describe('template: {% raw %} sections', () => {
  it('finds a raw section left open, not one inside an expression, a string or a comment', () => {
    assert.equal(unclosedRawAt('a {% raw %} b'), 2);
    assert.equal(unclosedRawAt('{%- raw -%}x'), 0);
    assert.equal(unclosedRawAt('{% raw %}{{ x }}{% endraw %} {% raw %}'), 29);
    assert.equal(unclosedRawAt('{% raw %}{{ x }}{% endraw %}'), undefined);
    assert.equal(unclosedRawAt("{{ '{% raw %}' }} {# {% raw %} #}"), undefined);
    assert.equal(unclosedRawAt("{% set a = '{% raw %}' %}{{ a }}"), undefined);
    assert.equal(unclosedRawAt('no tags at all'), undefined);
  });

  it('a template with one fails to render, with Jinja2 words', () => {
    const t = new Templar({ c: 'C' });
    assert.throws(() => t.template('a {% raw %} b {{ c }}'), /Missing end of raw directive/);
    assert.equal(t.template('{% raw %}{{ c }}{% endraw %} {{ c }}'), '{{ c }} C');
  });
});
