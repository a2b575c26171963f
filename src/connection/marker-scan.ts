/**
 * Collects a stream's bytes until a marker shows up, without rescanning what was already seen
 * (outputs of many megabytes stay linear). What precedes the marker is the command's output;
 * what follows it (up to the first newline) is the trailer, e.g. the exit status.
 */
export class MarkerScanner {
  private chunks: Buffer[] = [];
  private length = 0;
  private tail = Buffer.alloc(0);
  private result?: { body: Buffer; trailer: string };

  constructor(private readonly marker: Buffer) {}

  get done(): boolean {
    return this.result !== undefined;
  }

  /** Feeds bytes; returns bytes that arrived after the trailer (they belong to no command). */
  push(data: Buffer): Buffer | undefined {
    if (this.result) return data;
    const look = Buffer.concat([this.tail, data]);
    const at = look.indexOf(this.marker);
    if (at < 0) {
      this.chunks.push(data);
      this.length += data.length;
      const keep = Math.min(look.length, this.marker.length + 32);
      this.tail = look.subarray(look.length - keep);
      return undefined;
    }
    const nl = look.indexOf(0x0a, at + this.marker.length);
    if (nl < 0) {
      // the trailer is not complete yet: keep everything and look again with more data
      this.chunks.push(data);
      this.length += data.length;
      this.tail = look.subarray(at);
      return undefined;
    }
    const all = Buffer.concat([...this.chunks, data]);
    const base = this.length - (look.length - data.length); // offset of look[0] in all
    const absAt = base + at;
    this.result = {
      body: all.subarray(0, absAt),
      trailer: all.subarray(absAt + this.marker.length, base + nl).toString(),
    };
    this.chunks = [];
    const rest = all.subarray(base + nl + 1);
    return rest.length ? rest : undefined;
  }

  take(): { body: Buffer; trailer: string } {
    if (!this.result) throw new Error('MarkerScanner: marker not seen yet');
    return this.result;
  }
}
