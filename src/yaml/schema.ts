import * as yaml from 'js-yaml';
import { UnsafeText, markUnsafe } from '../template/unsafe.js';
import { pyFloat } from '../util/py-float.js';
import { keyText, putKey } from '../util/py-dict-keys.js';

/**
 * YAML 1.1 as Ansible reads it (PyYAML's resolver): only yes/no, true/false and on/off, in lower,
 * Title or UPPER case, are booleans. js-yaml's YAML 1.1 schema also takes `y` and `n`, which would
 * turn `loop: [x, y]` into ['x', true].
 */
const TRUE = ['yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'];
const FALSE = ['no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'];

const ansibleBool = yaml.defineScalarTag('tag:yaml.org,2002:bool', {
  ...yaml.boolYaml11Tag,
  implicitFirstChars: ['y', 'Y', 'n', 'N', 't', 'T', 'f', 'F', 'o', 'O'],
  resolve: (source) => (TRUE.includes(source) ? true : FALSE.includes(source) ? false : yaml.NOT_RESOLVED),
});

/** A float (`1.0`, `.5`, `1.5e-3`; YAML 1.1 reads `1e3` as text) stays a float when whole (py-float.ts). */
export const ansibleFloat = yaml.defineScalarTag('tag:yaml.org,2002:float', {
  ...yaml.floatYaml11Tag,
  resolve: (source, explicit, tagName) => {
    const v = yaml.floatYaml11Tag.resolve(source, explicit, tagName);
    return typeof v === 'number' ? pyFloat(v) : v;
  },
});

/**
 * A mapping whose keys may be numbers, booleans or None as in Python (util/py-dict-keys.ts):
 * `10: ten` is read back by `m[10]` and dict2items gives the int 10; js-yaml's own map keeps such
 * keys as text and refuses a whole float (`1.0: x`, boxed) as a complex key.
 */
export const ansibleMap = yaml.defineMappingTag<Record<string, unknown>>('tag:yaml.org,2002:map', {
  ...yaml.mapTag,
  addPair: (map, key, value) => {
    if (keyText(key) === undefined) return yaml.mapTag.addPair(map, key, value);
    putKey(map, key, value);
    return '';
  },
  has: (map, key) => yaml.mapTag.has(map, textKey(key)),
  get: (map, key) => yaml.mapTag.get(map, textKey(key)),
});

function textKey(key: unknown): unknown {
  return keyText(key) ?? key;
}

/**
 * `!unsafe`: the value is text, never templated (Ansible's AnsibleUnsafeText). A scalar becomes an
 * UnsafeText; a tagged list or mapping is marked unsafe as a whole.
 */
const unsafeScalar = yaml.defineScalarTag('!unsafe', {
  resolve: (source) => new UnsafeText(source),
  identify: (data) => data instanceof UnsafeText,
  represent: (data) => (data as UnsafeText).text,
});
const unsafeSequence = yaml.defineSequenceTag<unknown[]>('!unsafe', {
  create: () => [],
  addItem: (list, item) => void list.push(item),
  finalize: (list) => markUnsafe(list),
  identify: () => false,
});
const unsafeMapping = yaml.defineMappingTag<Record<string, unknown>>('!unsafe', {
  create: () => ({}),
  addPair: (map, key, value) => {
    map[String(key)] = value;
    return '';
  },
  has: (map, key) => Object.prototype.hasOwnProperty.call(map, String(key)),
  keys: (map) => Object.keys(map),
  get: (map, key) => map[String(key)],
  finalize: (map) => markUnsafe(map),
  identify: () => false,
});

export const ANSIBLE_SCHEMA = yaml.YAML11_SCHEMA.withTags(
  ansibleBool,
  ansibleFloat,
  ansibleMap,
  unsafeScalar,
  unsafeSequence,
  unsafeMapping,
);
