// Owner: helper C.
import type { SourcePos } from '../errors.js';

/** Jinja2 as Ansible uses it, on nunjucks. Variables are resolved lazily (a var may reference vars). */
export class Templar {
  constructor(readonly vars: Record<string, unknown>) {}

  /** Deep-templates a value: strings with {{ }} are rendered; a string that is one expression keeps its native type. */
  template(_value: unknown, _pos?: SourcePos): unknown {
    throw new Error('Templar.template: not implemented yet');
  }

  /** Evaluates a bare expression (`when:`, `changed_when:`, `until:`). */
  evaluate(_expr: string, _pos?: SourcePos): unknown {
    throw new Error('Templar.evaluate: not implemented yet');
  }

  /** Conditional semantics: a boolean, or an expression that must be true. */
  isTrue(_cond: unknown, _pos?: SourcePos): boolean {
    throw new Error('Templar.isTrue: not implemented yet');
  }

  /** Renders a whole template file text (template module): Ansible's trim_blocks. */
  renderFile(_text: string, _name: string): string {
    throw new Error('Templar.renderFile: not implemented yet');
  }
}
