import { newMarker, shellScript } from './command-text.js';
import { openChannel } from './exec-channel.js';
import { ShellSession } from './shell-session.js';
import type { EndRace } from './end-race.js';
import type { Ssh2Client } from './ssh2-lib.js';

/** Shells open at once on one connection (commands run in parallel on a host get their own). */
const MAX_SHELLS = 4;
/** After this many broken shell sessions, the connection uses one exec channel per command. */
const MAX_SHELL_BREAKS = 3;

/**
 * The long-lived shells of one SSH connection (shell-session.ts): at most MAX_SHELLS, a command
 * waiting for one that is busy; given up after MAX_SHELL_BREAKS broke, when the connection runs
 * each command on an exec channel of its own.
 */
export class ShellPool {
  /** open ones, and placeholders (no close()) for those still opening */
  private shells: ShellSession[] = [];
  private waiting: (() => void)[] = [];
  private breaks = 0;
  private warming?: Promise<void>;

  /** `gone`: the connection's end, read when a shell opens (it changes on reconnect) */
  constructor(private readonly gone: () => EndRace) {}

  /** Shells open or opening. */
  get size(): number {
    return this.shells.length;
  }

  /** Whether commands still go through shells. */
  get usable(): boolean {
    return this.breaks < MAX_SHELL_BREAKS;
  }

  /** A shell broke while a command ran. */
  broke(): void {
    this.breaks++;
  }

  /** Runs every later command on an exec channel of its own (the slow path; for comparisons). */
  useExecChannels(): void {
    this.breaks = MAX_SHELL_BREAKS;
  }

  /** A shell opened ahead of the first command (its channel, exec and `true` overlap other work). */
  warm(client: Ssh2Client): void {
    if (this.warming || this.shells.length || !this.usable) return;
    this.warming = this.acquire(client).then(
      (shell) => {
        shell.busy = false;
        this.release();
      },
      () => {}, // the command that needs it opens one again and reports
    );
  }

  /** An idle shell, marked busy: opened if there are fewer than MAX_SHELLS, else waited for. */
  async acquire(client: Ssh2Client): Promise<ShellSession> {
    // the shell opening ahead is the one to use, not a second one opened beside it
    if (this.warming) await this.warming;
    for (;;) {
      this.shells = this.shells.filter((s) => !s.broken);
      const idle = this.shells.find((s) => !s.busy);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      if (this.shells.length < MAX_SHELLS) return this.open(client);
      await new Promise<void>((r) => this.waiting.push(r));
    }
  }

  private async open(client: Ssh2Client): Promise<ShellSession> {
    const placeholder = { busy: true, broken: false } as ShellSession;
    this.shells.push(placeholder);
    try {
      const gone = this.gone();
      const shell = new ShellSession(await gone.race(openChannel(client, 'exec /bin/sh')));
      shell.busy = true;
      // whatever a login script prints before our first command must not land in its output
      const m = newMarker();
      await gone.race(shell.run(shellScript('true', undefined, m), m, 30000));
      shell.busy = true;
      this.shells[this.shells.indexOf(placeholder)] = shell;
      return shell;
    } catch (e) {
      this.shells = this.shells.filter((s) => s !== placeholder);
      throw e;
    }
  }

  /** A command is done with its shell (marked idle by the session itself): the next waiting one goes on. */
  release(): void {
    this.waiting.shift()?.();
  }

  /** Shells a kept connection had open become this pool's. */
  adopt(shells: ShellSession[]): void {
    this.shells = shells;
  }

  /** The connection was lost: its shells are closed (one still opening fails through `gone`). */
  closeAll(): void {
    for (const s of this.shells) if (s instanceof ShellSession) s.close();
  }

  /**
   * The connection ends: its end ends the channels on both sides (closing each shell first cost
   * an EOF and a CLOSE packet per shell each way, with their answers, at the end of every run).
   */
  endAll(): void {
    for (const s of this.shells) s.broken = true;
    this.shells = [];
  }

  /** The idle shells, for a parked connection to keep; the others are closed. None stay here. */
  takeIdle(): ShellSession[] {
    // a shell still opening is a placeholder without close(); one busy past the run's end is not kept
    const idle = this.shells.filter((s) => s instanceof ShellSession && !s.busy && !s.broken);
    for (const s of this.shells) if (s instanceof ShellSession && !idle.includes(s)) s.close();
    this.shells = [];
    return idle;
  }

  /** A new connection starts with no shells, nothing waiting, no breaks counted. */
  forget(): void {
    this.shells = [];
    this.waiting = [];
    this.warming = undefined;
    this.breaks = 0;
  }
}
