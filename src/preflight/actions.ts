import type { RoleInstance, TaskNode } from '../playbook/types.js';

/** The action of every task the preflight walks (the modules it loads first). */
export function actionsOf(nodes: TaskNode[], roles: RoleInstance[], out: Set<string>): Set<string> {
  for (const node of nodes)
    if (node.type === 'block') actionsOf([...node.block, ...node.rescue, ...node.always], [], out);
    else if (node.type === 'task') out.add(node.action);
  for (const r of roles) actionsOf([...r.tasks, ...r.handlers], r.dependencies, out);
  return out;
}
