import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirUntilExit } from '../helpers/temp-dir.js';
import { Templar } from '../../src/template/index.js';
import { TemplateLoader } from '../../src/template/loader.js';
import { setJinja2Native } from '../../src/template/native.js';

/** Files of a small template tree: name -> text. */
function tree(files: Record<string, string>): string {
  const dir = tempDirUntilExit('loader');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('template loader: include, import, extends', () => {
  const dir = tree({
    'templates/main.j2':
      "A{% include 'inc.j2' %}\n{% for x in [1, 2] %}{% include 'loop.j2' %}{% endfor %}\n",
    'templates/inc.j2': 'inc {{ v }}\n',
    'templates/loop.j2': 'L{{ x }}\n',
    'templates/mac.j2': '{% macro hi() %}hi {{ v | default("none") }}{% endmacro %}',
    'templates/imports.j2':
      "{% import 'mac.j2' as m %}{{ m.hi() }}|{% import 'mac.j2' as c with context %}{{ c.hi() }}|" +
      "{% from 'mac.j2' import hi %}{{ hi() }}|{% from 'mac.j2' import hi as h2 with context %}{{ h2() }}",
    'templates/base.j2': '<{% block body %}base{% endblock %}>',
    'templates/child.j2': "{% extends 'base.j2' %}{% block body %}child+{{ super() }}{% endblock %}",
    'templates/bad.j2': "x\n{% include 'missing.j2' %}\n",
    'templates/up.j2': "{% include '../secret' %}",
    'templates/optional.j2': "[{% include 'missing.j2' ignore missing %}]",
    'templates/broken.j2': "ok\n{% include 'broken-inc.j2' %}",
    'templates/broken-inc.j2': 'line1\n{{ nope }}\n',
    secret: 'not reachable',
    'role/templates/r.j2': "{% include 'rinc.j2' %} {% include 'inc.j2' %}",
    'role/templates/rinc.j2': 'rinc',
  });
  const templar = new Templar({ v: 'V' }, { searchPaths: [dir] });
  const render = (name: string, extraDirs: string[] = []): string => {
    const file = join(dir, 'templates', name);
    const loader = TemplateLoader.forTemplateModule([...extraDirs, dir], dir, file);
    return templar.renderFile(readFileSync(file, 'utf8'), file, loader);
  };

  it('includes see the variables and the loop; an included file loses its last newline', () => {
    assert.equal(render('main.j2'), 'Ainc VL1L2\n');
  });

  it('import without context sees no variables, with context it does; from-import too', () => {
    assert.equal(render('imports.j2'), 'hi none|hi V|hi none|hi V');
  });

  it('extends with blocks and super()', () => {
    assert.equal(render('child.j2'), '<child+base>');
  });

  it("a role's templates/ dir and the play's are both searched", () => {
    const file = join(dir, 'role', 'templates', 'r.j2');
    const loader = TemplateLoader.forTemplateModule([join(dir, 'role'), dir], dir, file);
    assert.equal(
      templar.renderFile("{% include 'rinc.j2' %} {% include 'inc.j2' %}", file, loader),
      'rinc inc V',
    );
  });

  it('a missing include names the name, the including file and where it looked', () => {
    assert.throws(
      () => render('bad.j2'),
      (e: Error) =>
        /TemplateNotFound: missing\.j2 \(looked in: .*templates/.test(e.message) && /bad\.j2/.test(e.message),
    );
    assert.equal(render('optional.j2'), '[]');
  });

  it('a name climbing out with .. is not found (as in Jinja2)', () => {
    assert.throws(() => render('up.j2'), /TemplateNotFound: \.\.\/secret/);
  });

  it('an error inside an included file names that file and its line', () => {
    assert.throws(
      () => render('broken.j2'),
      (e: Error & { pos?: { file: string; line: number } }) =>
        e.pos?.file.endsWith('broken-inc.j2') === true &&
        e.pos.line === 2 &&
        /'nope' is undefined/.test(e.message),
    );
  });

  it("lookup('template') resolves includes from the template's own dir and the search path", () => {
    assert.equal(
      new Templar({ v: 'V' }, { searchPaths: [dir] }).template("{{ lookup('template', 'main.j2') }}"),
      'Ainc VL1L2\n',
    );
  });

  it("lookup('template') takes other variable and comment markers, and convert_data", () => {
    const d = tree({
      'templates/m.j2': '[# note #]Hello [% v %]!\n',
      'templates/d.j2': '{"a": "{{ v }}"}\n',
    });
    const t = new Templar({ v: 'V' }, { searchPaths: [d] });
    const out = t.template(
      "{{ lookup('template', 'm.j2', variable_start_string='[%', variable_end_string='%]', comment_start_string='[#', comment_end_string='#]') }}",
    );
    assert.equal(out, 'Hello V!\n');
    assert.deepEqual(t.template("{{ lookup('template', 'd.j2') }}"), { a: 'V' });
    assert.equal(t.template("{{ lookup('template', 'd.j2', convert_data=False) }}"), '{"a": "V"}\n');
  });

  it("lookup('template') adds template_vars and Ansible's template_* variables over the host's", () => {
    const d = tree({ 'templates/v.j2': '{{ v }} {{ w }} {{ template_path }} {{ ansible_managed }}' });
    const t = new Templar({ v: 'V', ansible_managed: 'mine' }, { searchPaths: [d] });
    assert.equal(
      t.template("{{ lookup('template', 'v.j2', template_vars={'w': '{{ v }}!', 'v': 'X'}) }}"),
      'X X! v.j2 Ansible managed',
    );
    assert.throws(
      () => t.template("{{ lookup('template', 'v.j2', template_vars=[1]) }}"),
      /template_vars must be a dict/,
    );
  });

  it("lookup('template') takes jinja2_native (with the run's jinja2_native on, only it reads the text back)", () => {
    const d = tree({ 'templates/n.j2': '{{ 1 + 1 }}', 'templates/l.j2': '{{ [1, 2] }}' });
    const t = new Templar({}, { searchPaths: [d] });
    assert.equal(t.template("{{ lookup('template', 'n.j2', jinja2_native=True, unknown=1) }}"), '2');
    assert.deepEqual(t.template("{{ lookup('template', 'l.j2') }}"), [1, 2]);
    setJinja2Native(true);
    try {
      assert.equal(t.template("{{ lookup('template', 'l.j2') | type_debug }}"), 'AnsibleUnsafeText');
      assert.deepEqual(t.template("{{ lookup('template', 'l.j2', jinja2_native=True) }}"), [1, 2]);
    } finally {
      setJinja2Native(false);
    }
  });
});
