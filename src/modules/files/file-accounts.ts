import { cmd } from '../../util/shell.js';
import type { ModuleContext } from '../types.js';

/**
 * The file module in check mode (any state but absent) warns of an owner or group the host does
 * not know, as Ansible's check_owner_exists/check_group_exists do: a task before it that would
 * make the account did not run. One probe for both.
 */
export async function warnMissingAccounts(
  ctx: ModuleContext,
  owner: string | undefined,
  group: string | undefined,
): Promise<void> {
  const asked: Array<['passwd' | 'group', string]> = [];
  if (owner) asked.push(['passwd', owner]);
  if (group) asked.push(['group', group]);
  if (!asked.length) return;
  // one line per account: 0 when known, another exit code when not
  const script = asked.map(([db, name]) => `${cmd(['getent', db, name])} >/dev/null; echo $?`).join('; ');
  const found = (await ctx.probe({ shell: script })).stdout.trim().split('\n');
  asked.forEach(([db, name], i) => {
    if (found[i] === '0') return;
    const what = db === 'passwd' ? 'user' : 'group';
    // a number is looked up as an id (Ansible's int() of it: leading zeros go)
    const id = /^\d+$/.test(name)
      ? `${what} with ${db === 'passwd' ? 'uid' : 'gid'} ${Number(name)}`
      : undefined;
    ctx.warn(`failed to look up ${id ?? `${what} ${name}`}. Create ${what} up to this point in real play`);
  });
}
