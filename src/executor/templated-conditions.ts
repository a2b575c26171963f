import { UnsafeText } from '../template/index.js';

/**
 * Ansible's warning for a condition written as a template (`when: "{{ x }}"`,
 * `failed_when: "'{{ a }}' == 'b'"`): it works, templated first, but the delimiters do not belong
 * in a condition. A condition is a template where a `{{`, `{%` or `{#` is later closed by its own
 * end, as Ansible's is_template finds it.
 */
export function noteTemplatedConditions(cond: unknown, into: string[]): void {
  for (const c of Array.isArray(cond) ? cond : [cond]) {
    const text = c instanceof UnsafeText ? c.text : c;
    if (typeof text === 'string' && isClosedTemplate(text))
      into.push(
        'conditional statements should not include jinja2 templating delimiters such as {{ }} or ' +
          `{% %}. Found: ${text}`,
      );
  }
}

/**
 * The same for assert's `that` given as a list: Ansible's assert takes each item as a condition as
 * written. (A single text is templated with the other arguments first, so none warns.)
 */
export function noteTemplatedAssertions(that: unknown, into: string[]): void {
  if (Array.isArray(that)) noteTemplatedConditions(that, into);
}

const ENDS: Record<string, string> = { '{{': '}}', '{%': '%}', '{#': '#}' };

function isClosedTemplate(text: string): boolean {
  const m = /\{[{%#]/.exec(text);
  return !!m && text.includes(ENDS[m[0]]!, m.index + 2);
}
