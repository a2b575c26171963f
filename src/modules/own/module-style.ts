/**
 * How Ansible runs a module file of the user's own, told from its bytes as Ansible's
 * module_common tells it (_find_module_utils), in the same order:
 * - binary: not text in its first 1,024 bytes; run as it is, its arguments in a JSON file
 * - new-python / new-powershell: built with Ansible's module_utils (AnsiballZ, the PowerShell
 *   wrapper), which only Ansible has
 * - jsonargs: the arguments as JSON in place of `<<INCLUDE_ANSIBLE_MODULE_JSON_ARGS>>`
 * - want_json: `WANT_JSON` anywhere; its arguments in a JSON file
 * - old: anything else; its arguments in a file of `key=value` words
 */
export type ModuleStyle = 'binary' | 'new-python' | 'new-powershell' | 'jsonargs' | 'want_json' | 'old';

export const JSON_ARGS_MARK = '<<INCLUDE_ANSIBLE_MODULE_JSON_ARGS>>';
export const COMMON_MARK = '#<<INCLUDE_ANSIBLE_MODULE_COMMON>>';
const WINDOWS_MARK = '# POWERSHELL_COMMON';

/** Ansible's NEW_STYLE_PYTHON_MODULE_RE: an import of module_utils, relative or absolute */
const PYTHON_MODULE_UTILS =
  /(?:from +\.{2,} *module_utils.* +import |from +ansible_collections\.[^.]+\.[^.]+\.plugins\.module_utils.* +import |import +ansible_collections\.[^.]+\.[^.]+\.plugins\.module_utils.*|from +ansible\.module_utils.* +import |import +ansible\.module_utils\.)/;

const POWERSHELL_REQUIRES =
  /#Requires -Module|#Requires -Version|#AnsibleRequires -OSVersion|#AnsibleRequires -Powershell|#AnsibleRequires -CSharpUtil/i;

/** Ansible's _is_binary: a byte outside printable text (tabs, line ends, BEL, BS, FF, ESC, 0x80-0xff allowed) */
export function isBinary(data: Buffer): boolean {
  const start = data.subarray(0, 1024);
  for (const b of start) {
    if (b >= 0x20 && b !== 0x7f) continue;
    if (b === 7 || b === 8 || b === 9 || b === 10 || b === 12 || b === 13 || b === 27) continue;
    return true;
  }
  return false;
}

export function moduleStyle(data: Buffer): ModuleStyle {
  if (isBinary(data)) return 'binary';
  // latin1 keeps every byte one character: the marks are ASCII
  const text = data.toString('latin1');
  if (text.includes(COMMON_MARK) || PYTHON_MODULE_UTILS.test(text)) return 'new-python';
  if (text.includes(WINDOWS_MARK) || POWERSHELL_REQUIRES.test(text)) return 'new-powershell';
  if (text.includes(JSON_ARGS_MARK)) return 'jsonargs';
  if (text.includes('WANT_JSON')) return 'want_json';
  return 'old';
}
