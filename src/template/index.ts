import { concatValue, expressionValue, keepsNativeText, keepsText } from './eval-concat.js';
import { NativeText, handsTextOn, nativeTracked } from './native-text.js';
import type { SourcePos } from '../errors.js';
import { TemplateRuntimeError, UndefinedVariableError } from './errors.js';
import { HOLDS_SEALED, HOLDS_UNSAFE, needsTemplating, scanFlags } from './lazy.js';
import { SealedVaultRead, findSealed, sealedValuesExist } from '../vault/sealed.js';
import { isTemplate, jinja2Native, nativeValue, singleExpression } from './native.js';
import type { TemplateLoader } from './loader.js';
import { engine } from './engine-loader.js';
import { hostvarsOf, varsView } from './hostvars-view.js';
import { fileError, placed, unsafeConditional } from './render-errors.js';
import { templateHeader } from './overrides.js';
import { jinjaSource, restoreTrailingNewlines } from './newlines.js';
import { evaluateNative, renderJinja } from './render.js';
import { LAZY, isLazy, isPlainObject, pyStr, truthy } from './python.js';
import { isBoxedFloat } from '../util/py-float.js';
import { isTuple } from '../util/py-tuple.js';
import { OMIT } from './omit.js';
import type { TemplarContext } from './runtime.js';
import { Undefined } from './undefined.js';
import { UnsafeText, isMarked, markUnsafe, noteUnsafe, reveal, seal, tracked } from './unsafe.js';

export { OMIT } from './omit.js';
export { UnsafeText, isUnsafe, markUnsafe, seal } from './unsafe.js';
export { revealDeep } from './lazy.js';
export { engine } from './engine-loader.js';
export { templateSyntaxError, expressionSyntaxError } from './syntax-check.js';
export {
  UndefinedVariableError,
  TemplateSyntaxError,
  TemplateRuntimeError,
  isTemplateError,
} from './errors.js';
import { copyKeyTypes } from '../util/py-dict-keys.js';

export interface TemplarOptions {
  /** directories `lookup('file')`/`lookup('template')` try relative paths in (role dir, playbook dir) */
  searchPaths?: readonly string[];
  /** lookup()/query() fail instead of running (a template rendered ahead of time, for a guess) */
  noLookups?: boolean;
}

const MISSING = Symbol('missing');

/** Jinja2 as Ansible uses it, on nunjucks. Variables are resolved lazily (a var may reference vars). */
export class Templar {
  /** variables already templated, by name (each Templar is one host at one task) */
  private readonly resolved = new Map<string, unknown>();
  private readonly resolving = new Set<string>();
  private varsView?: Record<string, unknown>;
  readonly searchPaths: readonly string[];
  readonly noLookups: boolean;

  constructor(
    readonly vars: Record<string, unknown>,
    opts: TemplarOptions = {},
  ) {
    this.searchPaths = opts.searchPaths ?? [];
    this.noLookups = opts.noLookups ?? false;
  }

  /**
   * Deep-templates a value: strings with {{ }} are rendered; a string that is one expression keeps
   * its native type. Unsafe parts come out as plain text (a container holding any is marked).
   */
  template(value: unknown, pos?: SourcePos): unknown {
    try {
      return unsealed(this.walk(value));
    } catch (e) {
      throw placed(e, pos, typeof value === 'string' ? value : '');
    }
  }

  /**
   * Templates a value that will be stored as a variable (set_fact, a loop item): like template(),
   * but each string whose render read something unsafe comes back as an UnsafeText, so it is never
   * templated again when the variable is used (Ansible keeps AnsibleUnsafeText the same way).
   */
  templateToStore(value: unknown, pos?: SourcePos): unknown {
    try {
      return unsealed(this.store(value));
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
    if (cond instanceof UnsafeText) throw unsafeConditional(cond.text, pos);
    if (typeof cond !== 'string') return truthy(cond);
    try {
      if (isTemplate(cond)) {
        // `when: "{{ x }}"`: Ansible templates it, then judges the result as an expression,
        // unless the text came from something unsafe: that is never evaluated
        const { value: v, unsafe } = tracked(() => this.template(cond, pos));
        if (typeof v !== 'string') return truthy(v);
        if (unsafe && v !== '') throw unsafeConditional(cond, pos);
        return this.isTrue(v, pos);
      }
      return truthy(this.evaluate(cond, pos));
    } catch (e) {
      throw placed(e, pos, cond);
    }
  }

  /**
   * Renders a whole template file text (template module): Ansible's trim_blocks. The loader
   * resolves the names of `{% include %}`, `{% import %}` and `{% extends %}`. A text without
   * template markers comes back as it is, unless `always` (the template module renders every file).
   */
  renderFile(source: string, name: string, given?: TemplateLoader, always = false): string {
    let text = source;
    let loader = given;
    try {
      const header = templateHeader(source, given?.syntax);
      if (header) {
        text = header.body;
        loader = (given ?? new (engine().TemplateLoader)([])).withSyntax(header.syntax);
      }
      if (!always && !isTemplate(text) && !loader?.syntax?.tags) return text;
      // Ansible counts the trailing newlines of the file as read, header included
      return restoreTrailingNewlines(
        this.renderSource(text, text, loader),
        source,
        loader?.syntax?.newlineSequence,
      );
    } catch (e) {
      throw fileError(e, text, name);
    }
  }

  /** A Templar seeing `extra` over these variables (lookup('template')'s template_vars). */
  withVars(extra: Record<string, unknown>): Templar {
    return new Templar(
      { ...this.vars, ...extra },
      { searchPaths: this.searchPaths, noLookups: this.noLookups },
    );
  }

  /** The names of every variable this Templar sees (the varnames lookup). */
  varNames(): string[] {
    return Object.keys(this.vars);
  }

  /** A variable by name, templated (lazily, once per Templar), or an Undefined. */
  lookupVar(name: string): unknown {
    const v = this.resolveVar(name);
    return v === MISSING ? new Undefined(name) : reveal(v);
  }

  /**
   * A variable as `hostvars[host][name]` gives it: Ansible templates it with fail_on_undefined off,
   * so a string whose template uses an undefined variable comes back as written.
   */
  lenientVar(name: string): unknown {
    try {
      return this.lookupVar(name);
    } catch (e) {
      if (!(e instanceof UndefinedVariableError)) throw e;
      return this.lenientWalk(this.vars[name]);
    }
  }

  private lenientWalk(value: unknown): unknown {
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
    return this.walkEntries(value, (x) => this.lenientWalk(x));
  }

  /** Renders template text to a string with these variables (lookup('template'), module ctx.render). */
  renderText(text: string, expression: string = text, loader?: TemplateLoader): string {
    return restoreTrailingNewlines(
      this.renderSource(text, expression, loader),
      text,
      loader?.syntax?.newlineSequence,
    );
  }

  /** Renders template text as Jinja2 does (render.ts). */
  private renderSource(text: string, expression: string, loader?: TemplateLoader): string {
    return renderJinja(text, expression, (withVariables) => this.newContext(withVariables), loader);
  }

  /** One expression's value (render.ts). */
  private runNative(expr: string, expression: string): unknown {
    return evaluateNative(expr, expression, () => this.newContext());
  }

  /** A render's context; without variables (`{% import %}` without context) only the globals. */
  private newContext(withVariables = true): TemplarContext {
    const resolve = withVariables ? (name: string) => this.resolveName(name) : globalOnly;
    const { TemplarContext, env } = engine();
    return new TemplarContext(env, resolve, this);
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
      v = reveal(this.resolveVar(name));
    } catch (e) {
      // Ansible: a variable whose value uses an undefined one is itself undefined, so
      // `x is defined` and `x | default(...)` still work; using it fails with the inner name
      if (!(e instanceof UndefinedVariableError)) throw e;
      const undef = new Undefined(e.variable, `${e.detail} (needed by '${name}')`);
      this.resolved.set(name, undef);
      return undef;
    }
    if (v !== MISSING) return v;
    // Ansible sets it per task: where that task's lookups search
    if (name === 'ansible_search_path' && this.searchPaths.length) return [...this.searchPaths];
    const { globals } = engine();
    if (Object.prototype.hasOwnProperty.call(globals, name)) return globals[name];
    return new Undefined(name);
  }

  /** A variable's value in stored form (an unsafe string stays an UnsafeText; see unsafe.ts). */
  private resolveVar(name: string): unknown {
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
      const view = hostvarsOf(raw, lazyVarsView);
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
      const v = typeof raw === 'string' ? this.store(raw) : this.walk(raw);
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

  /** Templated value, revealed: unsafe strings as text, a container holding unsafe parts marked. */
  private walk(value: unknown): unknown {
    if (typeof value === 'string') return isTemplate(value) ? this.renderString(value) : value;
    if (typeof value !== 'object' || value === null || isLazy(value)) return value;
    if (value instanceof UnsafeText || value instanceof NativeText) return reveal(value);
    const flags = scanFlags(value);
    if (flags & HOLDS_UNSAFE) noteUnsafe();
    if (!needsTemplating(value)) return value;
    const { value: out, unsafe } = tracked(() => this.walkEntries(value, (x) => this.walk(x)));
    return unsafe ? markUnsafe(out) : out;
  }

  /** Templated value in stored form: each string rendered from something unsafe is an UnsafeText. */
  private store(value: unknown): unknown {
    if (typeof value === 'string') {
      if (!isTemplate(value)) return value;
      const { value: marked, unsafe } = tracked(() => this.renderMarked(value));
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

  /** A rendered string; what a render built from unsafe parts is marked (a container) or noted. */
  private renderString(written: string): unknown {
    return this.renderMarked(written).value;
  }

  /**
   * renderString, and whether its result is a text Ansible keeps as NativeJinjaText (native-text.ts):
   * one expression whose last step is a string filter, or that gives a native text it read.
   */
  private renderMarked(written: string): { value: unknown; native: boolean } {
    let native = false;
    // one expression's value, and whether it is native text
    const evaluate = (expr: string, keeps: (e: string) => boolean): unknown => {
      const { value: v, read } = nativeTracked(() => this.runNative(expr, written));
      native = typeof v === 'string' && (keeps(expr) || (read.has(v) && handsTextOn(expr)));
      return v;
    };
    const { value, unsafe } = tracked(() => {
      const s = engine().escapeBackslashes(written);
      const expr = singleExpression(s);
      // Ansible gives a text back the newlines `written` ended with that Jinja2 dropped
      const restored = (v: unknown): unknown =>
        typeof v === 'string' ? restoreTrailingNewlines(v, written) : v;
      // jinja2_native: whatever the template gives, a Python literal in text becomes its value,
      // except the text of a string filter (to_json ...: Ansible's NativeJinjaText)
      if (jinja2Native()) {
        if (expr === undefined) return restored(nativeValue(this.renderSource(s, written)));
        const v = evaluate(expr, keepsNativeText);
        return native ? v : nativeValue(v);
      }
      if (expr !== undefined) {
        const v = evaluate(expr, keepsText);
        if (native) return v;
        // Ansible's shortcut for `{{ name }}` of a variable that holds a number or None: its value
        const bare = /^\{\{\s*(\w*)\s*\}\}$/.exec(written)?.[1];
        if (
          bare !== undefined &&
          bare in this.vars &&
          (v === null || typeof v === 'number' || isBoxedFloat(v))
        )
          return v;
        return expressionValue(v, expr);
      }
      // `{{ expr }}` and trailing blanks (a `>` block's newline): Ansible's concat renders the text
      // and literal_evals what starts with [ or {, which gives the list or dict back
      const head = s.trimEnd();
      const lone = head !== s ? singleExpression(head) : undefined;
      if (lone === undefined) return restored(concatValue(this.renderSource(s, written)));
      const v = evaluate(lone, keepsText);
      const nativeText = native;
      native = false; // what is added to it is new text
      if ((Array.isArray(v) && !isTuple(v)) || isPlainObject(v)) return v;
      // Jinja2 drops one newline at the end: `{{ x }}\n` is one part (a native text stays text,
      // other text reads back); anything more is a concatenation, whose text reads back
      const tail = jinjaSource(s.slice(head.length));
      const text = (v === null ? '' : pyStr(v)) + tail;
      return restored(tail === '' && nativeText ? text : concatValue(text));
    });
    return { value: unsafe ? markUnsafe(value) : value, native };
  }
}

/** What a task gets may not hold a sealed !vault value: that is a read of it (vault/sealed.ts). */
function unsealed<T>(v: T): T {
  if (!sealedValuesExist() || !(scanFlags(v) & HOLDS_SEALED)) return v;
  const sealed = findSealed(v);
  if (sealed) throw new SealedVaultRead(sealed);
  return v;
}

function globalOnly(name: string): unknown {
  if (name === 'True' || name === 'False' || name === 'None')
    return { True: true, False: false, None: null }[name];
  const { globals } = engine();
  return Object.prototype.hasOwnProperty.call(globals, name) ? globals[name] : new Undefined(name);
}

/** A host's variables, each templated by that host's own Templar when read (for `hostvars[h]`). */
export function lazyVarsView(vars: Record<string, unknown>): Record<string, unknown> {
  return varsView(vars, () => new Templar(vars));
}
