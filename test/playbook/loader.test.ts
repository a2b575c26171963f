import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlaybook, loadRole, loadTaskFile } from '../../src/playbook/index.js';
import type { Block, Include, Task, TaskNode } from '../../src/playbook/types.js';

const fixtures = fileURLToPath(new URL('../fixtures/playbooks/', import.meta.url));
const basic = join(fixtures, 'basic');

function byName(nodes: TaskNode[], name: string): TaskNode {
  const n = nodes.find((t) => t.name === name);
  assert.ok(n, `no task named ${name}`);
  return n;
}

describe('playbook loader', () => {
  const pb = loadPlaybook(join(basic, 'site.yml'), { rolesPath: [] });
  const [web, other] = pb.plays;

  it('flattens import_playbook and applies its tags', () => {
    assert.equal(pb.plays.length, 2);
    assert.equal(web!.name, 'Web servers');
    assert.equal(other!.name, 'all');
    assert.deepEqual(other!.kw.tags, ['imported']);
    assert.equal(other!.playbookDir, basic);
  });

  it('keeps play keywords, vars and resolves vars_files', () => {
    assert.equal(web!.kw.gather_facts, false);
    assert.deepEqual(web!.vars, { greeting: 'hello' });
    assert.deepEqual(web!.varsFiles, [join(basic, 'vars/extra.yml')]);
  });

  it('splits free-form text and key=value words like Ansible', () => {
    const t = byName(web!.tasks, 'free form with options') as Task;
    assert.equal(t.action, 'command');
    assert.deepEqual(t.args, { chdir: '/tmp', cmd: 'ls -l' });
    assert.equal(t.kw.notify, 'restart web');
    assert.equal(t.pos.line, 16);
    assert.equal(t.pos.col, 7);
  });

  it('reads action:, local_action: and meta:', () => {
    const tasks = web!.tasks.filter((t): t is Task => t.type === 'task');
    const meta = tasks.find((t) => t.action === 'meta')!;
    assert.deepEqual(meta.args, { _raw_params: 'flush_handlers' });
    const viaAction = tasks.find((t) => t.args.cmd === 'echo via action')!;
    assert.equal(viaAction.action, 'command');
    const local = tasks.find((t) => t.args.cmd === 'hostname')!;
    assert.equal(local.kw.delegate_to, 'localhost');
  });

  it('turns import_tasks into a block carrying the import keywords', () => {
    const b = web!.tasks.find((t) => t.type === 'block' && t.block[0]?.name === 'more task') as Block;
    assert.equal(b.kw.when, "greeting == 'hello'");
    assert.deepEqual(b.kw.tags, ['more']);
    assert.match(b.block[0]!.pos.file, /more\.yml$/);
  });

  it('keeps include_tasks for run time, with the directory to resolve it from', () => {
    const inc = web!.tasks.find((t) => t.type === 'include_tasks') as Include;
    assert.deepEqual(inc.args, { file: '{{ greeting }}.yml' });
    assert.equal(inc.baseDir, basic);
  });

  it('loads a block with rescue and always', () => {
    const b = byName(web!.tasks, 'a block') as Block;
    assert.equal(b.type, 'block');
    assert.equal((b.block[0] as Task).args.cmd, 'true');
    assert.equal((b.rescue[0] as Task).args.cmd, 'false');
    assert.equal((b.always[0] as Task).action, 'raw');
  });

  it('loads roles once per play, with defaults, vars, dependencies, handlers and argument spec', () => {
    const names = web!.roles.map((r) => r.name);
    assert.deepEqual(names, ['web', 'common']);
    const role = web!.roles[0]!;
    assert.deepEqual(role.defaults, { web_port: 80 });
    assert.deepEqual(role.vars, { web_user: 'www' });
    // Ansible's role cache key holds the entry's tags: `{role: common, tags: [base]}` is another instance
    assert.notEqual(role.dependencies[0], web!.roles[1], 'the dependency and the tagged play entry');
    assert.equal(role.dependencies[0]!.path, web!.roles[1]!.path);
    assert.equal(role.tasks[0]!.role, role);
    assert.equal((role.handlers[0] as Task).handler, true);
    assert.equal(role.argumentSpec?.options.web_port?.type, 'int');
  });

  it('marks play handlers as handlers and keeps listen', () => {
    const h = web!.handlers[0] as Task;
    assert.equal(h.handler, true);
    assert.equal(h.kw.listen, 'web changed');
  });

  it('loads a task file at run time in the context of a role', () => {
    const role = web!.roles[0]!;
    const nodes = loadTaskFile('main.yml', role, role.pos);
    assert.equal((nodes[0] as Task).name, 'web task');
    assert.equal(nodes[0]!.role, role);
  });

  it('loads a role at run time for include_role', () => {
    const role = loadRole(
      'web',
      { a: 1 },
      { rolesPath: [], playbookDir: basic },
      { file: 'x', line: 1, col: 1 },
    );
    assert.equal(role.name, 'web');
    assert.deepEqual(role.params, { a: 1 });
    assert.equal(role.dependencies[0]!.name, 'common');
  });

  it('finds roles through the roles path', () => {
    const role = loadRole(
      'common',
      {},
      { rolesPath: [join(basic, 'roles')], playbookDir: '/nonexistent' },
      {
        file: 'x',
        line: 1,
        col: 1,
      },
    );
    assert.equal(role.path, join(basic, 'roles/common'));
  });

  it('accepts every play and task keyword of Ansible, FQCN module names and include_tasks apply', () => {
    const [play] = loadPlaybook(join(fixtures, 'smoke/site.yml'), { rolesPath: [] }).plays;
    assert.deepEqual(play!.hosts, ['web', 'db']);
    assert.deepEqual(play!.kw.serial, [1, '50%']);
    assert.equal(play!.kw.order, 'sorted');
    const tasks = play!.tasks;
    assert.equal((tasks[0] as Task).action, 'debug');
    assert.deepEqual((tasks[0] as Task).args, { var: 'item' });
    assert.deepEqual((tasks[1] as Task).args, { a: '1', b: 'two words' });
    const inc = tasks[4] as Include;
    assert.equal(inc.type, 'include_tasks');
    assert.deepEqual(inc.args, { file: 'inc.yml', apply: { tags: ['x'] } });
    const copy = tasks[6] as Task;
    assert.equal(copy.action, 'copy');
    assert.deepEqual(copy.args, { src: 'a', dest: '/tmp/b', mode: '0644' });
    const tpl = tasks[7] as Task;
    assert.equal(tpl.kw.retries, 3);
    assert.deepEqual(tpl.kw.loop_control, { loop_var: 'thing', label: '{{ thing.name }}' });
    const hb = play!.handlers[0] as Block;
    assert.equal(hb.type, 'block');
    assert.equal((hb.block[0] as Task).handler, true);
  });
});
