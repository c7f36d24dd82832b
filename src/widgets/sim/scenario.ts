/**
 * From a simulation widget's control values to the model's scenario: the
 * widget's fixed base, overridden by whatever the reader set.
 */
import { resolveScenario, type Scenario, type ScenarioInput } from '@forward-progress/model/scenario/scenarios';
import { PARAM_BY_KEY } from '@forward-progress/model/scenario/params';
import type { ControlValues } from '../controls.ts';

export interface SimBase {
  scenario?: string;
  kernel?: string;
  patches?: string[];
  params?: Record<string, number>;
}

export function scenarioFromValues(base: SimBase, values: ControlValues): Scenario {
  const params: Record<string, number> = { ...(base.params ?? {}) };
  for (const [key, value] of Object.entries(values)) if (key in PARAM_BY_KEY) params[key] = Number(value);
  const input: ScenarioInput = {
    scenario: base.scenario,
    kernel: typeof values.kernel === 'string' ? values.kernel : base.kernel,
    patches: typeof values.patch === 'string' ? values.patch.split(',').filter(Boolean) : base.patches,
    params,
  };
  return resolveScenario(input).scenario;
}
