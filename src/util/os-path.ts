// Python's os.path expansions, on the controller's environment unless another is given.

/** Python's os.path.expanduser for `~` and `~/...` (HOME); `~user` stays as written. */
export function expandUser(p: string, env: NodeJS.ProcessEnv = process.env): string {
  if (p !== '~' && !p.startsWith('~/')) return p;
  const home = env.HOME;
  return home === undefined ? p : home.replace(/\/+$/, '') + p.slice(1) || '/';
}

/** Python's os.path.expandvars: $NAME and ${NAME} that the environment has; others stay. */
export function expandVars(p: string, env: NodeJS.ProcessEnv = process.env): string {
  if (!p.includes('$')) return p;
  return p.replace(/\$(\w+|\{[^}]*\})/g, (m, name: string) => {
    const v = env[name.startsWith('{') ? name.slice(1, -1) : name];
    return v === undefined ? m : v;
  });
}
