export { labUp, requireRoot, type LabUpOptions } from './up.js';
export { labDown } from './down.js';
export { labStatus, reapStaleLabs } from './status.js';
export { addClient } from './clients.js';
export { execInHost, execInNetns } from './exec.js';
export { readLabState, type LabState, type LabHostState } from './state.js';
export { LAB_USER, LAB_USER_PASSWORD } from './base-layer.js';
export { sshCommonArgs } from './inventory.js';
