import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlaybook } from '../../src/playbook/index.js';
import { InputError } from '../../src/errors.js';
import { loadPluginFilter, resetPluginFilter } from '../../src/playbook/plugin-filter.js';

// ansible-core 2.14's plugin_filtering target, and ansible-playbook 2.14 on the same files: a
// filtered bare name is a parser error, its ansible.builtin name still runs, stat stops the run
describe('playbook: plugin_filters_cfg (module_blacklist)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-pf-'));
  });
  afterEach(() => {
    resetPluginFilter();
    rmSync(dir, { recursive: true, force: true });
  });
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const play = (task: string) =>
    file('p.yml', `- hosts: all\n  gather_facts: false\n  tasks:\n    - ${task}\n      when: false\n`);

  it('makes a filtered bare module name unknown at load, its ansible.builtin name not', () => {
    const cfg = file('f.yml', 'filter_version: 1.0\nmodule_blacklist:\n  - copy\n  - pause\n');
    assert.deepEqual(loadPluginFilter(cfg).warnings, []);
    assert.throws(
      () => loadPlaybook(play('copy: content=x dest=/tmp/x'), { rolesPath: [], extraVars: {} }),
      (e: unknown) =>
        e instanceof InputError &&
        /p\.yml:4:7: task: couldn't resolve module\/action 'copy': the plugin filter \(plugin_filters_cfg\) rejects it/.test(
          e.format(),
        ),
    );
    assert.doesNotThrow(() =>
      loadPlaybook(play('ansible.builtin.copy: content=x dest=/tmp/x'), { rolesPath: [], extraVars: {} }),
    );
    assert.doesNotThrow(() => loadPlaybook(play('debug: msg=x'), { rolesPath: [], extraVars: {} }));
  });

  it("stops at stat, and skips a file it cannot use with Ansible's warning", () => {
    const stat = file('s.yml', 'filter_version: 1.0\nmodule_blacklist:\n  - stat\n');
    assert.throws(() => loadPluginFilter(stat), /Ansible will not function without the stat module/);
    const empty = file('e.yml', 'filter_version: 1.0\nmodule_blacklist:\n');
    assert.deepEqual(loadPluginFilter(empty).warnings, [
      `Unable to parse the plugin filter file ${empty} as module_blacklist is not a list. Skipping.`,
    ]);
    assert.deepEqual(loadPluginFilter(file('v.yml', 'filter_version: 2.0\n')).warnings, [
      `The plugin filter file, ${join(dir, 'v.yml')} was a version not recognized by this version of Ansible. Skipping.`,
    ]);
    assert.deepEqual(loadPluginFilter(join(dir, 'none.yml')).warnings, [
      `The plugin filter file, ${join(dir, 'none.yml')} does not exist. Skipping.`,
    ]);
    assert.doesNotThrow(() =>
      loadPlaybook(play('copy: content=x dest=/tmp/x'), { rolesPath: [], extraVars: {} }),
    );
  });
});
