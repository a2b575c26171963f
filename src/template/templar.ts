import type { SourcePos } from '../errors.js';
import { UndefinedVariableError } from './errors.js';
import { HOLDS_SEALED, scanFlags } from './lazy.js';
import { SealedVaultRead, findSealed, sealedValuesExist } from '../vault/sealed.js';
import { isTemplate } from './native.js';
import type { TemplateLoader } from './loader.js';
import { engine } from './engine-loader.js';
import { varsView } from './hostvars-view.js';
import { fileError, placed, unsafeConditional } from './render-errors.js';
import { templateHeader } from './overrides.js';
import { restoreTrailingNewlines } from './newlines.js';
import { evaluateNative, renderJinja } from './render.js';
import { truthy } from './python.js';
import type { TemplarContext } from './runtime.js';
import { renderMarked } from './string-value.js';
import { checkConditionSyntax } from './condition-syntax.js';
import { Undefined } from './undefined.js';
import { UnsafeText, reveal, tracked } from './unsafe.js';
import { MISSING, VariableScope, globalOnly } from './variable-scope.js';
import { ValueWalker } from './value-walk.js';

export interface TemplarOptions {
  /** directories `lookup('file')`/`lookup('template')` try relative paths in (role dir, playbook dir) */
  searchPaths?: readonly string[];
  /** lookup()/query() fail instead of running (a template rendered ahead of time, for a guess) */
  noLookups?: boolean;
}

/** Jinja2 as Ansible uses it, on nunjucks. Variables are resolved lazily (a var may reference vars). */
export class Templar {
  private readonly walker: ValueWalker;
  private readonly scope: VariableScope;
  readonly searchPaths: readonly string[];
  readonly noLookups: boolean;

  constructor(
    readonly vars: Record<string, unknown>,
    opts: TemplarOptions = {},
  ) {
    this.searchPaths = opts.searchPaths ?? [];
    this.noLookups = opts.noLookups ?? false;
    this.walker = new ValueWalker((written) =>
      renderMarked(written, {
        runNative: (expr, w) => this.runNative(expr, w),
        renderSource: (text, w) => this.renderSource(text, w),
        hasVar: (name) => name in this.vars,
      }),
    );
    this.scope = new VariableScope(vars, this.walker, this.searchPaths, lazyVarsView);
  }

  /**
   * Deep-templates a value: strings with {{ }} are rendered; a string that is one expression keeps
   * its native type. Unsafe parts come out as plain text (a container holding any is marked).
   */
  template(value: unknown, pos?: SourcePos): unknown {
    try {
      return unsealed(this.walker.walk(value));
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
      return unsealed(this.walker.store(value));
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
      checkConditionSyntax(cond.trim());
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
    const v = this.scope.resolveVar(name);
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
      return this.walker.lenient(this.vars[name]);
    }
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
    const resolve = withVariables ? (name: string) => this.scope.resolveName(name) : globalOnly;
    const { TemplarContext, env } = engine();
    return new TemplarContext(env, resolve, this);
  }
}

/** What a task gets may not hold a sealed !vault value: that is a read of it (vault/sealed.ts). */
function unsealed<T>(v: T): T {
  if (!sealedValuesExist() || !(scanFlags(v) & HOLDS_SEALED)) return v;
  const sealed = findSealed(v);
  if (sealed) throw new SealedVaultRead(sealed);
  return v;
}

/** A host's variables, each templated by that host's own Templar when read (for `hostvars[h]`). */
export function lazyVarsView(vars: Record<string, unknown>): Record<string, unknown> {
  return varsView(vars, () => new Templar(vars));
}
