import { defineModule, ModuleFailure } from '../lib/args.js';
import { stateDiff } from '../lib/diff.js';
import { groupCommands, parseGroup } from './user-plan.js';

/** ansible.builtin.group: getent group, then groupadd/groupmod/groupdel. */
export const group = defineModule({
  name: 'group',
  args: {
    name: { type: 'string' },
    state: { type: 'string', enum: ['present', 'absent'], default: 'present' },
    gid: { type: 'integer' },
    system: { type: 'boolean', default: false },
  },
  required: ['name'],
  rules: { requiredIf: [['non_unique', true, ['gid']]] },
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    if (!/^[a-z_][a-z0-9_.-]*\$?$/i.test(a.name))
      throw new ModuleFailure(`group: '${a.name}' is not a valid group name`);
    const r = await ctx.probe(['getent', 'group', a.name], { allowFail: true });
    const found = r.rc === 0 ? parseGroup(r.stdout) : undefined;
    const cmds = groupCommands(
      { name: a.name, state: a.state as 'present' | 'absent', gid: a.gid, system: a.system },
      found,
    );
    const changed = cmds.length > 0;
    let sent = false;
    for (const c of cmds) sent = (await ctx.change(c)) !== undefined;
    let gid = found?.gid;
    if (sent && a.state === 'present')
      gid = parseGroup((await ctx.probe(['getent', 'group', a.name])).stdout)?.gid;
    const result: Record<string, unknown> = { changed, name: a.name, state: a.state, system: a.system };
    if (gid !== undefined && a.state === 'present') result.gid = gid;
    if (changed && ctx.diff)
      result.diff = stateDiff(
        found ? { name: a.name, gid: found.gid, state: 'present' } : { name: a.name, state: 'absent' },
        {
          name: a.name,
          state: a.state,
          ...(a.state === 'present' ? { gid: gid ?? a.gid ?? '(next free)' } : {}),
        },
      );
    return result as { changed: boolean };
  },
});
