import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlaybook } from '../../src/playbook/index.js';
import { preflight } from '../../src/preflight/index.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

/** A playbook using role `r` in a fresh directory; `files` are written under it first. */
async function warningsFor(files: Record<string, string>): Promise<string[]> {
  const dir = tempDirUntilExit('fabplay-pyplug');
  const all = { 'roles/r/tasks/main.yml': '- debug: msg=hi\n', ...files };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  writeFileSync(join(dir, 'play.yml'), '- hosts: all\n  roles: [r]\n');
  const p = await preflight([loadPlaybook(join(dir, 'play.yml'), { rolesPath: [] })]);
  return p.warnings.map((w) => w.message);
}

describe('preflight: Python plugins Ansible would load', () => {
  it("names a role's plugin files, which fabplay does not run", async () => {
    const w = await warningsFor({
      'roles/r/action_plugins/normal.py': '',
      'roles/r/filter_plugins/mine.py': '',
      'roles/r/filter_plugins/__init__.py': '',
      'roles/r/filter_plugins/notes.txt': '',
    });
    assert.equal(w.length, 1);
    assert.match(w[0]!, /^role 'r' \(.*\) holds Python plugins, which fabplay does not run: /);
    assert.match(w[0]!, /: action_plugins\/normal\.py, filter_plugins\/mine\.py$/);
  });

  it('names those beside the playbook', async () => {
    const w = await warningsFor({ 'callback_plugins/spew.py': '', 'test_plugins/t.py': '' });
    assert.equal(w.length, 1);
    assert.match(
      w[0]!,
      /^the playbook's directory \(.*\) holds Python plugins, .*: callback_plugins\/spew\.py, test_plugins\/t\.py$/,
    );
  });

  it('says nothing of library/, module_utils/ and doc_fragments/', async () => {
    const w = await warningsFor({
      'roles/r/library/mod.py': '',
      'roles/r/module_utils/u.py': '',
      'doc_fragments/d.py': '',
    });
    assert.deepEqual(w, []);
  });
});
