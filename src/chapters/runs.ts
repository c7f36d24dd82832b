/**
 * Model runs for the prose: chapters state numbers from these, computed at
 * build time. Runs are memoised by their canonical query, so two chapters
 * that quote the same scenario pay for one run.
 */
import { simulate, type SimResult } from '@forward-progress/model/sim/simulate';
import { resolveScenario, type Scenario } from '@forward-progress/model/scenario/scenarios';
import { scenarioId, scenarioToQuery, reproduceCommand } from '@forward-progress/model/scenario/codec';

const cache = new Map<string, SimResult>();

export interface RunInput {
  scenario?: string;
  kernel?: string;
  patches?: string[];
  params?: Record<string, number>;
}

export function scenarioOf(input: RunInput): Scenario {
  return resolveScenario(input).scenario;
}

/** The model's result for a scenario (memoised). */
export function run(input: RunInput): SimResult {
  const scenario = scenarioOf(input);
  const key = scenarioToQuery(scenario);
  let result = cache.get(key);
  if (!result) {
    result = simulate(scenario);
    cache.set(key, result);
  }
  return result;
}

/** What a chapter prints under a number: the scenario id and the command that reproduces it. */
export function provenance(input: RunInput): { id: string; command: string; query: string } {
  const scenario = scenarioOf(input);
  return { id: scenarioId(scenario), command: reproduceCommand(scenario), query: scenarioToQuery(scenario) };
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
