import * as yaml from 'js-yaml';

/**
 * A block scalar (`|`, `>`) whose last line ends the text with no line break after it: PyYAML,
 * Ansible's reader, keeps no final newline then (its chomping keeps the line break only if there
 * is one); js-yaml adds one. Such a scalar is read with strip chomping, which gives the same
 * text. Only the last line matters: a scalar ending in empty lines is left as it is.
 */
export function chompBlockAtEnd(events: yaml.Event[], text: string): void {
  for (const ev of events) {
    if (ev.type !== yaml.EVENT_ID.SCALAR) continue;
    if (ev.style !== yaml.SCALAR_STYLE.LITERAL_BLOCK && ev.style !== yaml.SCALAR_STYLE.FOLDED_BLOCK) continue;
    const region = text.slice(ev.valueStart, ev.valueEnd);
    const lastLine = region.slice(region.lastIndexOf('\n') + 1);
    if (region.endsWith('\n') || region.endsWith('\r') || !/\S/.test(lastLine)) continue;
    ev.chomping = yaml.CHOMPING_MODE.STRIP;
  }
}
