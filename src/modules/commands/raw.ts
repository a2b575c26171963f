import { argError } from './args.js';
import { runTimed } from './run-common.js';
import { defineModule } from '../lib/args.js';

/** ansible.builtin.raw: the text goes to the host's shell as is (no creates/removes, no chdir). */
export const raw = defineModule({
  name: 'raw',
  args: { cmd: { type: 'string' }, executable: { type: 'string' } },
  // like Ansible's raw: it cannot tell what the text does, so check mode skips it
  supportsCheck: false,
  supportsDiff: false,
  freeForm: 'cmd',
  acceptsKeyValue: false,
  async run(ctx, args) {
    if (args.cmd === undefined || args.cmd.trim() === '')
      throw argError('raw', 'no command given', 'write `raw: uname -a`');
    const what = args.executable ? [args.executable, '-c', args.cmd] : { shell: args.cmd };
    // Ansible's raw keeps the output as the host sent it (no stripped newlines)
    const r = await runTimed(ctx, { what, cmdShown: args.cmd, stripEmptyEnds: false });
    // and returns no timing, no cmd and, when it succeeds, no msg
    delete r.start;
    delete r.end;
    delete r.delta;
    delete r.cmd;
    if (!r.failed) delete r.msg;
    return r;
  },
});
