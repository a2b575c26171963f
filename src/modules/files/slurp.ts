import { defineModule, ModuleFailure, type ArgTable } from '../lib/args.js';
import { statAndRead } from '../lib/remote-stat.js';

const args = {
  src: { type: 'string', remotePath: true, aliases: ['path'] },
} as const satisfies ArgTable;

/** slurp: a remote file's bytes, base64-encoded (binary-safe). */
export const slurp = defineModule({
  name: 'slurp',
  args,
  required: ['src'],
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, a) {
    const { st, content } = await statAndRead(ctx, a.src);
    if (!st.exists) {
      // Python's open() tells a path it may not reach (EACCES) from one that is not there (ENOENT)
      const r = await ctx.probe(['stat', '--', a.src], { allowFail: true });
      if (/Permission denied/.test(r.stderr)) throw new ModuleFailure(`file is not readable: ${a.src}`);
      if (/Not a directory/.test(r.stderr))
        throw new ModuleFailure(`unable to slurp file: [Errno 20] Not a directory: '${a.src}'`);
      throw new ModuleFailure(`file not found: ${a.src}`);
    }
    if (st.type === 'directory')
      throw new ModuleFailure(`source is a directory and must be a file: ${a.src}`);
    if (content === undefined) throw new ModuleFailure(`file is not readable: ${a.src}`);
    return { changed: false, content: content.toString('base64'), encoding: 'base64', source: a.src };
  },
});
