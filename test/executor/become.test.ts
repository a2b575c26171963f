// Which setting a task's become takes from where: the variables (the method's own last), the
// keywords, the command line (-K, --become-user), then the become plugin's config. Checked against
// ansible-playbook 2.14 by fixtures 157-159 and the lab test test/cli/become-plugin-password.
import { strict as assert } from 'node:assert';
import { resolveBecome } from '../../src/executor/become.js';
import type { RunRequest } from '../../src/executor/api.js';
import { rootScope } from '../../src/executor/scope.js';
import type { Task } from '../../src/playbook/types.js';
import type { Templar } from '../../src/template/index.js';

const scope = rootScope({ become: true });
// renders `{{ x }}` only: enough to tell what is templated from what is taken as it is
const templar = {
  template: (v: unknown) => (typeof v === 'string' ? v.replace('{{ x }}', 'X') : v),
} as unknown as Templar;
const task = (kw: Record<string, unknown> = {}): Task => ({ kw }) as unknown as Task;
const req = (r: Partial<RunRequest>): RunRequest =>
  ({
    become: false,
    becomePlugins: {
      sudo: { user: 'sudo-cfg', password: 'sudo-cfg-pw', flags: '-E' },
      su: { user: 'su-cfg', password: 'su-cfg-pw', prompts: ['Kennwort'] },
    },
    ...r,
  }) as RunRequest;
const become = (r: Partial<RunRequest>, vars: Record<string, unknown>, kw?: Record<string, unknown>) =>
  resolveBecome(req(r), scope, task(kw), vars, templar, undefined);

describe('executor: the become of a task', () => {
  it("the method's plugin settings come last, and only that method's", () => {
    assert.deepEqual(become({}, {}), {
      method: 'sudo',
      user: 'sudo-cfg',
      password: 'sudo-cfg-pw',
      flags: '-E',
    });
    const su = become({}, {}, { become_method: 'su' });
    assert.deepEqual(su, {
      method: 'su',
      user: 'su-cfg',
      password: 'su-cfg-pw',
      flags: undefined,
      prompts: ['Kennwort'],
    });
  });

  it('--become-user and -K win over the plugin settings, keywords and variables over them', () => {
    const b = become({ becomeUser: 'cli', becomePassword: 'asked' }, {});
    assert.equal(b?.user, 'cli');
    assert.equal(b?.password, 'asked');
    assert.equal(become({ becomeUser: 'cli' }, {}, { become_user: 'kw' })?.user, 'kw');
    assert.equal(become({ becomePassword: 'asked' }, { ansible_become_password: 'var' })?.password, 'var');
  });

  it('a variable is templated; -K, the password file and the config are taken as they are', () => {
    assert.equal(become({}, { ansible_sudo_pass: 'a{{ x }}' })?.password, 'aX');
    assert.equal(become({ becomePassword: 'a{{ x }}' }, {})?.password, 'a{{ x }}');
    const cfg = { sudo: { password: 'c{{ x }}' } };
    assert.equal(become({ becomePlugins: cfg }, {})?.password, 'c{{ x }}');
  });

  it("of the variables the last Ansible lists wins: the method's own, ansible_become_pass", () => {
    const vars = {
      ansible_become_user: 'a',
      ansible_sudo_user: 'b',
      ansible_su_user: 'c',
      ansible_become_password: 'p1',
      ansible_become_pass: 'p2',
      ansible_sudo_flags: '-H',
      ansible_su_flags: '-l',
    };
    const b = become({}, vars, { become_user: 'kw', become_flags: '-K' });
    assert.equal(b?.user, 'b');
    assert.equal(b?.password, 'p2');
    assert.equal(b?.flags, '-H');
    const su = become({}, { ...vars, ansible_su_pass: 'p3' }, { become_method: 'su' });
    assert.deepEqual([su?.user, su?.password, su?.flags], ['c', 'p3', '-l']);
    // a variable set to null counts as unset, as in Ansible's config lookup
    assert.equal(become({}, { ansible_sudo_user: null, ansible_become_user: 'a' })?.user, 'a');
  });

  it("ansible_su_prompt_l10n: a list or comma-separated text; empty means Ansible's own words", () => {
    const su = { become_method: 'su' };
    assert.deepEqual(become({}, { ansible_su_prompt_l10n: ['Losung', 'Parole'] }, su)?.prompts, [
      'Losung',
      'Parole',
    ]);
    assert.deepEqual(become({}, { ansible_su_prompt_l10n: 'Losung, Parole' }, su)?.prompts, [
      'Losung',
      'Parole',
    ]);
    assert.equal(become({}, { ansible_su_prompt_l10n: [] }, su)?.prompts, undefined);
    assert.equal(
      become({}, { ansible_su_prompt_l10n: ['Losung'] })?.prompts,
      undefined,
      'sudo has no prompt words',
    );
    assert.throws(
      () => become({}, { ansible_su_prompt_l10n: ['Los(ung'] }, su),
      /su's prompt words \(ansible_su_prompt_l10n, localized_prompts\) are not patterns/,
    );
  });
});
