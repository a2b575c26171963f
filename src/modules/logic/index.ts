import type { ModuleDef } from '../types.js';
import { debug } from './debug.js';
import { setFact } from './set-fact.js';
import { setStats } from './set-stats.js';
import { validateArgumentSpec } from './validate-argument-spec.js';
import { assertModule } from './assert.js';
import { fail } from './fail.js';
import { includeVars } from './include-vars.js';
import { pause } from './pause.js';
import { ping } from './ping.js';
import { gatherFacts, meta, setup } from './setup.js';
import { addHost, groupBy } from './inventory-change.js';

/** The logic modules. Each lives in its own file here. */
export const modules: ModuleDef<any>[] = [
  debug,
  setFact,
  setStats,
  validateArgumentSpec,
  assertModule,
  fail,
  includeVars,
  pause,
  ping,
  setup,
  gatherFacts,
  meta,
  groupBy,
  addHost,
];
