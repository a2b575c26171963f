/**
 * The value of Ansible's `omit`: an argument whose templated value is exactly this string is left
 * out of the module call (`mode: "{{ file_mode | default(omit) }}"`). The executor drops it.
 */
export const OMIT = '__omit_place_holder__fabplay__';
