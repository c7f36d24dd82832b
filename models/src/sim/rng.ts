/**
 * Random streams, one per actor, derived from the scenario seed and the
 * actor's name by hashing: adding an actor never shifts another's draws.
 * Never Math.random, never the clock.
 */
import seedrandom from 'seedrandom';

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

export function streamFor(seed: number, actor: string): Rng {
  const prng = seedrandom(String(deriveSeed(seed, actor)));
  return {
    next: () => prng.quick(),
    jitter: (spread: number) => 1 - spread + 2 * spread * prng.quick(),
  };
}
