import type * as Engine from './engine.js';
import { requireOwn } from '../util/import-own.js';

let loaded: typeof Engine | undefined;
/** The template engine (engine.ts), loaded at the first render: a run without templates never needs it. */
export function engine(): typeof Engine {
  return (loaded ??= requireOwn<typeof Engine>('./engine.js', import.meta.url));
}
