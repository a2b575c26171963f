import assert from 'node:assert/strict';
import { Templar, TemplateRuntimeError, markUnsafe } from '../../src/template/index.js';
import { makeHostvars } from '../../src/vars/magic.js';

describe('template lazy variables', () => {
  it('resolves variables that reference variables, at any depth', () => {
    const t = new Templar({
      base: '/srv/tftp',
      efi: '{{ base }}/efi',
      grub: '{{ efi }}/grub.cfg',
      paths: ['{{ efi }}', '{{ grub }}'],
    });
    assert.equal(t.template('{{ grub }}'), '/srv/tftp/efi/grub.cfg');
    assert.deepEqual(t.template('{{ paths }}'), ['/srv/tftp/efi', '/srv/tftp/efi/grub.cfg']);
  });

  it('a variable defined as one expression is its text, read back when it spells a list', () => {
    // ansible-playbook 2.14 on the same vars: [5, "10"]
    const t = new Templar({ n: 5, m: '{{ n * 2 }}', ports: '{{ [n, m] }}' });
    assert.deepEqual(t.template('{{ ports }}'), [5, '10']);
  });

  it('evaluates a variable only when used: an unused broken one does not fail', () => {
    const t = new Templar({ ok: 1, broken: '{{ nowhere }}' });
    assert.equal(t.template('{{ ok }}'), 1);
  });

  it('templates a variable once per Templar', () => {
    let reads = 0;
    const vars = {
      get counted(): string {
        reads++;
        return '{{ 1 + 1 }}';
      },
    };
    const t = new Templar(vars);
    t.template('{{ counted }} {{ counted }}');
    t.template('{{ counted }}');
    assert.equal(reads, 1);
  });

  it('reports a variable that refers to itself instead of looping', () => {
    const t = new Templar({ a: '{{ b }}', b: '{{ a }}' });
    assert.throws(
      () => t.template('{{ a }}'),
      (e: unknown) => e instanceof TemplateRuntimeError && /recursive loop/.test(e.message),
    );
  });

  it('gives `vars` as a lazily templated view', () => {
    const t = new Templar({ x: 'X', y: '{{ x }}!', key: 'y' });
    assert.equal(t.template('{{ vars[key] }}'), 'X!');
    assert.equal(t.template("{{ lookup('vars', 'y') }}"), 'X!');
  });

  it('hostvars gives another host its own templated variables', () => {
    const all: Record<string, Record<string, unknown>> = {
      web1: { ip: '10.0.0.1', url: 'http://{{ ip }}/' },
      web2: { ip: '10.0.0.2', url: 'http://{{ ip }}/' },
    };
    let built = 0;
    const hostvars = makeHostvars(Object.keys(all), (h) => {
      built++;
      return all[h];
    });
    const t = new Templar({ ...all.web1, hostvars, groups: { web: ['web1', 'web2'] } });
    assert.equal(t.template("{{ hostvars['web2'].url }}"), 'http://10.0.0.2/');
    assert.deepEqual(t.template("{{ groups.web | map('extract', hostvars, 'ip') | list }}"), [
      '10.0.0.1',
      '10.0.0.2',
    ]);
    assert.equal(t.template("{{ hostvars['nohost'] is defined }}"), false);
    assert.equal(built, 2);
  });
});

describe('template hostvars given as a plain dict', () => {
  it("templates each host's values with that host's own variables, on access", () => {
    let reads = 0;
    const hostvars: Record<string, unknown> = {};
    for (const [h, ip] of [
      ['web1', '10.0.0.1'],
      ['web2', '10.0.0.2'],
    ]) {
      Object.defineProperty(hostvars, h, {
        enumerable: true,
        get: () => {
          reads++;
          return { ip, url: 'http://{{ ip }}/' };
        },
      });
    }
    const t = new Templar({ ip: '10.0.0.1', hostvars });
    assert.equal(t.template("{{ hostvars['web2'].url }}"), 'http://10.0.0.2/');
    assert.equal(t.template("{{ hostvars['web2'].url }}"), 'http://10.0.0.2/');
    assert.equal(reads, 1);
  });
});

describe('template unsafe values', () => {
  it('never templates a value marked unsafe (a registered result)', () => {
    const r = markUnsafe({ stdout: 'literal {{ not_a_var }}', rc: 0 });
    const t = new Templar({ r, other: '{{ r.stdout }}' });
    assert.equal(t.template('{{ r.stdout }}'), 'literal {{ not_a_var }}');
    assert.equal(t.template('{{ other }}'), 'literal {{ not_a_var }}');
  });
});
