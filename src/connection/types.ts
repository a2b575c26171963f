/**
 * The transport contract. A connection runs shell command strings (built with util/shell.cmd) and
 * moves files; it never knows what a task is.
 */

export interface BecomeSpec {
  method: 'sudo' | 'su';
  user: string;
  /** sent on stdin, never on a command line or in any output */
  password?: string;
  flags?: string;
  /** become_exe: the command line of sudo or su (default: the method's name), as Ansible pastes it */
  exe?: string;
  /** become_allow_same_user: escalate even to the user logged in */
  allowSameUser?: boolean;
  /** su: the words of its password prompt (ansible_su_prompt_l10n), instead of Ansible's list */
  prompts?: string[];
}

export interface ExecOptions {
  /** bytes for the command's standard input */
  stdin?: string | Buffer;
  /** kill the remote command after this long; the result then has timedOut: true */
  timeoutMs?: number;
  /** run with privilege escalation */
  become?: BecomeSpec;
  /** extra environment, exported before the command (values are quoted by the connection) */
  env?: Record<string, string>;
  /** working directory for the command */
  cwd?: string;
  /**
   * the text is fabplay's own (argv quoted word by word, or one of its tested scripts): it may run
   * in a subshell of the connection's session shell, a fork instead of a new /bin/sh. Never for
   * user text: a syntax error there would end the session shell.
   */
  inline?: boolean;
}

export interface ExecResult {
  rc: number;
  stdout: Buffer;
  stderr: Buffer;
  timedOut?: boolean;
}

export interface PutOptions {
  /** file mode to set on the uploaded file (e.g. 0o600) */
  mode?: number;
}

/** What an SFTP lstat tells of a path: no owner names, no ctime, inode or link count. */
export interface FileAttrs {
  /** st_mode: type and permission bits */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  atime: number;
  mtime: number;
}

/** Reads remote files without starting a process on the host, with the login user's rights. */
export interface FileReader {
  /** the login user; every call has its rights and no others */
  readonly user: string;
  /** undefined when the path does not exist; throws on any other error */
  lstat(path: string): Promise<FileAttrs | undefined>;
  /** `size`: what an lstat just told of this regular file (saves asking the server again) */
  read(path: string, size?: number): Promise<Buffer>;
  /**
   * optional: starts the lstat of `stat` and the bytes of the regular files of `read` (up to
   * `readLimit` bytes each) at once, for lstat() and read() to answer from until anything is
   * written on the host (any command or write over this connection) or `release` is called;
   * `early`: how many of its paths were answered by a lookAhead() or behind a write
   */
  prefetch?(plan: PrefetchPlan): { release(): void; readonly early: number };
  /**
   * optional: asks the same for later tasks, in the same batch of requests as the current
   * task's; the answers serve no lstat() or read() until a prefetch() claims their paths, and are
   * dropped when anything is written on the host
   */
  lookAhead?(plan: PrefetchPlan): void;
  /**
   * optional: the paths to ask behind each write over this connection from now on (the next
   * task's checks, told when the write happens), in the same batch as the write's last request;
   * the answers wait for a prefetch() as lookAhead()'s do. undefined: none
   */
  askBehindWrites?(plan: (() => PrefetchPlan | undefined) | undefined): void;
  /** with prefetch: counts the times its answers were dropped (something written on the host) */
  readonly generation?: number;
}

export interface PrefetchPlan {
  stat: readonly string[];
  read: readonly string[];
  readLimit: number;
}

/** Ownership and permission bits to give a path written over SFTP. */
export interface WriteAttrs {
  mode: number;
  uid: number;
  gid: number;
}

/**
 * Writes remote files without starting a process on the host (SFTP), with the login user's
 * rights. A file is written whole under a temporary name, then renamed over its destination.
 */
export interface FileWriter {
  /** whether a rename may replace an existing file atomically (posix-rename@openssh.com) */
  readonly atomicReplace: boolean;
  /**
   * a temporary name beside `dest` for create(); temporary files a lost connection left in that
   * directory are removed first
   */
  tempFor(dest: string): Promise<string>;
  /** creates `path` (never an existing one), writes `data`, sets `attrs`; removes it on failure */
  create(path: string, data: Buffer, attrs: WriteAttrs): Promise<void>;
  /** rename(2): `to` is replaced atomically when it exists */
  rename(from: string, to: string): Promise<void>;
  mkdir(path: string, attrs: WriteAttrs): Promise<void>;
  unlink(path: string): Promise<void>;
}

export interface Connection {
  /** inventory name of the host */
  readonly host: string;
  /** 'local' or 'ssh' */
  readonly kind: string;
  /** opens the connection; throws UnreachableError when the host cannot be reached */
  connect(): Promise<void>;
  /** runs `/bin/sh -c`-style command text on the host; throws UnreachableError when the link drops */
  exec(command: string, opts?: ExecOptions): Promise<ExecResult>;
  /** writes bytes to a path on the host as the connecting user (no become) */
  put(data: Buffer, remotePath: string, opts?: PutOptions): Promise<void>;
  /** copies a controller file to a path on the host as the connecting user (no become); streams large files */
  putFile(localPath: string, remotePath: string, opts?: PutOptions): Promise<void>;
  /** reads a file from the host as the connecting user */
  get(remotePath: string): Promise<Buffer>;
  close(): Promise<void>;
  /**
   * optional: drops the link and opens it again (reboot and wait_for_connection use it to wait
   * for a host to come back); throws UnreachableError while the host does not answer
   */
  reconnect?(opts?: ReconnectOptions): Promise<void>;
  /**
   * optional (meta: reset_connection): ends the link for good, a kept or parked one too (as
   * `ssh -O stop`), so that the next use logs in anew and sees what the login sets (new groups)
   */
  reset?(): Promise<void>;
  /** optional: file reads with no process on the host (SFTP); modules fall back to commands */
  fileReader?(): Promise<FileReader | undefined>;
  /** optional: file writes with no process on the host (SFTP); modules fall back to commands */
  fileWriter?(): Promise<FileWriter | undefined>;
  /**
   * optional: commands are coming; starts what they run in (a shell on the host) now, in the
   * background, so the first one does not wait for it. Never fails: the command reports.
   */
  prepareCommands?(): void;
}

/** How one attempt to open a connection again is bounded (wait_for_connection's connect_timeout). */
export interface ReconnectOptions {
  /** instead of the spec's connectTimeoutMs */
  connectTimeoutMs?: number;
  /** one attempt, no ssh_retry: the caller tries again itself */
  once?: boolean;
}

/** What a host's connection is made from (inventory connection variables, config and flags). */
export interface ConnectionSpec {
  host: string;
  connection: 'ssh' | 'local';
  address: string;
  port: number;
  user?: string;
  password?: string;
  privateKeyFile?: string;
  privateKeyPassphrase?: string;
  knownHostsFile?: string;
  hostKeyChecking: 'strict' | 'accept-new' | 'off';
  connectTimeoutMs: number;
  /** attempts after the first to open the connection (ansible_ssh_retries, [ssh_connection] retries) */
  connectRetries?: number;
  commandTimeoutMs?: number;
  jumpHost?: string;
  /** ssh_args (ansible_ssh_args): read before the common args, as OpenSSH's first value wins */
  sshArgs?: string;
  sshCommonArgs?: string;
  /** ssh_extra_args of the config or --ssh-extra-args, where no ansible_ssh_extra_args is set */
  sshExtraArgs?: string;
  /** where kept connections' sockets live (control_path_dir, ansible_control_path_dir) */
  controlPathDir?: string;
}

/**
 * How a program the controller runs reaches a host over SSH by itself (synchronize's rsync): the
 * host's connection spec, and the login user, port and key as Ansible's play context has them
 * (given by a variable, keyword, flag or the config; undefined: ssh's own default applies).
 */
export interface SshLink {
  spec: ConnectionSpec;
  user?: string;
  port?: number;
  privateKeyFile?: string;
  /**
   * the password Ansible's synchronize gives sshpass: the host's inventory (or an extra var's)
   * ansible_ssh_pass or ansible_password, never a play's or task's
   */
  password?: string;
}
