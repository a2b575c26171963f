import type { SourcePos } from '../errors.js';

export interface InventoryHost {
  name: string;
  /** variables set on the host itself (inline, host_vars/) */
  vars: Record<string, unknown>;
  /** names of the groups the host is directly in (not 'all') */
  groups: string[];
  pos?: SourcePos;
}

export interface InventoryGroup {
  name: string;
  vars: Record<string, unknown>;
  /** direct child group names */
  children: string[];
  /** direct member host names */
  hosts: string[];
  pos?: SourcePos;
}

export interface Inventory {
  /** hosts in the order the sources list them */
  hosts: Map<string, InventoryHost>;
  /** all groups including 'all' and 'ungrouped' */
  groups: Map<string, InventoryGroup>;
  /** the files/dirs read, for messages */
  sources: string[];
}
