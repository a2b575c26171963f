// The config settings that change how inventory sources are read, as loadInventory takes them.
import type { Config } from '../config/index.js';
import type { GroupNameMode } from '../inventory/group-names.js';

export function inventorySettings(config: Config): { groupNameMode?: GroupNameMode; plugins?: string[] } {
  return {
    groupNameMode: config.transformInvalidGroupChars?.value,
    plugins: config.inventoryPlugins?.value,
  };
}
