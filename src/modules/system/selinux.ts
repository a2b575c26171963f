import { defineModule, ModuleFailure } from '../lib/args.js';

/**
 * SELinux modules, on the policy tools: seboolean (getsebool/setsebool) and sefcontext
 * (semanage fcontext -l -C / -a / -m / -d). Ansible has no restorecon module: files are
 * relabelled with the command (`command: restorecon -R -v PATH`, changed when it prints).
 */

/** `httpd_can_network_connect --> on` into true. (pure) */
export function parseGetsebool(out: string): boolean | undefined {
  const m = /-->\s*(on|off)/.exec(out);
  return m ? m[1] === 'on' : undefined;
}

export const seboolean = defineModule({
  name: 'seboolean',
  args: {
    name: { type: 'string' },
    state: { type: 'boolean' },
    persistent: { type: 'boolean', default: false },
    ignore_selinux_state: { type: 'boolean', default: false, unsupported: { allow: [false] } },
  },
  required: ['name', 'state'],
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    const r = await ctx.probe(['getsebool', a.name], { allowFail: true });
    const cur = parseGetsebool(r.stdout);
    if (cur === undefined)
      throw new ModuleFailure(
        `seboolean: cannot read ${a.name} on ${ctx.host}: ${(r.stderr || r.stdout).trim()}`,
      );
    const changed = cur !== a.state;
    const word = a.state ? 'on' : 'off';
    if (changed) await ctx.change(['setsebool', ...(a.persistent ? ['-P'] : []), a.name, word]);
    const result: Record<string, unknown> = {
      changed,
      name: a.name,
      state: a.state,
      persistent: a.persistent,
    };
    if (changed && ctx.diff)
      result.diff = { before: `${a.name} --> ${cur ? 'on' : 'off'}\n`, after: `${a.name} --> ${word}\n` };
    return result as { changed: boolean };
  },
});

// semanage -f takes these letters; -l prints the words
const FTYPE_WORDS: Record<string, string> = {
  a: 'all files',
  f: 'regular file',
  d: 'directory',
  c: 'character device',
  b: 'block device',
  s: 'socket',
  l: 'symbolic link',
  p: 'named pipe',
};

/** The type `semanage fcontext -l -C` gives a target and file type, if any. (pure) */
export function findFcontext(out: string, target: string, ftype: string): string | undefined {
  const word = FTYPE_WORDS[ftype]!;
  for (const line of out.split('\n')) {
    if (!line.startsWith(`${target} `)) continue;
    const rest = line.slice(target.length).trim();
    if (!rest.startsWith(word)) continue;
    const ctxt = rest.slice(word.length).trim();
    // system_u:object_r:httpd_sys_content_t:s0
    return ctxt === '<<None>>' ? '<<None>>' : ctxt.split(':')[2];
  }
  return undefined;
}

/** The semanage command for the gap (pure). */
export function sefcontextArgv(
  state: 'present' | 'absent',
  target: string,
  ftype: string,
  setype: string | undefined,
  cur: string | undefined,
): string[] | undefined {
  if (state === 'absent')
    return cur !== undefined ? ['semanage', 'fcontext', '-d', '-f', ftype, target] : undefined;
  if (cur === setype) return undefined;
  return ['semanage', 'fcontext', cur === undefined ? '-a' : '-m', '-f', ftype, '-t', setype!, target];
}

export const sefcontext = defineModule({
  name: 'sefcontext',
  args: {
    target: { type: 'string', aliases: ['path'] },
    setype: { type: 'string' },
    ftype: { type: 'string', enum: ['a', 'f', 'd', 'c', 'b', 's', 'l', 'p'], default: 'a' },
    state: { type: 'string', enum: ['present', 'absent'], default: 'present' },
    reload: { type: 'boolean', default: true, unsupported: { allow: [true] } },
    ignore_selinux_state: { type: 'boolean', default: false, unsupported: { allow: [false] } },
  },
  required: ['target'],
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    if (a.state === 'present' && !a.setype) throw new ModuleFailure('sefcontext: state=present needs setype');
    const list = await ctx.probe(['semanage', 'fcontext', '-l', '-C']);
    const cur = findFcontext(list.stdout, a.target, a.ftype);
    const argv = sefcontextArgv(a.state as 'present' | 'absent', a.target, a.ftype, a.setype, cur);
    if (argv) await ctx.change(argv);
    const result: Record<string, unknown> = {
      changed: Boolean(argv),
      target: a.target,
      ftype: a.ftype,
      setype: a.setype,
      state: a.state,
    };
    if (argv && ctx.diff)
      result.diff = {
        before: `${a.target} ${a.ftype}: ${cur ?? '(none)'}\n`,
        after: `${a.target} ${a.ftype}: ${a.state === 'present' ? a.setype : '(none)'}\n`,
      };
    return result as { changed: boolean };
  },
});
