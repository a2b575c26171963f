import { service } from './service.js';
import { serviceFacts } from './service-facts.js';
import { systemd } from './systemd.js';
import { sysvinit } from './sysvinit.js';
import type { ModuleDef } from '../types.js';

/** The services modules. Each lives in its own file here. */
export const modules: ModuleDef<any>[] = [service, systemd, serviceFacts, sysvinit];
