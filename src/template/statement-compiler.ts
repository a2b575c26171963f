import { LoopFilter, Truthy, Unpacked } from './compiler-nodes.js';
import { nodes } from './nunjucks-patched.js';
import { PythonExprCompiler } from './python-expr-compiler.js';

/**
 * Jinja2's statements where nunjucks' differ: `{% for x in items if cond %}`, `{% set %}` of a
 * namespace attribute or of several names, `{% if %}` by Python truthiness, `{% include ...
 * without context %}`; and the template's line kept current for error messages.
 */
export class JinjaStatementCompiler extends PythonExprCompiler {
  /** keeps `lineno` current so an error inside a template file names its line */
  private markLine(node: any): void {
    this._emitLine(`lineno = ${node.lineno}; colno = ${node.colno};`);
  }

  compileOutput(node: any, frame: any): void {
    if (node.children.some((c: any) => c.typename !== 'TemplateData')) this.markLine(node);
    super.compileOutput(node, frame);
  }

  /** nunjucks' include, plus `without context` (include.ts): the template renders with the globals only */
  compileInclude(node: any, frame: any): void {
    if (!node.withoutContext) {
      super.compileInclude(node, frame);
      return;
    }
    const id = this._tmpid();
    this._emitLine('var tasks = [];');
    this._emitLine('tasks.push(function(callback) {');
    const tmpl = this._compileGetTemplate(node, frame, false, node.ignoreMissing);
    this._emitLine(`callback(null, ${tmpl});});`);
    this._emitLine('});');
    this._emitLine('tasks.push(function(template, callback) {');
    this._emitLine(`template.renderAlone(${this._makeCallback(id)}`);
    this._emitLine(`callback(null, ${id});});`);
    this._emitLine('});');
    this._emitLine(`tasks.push(function(result, callback) { ${this.buffer} += result; callback(null); });`);
    this._emitLine('env.waterfall(tasks, function(){');
    this._addScopeLevel();
  }

  compileLoopFilter(node: any, frame: any): void {
    this._emit('runtime.loopFilter(');
    this.compile(node.arr, frame);
    this._emit(`, frame, ${JSON.stringify(node.names)}, function(frame) { return runtime.truthy(`);
    this.compile(node.cond, frame);
    this._emit('); })');
  }

  compileFor(node: any, frame: any): void {
    this.markLine(node);
    if (node.arr.typename === 'InlineIf' && node.arr.else_ === null) {
      const names =
        node.name.typename === 'Array' ? node.name.children.map((c: any) => c.value) : [node.name.value];
      node.arr = new LoopFilter(node.arr.lineno, node.arr.colno, node.arr.body, node.arr.cond, names);
    }
    super.compileFor(node, frame);
  }

  compileSet(node: any, frame: any): void {
    this.markLine(node);
    // `{% set ns.attr = value %}`: an attribute of a namespace (jinja-globals.ts)
    const target = node.targets[0];
    if (node.targets.length === 1 && target?.typename === 'LookupVal') {
      this._emit('runtime.setNamespaceAttr(');
      this._compileExpression(target.target, frame);
      this._emit(', ');
      this._compileExpression(target.val, frame);
      this._emit(', ');
      if (node.value) this._compileExpression(node.value, frame);
      else this.compile(node.body, frame);
      this._emitLine(');');
      return;
    }
    // `{% set a, b = pair %}` unpacks as Python does (nunjucks gives each name the whole value)
    if (node.targets.length > 1 && node.value) {
      const source = this._tmpid();
      this._emit(`var ${source} = runtime.unpack(`);
      this._compileExpression(node.value, frame);
      this._emitLine(`, ${node.targets.length});`);
      node.targets.forEach((t: any, i: number) => {
        const one = new nodes.Set(node.lineno, node.colno, [t]);
        one.value = new Unpacked(node.lineno, node.colno, source, i);
        super.compileSet(one, frame);
      });
      return;
    }
    super.compileSet(node, frame);
  }

  compileUnpacked(node: any): void {
    this._emit(`${node.source}[${node.index}]`);
  }

  compileIf(node: any, frame: any, async: boolean): void {
    this.markLine(node);
    node.cond = new Truthy(node.cond.lineno, node.cond.colno, node.cond);
    super.compileIf(node, frame, async);
  }
}
