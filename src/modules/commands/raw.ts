import { argError } from './args.js';
import { runTimed } from './run-common.js';
import type { ModuleDef } from '../types.js';

/** ansible.builtin.raw: the text goes to the host's shell as is (no creates/removes, no chdir). */
export interface RawArgs {
  cmd?: string;
  executable?: string;
}

export const raw: ModuleDef<RawArgs> = {
  name: 'raw',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: { cmd: { type: 'string' }, executable: { type: 'string' } },
  },
  // like Ansible's raw: it cannot tell what the text does, so check mode skips it
  supportsCheck: false,
  supportsDiff: false,
  freeForm: 'cmd',
  acceptsKeyValue: false,
  async run(ctx, args) {
    if (args.cmd === undefined || args.cmd.trim() === '')
      throw argError('raw', 'no command given', 'write `raw: uname -a`');
    if (ctx.check) return { changed: false, skipped: true, msg: 'raw does not run in check mode' };
    const what = args.executable ? [args.executable, '-c', args.cmd] : { shell: args.cmd };
    const r = await runTimed(ctx, what, args.cmd);
    // raw returns no timing and no cmd in Ansible
    delete r.start;
    delete r.end;
    delete r.delta;
    delete r.cmd;
    return r;
  },
};
