import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashFixtures } from './golden.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

// The recorded ansible-playbook output of a fixture is current while this hash is: it must change
// with whatever the playbook runs, the ../differential-extra directories it names included.
describe('differential: the hash that keeps a recorded ansible-playbook output', () => {
  const root = tempDirUntilExit('fabplay-golden');
  const dir = join(root, 'differential');
  const put = (path: string, text: string): void => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  before(() => {
    put('differential/a.yml', '- hosts: h1\n  roles: [../differential-extra/own1]\n');
    put('differential/b.yml', '- hosts: h1\n');
    put('differential/hosts.ini', 'h1\n');
    put('differential-extra/own1/tasks/main.yml', '- debug: msg=one\n');
    put('differential-extra/own2/tasks/main.yml', '- debug: msg=two\n');
  });

  it('changes with a file of a differential-extra directory the playbook names, not with another', () => {
    const was = hashFixtures(dir, 'a.yml');
    put('differential-extra/own2/tasks/main.yml', '- debug: msg=changed\n');
    assert.equal(hashFixtures(dir, 'a.yml'), was);
    put('differential-extra/own1/library/m.sh', 'echo {}\n');
    assert.notEqual(hashFixtures(dir, 'a.yml'), was);
  });

  it('changes with the playbook and what is beside it, not with another playbook', () => {
    const was = hashFixtures(dir, 'b.yml');
    put('differential/a.yml', '- hosts: all\n');
    assert.equal(hashFixtures(dir, 'b.yml'), was);
    put('differential/hosts.ini', 'h1\nh2\n');
    assert.notEqual(hashFixtures(dir, 'b.yml'), was);
  });
});
