import type { ModuleContext } from '../types.js';

/**
 * The ssh command git runs for ssh:// and scp-like URLs (GIT_SSH_COMMAND), built as Ansible
 * builds it: the host's GIT_SSH or GIT_SSH_COMMAND (else ssh), its GIT_SSH_OPTS, ssh_opts, then
 * StrictHostKeyChecking for accept_hostkey / accept_newhostkey, BatchMode=yes (no prompt) and
 * the key_file with IdentitiesOnly=yes.
 */
export function sshCommand(
  env: ReadonlyMap<string, string>,
  a: {
    ssh_opts?: string;
    accept_hostkey: boolean;
    accept_newhostkey: boolean;
    key_file?: string;
  },
  newKeysAccepted: boolean,
): string {
  let given = a.ssh_opts;
  const strict = (how: string) => {
    if (given === undefined) given = `-o StrictHostKeyChecking=${how}`;
    else if (
      !given.includes('-o StrictHostKeyChecking=no') &&
      !given.includes('-o StrictHostKeyChecking=accept-new')
    )
      given += ` -o StrictHostKeyChecking=${how}`;
  };
  if (a.accept_hostkey) strict('no');
  if (a.accept_newhostkey && newKeysAccepted) strict('accept-new');
  const base = env.get('GIT_SSH_OPTS') ?? '';
  let opts = given === undefined ? base : `${base} ${given}`;
  if (a.accept_hostkey && !opts.includes('StrictHostKeyChecking=no')) opts += ' -o StrictHostKeyChecking=no';
  if (!opts.includes('BatchMode=yes')) opts += ' -o BatchMode=yes';
  if (a.key_file) {
    if (!opts.includes(`-i ${a.key_file}`)) opts += `  -i ${a.key_file}`;
    if (!opts.includes('IdentitiesOnly=yes')) opts += ' -o IdentitiesOnly=yes';
  }
  const ssh = env.get('GIT_SSH') ?? env.get('GIT_SSH_COMMAND') ?? 'ssh';
  return opts ? `${ssh} ${opts}` : ssh;
}

/** whether the host's ssh knows StrictHostKeyChecking=accept-new (OpenSSH 7.6 on) */
export async function sshAcceptsNew(ctx: ModuleContext): Promise<boolean> {
  const r = await ctx.probe(['ssh', '-o', 'StrictHostKeyChecking=accept-new', '-V'], { allowFail: true });
  return r.rc === 0;
}
