/**
 * Random streams, one per actor, derived from the scenario seed and the
 * actor's name by hashing: adding an actor never shifts another's draws.
 * Never Math.random, never the clock.
 */
// seedrandom's ARC4 generator by its own file: the package's index also
// loads six other generators the model never uses, and would carry them into
// the browser's model worker, which a reader's first input loads.
import seedrandom from 'seedrandom/seedrandom.js';

/** 32-bit FNV-1a of a string, as an unsigned integer. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A seed derived from a parent seed and a label (used for actors and sweep points). */
export function deriveSeed(seed: number, label: string): number {
  return fnv1a(`${seed >>> 0}/${label}`);
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [1 - spread, 1 + spread): a multiplicative jitter. */
  jitter(spread: number): number;
}

/**
 * seedrandom's ARC4 stream, keyed by seedrandom itself; its draws are made
 * here on a copy of the generator's state (the same S, i, j), so they are
 * seedrandom's quick() values, only without its per-call closure overhead.
 */
export function streamFor(seed: number, actor: string): Rng {
  const state = seedrandom(String(deriveSeed(seed, actor)), { state: true }).state();
  return new Arc4Stream(Uint8Array.from(state.S), state.i, state.j);
}

/** One stream's ARC4 state (a class: every stream shares the methods, so call sites stay monomorphic). */
class Arc4Stream implements Rng {
  constructor(
    private readonly s: Uint8Array,
    private i: number,
    private j: number,
  ) {}

  /** prng.quick(): four ARC4 output bytes, big-endian, over 2^32. */
  next(): number {
    const s = this.s;
    let i = this.i, j = this.j, r = 0;
    for (let k = 0; k < 4; k++) {
      i = (i + 1) & 255;
      const t = s[i]!;
      j = (j + t) & 255;
      const u = s[j]!;
      s[i] = u;
      s[j] = t;
      r = r * 256 + s[(u + t) & 255]!;
    }
    this.i = i;
    this.j = j;
    return r / 0x100000000;
  }

  jitter(spread: number): number {
    return 1 - spread + 2 * spread * this.next();
  }
}
