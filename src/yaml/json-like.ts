/**
 * Why a text that starts as JSON (`{` or `[`) is not JSON, for a YAML error on it: Ansible reads
 * every file as JSON first, and its error names both parsers (`JSON: ...`), so a broken JSON vars
 * file reads as a JSON mistake rather than a YAML one only. Undefined when the text does not
 * start as JSON, or is JSON after all.
 */
export function jsonMistake(text: string): string | undefined {
  if (!/^\s*[[{]/.test(text)) return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    // V8 quotes the whole text after its reason (`..., "<text>" is not valid JSON`): keep the reason
    const reason = (e as Error).message.replace(/, ".*" is not valid JSON$/s, '');
    const at = /at position (\d+)/.exec(reason);
    // newer V8 gives the line and column itself
    return at && !/line \d+ column/.test(reason) ? `${reason} (${lineCol(text, Number(at[1]))})` : reason;
  }
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length} column ${before[before.length - 1]!.length + 1}`;
}
