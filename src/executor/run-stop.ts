import { InputError } from '../errors.js';

/**
 * A mistake Ansible meets while running that ends the whole run (exit 3 here) instead of failing
 * a task that a rescue or ignore_errors could take: a handler mistake (handlers.ts), a YAML syntax
 * error in a file an include loads (Ansible's parser error, which its strategy re-raises).
 */
export class RunStoppingError extends InputError {}
