import { unknownArgMessage } from './ansible-only-args.js';
import type { ModuleContext, ModuleDef, ModuleResult } from '../types.js';

/**
 * Runs `mod` with arguments an action hands it (package runs apt, service runs systemd), as
 * Ansible's action runs the module: an argument the module does not take fails the task there
 * (the executor's check saw only the action's own table).
 */
export function runHanded(
  mod: ModuleDef,
  ctx: ModuleContext,
  args: Record<string, unknown>,
  by: string,
): Promise<ModuleResult> {
  const known = new Set(Object.entries(mod.args ?? {}).flatMap(([k, spec]) => [k, ...(spec.aliases ?? [])]));
  const problems = Object.keys(args)
    .filter((k) => !known.has(k))
    .map((k) => unknownArgMessage(mod.name, k));
  if (problems.length)
    return Promise.resolve({
      changed: false,
      failed: true,
      msg: `module '${mod.name}' (run by ${by}): ${problems.join('; ')}`,
    });
  return mod.run(ctx, args);
}
