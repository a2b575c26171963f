import assert from 'node:assert/strict';
import { ActionRaised } from '../../../src/errors.js';
import { assertModule } from '../../../src/modules/logic/assert.js';
import { fakeContext } from '../commands/helpers.js';

describe('modules/logic: assert', () => {
  // ansible-playbook 2.14 prints a failed assert as `fatal: [h]: FAILED! => {` and the result
  // indented, without -v, as a passing one (quiet: one line)
  it('marks a failed assertion to be shown as a passing one is, unless quiet', async () => {
    const failed = await assertModule.run(fakeContext(), { that: ['1 == 2'] });
    assert.equal(failed.failed, true);
    assert.equal(failed.assertion, '1 == 2');
    assert.equal(failed._ansible_verbose_always, true);
    const quiet = await assertModule.run(fakeContext(), { that: ['1 == 2'], quiet: true });
    assert.equal(quiet.failed, true);
    assert.equal(quiet._ansible_verbose_always, undefined);
  });

  // ansible-playbook 2.14: `fatal: [h]: FAILED! => {"msg": "The conditional check 'nope == 1' failed. ..."}`,
  // word for word; the action raises, so the executor makes the result: failed and msg alone (fixture 381)
  it('raises with the message when a condition cannot be evaluated', async () => {
    await assert.rejects(assertModule.run(fakeContext(), { that: ['nope == 1'] }), (e: unknown) => {
      assert.ok(e instanceof ActionRaised);
      assert.equal(
        e.message,
        "The conditional check 'nope == 1' failed. The error was: error while evaluating conditional (nope == 1): 'nope' is undefined. 'nope' is undefined",
      );
      return true;
    });
  });
});
