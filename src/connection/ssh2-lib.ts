import { createRequire } from 'node:module';
import type { Duplex, Readable, Writable } from 'node:stream';
import { loadSsh2 } from './ssh2-load.js';

/**
 * The few parts of ssh2 (node-ssh's engine) the transport uses, typed here because the package
 * ships no type declarations and @types/ssh2 is not a dependency.
 */
export interface Ssh2Channel extends Duplex {
  stderr: Readable;
  signal(name: string): boolean;
  close(): void;
}

export interface Ssh2SftpAttrs {
  mode?: number;
  uid?: number;
  gid?: number;
}

type SftpDone = (err?: Error | null) => void;

export interface Ssh2Sftp {
  fastPut(
    local: string,
    remote: string,
    opts: Record<string, unknown>,
    cb: (err?: Error | null) => void,
  ): void;
  writeFile(path: string, data: Buffer, opts: { mode?: number }, cb: (err?: Error | null) => void): void;
  readFile(path: string, cb: (err: Error | null | undefined, data: Buffer) => void): void;
  lstat(path: string, cb: (err: Error | null | undefined, stats: unknown) => void): void;
  realpath(path: string, cb: (err: Error | null | undefined, resolved: string) => void): void;
  readdir(path: string, cb: (err: Error | null | undefined, list: { filename: string }[]) => void): void;
  chmod(path: string, mode: number, cb: (err?: Error | null) => void): void;
  createWriteStream(path: string, opts?: Record<string, unknown>): Writable;
  open(
    path: string,
    flags: string,
    attrs: Ssh2SftpAttrs,
    cb: (err: Error | null | undefined, handle: Buffer) => void,
  ): void;
  write(handle: Buffer, buf: Buffer, off: number, len: number, position: number, cb: SftpDone): void;
  /** nb 0 at the end of the file */
  read(
    handle: Buffer,
    buf: Buffer,
    off: number,
    len: number,
    position: number,
    cb: (err: Error | null | undefined, nb: number) => void,
  ): void;
  fsetstat(handle: Buffer, attrs: Ssh2SftpAttrs, cb: SftpDone): void;
  setstat(path: string, attrs: Ssh2SftpAttrs, cb: SftpDone): void;
  close(handle: Buffer, cb: SftpDone): void;
  unlink(path: string, cb: SftpDone): void;
  mkdir(path: string, attrs: Ssh2SftpAttrs, cb: SftpDone): void;
  /** rename(2) over an existing file; throws when the server lacks posix-rename@openssh.com */
  ext_openssh_rename(from: string, to: string, cb: SftpDone): void;
  ext_openssh_statvfs(
    path: string,
    cb: (
      err: Error | null | undefined,
      stats: { f_frsize: number; f_bavail: number; f_favail: number },
    ) => void,
  ): void;
  _extensions: Record<string, string>;
  end(): void;
  on(event: 'close' | 'error', cb: (...a: unknown[]) => void): this;
  removeListener(event: 'close' | 'error', cb: (...a: unknown[]) => void): this;
}

export type AuthMethod =
  | { type: 'none'; username: string }
  | { type: 'password'; username: string; password: string }
  | { type: 'publickey'; username: string; key: Buffer | ParsedKey; passphrase?: string }
  | { type: 'agent'; username: string; agent: string }
  | {
      type: 'keyboard-interactive';
      username: string;
      prompt: (
        name: string,
        instr: string,
        lang: string,
        prompts: unknown[],
        finish: (answers: string[]) => void,
      ) => void;
    };

export interface Ssh2ConnectConfig {
  host?: string;
  port?: number;
  username?: string;
  sock?: Duplex;
  readyTimeout?: number;
  algorithms?: { serverHostKey?: string[] };
  keepaliveInterval?: number;
  keepaliveCountMax?: number;
  /** false: OpenSSH's extension requests go to a server that is not OpenSSH too */
  strictVendor?: boolean;
  hostVerifier?: (key: Buffer) => boolean;
  authHandler?: (
    methodsLeft: string[] | null,
    partial: boolean | null,
    next: (m: AuthMethod | false) => void,
  ) => void;
}

export interface Ssh2Client {
  on(event: 'ready' | 'close' | 'end', cb: () => void): this;
  on(event: 'error', cb: (err: Error & { level?: string }) => void): this;
  once(event: 'ready' | 'close' | 'end', cb: () => void): this;
  once(event: 'error', cb: (err: Error & { level?: string }) => void): this;
  removeListener(event: string, cb: (...a: never[]) => void): this;
  connect(cfg: Ssh2ConnectConfig): this;
  exec(cmd: string, cb: (err: Error | undefined, ch: Ssh2Channel) => void): boolean;
  sftp(cb: (err: Error | undefined, sftp: Ssh2Sftp) => void): boolean;
  forwardOut(
    srcIP: string,
    srcPort: number,
    dstIP: string,
    dstPort: number,
    cb: (err: Error | undefined, ch: Ssh2Channel) => void,
  ): boolean;
  end(): void;
  destroy(): void;
  setNoDelay(noDelay?: boolean): this;
  /** OpenSSH's cancel-streamlocal-forward request (the keeper's stop: keeper/keeper-client.ts) */
  openssh_unforwardInStreamLocal(socketPath: string, cb: (err?: Error) => void): this;
}

export interface ParsedKey {
  type: string;
  isPrivateKey(): boolean;
  getPublicSSH(): Buffer;
  getPrivatePEM?(): string | null;
  sign?(data: Buffer, algo?: string): Buffer | Error;
}

interface Ssh2Module {
  Client: new () => Ssh2Client;
  utils: {
    parseKey(data: Buffer | string, passphrase?: string): ParsedKey | ParsedKey[] | Error;
    generateKeyPairSync(type: 'ed25519'): { private: string; public: string };
  };
}

const require = createRequire(import.meta.url);
let loaded: Ssh2Module | undefined;

/**
 * ssh2 itself, loaded at first use: a run on local hosts only, or `--version`, never pays for it.
 * Loaded by ssh2-load.ts: its protocol files get ssh2-crypto.ts's shortcuts for OpenSSL 3's slow
 * key encoding.
 */
export const ssh2: Ssh2Module = new Proxy({} as Ssh2Module, {
  get: (_target, key) => Reflect.get((loaded ??= loadSsh2(() => require('ssh2') as Ssh2Module)), key),
});

/**
 * A new Ed25519 host key, in OpenSSH's format, for an SSH server of fabplay's own (the keeper,
 * the warm-up's sshd). ssh2's keygen drops the public key's leading zero bytes, so one key in 256
 * is one its own parser then refuses ("Malformed OpenSSH private key", mscdex/ssh2 issues 1390 and
 * 1513): such a key is made again.
 */
export function serverHostKey(): string {
  for (;;) {
    const key = ssh2.utils.generateKeyPairSync('ed25519').private;
    if (!(ssh2.utils.parseKey(key) instanceof Error)) return key;
  }
}

type GlobalRequestHandler = (
  proto: { requestSuccess(): void },
  name: string,
  wantReply: boolean,
  data: unknown,
) => void;

/**
 * After login OpenSSH's sshd announces all its host keys (`hostkeys-00@openssh.com`); ssh2 answers
 * by asking the host to prove each one: a round trip, a signature per key on the host and a check
 * per key here (a tenth of the controller's CPU at 700 hosts), for an event fabplay never uses.
 * The OpenSSH client ignores the announcement unless UpdateHostKeys is on; fabplay ignores it too.
 * Call right after `connect()`, which makes the protocol object whose handler this replaces.
 */
export function ignoreHostKeyAnnouncements(client: Ssh2Client): void {
  const handlers = (client as unknown as { _protocol?: { _handlers?: Record<string, unknown> } })._protocol
    ?._handlers;
  const original = handlers?.GLOBAL_REQUEST as GlobalRequestHandler | undefined;
  if (!handlers || typeof original !== 'function') return; // another ssh2 layout: its default stays
  const handler: GlobalRequestHandler = (proto, name, wantReply, data) => {
    if (name !== 'hostkeys-00@openssh.com') return original(proto, name, wantReply, data);
    if (wantReply) proto.requestSuccess();
  };
  handlers.GLOBAL_REQUEST = handler;
}

/**
 * Restarts ssh2's keepalive countdown. ssh2 pings every interval from login on, busy or not (it
 * restarts the countdown only on channel opens and ping answers); OpenSSH's ServerAliveInterval
 * pings only when nothing came from the server for that long. At 1,000 hosts a run's pings were
 * about 4% of its packets, each one encrypted, sent, answered and parsed. Called when the
 * server answered a request, this gives OpenSSH's behaviour.
 */
export function restartKeepalive(client: Ssh2Client): void {
  (client as unknown as { _resetKA?: () => void })._resetKA?.();
}

/**
 * ssh2 makes an Error of every SFTP status but OK, and capturing its stack under the socket's
 * deep call chain costs more than the rest of the answer: a first run's lstat of each file not
 * there yet is one (NO_SUCH_FILE), 3% of its CPU. Those errors are answers whose stack would show
 * only ssh2's parser, so the session's incoming data is parsed with no stack captured. What the
 * callbacks make there has none either; what they defer (promise reactions) is not affected.
 * Call once on a new SFTP session; another ssh2 layout keeps its own behaviour.
 */
export function parseSftpWithoutStacks(sftp: Ssh2Sftp): void {
  const s = sftp as unknown as { push?: (data: Buffer | null) => unknown };
  const push = s.push;
  if (typeof push !== 'function') return;
  s.push = function (this: unknown, data: Buffer | null) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return push.call(this, data);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
}

interface ChannelDataSender {
  channelData(channel: number, data: Buffer | string): void;
}

/**
 * Sends the SFTP requests made in one turn of the event loop as one CHANNEL_DATA packet: ssh2
 * sends each request as a packet of its own (encrypted, padded, written to the socket, and often
 * answered by a packet of its own), and most of a re-run's packets are such requests, often
 * several at once (a file's lstat beside its directory's; a read's close beside the next task's
 * first request). SFTP is a byte stream, so the server sees the same requests in the same order.
 * Every other call on the protocol (the channel's close, a window adjust) sends what waits first.
 * Call once on a new SFTP session; another ssh2 layout keeps its own behaviour.
 */
export function coalesceSftpWrites(sftp: Ssh2Sftp): void {
  const s = sftp as unknown as { _protocol?: ChannelDataSender; outgoing?: { packetSize?: number } };
  const proto = s._protocol;
  const max = s.outgoing?.packetSize;
  if (!proto || typeof proto.channelData !== 'function' || !max) return;
  let chan = -1;
  let parts: Buffer[] = [];
  let size = 0;
  let scheduled = false;
  const flush = () => {
    if (!parts.length) return;
    const data = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    parts = [];
    size = 0;
    proto.channelData(chan, data);
  };
  const onTurnEnd = () => {
    scheduled = false;
    flush();
  };
  const channelData = (channel: number, data: Buffer | string) => {
    if (parts.length && (channel !== chan || size + data.length > max)) flush();
    if (typeof data === 'string') return proto.channelData(channel, data);
    chan = channel;
    parts.push(data);
    size += data.length;
    if (!scheduled) {
      scheduled = true;
      setImmediate(onTurnEnd);
    }
  };
  const flushing = new Map<PropertyKey, unknown>();
  s._protocol = new Proxy(proto, {
    get(target, key) {
      if (key === 'channelData') return channelData;
      const v: unknown = Reflect.get(target, key);
      if (typeof v !== 'function') return v;
      let f = flushing.get(key);
      if (!f)
        flushing.set(
          key,
          (f = (...args: unknown[]) => {
            flush();
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          }),
        );
      return f;
    },
  });
}
