import type { ModuleContext } from '../types.js';

/**
 * A gathered fact by its short name (`pkg_mgr`, `service_mgr`, `os_family`): facts come without
 * the ansible_ prefix; host variables may carry them with it (set in an inventory, or by a test).
 */
export function hostFact(ctx: ModuleContext, name: string): string | undefined {
  const f = ctx.facts ?? {};
  const v = f[name] ?? f[`ansible_${name}`] ?? ctx.vars?.[`ansible_${name}`];
  return v === undefined || v === null || v === '' ? undefined : String(v);
}

/** The first of these programs the host has, found with one `command -v` (facts not gathered). */
export async function firstProgram(ctx: ModuleContext, names: string[]): Promise<string | undefined> {
  const script = 'for p; do command -v "$p" >/dev/null 2>&1 && { echo "$p"; exit 0; }; done; exit 1';
  const r = await ctx.probe(['sh', '-c', script, 'sh', ...names], { allowFail: true, become: false });
  return r.rc === 0 ? r.stdout.trim() : undefined;
}
