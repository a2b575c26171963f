import { absolutePath } from '../util/home-path.js';

/**
 * An inventory source as `ansible_inventory_sources` shows it, which is how Ansible's CLI
 * unfracks -i: a host list (it holds a comma) as given, a path made absolute (links kept).
 */
export function sourceShown(source: string): string {
  return source.includes(',') ? source : absolutePath(source);
}
