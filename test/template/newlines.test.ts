import assert from 'node:assert/strict';
import { Templar } from '../../src/template/index.js';
import { TemplateLoader } from '../../src/template/loader.js';
import { jinjaSource, restoreTrailingNewlines, trailingNewlines } from '../../src/template/newlines.js';

describe('template line ends as Jinja2 reads them (Ansible 2.14)', () => {
  const t = new Templar({ x: 'X\r\nY', two: 'a\n\n', n: 3 });

  it('reads \\r\\n and \\r as \\n and drops the last line end of the source', () => {
    assert.equal(jinjaSource('a\r\nb\rc\n\r\n'), 'a\nb\nc\n');
    assert.equal(jinjaSource('a\r'), 'a');
    assert.equal(jinjaSource('a\r\n', true), 'a\n');
  });

  it("counts only the \\n's at the end, as Ansible's _count_newlines_from_end", () => {
    assert.equal(trailingNewlines('a\r\n\r\n'), 1);
    assert.equal(trailingNewlines('a\n\n'), 2);
    assert.equal(trailingNewlines('a\r'), 0);
    assert.equal(restoreTrailingNewlines('a', 'x\n\n', '\r\n'), 'a\r\n\r\n');
    assert.equal(restoreTrailingNewlines('a\n\n\n', 'x\n'), 'a\n\n\n');
  });

  it('templated text and its string literals get \\n; what a variable holds keeps its own', () => {
    assert.equal(t.template('p\r\nq {{ n }}\r\n'), 'p\nq 3\n');
    assert.equal(t.template("{{ 'l\r\nm' }}"), 'l\nm');
    assert.equal(t.template('u\rv {{ n }}\r'), 'u\nv 3');
    assert.equal(t.template('m\r\n{{ x }}'), 'm\nX\r\nY');
    // text without template markers is not rendered at all
    assert.equal(t.template('p\r\nq\r\n'), 'p\r\nq\r\n');
  });

  it("gives back only the newlines the output lacks: `{{ two }}\\n` is two's text", () => {
    assert.equal(t.template('{{ two }}\n'), 'a\n\n');
    assert.equal(t.template('{{ two }} \n'), 'a\n\n \n');
    assert.equal(t.template('{{ n }}\r\n'), '3\n');
  });

  it("newline_sequence changes the template's text and literals, not the values", () => {
    const crlf = new TemplateLoader([], { newlineSequence: '\r\n' });
    assert.equal(
      t.renderFile("a\nb {{ x }} {{ 'l\nm' }}\n\n", 't.j2', crlf, true),
      'a\r\nb X\r\nY l\r\nm\r\n\r\n',
    );
    assert.equal(t.renderFile("#jinja2: newline_sequence:'\\r'\na\n{{ n }}\n", 't.j2'), 'a\r3\r');
  });

  it('keep_trailing_newline keeps the last line end; the template module renders marker-less files', () => {
    assert.equal(t.renderFile('#jinja2: keep_trailing_newline:True\n{{ two }}\n', 't.j2'), 'a\n\n\n');
    assert.equal(t.renderFile('a\r\nb\r\n', 't.j2', undefined, true), 'a\nb\n');
    assert.equal(t.renderFile('a\r\nb\r\n', 't.j2'), 'a\r\nb\r\n');
  });

  it('trim_blocks drops the line end after {% endraw %}, not after {% raw %}', () => {
    assert.equal(t.renderFile('{% raw %}\r\nr\r\n{% endraw %}\r\nX', 't.j2'), '\nr\nX');
  });
});
