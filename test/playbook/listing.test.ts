import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlaybook } from '../../src/playbook/index.js';
import { formatListing, tagsSelected } from '../../src/playbook/listing.js';

const dir = fileURLToPath(new URL('../fixtures/playbooks/listing/', import.meta.url));

describe('--list-tasks / --list-tags', () => {
  it('select tasks by tags as Ansible does (always, never, tagged, untagged, skip)', () => {
    assert.equal(tagsSelected([], [], []), true);
    assert.equal(tagsSelected(['never'], [], []), false);
    assert.equal(tagsSelected(['never', 'x'], ['x'], []), true);
    assert.equal(tagsSelected(['always'], ['x'], []), true);
    assert.equal(tagsSelected(['always'], ['x'], ['always']), false);
    assert.equal(tagsSelected(['a'], ['tagged'], []), true);
    assert.equal(tagsSelected([], ['untagged'], []), true);
    assert.equal(tagsSelected(['a', 'b'], [], ['b']), false);
  });

  it('print what ansible-playbook 2.14 prints for the same playbook', function () {
    this.timeout(60_000);
    const pb = loadPlaybook(join(dir, 'site.yml'), { rolesPath: [] });
    for (const tags of [[], ['a', 'rt'], ['blk']]) {
      const ours = formatListing(pb, {
        listHosts: false,
        listTasks: true,
        listTags: true,
        tags,
        skipTags: [],
        shownName: 'site.yml',
      });
      const args = [
        '-i',
        'inv.ini',
        'site.yml',
        '--list-tasks',
        '--list-tags',
        ...(tags.length ? ['-t', tags.join(',')] : []),
      ];
      const theirs = execFileSync('ansible-playbook', args, { cwd: dir, encoding: 'utf8' });
      assert.equal(ours, theirs);
    }
  });
});
