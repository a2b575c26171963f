import { importOwn } from '../util/import-own.js';

type Gather = (typeof import('./index.js'))['gatherFacts'];

/** gatherFacts, with the fact scripts and parsers loaded by the first gathering (a run may have none). */
export async function gatherFacts(...args: Parameters<Gather>): ReturnType<Gather> {
  const facts = await importOwn<typeof import('./index.js')>('./index.js', import.meta.url);
  return facts.gatherFacts(...args);
}
