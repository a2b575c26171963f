import { defineModule, ModuleFailure } from '../lib/args.js';
import { stateDiff } from '../lib/diff.js';
import { parsePasswd, userCommands, type UserFound, type UserWanted, userWarnings } from './user-plan.js';
import type { ModuleContext } from '../types.js';

/** ansible.builtin.user: getent and id say what exists; useradd/usermod/userdel close the gap. */

// one round trip: passwd entry, primary group, all groups (and the shadow hash when asked)
const PROBE = [
  'getent passwd "$1" || exit 0',
  'echo "@@primary $(id -gn "$1")"',
  'echo "@@groups $(id -Gn "$1")"',
  '[ "$2" = 1 ] && echo "@@hash $(getent shadow "$1" | cut -d: -f2)"',
  'exit 0',
].join('\n');

export function parseUserProbe(out: string): UserFound {
  const lines = out.split('\n');
  const entry = lines[0] ? parsePasswd(lines[0]) : undefined;
  const val = (k: string) =>
    lines
      .find((l) => l.startsWith(`@@${k} `))
      ?.slice(k.length + 3)
      .trim();
  return {
    entry,
    primary: val('primary'),
    groups: (val('groups') ?? '').split(' ').filter(Boolean),
    hash: val('hash'),
  };
}

async function probe(ctx: ModuleContext, name: string, withHash: boolean): Promise<UserFound> {
  return parseUserProbe((await ctx.probe(['sh', '-c', PROBE, 'sh', name, withHash ? '1' : '0'])).stdout);
}

export const user = defineModule({
  name: 'user',
  args: {
    name: { type: 'string', aliases: ['user'] },
    state: { type: 'string', enum: ['present', 'absent'], default: 'present' },
    uid: { type: 'integer' },
    group: { type: 'string' },
    groups: { type: 'stringlist' },
    append: { type: 'boolean', default: false },
    shell: { type: 'string' },
    home: { type: 'string' },
    comment: { type: 'string' },
    create_home: { type: 'boolean', aliases: ['createhome'] },
    move_home: { type: 'boolean', default: false },
    system: { type: 'boolean', default: false },
    password: { type: 'string' },
    remove: { type: 'boolean', default: false },
    // state=absent: userdel -f (removes the user even while logged in, and the mail spool)
    force: { type: 'boolean', default: false },
  },
  required: ['name'],
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    if (!/^[a-z_][a-z0-9_.-]*\$?$/i.test(a.name))
      throw new ModuleFailure(`user: '${a.name}' is not a valid user name`);
    for (const w of userWarnings(a)) ctx.warn(w);
    const w: UserWanted = {
      name: a.name,
      state: a.state as 'present' | 'absent',
      uid: a.uid,
      group: a.group,
      groups: a.groups,
      append: a.append,
      shell: a.shell,
      home: a.home,
      comment: a.comment,
      createHome: a.create_home,
      moveHome: a.move_home,
      system: a.system,
      password: a.password,
      remove: a.remove,
      force: a.force,
    };
    const found = await probe(ctx, a.name, Boolean(a.password));
    const cmds = userCommands(w, found);
    const changed = cmds.length > 0;
    let sent = false;
    for (const c of cmds) sent = (await ctx.change(c)) !== undefined;
    const now = sent ? await probe(ctx, a.name, false) : found;
    const result: Record<string, unknown> = { changed, name: a.name, state: a.state };
    if (now.entry)
      Object.assign(result, {
        uid: now.entry.uid,
        group: now.entry.gid,
        home: now.entry.home,
        shell: now.entry.shell,
        comment: now.entry.comment,
        groups: now.groups.filter((g) => g !== now.primary).join(','),
      });
    if (changed && ctx.diff) {
      const view = (f: UserFound) => (f.entry ? { ...f.entry, groups: f.groups } : { state: 'absent' });
      result.diff = stateDiff(
        view(found),
        sent ? view(now) : { name: a.name, state: a.state, planned: cmds.map((c) => c.join(' ')) },
      );
    }
    return result as { changed: boolean };
  },
});
