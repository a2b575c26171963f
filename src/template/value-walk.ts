import { UndefinedVariableError } from './errors.js';
import { HOLDS_UNSAFE, needsTemplating, scanFlags } from './lazy.js';
import { NativeText } from './native-text.js';
import { isTemplate } from './native.js';
import { OMIT } from './omit.js';
import { isLazy, isPlainObject, pyStr } from './python.js';
import { UnsafeText, markUnsafe, noteUnsafe, reveal, seal, tracked } from './unsafe.js';
import { copyKeyTypes } from '../util/py-dict-keys.js';

// Deep templating of a value (strings in lists and dicts, keys too), in the two forms a Templar
// hands out: revealed (a task's arguments) and stored (a variable's value, marks kept).

/** How one string renders: its value, and whether Ansible keeps it as NativeJinjaText. */
export type RenderString = (written: string) => { value: unknown; native: boolean };

export class ValueWalker {
  constructor(private readonly render: RenderString) {}

  /** Templated value, revealed: unsafe strings as text, a container holding unsafe parts marked. */
  walk(value: unknown): unknown {
    if (typeof value === 'string') return isTemplate(value) ? this.render(value).value : value;
    if (typeof value !== 'object' || value === null || isLazy(value)) return value;
    if (value instanceof UnsafeText || value instanceof NativeText) return reveal(value);
    const flags = scanFlags(value);
    if (flags & HOLDS_UNSAFE) noteUnsafe();
    if (!needsTemplating(value)) return value;
    const { value: out, unsafe } = tracked(() => this.walkEntries(value, (x) => this.walk(x)));
    return unsafe ? markUnsafe(out) : out;
  }

  /** Templated value in stored form: each string rendered from something unsafe is an UnsafeText. */
  store(value: unknown): unknown {
    if (typeof value === 'string') {
      if (!isTemplate(value)) return value;
      const { value: marked, unsafe } = tracked(() => this.render(value));
      const { value: v, native } = marked;
      if (typeof v === 'string' && (unsafe || native))
        return unsafe ? new UnsafeText(v, native) : new NativeText(v);
      return unsafe && v !== OMIT ? seal(v) : v;
    }
    if (typeof value !== 'object' || value === null || isLazy(value)) return value;
    if (value instanceof UnsafeText || value instanceof NativeText) return value;
    if (!needsTemplating(value)) return value;
    return this.walkEntries(value, (x) => this.store(x));
  }

  /** walk(), but a string whose template uses an undefined variable comes back as written. */
  lenient(value: unknown): unknown {
    if (typeof value === 'string') {
      try {
        return this.walk(value);
      } catch (e) {
        if (e instanceof UndefinedVariableError) return value;
        throw e;
      }
    }
    if (typeof value !== 'object' || value === null || isLazy(value)) return value;
    if (value instanceof UnsafeText || value instanceof NativeText) return reveal(value);
    if (!needsTemplating(value)) return this.walk(value);
    return this.walkEntries(value, (x) => this.lenient(x));
  }

  private walkEntries(value: object, each: (x: unknown) => unknown): unknown {
    if (Array.isArray(value)) return value.map(each);
    if (isPlainObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[isTemplate(k) ? pyStr(this.walk(k)) : k] = each(v);
      copyKeyTypes(value, out);
      return out;
    }
    return value;
  }
}
