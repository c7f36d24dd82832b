/**
 * @forward-progress/model: a deterministic simulation of one 2016 Linux
 * machine swapping to dm-crypt, and the kernel functions it is made of.
 */
export * from './src/kernel/versions.ts';
export * from './src/mm/flags.ts';
export * from './src/mm/watermarks.ts';
export * from './src/mm/reserveLadder.ts';
export * from './src/kernel/kernels.ts';
export * from './src/kernel/patches.ts';
export * from './src/kernel/refs.ts';
export * from './src/scenario/params.ts';
export * from './src/scenario/paramSources.ts';
export * from './src/scenario/scenarios.ts';
export * from './src/runtime/engine.ts';
export * from './src/runtime/maySleep.ts';
export * from './src/runtime/rng.ts';
export * from './src/runtime/trace.ts';
export * from './src/sim/simulate.ts';
export * from './src/sim/sweep.ts';
export * from './src/sim/validate.ts';
export * from './src/sim/outcomeClass.ts';
export * from './src/lab/trace.ts';
export * from './src/lab/kernelVariants.ts';
export * from './src/lab/labMachine.ts';
export * from './src/lab/compare.ts';
export * from './src/mm/zone.ts';
export * from './src/mm/pageAlloc.ts';
export * from './src/mm/mempool.ts';
export * from './src/mm/pageWriteback.ts';
export * from './src/mm/vmscan.ts';
export * from './src/mm/scanCount.ts';
export * from './src/mm/shrinkList.ts';
export * from './src/mm/backingDev.ts';
export * from './src/mm/oomKill.ts';
export * from './src/dm/dmCrypt.ts';
export * from './src/block/swap.ts';
export * from './src/report/text.ts';
export * from './src/report/csv.ts';
