/**
 * Ansible's `_variable_params`: a task's arguments given as a template (`copy: "{{ copy_args }}"`,
 * `args: "{{ x }}"`), kept as written at load and templated when the task runs, where it must give
 * a mapping; the task's own key=value arguments win over it.
 */
export const VARIABLE_PARAMS = '_variable_params';

/** The warning Ansible prints for such a task (INJECT_FACTS_AS_VARS on, its default). */
export const VARIABLE_PARAMS_WARNING =
  "Using a variable for a task's 'args' is unsafe in some situations " +
  '(see https://docs.ansible.com/ansible/devel/reference_appendices/faq.html#argsplat-unsafe)';
