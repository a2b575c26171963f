import * as yaml from 'js-yaml';

/**
 * Where the first mapping key that is itself a mapping or a list starts (an offset), or undefined.
 * The constructor refuses such a key without saying where; the usual cause is a template left
 * unquoted at the start of a value (`when: {{ x }}` reads as a mapping whose key is `{x: null}`).
 */
export function complexKeyStart(events: yaml.Event[]): number | undefined {
  // per open node: whether it is a mapping, and whether its next child is a key
  const open: { mapping: boolean; atKey: boolean }[] = [];
  for (const ev of events) {
    if (ev.type === yaml.EVENT_ID.POP) {
      open.pop();
      continue;
    }
    const parent = open[open.length - 1];
    const collection = ev.type === yaml.EVENT_ID.MAPPING || ev.type === yaml.EVENT_ID.SEQUENCE;
    if (parent?.mapping) {
      if (parent.atKey && collection) return ev.start;
      parent.atKey = !parent.atKey;
    }
    if (ev.type === yaml.EVENT_ID.DOCUMENT) open.push({ mapping: false, atKey: false });
    else if (collection) open.push({ mapping: ev.type === yaml.EVENT_ID.MAPPING, atKey: true });
  }
  return undefined;
}
