import { readFileSync } from 'node:fs';
import * as yaml from 'js-yaml';
import { ANSIBLE_SCHEMA } from './schema.js';
import { unclosedOpening } from './unclosed.js';
import { indentFlowContinuations } from './flow-indent.js';
import { complexKeyStart } from './complex-key.js';
import { chompBlockAtEnd } from './block-scalar-end.js';
import { jsonMistake } from './json-like.js';
import { InputError, ParseError, type SourcePos } from '../errors.js';
import { openInlineVaults, openVaultFile, rememberStrings, vaultTag } from './vault.js';
import type { SealedVault } from '../vault/sealed.js';

/**
 * YAML with Ansible's YAML 1.1 meaning, keeping source positions: every mapping and sequence
 * loaded here remembers where it and each of its entries stand, so later errors can say file:line:col.
 */

interface Positions {
  self: SourcePos;
  /** position of each entry: the key of a mapping entry, or the item of a sequence */
  entries: Map<string | number, SourcePos>;
}

const positions = new WeakMap<object, Positions>();

/** Where a loaded mapping/sequence stands, or one of its entries when `key` is given. */
export function posOf(value: unknown, key?: string | number): SourcePos | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const p = positions.get(value);
  if (!p) return undefined;
  if (key === undefined) return p.self;
  return p.entries.get(key) ?? p.self;
}

/** Give a derived object the position of the one it came from (for normalised copies). */
export function copyPos(from: unknown, to: object): void {
  if (from !== null && typeof from === 'object') {
    const p = positions.get(from);
    if (p && !positions.has(to)) positions.set(to, p);
  }
}

/** Set a position explicitly (for values built in code, e.g. INI inventories). */
export function setPos(value: object, self: SourcePos): void {
  positions.set(value, { self, entries: new Map() });
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function toPos(file: string, starts: number[], offset: number): SourcePos {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { file, line: lo + 1, col: offset - starts[lo]! + 1 };
}

type Ev = yaml.Event;

/** Walk the events of one node in step with its constructed value, recording positions. */
function annotate(events: Ev[], i: number, value: unknown, at: (o: number) => SourcePos): number {
  const ev = events[i]!;
  if (ev.type === yaml.EVENT_ID.SCALAR || ev.type === yaml.EVENT_ID.ALIAS) return i + 1;
  const isObj = value !== null && typeof value === 'object';
  const start = ev.type === yaml.EVENT_ID.MAPPING || ev.type === yaml.EVENT_ID.SEQUENCE ? ev.start : 0;
  const rec: Positions = { self: at(start), entries: new Map() };
  if (isObj && !positions.has(value)) positions.set(value, rec);
  i++;
  if (ev.type === yaml.EVENT_ID.SEQUENCE) {
    let idx = 0;
    while (events[i]!.type !== yaml.EVENT_ID.POP) {
      rec.entries.set(idx, at(eventStart(events[i]!)));
      const item = Array.isArray(value) ? value[idx] : undefined;
      i = annotate(events, i, item, at);
      idx++;
    }
    return i + 1;
  }
  while (events[i]!.type !== yaml.EVENT_ID.POP) {
    const keyEv = events[i]!;
    let key: string | undefined;
    if (keyEv.type === yaml.EVENT_ID.SCALAR) {
      key = yaml.getScalarValue(sourceOf, keyEv as yaml.ScalarEvent);
    }
    const keyPos = at(eventStart(keyEv));
    i = annotate(events, i, undefined, at);
    const child = isObj && key !== undefined ? resolveKey(value as Record<string, unknown>, key) : undefined;
    if (key !== undefined && child !== undefined) rec.entries.set(child.k, keyPos);
    i = annotate(events, i, child?.v, at);
  }
  return i + 1;
}

/** YAML 1.1 may turn a key like `on` into `true`: find the entry the text key became. */
function resolveKey(obj: Record<string, unknown>, raw: string): { k: string; v: unknown } | undefined {
  if (Object.prototype.hasOwnProperty.call(obj, raw)) return { k: raw, v: obj[raw] };
  const lowered = raw.toLowerCase();
  const alt = ['yes', 'on', 'true'].includes(lowered)
    ? 'true'
    : ['no', 'off', 'false'].includes(lowered)
      ? 'false'
      : undefined;
  if (alt && Object.prototype.hasOwnProperty.call(obj, alt)) return { k: alt, v: obj[alt] };
  return undefined;
}

let sourceOf = '';
// the plaintexts of the !vault scalars of the text being parsed (opened before it is built)
let inlineVaults = new Map<string, string | SealedVault>();
const SCHEMA = ANSIBLE_SCHEMA.withTags(vaultTag(() => inlineVaults));

function eventStart(ev: Ev): number {
  if (ev.type === yaml.EVENT_ID.SCALAR)
    return ev.tagStart >= 0 ? ev.tagStart : ev.anchorStart >= 0 ? ev.anchorStart : ev.valueStart;
  if (ev.type === yaml.EVENT_ID.MAPPING || ev.type === yaml.EVENT_ID.SEQUENCE) return ev.start;
  if (ev.type === yaml.EVENT_ID.ALIAS) return ev.anchorStart;
  return 0;
}

/**
 * Parse YAML text (all documents), as YAML 1.1, with positions. Errors become InputError with
 * file:line:col. A whole-file vault and `!vault` values are opened with the run's vault passwords.
 */
export function parseYamlAll(rawText: string, file: string): unknown[] {
  const opened = openVaultFile(rawText, file);
  const vaulted = opened.vaulted;
  let text = opened.text;
  let events: Ev[];
  let docs: unknown[];
  try {
    events = yaml.parseEvents(text, { filename: file });
  } catch (e) {
    // PyYAML does not check indentation inside { } and [ ]: neither do we (flow-indent.ts)
    const relaxed = /deficient indentation/.test(String(e)) ? indentFlowContinuations(text) : text;
    if (relaxed === text) throw yamlError(e, file, text);
    try {
      events = yaml.parseEvents(relaxed, { filename: file });
    } catch {
      throw yamlError(e, file, text);
    }
    text = relaxed;
  }
  chompBlockAtEnd(events, text);
  const starts = lineStarts(text);
  const at = (o: number): SourcePos => toPos(file, starts, o);
  inlineVaults = openInlineVaults(events, text, at);
  try {
    docs = yaml.constructFromEvents(events, { source: text, schema: SCHEMA, filename: file });
  } catch (e) {
    const keyAt = complexKeyStart(events);
    throw keyAt === undefined ? yamlError(e, file, text) : complexKeyError(text, keyAt, at(keyAt));
  } finally {
    inlineVaults = new Map();
  }
  if (vaulted) rememberStrings(docs);
  sourceOf = text;
  let i = 0;
  let d = 0;
  while (i < events.length) {
    if (events[i]!.type === yaml.EVENT_ID.DOCUMENT) {
      i++;
      if (i < events.length && events[i]!.type !== yaml.EVENT_ID.POP) i = annotate(events, i, docs[d], at);
      d++;
      // the document's POP
      i++;
    } else i++;
  }
  return docs;
}

/** Parse a single-document YAML text; an empty document is `null`. */
export function parseYaml(text: string, file: string): unknown {
  const docs = parseYamlAll(text, file);
  if (docs.length > 1) {
    // the second document starts at its `---` marker
    const line = text.split('\n').findIndex((l, i) => i > 0 && /^---(\s|$)/.test(l));
    throw new InputError(
      `a second YAML document (${docs.length} in all): this file holds one`,
      { file, line: line >= 0 ? line + 1 : 1, col: 1 },
      "remove the '---' line and join the lists, or move the rest into a file of its own",
    );
  }
  return docs.length ? docs[0] : null;
}

/** Read and parse a YAML file; a missing or unreadable file is an InputError. */
export function loadYamlFile(file: string, from?: SourcePos): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? `file not found: ${file}` : `cannot read ${file}: ${(e as Error).message}`,
      from,
      code === 'ENOENT'
        ? 'check the path; relative paths are resolved from the playbook or role directory'
        : undefined,
    );
  }
  return parseYaml(text, file);
}

/** A mapping or list as a key, which PyYAML refuses too ("found unacceptable key"), at that key. */
function complexKeyError(text: string, offset: number, pos: SourcePos): InputError {
  const template = text[offset - 1] === '{' && text[offset] === '{';
  return new ParseError(
    template
      ? 'YAML syntax error: an unquoted template at the start of a value ({{ ... }}) reads as a mapping whose key is a mapping'
      : 'YAML syntax error: a mapping or list used as a mapping key',
    // the value starts one character before its inner key: point at the opening {{
    template ? { ...pos, col: pos.col - 1 } : pos,
    template
      ? 'quote a value that starts with a template: write "{{ x }}", not {{ x }}'
      : 'a key is a plain word or a quoted string; quote this one or restructure it',
  );
}

function yamlError(e: unknown, file: string, text: string): InputError {
  if (e instanceof yaml.YAMLException) {
    const mark = (e as { mark?: { line: number; column: number } }).mark;
    const reason = (e as { reason?: string }).reason ?? e.message.split('\n')[0]!;
    // a quote or bracket left open: the mistake is where it opened, not where the parser gave up
    const duplicate = /duplicat/i.test(reason);
    // a duplicated key is not an unclosed quote, whatever quotes stand before it
    const opened =
      mark && !duplicate
        ? unclosedOpening(text, file, { line: mark.line + 1, col: mark.column + 1 })
        : undefined;
    if (opened && !/tab/i.test(reason)) {
      const ch = text.split('\n')[opened.line - 1]![opened.col - 1]!;
      const what = ch === '[' || ch === '{' ? `flow collection '${ch}'` : `quoted string (${ch})`;
      return new ParseError(
        `YAML syntax error: this ${what} is never closed (the parser stopped at line ${mark!.line + 1}: ${reason})`,
        opened,
        `close it with ${ch === '[' ? "']'" : ch === '{' ? "'}'" : ch} on the same value`,
      );
    }
    // a tab in the indentation of the line the parser stopped at, whatever it calls the mistake
    const lineText = mark ? (text.split('\n')[mark.line] ?? '') : '';
    if (mark && /^ *\t/.test(lineText) && !/tab/i.test(reason))
      return new ParseError(
        'YAML syntax error: a tab in the indentation (YAML indents with spaces only)',
        { file, line: mark.line + 1, col: lineText.indexOf('\t') + 1 },
        'indent YAML with spaces, not tabs',
      );
    const hint = /tab/i.test(reason)
      ? 'indent YAML with spaces, not tabs'
      : duplicate
        ? 'each key may appear once in a mapping; remove or rename one'
        : 'check the indentation and quoting around this place';
    const json = duplicate ? undefined : jsonMistake(text);
    return new ParseError(
      json
        ? `not JSON nor YAML. JSON: ${json}; YAML syntax error: ${reason}`
        : `YAML syntax error: ${reason}`,
      mark ? { file, line: mark.line + 1, col: mark.column + 1 } : { file, line: 1, col: 1 },
      json ? 'check the brackets, commas and quotes around this place' : hint,
    );
  }
  return new InputError(`cannot parse ${file}: ${(e as Error).message}`, { file, line: 1, col: 1 });
}
