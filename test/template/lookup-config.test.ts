import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { Templar } from '../../src/template/index.js';
import { setLookupConfig } from '../../src/template/lookup-config.js';

describe("lookup config: the settings fabplay reads, by Ansible's names", () => {
  const render = (expr: string, vars: Record<string, unknown> = {}): unknown =>
    new Templar(vars).template(expr);
  before(() =>
    setLookupConfig(
      loadConfig({ cwd: '/nonexistent', env: { ANSIBLE_FORKS: '9', ANSIBLE_REMOTE_PORT: '2201' } }),
    ),
  );
  after(() => setLookupConfig({}));

  it("gives a setting's value as Ansible types it, or Ansible's default", () => {
    assert.deepEqual(
      render("{{ query('config', 'DEFAULT_FORKS', 'DEFAULT_REMOTE_PORT', 'DEFAULT_TIMEOUT') }}"),
      [9, 2201, 10],
    );
    // fabplay's own defaults differ here; the lookup reports Ansible's
    assert.deepEqual(
      render("{{ query('config', 'CACHE_PLUGIN_PREFIX', 'HOST_KEY_CHECKING', 'DEFAULT_TRANSPORT') }}"),
      ['ansible_facts', true, 'smart'],
    );
  });

  it('PLUGIN_FILTERS_CFG: [defaults] plugin_filters_cfg only (Ansible 2.14 has no variable for it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fabplay-lc-'));
    try {
      writeFileSync(join(dir, 'ansible.cfg'), '[defaults]\nplugin_filters_cfg = ./filters.yml\n');
      setLookupConfig(loadConfig({ cwd: dir, env: {} }));
      assert.deepEqual(render("{{ query('config', 'PLUGIN_FILTERS_CFG') }}"), [join(dir, 'filters.yml')]);
      setLookupConfig(loadConfig({ cwd: '/nonexistent', env: { ANSIBLE_PLUGIN_FILTERS_CFG: '/x.yml' } }));
      assert.deepEqual(render("{{ query('config', 'PLUGIN_FILTERS_CFG') }}"), [null]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      setLookupConfig(
        loadConfig({ cwd: '/nonexistent', env: { ANSIBLE_FORKS: '9', ANSIBLE_REMOTE_PORT: '2201' } }),
      );
    }
  });

  it("the callback settings, as ansible-playbook 2.14 gives them (False, ['timer'], default)", () => {
    setLookupConfig(
      loadConfig({
        cwd: '/nonexistent',
        env: { ANSIBLE_DISPLAY_SKIPPED_HOSTS: '0', ANSIBLE_CALLBACKS_ENABLED: 'timer' },
      }),
    );
    try {
      assert.deepEqual(
        render(
          "{{ query('config', 'DISPLAY_SKIPPED_HOSTS', 'CALLBACKS_ENABLED', 'DEFAULT_STDOUT_CALLBACK') }}",
        ),
        [false, ['timer'], 'default'],
      );
    } finally {
      setLookupConfig(
        loadConfig({ cwd: '/nonexistent', env: { ANSIBLE_FORKS: '9', ANSIBLE_REMOTE_PORT: '2201' } }),
      );
    }
  });

  it('a plugin option comes from the last of its variables set, then the settings', () => {
    const q = "{{ query('config', 'remote_user', 'port', plugin_type='connection', plugin_name='ssh') }}";
    assert.deepEqual(render(q), [null, 2201]);
    assert.deepEqual(render(q, { ansible_user: 'a', ansible_ssh_user: 'b', ansible_ssh_port: '22' }), [
      'b',
      22,
    ]);
    assert.deepEqual(
      render("{{ query('config', 'become_exe', plugin_type='become', plugin_name='ansible.builtin.su') }}"),
      ['su'],
    );
  });

  it('refuses an Ansible setting or plugin option fabplay does not read, even with on_missing', () => {
    assert.throws(
      () => render("{{ lookup('config', 'ANSIBLE_COW_ACCEPTLIST', on_missing='skip') }}"),
      /fabplay does not read the Ansible setting ANSIBLE_COW_ACCEPTLIST/,
    );
    assert.throws(
      () => render("{{ lookup('config', 'remote_tmp', plugin_type='shell', plugin_name='sh') }}"),
      /fabplay does not read option 'remote_tmp' of shell plugin 'sh'/,
    );
  });

  it('a name Ansible has not follows on_missing; bad options fail', () => {
    assert.throws(() => render("{{ lookup('config', 'NOPE') }}"), /Unable to find setting NOPE/);
    assert.deepEqual(render("{{ query('config', 'NOPE', 'DEFAULT_FORKS', on_missing='skip') }}"), [9]);
    assert.throws(
      () => render("{{ lookup('config', 'NOPE', on_missing='boo') }}"),
      /valid values are: error, skip, warn/,
    );
    assert.throws(
      () => render("{{ lookup('config', 1) }}"),
      /Invalid setting identifier, "1" is not a string/,
    );
    assert.throws(() => render("{{ lookup('config', 'ConfigManager') }}"), /Invalid setting "ConfigManager"/);
    assert.throws(
      () => render("{{ lookup('config', 'port', plugin_name='ssh') }}"),
      /Both plugin_type and plugin_name are required/,
    );
  });
});
