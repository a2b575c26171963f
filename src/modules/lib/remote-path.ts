import type { ModuleContext } from '../types.js';

/**
 * Ansible's `type: path` arguments: `$VAR`/`${VAR}` (os.path.expandvars) and then `~`
 * (expanduser: `~` the login's home, `~user` that user's), both with the host's environment for
 * the task (its become user and `environment:`). A variable the host does not set stays as written,
 * as in Python.
 */

const VAR = /\$(\w+|\{[^}]*\})/g;

export function needsExpansion(v: unknown): v is string {
  return typeof v === 'string' && (v.startsWith('~') || /\$(\w|\{)/.test(v));
}

/** `~user` at the start of a path (up to the first slash). */
const USER_HOME = /^~([^/]+)(?=\/|$)/;

/** The home directory in the host's passwd entry for `user`; undefined when there is none. */
async function homeOf(ctx: ModuleContext, user: string): Promise<string | undefined> {
  const r = await ctx.probe(['getent', 'passwd', user], { allowFail: true });
  // Python strips the home's trailing slashes: a home of / gives '' (then `~u/x` is /x)
  return r.rc === 0 ? (r.stdout.split('\n')[0]!.split(':')[5] ?? '').replace(/\/+$/, '') : undefined;
}

/** The task's environment on the host, read once per module run. */
export function hostEnvironment(ctx: ModuleContext): () => Promise<Map<string, string>> {
  let env: Promise<Map<string, string>> | undefined;
  return () =>
    (env ??= ctx.probe(['env', '-0']).then((r) => {
      const vars = new Map<string, string>();
      for (const entry of r.stdout.split('\0')) {
        const eq = entry.indexOf('=');
        if (eq > 0) vars.set(entry.slice(0, eq), entry.slice(eq + 1));
      }
      return vars;
    }));
}

export async function expandRemotePath(
  ctx: ModuleContext,
  value: string,
  env: () => Promise<Map<string, string>> = hostEnvironment(ctx),
): Promise<string> {
  let out = value;
  if (out.includes('$')) {
    const vars = await env();
    out = out.replace(VAR, (whole, name: string) => {
      const key = name.startsWith('{') ? name.slice(1, -1) : name;
      return vars.get(key) ?? whole;
    });
  }
  if (out === '~' || out.startsWith('~/')) return (await ctx.remoteHome()) + out.slice(1);
  // `~root/x` is root's home, from the host's passwd; a user the host lacks leaves it as written
  const m = USER_HOME.exec(out);
  const home = m ? await homeOf(ctx, m[1]!) : undefined;
  return home === undefined ? out : home + out.slice(m![0].length) || '/';
}
