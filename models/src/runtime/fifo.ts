/**
 * A FIFO queue in fixed-size chunks: push and shift are O(1), nothing is
 * ever copied, and used-up chunks are kept for reuse. (A ring buffer that
 * doubles copies the whole queue on every growth, and V8 may keep a large
 * `new Array(n)` as a dictionary; a chunk is small enough not to be one.)
 */
const CHUNK = 1024;
/** Used-up chunks kept per queue: 64 K entries. */
const MAX_SPARES = 64;

export class Fifo<T> {
  /** Chunks from head to tail; items live in head[headAt..] … tail[..tailAt). */
  private chunks: (T | undefined)[][] = [emptyChunk()];
  private first = 0;
  private headAt = 0;
  private tailAt = 0;
  /** Used-up chunks kept for reuse (a queue grows and drains many times in a run). */
  private spares: (T | undefined)[][] = [];
  private n = 0;

  get length(): number {
    return this.n;
  }

  push(x: T): void {
    if (this.tailAt === CHUNK) {
      this.chunks.push(this.spares.pop() ?? emptyChunk());
      this.tailAt = 0;
    }
    this.chunks[this.chunks.length - 1]![this.tailAt++] = x;
    this.n++;
  }

  peek(): T | undefined {
    return this.n > 0 ? this.chunks[this.first]![this.headAt] : undefined;
  }

  shift(): T | undefined {
    if (this.n === 0) return undefined;
    const chunk = this.chunks[this.first]!;
    const x = chunk[this.headAt];
    chunk[this.headAt++] = undefined;
    this.n--;
    if (this.headAt === CHUNK) {
      // The head chunk is used up: keep it for reuse, and drop dead slots from the list now and then.
      if (this.spares.length < MAX_SPARES) this.spares.push(chunk);
      this.first++;
      this.headAt = 0;
      if (this.first >= 64) {
        this.chunks = this.chunks.slice(this.first);
        this.first = 0;
      }
    } else if (this.n === 0) {
      // Empty: start over at the beginning of the current chunk.
      this.headAt = 0;
      this.tailAt = 0;
    }
    return x;
  }
}

function emptyChunk<T>(): (T | undefined)[] {
  return new Array<T | undefined>(CHUNK).fill(undefined);
}
