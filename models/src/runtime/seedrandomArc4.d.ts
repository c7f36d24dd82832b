/**
 * The types of seedrandom's ARC4 file (imported by rng.ts instead of the
 * package's index): the same function the index exports, so it takes the
 * index's declarations from @types/seedrandom.
 */
declare module 'seedrandom/seedrandom.js' {
  export { default } from 'seedrandom';
}
