import { TemplateRuntimeError, UndefinedVariableError } from './errors.js';
import { engine } from './engine-loader.js';
import { hostvarsOf } from './hostvars-view.js';
import { HOLDS_UNSAFE, needsTemplating, scanFlags } from './lazy.js';
import { NativeText } from './native-text.js';
import { LAZY, isLazy, isPlainObject, pyStr } from './python.js';
import { Undefined } from './undefined.js';
import { UnsafeText, isMarked, noteUnsafe, reveal } from './unsafe.js';
import type { ValueWalker } from './value-walk.js';

// The names a template reads: one host's variables, each templated lazily and once (a variable
// may use others), then Jinja's constants and Ansible's globals.

export const MISSING = Symbol('missing');

export class VariableScope {
  /** variables already templated, by name (each scope is one host at one task) */
  private readonly resolved = new Map<string, unknown>();
  private readonly resolving = new Set<string>();
  private varsView?: Record<string, unknown>;

  constructor(
    private readonly vars: Record<string, unknown>,
    private readonly walker: ValueWalker,
    private readonly searchPaths: readonly string[],
    /** a host's variables seen through `hostvars`, templated with that host's own */
    private readonly hostVarsView: (vars: Record<string, unknown>) => Record<string, unknown>,
  ) {}

  /** What a name in a template gives: a variable, a constant, a global, or an Undefined. */
  resolveName(name: string): unknown {
    switch (name) {
      case 'True':
        return true;
      case 'False':
        return false;
      case 'None':
        return null;
      case 'vars':
        if (!('vars' in this.vars)) return this.allVars();
    }
    let v: unknown;
    try {
      v = reveal(this.resolveVar(name));
    } catch (e) {
      // Ansible: a variable whose value uses an undefined one is itself undefined, so
      // `x is defined` and `x | default(...)` still work; using it fails with the inner name
      if (!(e instanceof UndefinedVariableError)) throw e;
      const undef = new Undefined(e.variable, `${e.detail} (needed by '${name}')`, {
        // Ansible's AnsibleJ2Vars: the value as written, then its error's words (said twice)
        hint: `${pyStr(this.vars[name])}: ${e.detail}. ${e.detail}`,
        name,
      });
      this.resolved.set(name, undef);
      return undef;
    }
    if (v !== MISSING) return v;
    // Ansible sets it per task: where that task's lookups search
    if (name === 'ansible_search_path' && this.searchPaths.length) return [...this.searchPaths];
    return globalOnly(name);
  }

  /** A variable's value in stored form (an unsafe string stays an UnsafeText; see unsafe.ts). */
  resolveVar(name: string): unknown {
    if (this.resolved.has(name)) {
      const hit = this.resolved.get(name);
      if (typeof hit === 'object' && hit !== null && isMarked(hit)) noteUnsafe();
      return hit;
    }
    if (!(name in this.vars)) return MISSING;
    const raw = this.vars[name];
    if (name === 'hostvars' && isPlainObject(raw) && !isLazy(raw)) {
      // a plain hostvars dict: each host's values must be templated with that host's own
      // variables, on access, never walked whole with this host's
      const view = hostvarsOf(raw, this.hostVarsView);
      this.resolved.set(name, view);
      return view;
    }
    // stored form already; the reader reveals it
    if (raw instanceof UnsafeText || raw instanceof NativeText) return raw;
    if (scanFlags(raw) & HOLDS_UNSAFE) noteUnsafe();
    if (!needsTemplating(raw)) return raw;
    if (this.resolving.has(name)) {
      throw new TemplateRuntimeError(
        `recursive loop detected in template string: ${typeof raw === 'string' ? raw : pyStr(raw)} (variable '${name}' refers to itself)`,
        typeof raw === 'string' ? raw : name,
        undefined,
        `a variable may not use its own value; give the new value another name`,
      );
    }
    this.resolving.add(name);
    try {
      // a string keeps its mark as an UnsafeText; a container is revealed (and marked if unsafe)
      const v = typeof raw === 'string' ? this.walker.store(raw) : this.walker.walk(raw);
      this.resolved.set(name, v);
      return v;
    } finally {
      this.resolving.delete(name);
    }
  }

  /** The `vars` variable: every variable of this host, templated on access. */
  private allVars(): Record<string, unknown> {
    if (!this.varsView) {
      const resolve = (key: string): unknown => this.resolveVar(key);
      this.varsView = new Proxy(this.vars, {
        get(_target, key) {
          if (key === LAZY) return true;
          if (typeof key !== 'string') return undefined;
          const v = resolve(key);
          return v === MISSING ? undefined : reveal(v);
        },
        has: (target, key) => key === LAZY || key in target,
      });
    }
    return this.varsView;
  }
}

/** A name without variables (`{% import %}` without context): Jinja's constants and the globals. */
export function globalOnly(name: string): unknown {
  if (name === 'True' || name === 'False' || name === 'None')
    return { True: true, False: false, None: null }[name];
  const { globals } = engine();
  return Object.prototype.hasOwnProperty.call(globals, name) ? globals[name] : new Undefined(name);
}
