import * as yaml from 'js-yaml';

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

export const ANSIBLE_SCHEMA = yaml.YAML11_SCHEMA.withTags(ansibleBool);
