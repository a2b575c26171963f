import type { ArgSpec, ArgTable } from './args.js';

// The arguments of Ansible's modules that write files, as the modules declare them.

const selinuxArg = {
  type: 'string',
  unsupported: {
    allow: [],
    why: 'fabplay sets no SELinux context; label with sefcontext and the restorecon command',
  },
} as const satisfies ArgSpec;

/** `attributes` for a module that sets no file flags: refused (a warning; the task fails with it). */
export const attributesUnsupported = {
  type: 'string',
  aliases: ['attr'],
  unsupported: { allow: [], why: 'chattr attributes are not set by this module' },
} as const satisfies ArgSpec;

/**
 * unsafe_writes for a module that writes no file content through an atomic move (file, unarchive,
 * yum_repository): both values are taken and change nothing, as in Ansible's modules.
 */
export const unsafeWritesNoEffect = {
  type: 'boolean',
  unsupported: { allow: [true, false], why: 'this module writes no file content atomically' },
} as const satisfies ArgSpec;

/**
 * Ansible's FILE_COMMON_ARGUMENTS: the attributes every module that writes a file takes. owner,
 * group, mode and the file flags (`attributes`) are applied; the SELinux context is not
 * (unsupported: a warning, and the task fails if it runs with it). unsafe_writes (unset: the task
 * environment's ANSIBLE_UNSAFE_WRITES, as Ansible's env fallback) lets a write that cannot be
 * atomic (a directory nothing can be created in, a rename refused) go into the file in place;
 * a module that writes no content takes it as Ansible's does, to no effect.
 */
export const fileAttrArgs = {
  owner: { type: 'string' },
  group: { type: 'string' },
  mode: { type: 'mode' },
  unsafe_writes: { type: 'boolean' },
  // lsattr/chattr flags (file-flags.ts)
  attributes: { type: 'string', aliases: ['attr'] },
  seuser: selinuxArg,
  serole: selinuxArg,
  setype: selinuxArg,
  selevel: selinuxArg,
} as const satisfies ArgTable;

/** What the modules that edit a text file in place share (lineinfile, blockinfile, replace). */
export const editFileArgs = {
  path: { type: 'string', remotePath: true, aliases: ['dest', 'destfile', 'name'] },
  backup: { type: 'boolean', default: false },
  validate: { type: 'string' },
  ...fileAttrArgs,
} as const satisfies ArgTable;
