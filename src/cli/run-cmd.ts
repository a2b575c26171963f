import { Command, Option } from 'commander';
import type * as RunAction from './run-action.js';
import type { RunFlags, ValidateFlags } from './run-action.js';
import { importOwn } from '../util/import-own.js';
import { addVaultOptions } from './vault-options.js';
import { addAlias } from './option-alias.js';

/**
 * `fabplay run`, `fabplay check` (= run --check) and `fabplay validate`: parse the flags, load
 * config, playbooks, inventory and -e values (flags > config > defaults), answer the list/syntax
 * flags without running anything, or build the RunRequest for the executor (run-action.ts,
 * imported only when one of these commands runs: it pulls in the executor and all modules).
 */

const collect = (v: string, prev: string[]): string[] => [...prev, v];
const runActions = (): Promise<typeof RunAction> => importOwn('./run-action.js', import.meta.url);
const collectCsv = (v: string, prev: string[]): string[] => [
  ...prev,
  ...v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];
const count = (_v: string, prev: number): number => prev + 1;

/** ansible-playbook's options fabplay cannot honour: refused by the run (run-action.ts) with the reason. */
function addRefusedOptions(cmd: Command): Command {
  for (const flags of ['--step', '--sftp-extra-args <args>', '--scp-extra-args <args>'])
    cmd.addOption(new Option(flags).hideHelp());
  return cmd;
}

function addCommonOptions(cmd: Command): Command {
  addVaultOptions(cmd).option(
    '-i, --inventory <path>',
    'inventory file, directory or host list (repeatable)',
    collect,
    [],
  );
  return addAlias(cmd, '--inventory-file <path>', 'inventory', true)
    .option(
      '-e, --extra-vars <vars>',
      'key=value, @file.yml or a JSON mapping (repeatable; later wins)',
      collect,
      [],
    )
    .option(
      '--roles-path <dirs>',
      'more role directories, colon-separated (also FABPLAY_ROLES_PATH)',
      collect,
      [],
    )
    .option(
      '-M, --module-path <dirs>',
      'directories of modules of your own, colon-separated: Ansible runs them, fabplay warns (a task naming one fails if it runs)',
      collect,
      [],
    );
}

function addRunOptions(cmd: Command, withCheck: boolean): Command {
  addRefusedOptions(addCommonOptions(cmd));
  addAlias(cmd, '--key-file <file>', 'privateKey');
  addAlias(cmd, '--become-pass-file <file>', 'becomePasswordFile');
  addAlias(cmd, '--conn-pass-file <file>', 'connectionPasswordFile');
  if (withCheck) cmd.option('-C, --check', 'change nothing; report what would change');
  return cmd
    .option('-D, --diff', 'show the differences in changed files')
    .option('-l, --limit <pattern>', 'only hosts matching this pattern (@FILE: the hosts listed in FILE)')
    .option('--retry', 'only the hosts the last failed run of these playbooks left to do')
    .option('-t, --tags <tags>', 'only tasks with these tags (comma-separated, repeatable)', collectCsv, [])
    .option('--skip-tags <tags>', 'skip tasks with these tags (comma-separated, repeatable)', collectCsv, [])
    .option('-f, --forks <n>', 'hosts worked on at the same time (default 5, or forks in the config)')
    .option('-u, --user <user>', 'connect as this user')
    .option('-b, --become', 'run tasks with privilege escalation (sudo, or --become-method su)')
    .option('--become-user <user>', 'user to become (default root)')
    .option('--become-method <method>', 'sudo or su')
    .option('--private-key <file>', 'SSH private key file')
    .option('-T, --timeout <seconds>', 'SSH connect timeout in seconds')
    .option(
      '-c, --connection <type>',
      'how to reach hosts that name no connection: ssh (also smart, paramiko) or local',
    )
    .option('--ssh-common-args <args>', 'OpenSSH options for every connection (as ansible_ssh_common_args)')
    .option('--ssh-extra-args <args>', 'more OpenSSH options (as ansible_ssh_extra_args)')
    .option('-k, --ask-pass', 'ask for the SSH password (on the terminal)')
    .option(
      '--connection-password-file <file>',
      'a file holding the SSH password, or an executable printing it (- : standard input)',
    )
    .option('-K, --ask-become-pass', 'ask for the become (sudo or su) password (on the terminal)')
    .option(
      '--become-password-file <file>',
      'a file holding the become password, or an executable printing it (- : standard input)',
    )
    .addOption(
      new Option(
        '--host-key-checking <mode>',
        'unknown host keys: strict (default), accept-new or off',
      ).choices(['strict', 'accept-new', 'off']),
    )
    .option('--json', 'print one JSON event per line instead of the live view')
    .option('--report <file>', 'also write the run as one self-contained HTML file (report = in the config)')
    .addOption(new Option('-v, --verbose', 'more output (-vv, -vvv for more)').argParser(count).default(0))
    .option('--list-hosts', 'list the hosts each play would run on, then stop')
    .option('--list-tasks', 'list the tasks each play would run, then stop')
    .option('--list-tags', 'list the tags of each play, then stop')
    .option('--syntax-check', 'load and check the playbooks, then stop')
    .option('--start-at-task <name>', 'start at the first task with this name')
    .option('--force-handlers', 'run notified handlers even when a host failed')
    .option('--flush-cache', 'forget the cached facts of every inventory host (fact_caching = jsonfile)')
    .option('--detailed-exitcode', 'with --check: exit 8 when something would change')
    .addHelpText(
      'after',
      '\nPasswords come from the environment: FABPLAY_SSH_PASSWORD, FABPLAY_BECOME_PASSWORD.\n' +
        'Exit codes: 0 ok, 1 internal error, 2 a task failed, 3 invalid input, 4 host unreachable,\n' +
        '5 bad command-line usage, 8 changes would be made (--check --detailed-exitcode), 99 interrupted.',
    );
}

export function registerRunCommands(program: Command, named?: string): void {
  // `fabplay run` defines run alone: each command's ~50 options cost commander work at every start
  const wanted = (name: string) => named === undefined || named === name;
  const runLike = (name: string, description: string, check: boolean) =>
    addRunOptions(program.command(name).description(description).argument('<playbook...>'), !check).action(
      async (files: string[], flags: RunFlags) => (await runActions()).runAction(files, flags, check),
    );
  if (wanted('run')) runLike('run', 'run playbooks against the hosts of an inventory', false);
  if (wanted('check'))
    runLike('check', 'same as run --check: change nothing, report what would change', true);
  if (wanted('validate'))
    addCommonOptions(
      program
        .command('validate')
        .description('load and check playbooks, roles, vars files and the inventory; connect nowhere')
        .argument('<playbook...>'),
    ).action(async (files: string[], flags: ValidateFlags) =>
      (await runActions()).validateAction(files, flags),
    );
}
