import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PATCH_IDS } from '@forward-progress/model/kernel/patches';
import { BASE_KERNELS } from '@forward-progress/model/kernel/versions';
import { PARAMS } from '@forward-progress/model/scenario/params';
import { SCENARIOS, resolveScenario } from '@forward-progress/model/scenario/scenarios';
import { queryToScenario, reproduceCommand, scenarioId, scenarioToQuery } from '@forward-progress/model/scenario/codec';

/** Any valid scenario: a preset, a kernel, a set of patches, in-range parameters. */
const validScenario = fc
  .record({
    scenario: fc.constantFrom(...SCENARIOS.map((s) => s.name)),
    kernel: fc.constantFrom(...BASE_KERNELS),
    patches: fc.subarray([...PATCH_IDS]),
    params: fc.record(
      Object.fromEntries(
        PARAMS.map((p) => [p.key, p.integer ? fc.integer({ min: p.min, max: p.max }) : fc.double({ min: p.min, max: p.max, noNaN: true }).map((x) => Number(x.toPrecision(10)))]),
      ) as Record<string, fc.Arbitrary<number>>,
      { requiredKeys: [] },
    ),
  })
  .map((input) => resolveScenario(input).scenario);

describe('scenario codec', () => {
  it('round-trips any valid scenario through its URL query', () => {
    fc.assert(
      fc.property(validScenario, (scenario) => {
        const back = queryToScenario(scenarioToQuery(scenario));
        expect(back.notices).toEqual([]);
        expect(scenarioToQuery(back.scenario)).toBe(scenarioToQuery(scenario));
        expect(back.scenario.params).toEqual(scenario.params);
        expect(back.scenario.kernel).toBe(scenario.kernel);
        expect([...back.scenario.patches].sort()).toEqual([...scenario.patches].sort());
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on any string and always yields a valid scenario', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (query) => {
        const { scenario } = queryToScenario(query);
        expect(BASE_KERNELS).toContain(scenario.kernel);
        for (const p of PARAMS) {
          const v = scenario.params[p.key];
          expect(Number.isFinite(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(p.min);
          expect(v).toBeLessThanOrEqual(p.max);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('omits defaults and writes keys in canonical order', () => {
    const { scenario } = queryToScenario('seed=7&swappiness=100&patch=throttle-noretry,revert-f9054c70&kernel=v4.6');
    expect(scenarioToQuery(scenario)).toBe('kernel=v4.6&patch=revert-f9054c70,throttle-noretry&swappiness=100&seed=7');
    expect(scenarioToQuery(resolveScenario({}).scenario)).toBe('');
  });

  it.each([
    ['swappiness=NaN', /not a finite number/],
    ['swappiness=1e308', /clamped to 100/],
    ['ramMiB=-5', /clamped to 256/],
    ['kernel=<script>alert(1)</script>', /unknown kernel/],
    ['bogus=1', /unknown parameter bogus/],
    [`touchMiB=${'9'.repeat(10_000)}`, /only the first 512 were read/],
    ['patch=%E2%98%83', /unknown patch/],
  ])('clamps or drops %s with a notice', (query, message) => {
    const { notices } = queryToScenario(query);
    expect(notices.map((n) => n.message).join(' | ')).toMatch(message);
  });

  it('gives short, stable ids that change with the scenario and the model version', () => {
    const a = resolveScenario({ kernel: 'v4.6' }).scenario;
    const b = resolveScenario({ kernel: 'v4.6', params: { seed: 2 } }).scenario;
    expect(scenarioId(a)).toMatch(/^fp1-[0-9a-z]{8}$/);
    expect(scenarioId(a)).toBe(scenarioId(queryToScenario(scenarioToQuery(a)).scenario));
    expect(scenarioId(a)).not.toBe(scenarioId(b));
    expect(scenarioId(a, '0.1.0')).not.toBe(scenarioId(a, '0.2.0'));
  });

  it('builds the command that reproduces a scenario', () => {
    const { scenario } = queryToScenario('kernel=v4.6&patch=revert-f9054c70&swappiness=100&seed=7');
    expect(reproduceCommand(scenario)).toBe('npx fpsim run --kernel v4.6 --patch revert-f9054c70 --set swappiness=100 --seed 7');
  });
});

describe('hashText', () => {
  it('is 64-bit FNV-1a over UTF-8 (published test vectors)', async () => {
    const { hashText } = await import('@forward-progress/model/scenario/codec');
    expect(hashText('')).toBe('cbf29ce484222325');
    expect(hashText('a')).toBe('af63dc4c8601ec8c');
    expect(hashText('foobar')).toBe('85944171f73967e8');
  });
});
