import { readFileSync } from 'node:fs';
import { moduleStyle, type ModuleStyle } from './module-style.js';
import { ansibleModuleUtilsDir } from './module-utils.js';
import { forgetAfterRun } from '../../util/run-scope.js';

/**
 * A module that imports module_utils of a collection. Relative ones (`from ..module_utils`) are
 * Ansible's, as for Ansible: the module runs as ansible.modules.<name>.
 */
const COLLECTION_UTILS = /(?:from|import) +ansible_collections\./;

/**
 * Why a module of this style cannot run here. One built on Ansible's module_utils runs with those
 * of the controller's Ansible (module-utils.ts); a collection's module_utils are not sent.
 */
export function unrunnableReason(style: ModuleStyle, data: Buffer): string | undefined {
  if (style === 'new-powershell') return 'it is a PowerShell module, for Windows hosts';
  if (style !== 'new-python') return undefined;
  if (COLLECTION_UTILS.test(data.toString('latin1')))
    return "it imports a collection's module_utils, which fabplay does not send (only ansible.module_utils)";
  const ansible = ansibleModuleUtilsDir();
  return ansible instanceof Error ? ansible.message : undefined;
}

/** Why fabplay cannot run this module file; undefined when it can (each file read once per process) */
export function whyNotRunnable(file: string): string | undefined {
  if (!reasons.has(file)) {
    let why: string | undefined;
    try {
      const data = readFileSync(file);
      why = unrunnableReason(moduleStyle(data), data);
    } catch (e) {
      why = `it cannot be read (${(e as Error).message})`;
    }
    reasons.set(file, why);
  }
  return reasons.get(file);
}

const reasons = forgetAfterRun(new Map<string, string | undefined>());
