/**
 * @forward-progress/model: a deterministic simulation of one 2016 Linux
 * machine swapping to dm-crypt, and the kernel functions it is made of.
 */
export * from './src/kernel/versions.ts';
export * from './src/mm/flags.ts';
export * from './src/mm/watermarks.ts';
export * from './src/mm/reserveLadder.ts';
