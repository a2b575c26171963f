import { SealedVault, checkSealed } from '../vault/sealed.js';
import { NativeText, nativeTracked, noteNativeText } from './native-text.js';

/**
 * Ansible's "unsafe" values (CVE-2016-9587): data that came from a host (registered results,
 * facts, slurped text), lookup results and `!unsafe` YAML values are rendered as literal text and
 * never templated again, and whatever a template builds from them is unsafe too.
 *
 * Two marks, chosen so that the hot path (safe values) costs nothing new:
 * - a container (list or dict) is marked in a WeakSet: its strings are text, it is never walked;
 * - a string cannot carry a mark, so where an unsafe string is *stored* (a variable, a loop item,
 *   a `!unsafe` scalar) it is held as an UnsafeText box. Boxes live only in variable stores and raw
 *   playbook data: the Templar unwraps them (`reveal`) before any filter, module or output sees them.
 *
 * Taint tracking follows Ansible's AnsibleContext: a render that reads an unsafe value (or calls a
 * lookup) is unsafe as a whole, and its result is stored unsafe (`seal`). Rendering is synchronous,
 * so the render being tracked is simply the innermost open scope.
 */

const marked = new WeakSet<object>();

/** An unsafe string where a variable store holds it. Prints (and serialises) as its text. */
export class UnsafeText {
  constructor(
    readonly text: string,
    /** also Ansible's NativeJinjaText (NativeJinjaUnsafeText): see native-text.ts */
    readonly native = false,
  ) {}
  toString(): string {
    return this.text;
  }
  toJSON(): string {
    return this.text;
  }
}

/** Marks a container (a registered result, a facts dict) unsafe; returns it. Primitives are left alone. */
export function markUnsafe<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !(value instanceof UnsafeText)) marked.add(value);
  return value;
}

/** True for an UnsafeText or a marked container (not what it holds: see lazy.ts scanFlags). */
export function isUnsafe(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return value instanceof UnsafeText || marked.has(value);
}

export function isMarked(value: object): boolean {
  return marked.has(value);
}

/** The stored form of an unsafe value: a string becomes an UnsafeText, a container is marked. */
export function seal(value: unknown): unknown {
  if (typeof value === 'string') return new UnsafeText(value);
  return markUnsafe(value);
}

/** The text of an UnsafeText (noting the taint in the render that reads it); anything else as is. */
export function reveal(value: unknown): unknown {
  if (value instanceof UnsafeText) {
    noteUnsafe();
    if (value.native) noteNativeText(value.text);
    return value.text;
  }
  if (value instanceof NativeText) {
    noteNativeText(value.text);
    return value.text;
  }
  // a !vault value read without any vault password: reading it fails, as in Ansible
  if (value instanceof SealedVault) return checkSealed(value);
  return value;
}

interface TaintScope {
  unsafe: boolean;
}
let current: TaintScope | undefined;

/** Records that the render in progress read an unsafe value (no-op outside a tracked render). */
export function noteUnsafe(): void {
  if (current) current.unsafe = true;
}

/**
 * Runs fn in its own taint scope; `unsafe` says whether it read anything unsafe. A tainted inner
 * scope taints the enclosing one too: what the inner render built is used by the outer.
 */
export function tracked<T>(fn: () => T): { value: T; unsafe: boolean } {
  const outer = current;
  const scope: TaintScope = { unsafe: false };
  current = scope;
  try {
    return { value: fn(), unsafe: scope.unsafe };
  } finally {
    current = outer;
    if (outer && scope.unsafe) outer.unsafe = true;
  }
}

/** A value with whether the expression that gave it read anything unsafe (lookup terms, type_debug). */
export class Traced {
  constructor(
    readonly value: unknown,
    readonly unsafe: boolean,
    /** a text that is a native text it read as it is (Ansible's NativeJinjaText: native-text.ts) */
    readonly native = false,
    /** the value may be one it read as it is (no `~`, no filter making a new one): its own type */
    readonly handsOn = true,
  ) {}
}

/**
 * Evaluates one expression in its own taint scope (compiler.ts compileTraced); `handsOn`: whether
 * the expression gives a text it read as that same text (no `~`, no filter making a new one).
 */
export function traced(evaluate: () => unknown, handsOn = true): Traced {
  const { value: r, read } = nativeTracked(() => tracked(evaluate));
  const { value, unsafe } = r;
  return new Traced(value, unsafe, handsOn && typeof value === 'string' && read.has(value), handsOn);
}
