import { strict as assert } from 'node:assert';
import { buildProgram } from '../../src/cli/main.js';

const names = (argv?: string[]) => buildProgram(argv).commands.map((c) => c.name());

describe('buildProgram defines only the command the command line names', () => {
  it('run, check and validate alone; all of them for help or an unknown word', () => {
    for (const cmd of ['run', 'check', 'validate'])
      assert.deepEqual(names(['node', 'fabplay', cmd, 'site.yml']), [cmd]);
    const all = names();
    for (const cmd of ['run', 'check', 'validate', 'lab', 'inventory', 'config', 'vault', 'report'])
      assert.ok(all.includes(cmd), `${cmd} in ${all.join(' ')}`);
    assert.deepEqual(names(['node', 'fabplay', 'rn']), all);
  });

  it('the one command defined has all its options', () => {
    const option = (argv: string[], cmd: string) =>
      buildProgram(argv)
        .commands.find((c) => c.name() === cmd)!
        .options.map((o) => o.long);
    assert.deepEqual(option(['node', 'fabplay', 'run'], 'run'), option(['node', 'fabplay'], 'run'));
    assert.deepEqual(option(['node', 'fabplay', 'check'], 'check'), option(['node', 'fabplay'], 'check'));
  });
});
