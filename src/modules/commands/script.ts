import { existsSync } from 'node:fs';
import { argError, guardArgs } from './args.js';
import { defineModule } from '../lib/args.js';
import { sent } from '../lib/context.js';
import { checkModeResult, guard, runTimed } from './run-common.js';
import { shlexSplit } from '../../util/shlex.js';
import { againIfTextBusy } from '../lib/text-busy.js';
import type { ModuleContext } from '../types.js';

/** ansible.builtin.script: copies a controller script to the host, runs it, removes it. */

/** The script's controller path and its argument words, from `script: path arg1 'arg 2'` (pure). */
export function parseScriptCmd(text: string | undefined): { path: string; args: string[] } {
  if (!text || !text.trim())
    throw argError('script', 'no script given', 'write `script: files/setup.sh --fast`');
  let words: string[];
  try {
    words = shlexSplit(text);
  } catch (e) {
    throw argError('script', `cannot split '${text}': ${(e as Error).message}`);
  }
  return { path: words[0]!, args: words.slice(1) };
}

/** The argument vector that runs the uploaded copy (pure). */
export function scriptArgv(remotePath: string, args: string[], executable?: string): string[] {
  return executable ? [...shlexSplit(executable), remotePath, ...args] : [remotePath, ...args];
}

async function upload(
  ctx: ModuleContext,
  local: string,
  name: string,
): Promise<{ dir: string; path: string }> {
  // a private directory as the connecting user; readable by a become user so it can run the copy
  const mktemp = ['mktemp', '-d', '/tmp/fabplay-script.XXXXXXXX'];
  const dir = sent(await ctx.change(mktemp, { become: false }), ctx.host, mktemp.join(' ')).stdout.trim();
  await ctx.change(['chmod', '0755', dir], { become: false });
  const path = `${dir}/${name.replace(/^.*\//, '')}`;
  await ctx.putFile(local, path, { mode: 0o755 });
  return { dir, path };
}

export const script = defineModule({
  name: 'script',
  args: {
    cmd: { type: 'string' },
    ...guardArgs,
    executable: { type: 'string' },
  },
  supportsCheck: true,
  supportsDiff: false,
  freeForm: 'cmd',
  async run(ctx, args) {
    const { path, args: words } = parseScriptCmd(args.cmd);
    const local = ctx.findFile('files', path);
    if (!existsSync(local))
      throw argError('script', `could not find '${path}' on the controller`, `looked at ${local}`);
    const early = await guard(ctx, args);
    if (early) return early;
    // upload, run and clean up are one change: check mode uploads nothing
    const ran = await ctx.changes(`run the script ${local}`, async () => {
      const up = await upload(ctx, local, path);
      try {
        const argv = scriptArgv(up.path, words, args.executable);
        const r = await againIfTextBusy(() => runTimed(ctx, { what: argv, cmdShown: argv, cwd: args.chdir }));
        delete r.cmd;
        return r;
      } finally {
        await ctx.change(['rm', '-rf', up.dir], { allowFail: true, become: false });
      }
    });
    return ran ?? checkModeResult(args);
  },
});
