import type { FabError, SourcePos } from '../errors.js';
import type { GroupNameMode } from './group-names.js';

export interface InventoryHost {
  name: string;
  /** variables set on the host itself in the inventory source (host_vars/ files are in Inventory.varsDirs; hostVars() merges all) */
  vars: Record<string, unknown>;
  /** names of the groups the host is directly in (not 'all') */
  groups: string[];
  pos?: SourcePos;
  /** the implicit localhost Ansible makes up when a pattern names localhost and the inventory has none */
  implicit?: boolean;
}

export interface InventoryGroup {
  name: string;
  vars: Record<string, unknown>;
  /** direct child group names */
  children: string[];
  /** direct member host names */
  hosts: string[];
  pos?: SourcePos;
  /** ansible_group_priority (default 1): orders groups of equal depth when merging their vars */
  priority?: number;
  /** an inventory script's `"name": {vars}`: Ansible makes a group of that one host, no mistake */
  ofHost?: true;
}

export interface Inventory {
  /** hosts in the order the sources list them */
  hosts: Map<string, InventoryHost>;
  /** all groups including 'all' and 'ungrouped' */
  groups: Map<string, InventoryGroup>;
  /** the files/dirs read, for messages */
  sources: string[];
  /** group_vars/ and host_vars/ found beside the inventory sources, then beside the playbook (in merge order) */
  varsDirs?: VarsDir[];
  /** non-fatal findings (Ansible prints them as [WARNING]) */
  warnings?: string[];
  /** why each inventory file that could not be parsed was left out (a warning, as in Ansible) */
  unparsed?: FabError[];
  /** what a new group's name with characters no variable name has becomes (force_valid_group_names) */
  groupNameMode?: GroupNameMode;
}

/** Variables read from one directory's group_vars/ and host_vars/. */
export interface VarsDir {
  /** the directory holding group_vars/ and host_vars/ */
  dir: string;
  /** 'inventory' (beside an inventory source) or 'playbook' (beside the playbook) */
  side: 'inventory' | 'playbook';
  groups: Map<string, Record<string, unknown>>;
  hosts: Map<string, Record<string, unknown>>;
}
