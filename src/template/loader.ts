import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { compileTemplate, type CompiledTemplate, type JinjaSyntax, type RootRenderFunc } from './compiler.js';
import { env, known } from './env.js';
import { FilterError } from './errors.js';
import { jinjaSource } from './newlines.js';
import { pyStr } from './python.js';
import { runtime, type TemplarContext } from './runtime.js';

/**
 * Ansible's template loader: Jinja2's FileSystemLoader over a search path, which is what
 * `{% include %}`, `{% import %}`, `{% from %}` and `{% extends %}` in a template file resolve
 * names against. Names are never relative to the including file (Jinja2 has no such thing).
 */

type Frame = {
  push(isolate?: boolean): Frame;
  topLevel: boolean;
  variables: Record<string, unknown>;
  parent: Frame | null;
};

/** The names a frame and its parents hold, the innermost winning. */
function frameNames(frame: Frame | null): Record<string, unknown> {
  return frame ? { ...frameNames(frame.parent), ...frame.variables } : {};
}
const NewFrame = (nunjucks as unknown as { runtime: { Frame: new () => Frame } }).runtime.Frame;

/** A fresh context of the Templar being rendered: with its variables, or (`import` without context) globals only. */
export type ContextMaker = (withVariables: boolean) => TemplarContext;

/** Where a template error happened, when that is a file other than the one rendered. */
export interface FileErrorMark {
  templateFile?: string;
  templateLine?: number;
}

export class TemplateLoader {
  /** directories tried in order for each name */
  readonly searchPath: readonly string[];

  constructor(
    dirs: readonly string[],
    /** the syntax settings of the template being rendered, which its includes share */
    readonly syntax?: JinjaSyntax,
  ) {
    this.searchPath = [...new Set(dirs)];
  }

  /**
   * The search path of the template module: each of ansible_search_path, the playbook dir and the
   * template's own dir, with its templates/ subdir first (Ansible's template action).
   */
  static forTemplateModule(
    searchPaths: readonly string[],
    playbookDir: string,
    source: string,
    syntax?: JinjaSyntax,
  ): TemplateLoader {
    return new TemplateLoader(withTemplatesDirs([...searchPaths, playbookDir, path.dirname(source)]), syntax);
  }

  /** The same search path with other syntax settings (a template's `#jinja2:` header). */
  withSyntax(syntax: JinjaSyntax): TemplateLoader {
    return new TemplateLoader(this.searchPath, syntax);
  }

  /** The search path of lookup('template'): the file's own dir, then ansible_search_path as above. */
  static forLookup(searchPaths: readonly string[], file: string, syntax?: JinjaSyntax): TemplateLoader {
    return new TemplateLoader([path.dirname(file), ...withTemplatesDirs(searchPaths)], syntax);
  }

  /** The file a name resolves to, or undefined. Like Jinja2, a `..` segment never resolves. */
  find(name: string): string | undefined {
    const parts = name.split('/').filter((p) => p && p !== '.');
    if (!parts.length || parts.includes('..')) return undefined;
    for (const dir of this.searchPath) {
      const p = path.join(dir, ...parts);
      if (statSync(p, { throwIfNoEntry: false })?.isFile()) return p;
    }
    return undefined;
  }

  /** What the compiled code of a render sees as `env`: the shared one, with getTemplate through this loader. */
  envFor(newContext: ContextMaker): object {
    // called as env.getTemplate(name, eagerCompile, parentName, ignoreMissing, cb)
    const getTemplate = (
      name: unknown,
      _eager: boolean,
      _parentName: unknown,
      ignoreMissing: boolean,
      cb: (err: unknown, tmpl?: TemplateFile) => void,
    ): void => {
      let tmpl: TemplateFile;
      try {
        tmpl = this.load(name, ignoreMissing, newContext);
      } catch (e) {
        cb(e);
        return;
      }
      cb(null, tmpl);
    };
    return Object.create(env, { getTemplate: { value: getTemplate } });
  }

  private load(name: unknown, ignoreMissing: boolean, newContext: ContextMaker): TemplateFile {
    if (name instanceof TemplateFile) return name;
    // a list of names: the first that exists (Jinja2's select_template)
    const names = Array.isArray(name) ? name.map((n) => pyStr(n)) : [pyStr(name)];
    for (const n of names) {
      const file = this.find(n);
      if (file) return new TemplateFile(file, this.compile(file), this, newContext);
    }
    if (ignoreMissing) return new TemplateFile('', compileTemplate('', env, known), this, newContext);
    throw new FilterError(
      `TemplateNotFound: ${names.join(', ')} (looked in: ${this.searchPath.join(', ') || 'no directories'})`,
    );
  }

  private compile(file: string): CompiledTemplate {
    // Jinja2 drops one trailing newline of a template it loads (keep_trailing_newline is off)
    const text = jinjaSource(readFileSync(file, 'utf8'), this.syntax?.keepTrailingNewline);
    try {
      return compileTemplate(text, env, known, this.syntax);
    } catch (e) {
      throw markFile(e, file);
    }
  }
}

function withTemplatesDirs(dirs: readonly string[]): string[] {
  return dirs.flatMap((d) => [path.join(d, 'templates'), d]);
}

function markFile(e: unknown, file: string): unknown {
  if (e && typeof e === 'object' && (e as FileErrorMark).templateFile === undefined)
    (e as FileErrorMark).templateFile = file;
  return e;
}

/** A loaded template as nunjucks' compiled code uses one: rendered by an include, read by an import. */
export class TemplateFile {
  readonly blocks: Record<string, RootRenderFunc>;
  readonly rootRenderFunc: RootRenderFunc;

  constructor(
    readonly path: string,
    compiled: CompiledTemplate,
    private readonly loader: TemplateLoader,
    private readonly newContext: ContextMaker,
  ) {
    this.blocks = compiled.blocks;
    this.rootRenderFunc = compiled.root;
  }

  /** `{% include %}`: with the includer's variables and its loop's names */
  render(vars: Record<string, unknown>, parentFrame: Frame, cb: (err: unknown, out?: string) => void): void {
    this.run(this.context(vars, true), parentFrame.push(true), (err, ctx) =>
      err ? cb(err) : cb(null, ctx.out),
    );
  }

  /** `{% include ... without context %}`: the globals only */
  renderAlone(cb: (err: unknown, out?: string) => void): void {
    this.run(this.context({}, false), new NewFrame(), (err, ctx) => (err ? cb(err) : cb(null, ctx.out)));
  }

  /** `{% import %}`: the names the template defines; variables only `with context` */
  getExported(
    ...args: [cb: ExportCb] | [vars: Record<string, unknown>, parentFrame: Frame, cb: ExportCb]
  ): void {
    const cb = args.length === 1 ? args[0] : args[2];
    // with context: the importer's variables, and the names its enclosing macro or loop set
    const context =
      args.length === 1
        ? this.context({}, false)
        : this.context({ ...args[0], ...frameNames(args[1]) }, true);
    const frame = args.length === 1 ? new NewFrame() : args[1].push();
    this.run(context, frame, (err, ctx) => (err ? cb(err) : cb(null, ctx.context.getExported())));
  }

  private context(vars: Record<string, unknown>, withVariables: boolean): TemplarContext {
    const context = this.newContext(withVariables);
    Object.assign(context.ctx, vars);
    for (const [name, block] of Object.entries(this.blocks)) context.addBlock(name, block);
    return context;
  }

  private run(
    context: TemplarContext,
    frame: Frame,
    done: (err: unknown, r: { out: string; context: TemplarContext }) => void,
  ): void {
    frame.topLevel = true;
    this.rootRenderFunc(this.loader.envFor(this.newContext), context, frame, runtime, (err, out) =>
      done(err ? markFile(err, this.path) : null, { out: out ?? '', context }),
    );
  }
}

type ExportCb = (err: unknown, exported?: Record<string, unknown> | null) => void;
