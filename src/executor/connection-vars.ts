import { CONNECTION_VARS } from '../connection/var-names.js';
import { isTemplated } from '../playbook/load-context.js';
import { SealedVault } from '../vault/sealed.js';
import { SECRET_VAR_NAMES } from '../output/masking.js';

/** Every host variable a connection is made from. */
const CONNECTION_VAR_NAMES: readonly string[] = Object.values(CONNECTION_VARS).flat();

/**
 * `vars` with the connection variables written as templates rendered (`ansible_host: "{{ net
 * }}.{{ idx }}"`, `ansible_password: "{{ vault_ssh_password }}"`), as Ansible renders a
 * connection's options before it connects. The others are left as they are.
 */
export function renderedConnectionVars(
  vars: Record<string, unknown>,
  render: (v: unknown) => unknown,
): Record<string, unknown> {
  // a !vault value without a password fails every task here, as Ansible reads these (and the
  // become passwords) for each task (vault/sealed.ts)
  for (const name of SECRET_VAR_NAMES) if (vars[name] instanceof SealedVault) render(vars[name]);
  let out = vars;
  for (const name of CONNECTION_VAR_NAMES) {
    const v = vars[name];
    if (!isTemplated(v)) continue;
    if (out === vars) out = { ...vars };
    out[name] = render(v);
  }
  return out;
}
