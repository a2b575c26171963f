import { existsSync } from 'node:fs';
import { argError, guardArgs } from './args.js';
import { defineModule, ModuleFailure } from '../lib/args.js';
import { sent } from '../lib/context.js';
import { runTimed } from './run-common.js';
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
    // Ansible's script action: creates/removes skip the task (a plain test of the path), before anything else
    const exists = async (p: string) => (await ctx.probe(['test', '-e', p], { allowFail: true })).rc === 0;
    if (args.creates && (await exists(args.creates)))
      return { changed: false, skipped: true, msg: `${args.creates} exists, matching creates option` };
    if (args.removes && !(await exists(args.removes)))
      return {
        changed: false,
        skipped: true,
        msg: `${args.removes} does not exist, matching removes option`,
      };
    if (args.chdir && !args.chdir.startsWith('/'))
      throw new ModuleFailure(`chdir ${args.chdir} must be an absolute path for a Unix-aware remote node`);
    const local = ctx.findFile('files', path);
    if (!existsSync(local))
      throw argError('script', `could not find '${path}' on the controller`, `looked at ${local}`);
    // check mode: a change only creates/removes can foretell; otherwise the task is skipped
    if (ctx.wording(true, false))
      return args.creates || args.removes
        ? { changed: true }
        : { changed: false, skipped: true, msg: 'Check mode is not supported for this task.' };
    // upload, run and clean up are one change
    const ran = await ctx.changes(`run the script ${local}`, async () => {
      const up = await upload(ctx, local, path);
      try {
        const argv = scriptArgv(up.path, words, args.executable);
        const plan = { what: argv, cmdShown: argv, cwd: args.chdir, stripEmptyEnds: false };
        return await againIfTextBusy(() => runTimed(ctx, plan));
      } finally {
        await ctx.change(['rm', '-rf', up.dir], { allowFail: true, become: false });
      }
    });
    // Ansible's result is the output as it came (its low-level command: no cmd, no times)
    const { cmd: _cmd, start: _start, end: _end, delta: _delta, msg, ...result } = ran!;
    return msg ? { ...result, msg } : result;
  },
});
