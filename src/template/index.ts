import nunjucks from 'nunjucks';
import type { SourcePos } from '../errors.js';
import { compileTemplate } from './compiler.js';
import { env, globals, known } from './env.js';
import {
  FilterError,
  TemplateRuntimeError,
  TemplateSyntaxError,
  UndefinedVariableError,
  isTemplateError,
  type TemplateError,
} from './errors.js';
import { needsTemplating } from './lazy.js';
import { NATIVE_SLOT, isTemplate, nativeSource, singleExpression } from './native.js';
import { LAZY, isLazy, isPlainObject, pyStr, truthy } from './python.js';
import { TemplarContext, runtime } from './runtime.js';
import { Undefined, UndefinedAccess } from './undefined.js';

export { OMIT } from './omit.js';
export { markUnsafe } from './lazy.js';
export {
  UndefinedVariableError,
  TemplateSyntaxError,
  TemplateRuntimeError,
  isTemplateError,
} from './errors.js';

export interface TemplarOptions {
  /** directories `lookup('file')`/`lookup('template')` try relative paths in (role dir, playbook dir) */
  searchPaths?: string[];
}

const MISSING = Symbol('missing');
const Frame = (nunjucks as unknown as { runtime: { Frame: new () => { topLevel: boolean } } }).runtime.Frame;

/** Jinja2 as Ansible uses it, on nunjucks. Variables are resolved lazily (a var may reference vars). */
export class Templar {
  /** variables already templated, by name (each Templar is one host at one task) */
  private readonly resolved = new Map<string, unknown>();
  private readonly resolving = new Set<string>();
  private varsView?: Record<string, unknown>;
  readonly searchPaths: readonly string[];

  constructor(
    readonly vars: Record<string, unknown>,
    opts: TemplarOptions = {},
  ) {
    this.searchPaths = opts.searchPaths ?? [];
  }

  /** Deep-templates a value: strings with {{ }} are rendered; a string that is one expression keeps its native type. */
  template(value: unknown, pos?: SourcePos): unknown {
    try {
      return this.walk(value);
    } catch (e) {
      throw placed(e, pos, typeof value === 'string' ? value : '');
    }
  }

  /** Evaluates a bare expression (`when:`, `changed_when:`, `until:`). */
  evaluate(expr: string, pos?: SourcePos): unknown {
    try {
      const text = expr.trim();
      if (!text) return null;
      return this.runNative(text, expr);
    } catch (e) {
      throw placed(e, pos, expr);
    }
  }

  /** Conditional semantics: a boolean, or an expression that must be true. */
  isTrue(cond: unknown, pos?: SourcePos): boolean {
    if (cond === undefined || cond === null || cond === '') return true; // Ansible: an empty condition holds
    if (typeof cond === 'boolean') return cond;
    if (Array.isArray(cond)) return cond.every((c) => this.isTrue(c, pos));
    if (typeof cond !== 'string') return truthy(cond);
    try {
      if (isTemplate(cond)) {
        // `when: "{{ x }}"`: Ansible templates it, then judges the result as an expression
        const v = this.template(cond, pos);
        if (typeof v !== 'string') return truthy(v);
        return this.isTrue(v, pos);
      }
      return truthy(this.evaluate(cond, pos));
    } catch (e) {
      throw placed(e, pos, cond);
    }
  }

  /** Renders a whole template file text (template module): Ansible's trim_blocks. */
  renderFile(text: string, name: string): string {
    try {
      return isTemplate(text) ? this.renderText(text, text) : text;
    } catch (e) {
      const line = (e as { templateLine?: number }).templateLine;
      // the expression shown is the template's own line, not the whole file
      const lineText = line !== undefined ? (text.split('\n')[line - 1] ?? '').trim() : '';
      const shown = lineText || name;
      throw placed(withExpression(e, shown), { file: name, line: line ?? 1, col: 1 }, shown, true);
    }
  }

  /** A variable by name, templated (lazily, once per Templar), or an Undefined. */
  lookupVar(name: string): unknown {
    const v = this.resolveVar(name);
    return v === MISSING ? new Undefined(name) : v;
  }

  /** Renders template text to a string with these variables (lookup('template'), module ctx.render). */
  renderText(text: string, expression: string = text): string {
    const root = compiled(text, expression);
    const context = this.newContext();
    let out = '';
    let failure: unknown;
    root(env, context, topFrame(), runtime, (err, res) => {
      failure = err;
      out = res ?? '';
    });
    if (failure) throw asTemplateError(failure, expression);
    return out;
  }

  private runNative(expr: string, expression: string): unknown {
    const root = compiled(nativeSource(expr), expression);
    const context = this.newContext();
    let failure: unknown;
    root(env, context, topFrame(), runtime, (err) => {
      failure = err;
    });
    if (failure) throw asTemplateError(failure, expression);
    const value = context.ctx[NATIVE_SLOT];
    if (value instanceof Undefined)
      throw asTemplateError(new UndefinedAccess(value.variable, value.detail), expression);
    if (
      value instanceof
      (nunjucks as unknown as { runtime: { SafeString: new () => object } }).runtime.SafeString
    )
      return String(value);
    return value;
  }

  private newContext(): TemplarContext {
    return new TemplarContext(env, (name) => this.resolveName(name), this);
  }

  private resolveName(name: string): unknown {
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
      v = this.resolveVar(name);
    } catch (e) {
      // Ansible: a variable whose value uses an undefined one is itself undefined, so
      // `x is defined` and `x | default(...)` still work; using it fails with the inner name
      if (!(e instanceof UndefinedVariableError)) throw e;
      const undef = new Undefined(e.variable, `${e.detail} (needed by '${name}')`);
      this.resolved.set(name, undef);
      return undef;
    }
    if (v !== MISSING) return v;
    if (Object.prototype.hasOwnProperty.call(globals, name)) return globals[name];
    return new Undefined(name);
  }

  private resolveVar(name: string): unknown {
    if (this.resolved.has(name)) return this.resolved.get(name);
    if (!(name in this.vars)) return MISSING;
    const raw = this.vars[name];
    if (name === 'hostvars' && isPlainObject(raw) && !isLazy(raw)) {
      // a plain hostvars dict: each host's values must be templated with that host's own
      // variables, on access, never walked whole with this host's
      const view = hostvarsOf(raw);
      this.resolved.set(name, view);
      return view;
    }
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
      const v = this.walk(raw);
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
          return v === MISSING ? undefined : v;
        },
        has: (target, key) => key === LAZY || key in target,
      });
    }
    return this.varsView;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return isTemplate(value) ? this.renderString(value) : value;
    if (typeof value !== 'object' || value === null || isLazy(value) || !needsTemplating(value)) return value;
    if (Array.isArray(value)) return value.map((x) => this.walk(x));
    if (isPlainObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[isTemplate(k) ? pyStr(this.walk(k)) : k] = this.walk(v);
      return out;
    }
    return value;
  }

  private renderString(s: string): unknown {
    const expr = singleExpression(s);
    if (expr !== undefined) return this.runNative(expr, s);
    return this.renderText(s, s);
  }
}

function topFrame(): { topLevel: boolean } {
  const f = new Frame();
  f.topLevel = true; // top-level {% set %} writes to the context, where runNative reads it
  return f;
}

function compiled(src: string, expression: string): ReturnType<typeof compileTemplate> {
  try {
    return compileTemplate(src, env, known);
  } catch (e) {
    if (e instanceof TemplateSyntaxError && e.expression !== expression) {
      // a lone expression is compiled wrapped in {% set %}: report the error of the text as written
      let detail = e.detail;
      if (src.startsWith('{% set ' + NATIVE_SLOT) && expression !== src) {
        try {
          compileTemplate(expression, env, known);
        } catch (e2) {
          if (e2 instanceof TemplateSyntaxError) detail = e2.detail;
        }
      }
      const err = new TemplateSyntaxError(detail, expression, undefined, e.hint);
      copyLine(e, err);
      throw err;
    }
    throw e;
  }
}

/** Turns whatever a render threw into one of our template errors, naming the expression. */
function asTemplateError(e: unknown, expression: string): TemplateError | Error {
  if (isTemplateError(e)) return e;
  if (e instanceof UndefinedAccess) {
    const err = new UndefinedVariableError(e.variable, expression, undefined, e.detail);
    copyLine(e, err);
    return err;
  }
  if (e instanceof FilterError || e instanceof Error) {
    if (e instanceof RangeError && /call stack/.test(e.message))
      return new TemplateRuntimeError('recursion too deep (a value that contains itself?)', expression);
    const err = new TemplateRuntimeError(e.message, expression);
    copyLine(e, err);
    return err;
  }
  return new TemplateRuntimeError(String(e), expression);
}

/** The same template error showing another expression (a template file's line instead of its text). */
function withExpression(e: unknown, expression: string): unknown {
  let err: unknown;
  if (e instanceof UndefinedVariableError)
    err = new UndefinedVariableError(e.variable, expression, e.pos, e.detail);
  else if (e instanceof TemplateSyntaxError)
    err = new TemplateSyntaxError(e.detail, expression, e.pos, e.hint);
  else if (e instanceof TemplateRuntimeError)
    err = new TemplateRuntimeError(e.detail, expression, e.pos, e.hint);
  else return e;
  copyLine(e, err as object);
  return err;
}

function copyLine(from: unknown, to: object): void {
  const line = (from as { templateLine?: number }).templateLine;
  if (line !== undefined) (to as { templateLine?: number }).templateLine = line;
}

/** Gives a template error the position of what was templated (unless it has a better one). */
function placed(e: unknown, pos: SourcePos | undefined, expression: string, force = false): unknown {
  let err = e;
  if (!isTemplateError(err)) {
    if (!(err instanceof UndefinedAccess) && !(err instanceof FilterError)) return err;
    err = asTemplateError(err, expression);
  }
  const te = err as TemplateError;
  if (!pos || (te.pos && !force)) return te;
  const located = te.at(pos);
  copyLine(te, located);
  return located;
}

/** A host's variables, each templated by that host's own Templar when read (for `hostvars[h]`). */
export function lazyVarsView(vars: Record<string, unknown>): Record<string, unknown> {
  let templar: Templar | undefined;
  const resolve = (key: string): unknown => {
    templar ??= new Templar(vars);
    const v = templar.lookupVar(key);
    return v instanceof Undefined ? undefined : v;
  };
  return new Proxy(vars, {
    get(target, key) {
      if (key === LAZY) return true;
      if (typeof key !== 'string' || !(key in target)) return undefined;
      return resolve(key);
    },
    has: (target, key) => key === LAZY || key in target,
    ownKeys: (target) => Reflect.ownKeys(target),
    getOwnPropertyDescriptor(target, key) {
      if (typeof key !== 'string' || !(key in target)) return undefined;
      return { enumerable: true, configurable: true, writable: false, value: resolve(key) };
    },
  });
}

/** Wraps a plain `hostvars` dict (host -> raw vars) so each host's entry is a lazyVarsView. */
function hostvarsOf(raw: Record<string, unknown>): Record<string, unknown> {
  const views = new Map<string, Record<string, unknown>>();
  const viewOf = (host: string): unknown => {
    let v = views.get(host);
    if (!v) {
      const hostRaw = raw[host];
      if (!isPlainObject(hostRaw)) return hostRaw;
      v = isLazy(hostRaw) ? hostRaw : lazyVarsView(hostRaw);
      views.set(host, v);
    }
    return v;
  };
  return new Proxy(raw, {
    get(target, key) {
      if (key === LAZY) return true;
      if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(target, key)) return undefined;
      return viewOf(key);
    },
    has: (target, key) => key === LAZY || Object.prototype.hasOwnProperty.call(target, key),
    ownKeys: (target) => Reflect.ownKeys(target),
    getOwnPropertyDescriptor(target, key) {
      if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(target, key)) return undefined;
      return { enumerable: true, configurable: true, writable: false, value: viewOf(key) };
    },
  });
}
