import { fstatSync, writeSync } from 'node:fs';
import { processServesRuns } from '../util/run-scope.js';
import { warningText } from './warnings.js';

/** What output writes its text to: process.stdout and stderr, or one of the sinks below. */
export interface TextSink {
  write(text: string, written?: () => void): unknown;
}

type Name = 'stdout' | 'stderr';

/**
 * Node makes process.stdout and stderr at their first use: a net.Socket for a pipe, with the
 * stream and net modules it loads, about 5 ms of a one-task run's 70 (twice Node's start on this
 * VM). Output to a pipe, a file or /dev/null is written straight to the descriptor here instead,
 * in order and whole before write returns, as Node writes them on Linux. Node's stream takes over
 * for good once anything else made it (a terminal, the live view, a library), and for the rest
 * of a write the descriptor cannot take now (EAGAIN: a full pipe whose reader set it
 * non-blocking), so that nothing it holds is overtaken.
 */
class DescriptorSink implements TextSink {
  private direct: boolean | undefined;
  /**
   * Set by installStdio, which hands this sink Node's stream when anything makes it, when the
   * process's entry point ran the CLI
   */
  private mayWriteDirectly = false;
  private closed = false;

  constructor(
    private fd: 1 | 2,
    readonly name: Name,
  ) {}

  write(text: string, written?: () => void): boolean {
    if (processServesRuns()) return this.stream().write(text, written);
    if (this.closed) {
      if (written) process.nextTick(written);
      return true;
    }
    if (!this.isDirect()) return this.stream().write(text, written);
    const buf = Buffer.from(text);
    let at = 0;
    while (at < buf.length) {
      try {
        at += writeSync(this.fd, buf, at);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
          this.direct = false;
          return this.stream().write(buf.subarray(at), written);
        }
        this.failed(e as NodeJS.ErrnoException);
        break;
      }
    }
    if (written) process.nextTick(written);
    return true;
  }

  /** Whether this is a terminal (the live view, colours, a warning's width): Node's stream says. */
  isTerminal(): boolean {
    if (processServesRuns() || !this.isDirect()) return Boolean(this.stream().isTTY);
    return false;
  }

  /** Node's stream, once it exists: made by anyone, it is the way out from then on. */
  adopt(stream: NodeJS.WriteStream): void {
    this.direct = false;
    stream.on('error', (e: NodeJS.ErrnoException) => this.failed(e));
  }

  /** Called by installStdio, before Node's stream is made. */
  watch(direct: boolean): void {
    this.mayWriteDirectly = direct;
  }

  private isDirect(): boolean {
    this.direct ??= this.mayWriteDirectly && notTerminal(this.fd);
    return this.direct;
  }

  private stream(): NodeJS.WriteStream {
    return process[this.name];
  }

  /**
   * A reader that went away (`fabplay run site.yml | head`: EPIPE), or a descriptor that cannot
   * take more (a full disk): as with ansible-playbook, the run goes on without that output and
   * ends with its own exit code. A closed stdout is said once on stderr.
   */
  private failed(e: NodeJS.ErrnoException): void {
    if (this.closed) return;
    this.closed = true;
    if (this.name === 'stderr') return;
    const why =
      e.code === 'EPIPE'
        ? 'was closed by its reader (broken pipe)'
        : `cannot be written (${e.code ?? e.message})`;
    standardError.write(`${warningText(`standard output ${why}: the run goes on without it`)}\n`);
  }
}

/**
 * A pipe, a socket, a file or a memory device (/dev/null: major number 1) is written directly;
 * anything else may be a terminal, whose handling is Node's stream's (asking isatty would load
 * Node's tty and net modules, what this saves).
 */
function notTerminal(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    if (st.isFile() || st.isFIFO() || st.isSocket()) return true;
    return st.isCharacterDevice() && Math.floor(st.rdev / 256) % 4096 === 1;
  } catch {
    return false;
  }
}

export const standardOutput = new DescriptorSink(1, 'stdout');
export const standardError = new DescriptorSink(2, 'stderr');

let installed = false;

/**
 * Once per process, before any output (a warm process runs main() once per served run, and its
 * runs write to the frames it puts in place of process.stdout): process.stdout and stderr, when
 * something makes them, are taken over by their sinks (errors included), so that no write goes
 * around what Node's stream holds. `direct`: the process's own entry point (bin/fabplay.js) runs
 * the CLI, so nothing made Node's streams before; code that calls main() in a process of its own
 * (a test capturing process.stdout.write) keeps Node's streams.
 */
export function installStdio(direct: boolean): void {
  if (installed || processServesRuns()) return;
  installed = true;
  for (const sink of [standardOutput, standardError]) {
    const d = Object.getOwnPropertyDescriptor(process, sink.name);
    if (!d?.get || !d.configurable) continue;
    const make = d.get;
    let made: NodeJS.WriteStream | undefined;
    Object.defineProperty(process, sink.name, {
      ...d,
      get() {
        if (!made) sink.adopt((made = make.call(process) as NodeJS.WriteStream));
        return made;
      },
    });
    sink.watch(direct);
  }
}
