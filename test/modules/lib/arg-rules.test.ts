import { strict as assert } from 'node:assert';
import { UNKNOWN, checkArgRules } from '../../../src/modules/lib/arg-rules.js';
import { boolOf } from '../../../src/util/ansible-bool.js';
import { getModule } from '../../../src/modules/registry.js';
import { PyFloat } from '../../../src/util/py-float.js';

/** Problems of a module's literal args, as messages (preflight's view). */
function problems(module: string, args: Record<string, unknown>): string[] {
  const m = getModule(module)!;
  return checkArgRules(m.args!, m.rules ?? {}, m.required ?? [], args).map((p) => p.message);
}

describe('module argument rules (arg-rules.ts), as Ansible declares them', () => {
  it('booleans as Ansible reads them, in any case', () => {
    for (const v of [true, 1, 'yes', 'On', 'TRUE', 'y', 't', '1']) assert.equal(boolOf(v), true, String(v));
    for (const v of [false, 0, 'no', 'Off', 'false', 'n', 'f', '0'])
      assert.equal(boolOf(v), false, String(v));
    for (const v of ['maybe', 2, '', null, []]) assert.equal(boolOf(v), undefined, String(v));
  });

  it('required, choices, types and modes (Ansible wording)', () => {
    // copy's action plugin words it before the module would (Ansible: 'dest is required')
    assert.deepEqual(problems('copy', { content: 'x' }), ['dest is required']);
    assert.deepEqual(problems('template', { src: 'x' }), ['missing required arguments: dest']);
    // ansible-playbook 2.14, `replace: {}`: "missing required arguments: path, regexp"
    assert.deepEqual(problems('replace', {}), ['missing required arguments: path, regexp']);
    assert.deepEqual(problems('file', { path: '/x', state: 'folder' }), [
      'value of state must be one of: absent, directory, file, hard, link, touch, got: folder',
    ]);
    assert.deepEqual(problems('copy', { dest: '/x', content: 'a', force: 'maybe' }), [
      "argument 'force': 'maybe' is not a valid boolean",
    ]);
    assert.match(problems('file', { path: '/x', mode: 'abc' })[0]!, /mode must be in octal or symbolic form/);
    assert.deepEqual(problems('file', { path: '/x', mode: '0644' }), []);
    assert.deepEqual(problems('file', { path: '/x', mode: 'u=rw,g=r' }), []);
    assert.deepEqual(problems('find', { paths: '/x', depth: 'deep' }), [
      "argument 'depth': 'deep' cannot be converted to an int",
    ]);
  });

  it("an int argument refuses a float, whole too, as Ansible's check_type_int; an action plugin's int() takes it", () => {
    for (const depth of [new PyFloat(2), 2.5, '2.0', '1e3'])
      assert.equal(problems('find', { paths: '/x', depth }).length, 1, String(depth));
    assert.deepEqual(problems('find', { paths: '/x', depth: ' 2 ' }), []);
    assert.deepEqual(problems('find', { paths: '/x', depth: '1_0' }), []);
    assert.deepEqual(problems('debug', { msg: 'x', verbosity: new PyFloat(0) }), []);
  });

  it('aliases are the argument they stand for; messages name what was written', () => {
    assert.deepEqual(problems('lineinfile', { dest: '/x', line: 'a', regex: 'b', search_string: 'c' }), [
      'parameters are mutually exclusive: regexp|search_string',
    ]);
  });

  it('mutually_exclusive, required_one_of, required_if, required_by', () => {
    assert.deepEqual(problems('copy', { dest: '/x', content: 'a', src: 'b' }), [
      'parameters are mutually exclusive: content|src',
    ]);
    assert.deepEqual(problems('copy', { dest: '/x' }), ['src (or content) is required']);
    assert.deepEqual(problems('sysvinit', { name: 'x' }), [
      'one of the following is required: state, enabled',
    ]);
    assert.deepEqual(problems('lineinfile', { path: '/x' }), ['line is required with state=present']);
    assert.deepEqual(problems('lineinfile', { path: '/x', state: 'absent' }), [
      'one of line, search_string, or regexp is required with state=absent',
    ]);
    assert.deepEqual(problems('systemd', { state: 'started' }), [
      "missing parameter(s) required by 'state': name",
    ]);
  });

  it('defaults count as given, as in Ansible (systemd name=x alone passes required_one_of)', () => {
    assert.deepEqual(problems('systemd', { name: 'x' }), []);
  });

  it('a group naming an option only Ansible has is not judged (apt with nothing runs in Ansible)', () => {
    assert.deepEqual(problems('apt', {}), []);
  });

  it('a templated value counts as given and is not judged', () => {
    assert.deepEqual(problems('copy', { dest: UNKNOWN, content: UNKNOWN, force: UNKNOWN }), []);
    assert.deepEqual(problems('copy', { dest: '/x', content: UNKNOWN, src: UNKNOWN }), [
      'parameters are mutually exclusive: content|src',
    ]);
  });

  it('an option declared but not implemented is flagged unsupported, unless its value is what fabplay does', () => {
    const m = getModule('sefcontext')!;
    const run = (a: Record<string, unknown>) => checkArgRules(m.args!, m.rules ?? {}, m.required ?? [], a);
    assert.deepEqual(run({ target: '/a', setype: 't', reload: 'yes' }), []);
    const p = run({ target: '/a', setype: 't', ignore_selinux_state: true });
    assert.equal(p.length, 1);
    assert.equal(p[0]!.unsupported, true);
    assert.match(p[0]!.message, /ignore_selinux_state'=true is not supported by fabplay/);
    assert.equal(problems('reboot', { connect_timeout: 5 }).length, 1);
    assert.equal(run({ target: '/a', setype: 't', reload: false }).length, 1);
  });

  it('the module fails at run time with the same messages', async () => {
    const r = await getModule('copy')!.run({} as never, { dest: '/x', content: 'a', src: 'b' });
    assert.equal(r.failed, true);
    assert.equal(r.msg, 'parameters are mutually exclusive: content|src');
  });
});
