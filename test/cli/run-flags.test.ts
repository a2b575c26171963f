import { strict as assert } from 'node:assert';
import { Command } from 'commander';
import { registerRunCommands } from '../../src/cli/run-cmd.js';

/** ansible-playbook's other spellings of fabplay's run flags land where the flags do. */
describe('run flags: ansible-playbook spellings', () => {
  function parsed(argv: string[]): Record<string, unknown> {
    const program = new Command();
    registerRunCommands(program);
    const run = program.commands.find((c) => c.name() === 'run')!;
    run.parseOptions(argv);
    return run.opts();
  }

  it('--key-file is --private-key', () => {
    assert.equal(parsed(['--key-file', '/k/id']).privateKey, '/k/id');
  });

  it('--inventory-file adds to -i, in order', () => {
    assert.deepEqual(parsed(['-i', 'a', '--inventory-file', 'b', '-i', 'c']).inventory, ['a', 'b', 'c']);
  });

  it('--become-pass-file is --become-password-file', () => {
    assert.equal(parsed(['--become-pass-file', '/p']).becomePasswordFile, '/p');
  });

  it('--ask-vault-password is -J', () => {
    assert.equal(parsed(['--ask-vault-password']).askVaultPass, true);
    assert.equal(parsed([]).askVaultPass, undefined);
  });

  it('--vault-pass-file adds to --vault-password-file, in order', () => {
    assert.deepEqual(parsed(['--vault-password-file', 'a', '--vault-pass-file', 'b']).vaultPasswordFile, [
      'a',
      'b',
    ]);
  });

  it('-c and the ssh args flags are read', () => {
    const o = parsed(['-c', 'local', '--ssh-common-args', '-o Port=5', '--ssh-extra-args', '-p 6']);
    assert.deepEqual([o.connection, o.sshCommonArgs, o.sshExtraArgs], ['local', '-o Port=5', '-p 6']);
  });
});
