/**
 * The recorded runs as the widget reads them: which runs there are (their
 * names, repetitions and scenarios: a few KiB, with the widget) at once, and
 * a run's trace (a chunk of its own, one per file of content/data/lab/) only
 * when a state shows it. The chapters read every trace at build time from
 * traces.ts instead.
 */
import { variantOf, type LabTrace } from './traceNames.ts';

// `?index&lang.json`: a module of its own (not the one a loader below imports), read as JSON, of which the bundle keeps only the key imported.
const runs = import.meta.glob<string>('../../../content/data/lab/*.json', { eager: true, import: 'run', query: '?index&lang.json' });
const reps = import.meta.glob<number>('../../../content/data/lab/*.json', { eager: true, import: 'rep', query: '?index&lang.json' });
const scenarios = import.meta.glob<LabTrace['scenario']>('../../../content/data/lab/*.json', { eager: true, import: 'scenario', query: '?index&lang.json' });
const loaders = import.meta.glob<LabTrace>('../../../content/data/lab/*.json', { import: 'default' });

type Head = Pick<LabTrace, 'run' | 'rep' | 'scenario'> & { load: () => Promise<LabTrace> };

/** Every recorded run, ordered by scenario then repetition (as traces.ts orders them). */
const HEADS: Head[] = Object.keys(runs)
  .map((key) => {
    const path = key.replace(/\?.*$/, '');
    const load = loaders[path];
    if (!load) throw new Error(`${path} is listed but has no loader`);
    return { run: runs[key]!, rep: reps[key]!, scenario: scenarios[key]!, load };
  })
  .sort((a, b) => a.run.localeCompare(b.run, 'en', { numeric: true }));

function matching(kernel: string, swap: string, variant: string): Head[] {
  return HEADS.filter((h) => h.scenario.kernel === kernel && h.scenario.swap === swap && variantOf(h) === variant);
}

/** How many runs of this scenario were recorded. */
export function runsOf(kernel: string, swap: string, variant: string): number {
  return matching(kernel, swap, variant).length;
}

/** The run of this scenario with repetition `rep` (or its first run); undefined when none was recorded. */
export async function loadTrace(kernel: string, swap: string, variant: string, rep: number): Promise<LabTrace | undefined> {
  const matches = matching(kernel, swap, variant);
  const head = matches.find((h) => h.rep === rep) ?? matches[0];
  if (!head) return undefined;
  try {
    return await head.load();
  } catch (error) {
    throw new Error(`the recorded run ${head.run} could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
}
