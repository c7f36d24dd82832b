/**
 * The real-kernel traces recorded by the lab (content/data/lab/*.json, made
 * by `npm run lab`), bundled with the widget so the site builds without QEMU.
 */
import { variantOf, type LabTrace } from './traceNames.ts';

export { labCommand, variantOf, type LabTrace } from './traceNames.ts';

const modules = import.meta.glob<LabTrace>('../../../content/data/lab/*.json', { eager: true, import: 'default' });

/** Every recorded run, ordered by scenario then repetition. */
export const TRACES: LabTrace[] = Object.values(modules).sort((a, b) => a.run.localeCompare(b.run, 'en', { numeric: true }));

export function findTrace(kernel: string, swap: string, variant: string, rep: number): LabTrace | undefined {
  const matches = TRACES.filter((t) => t.scenario.kernel === kernel && t.scenario.swap === swap && variantOf(t) === variant);
  return matches.find((t) => t.rep === rep) ?? matches[0];
}

export function runsOf(kernel: string, swap: string, variant: string): number {
  return TRACES.filter((t) => t.scenario.kernel === kernel && t.scenario.swap === swap && variantOf(t) === variant).length;
}
