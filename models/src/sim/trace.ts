/** Moved to runtime/trace.ts; kept for the site's imports of '@forward-progress/model/sim/trace'. */
export * from '../runtime/trace.ts';
