/**
 * `fpsim validate --against lab`: the kernel mapping, the trace reader, the
 * machine taken from a committed trace, and the report's shape. Structural
 * assertions only: the model's outcomes on the lab machines are evidence, not
 * a test target.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapLabKernel, mappingLabel } from '../../models/src/lab/kernelVariants.ts';
import { LabTraceError, parseDd, readLabTrace } from '../../models/src/lab/trace.ts';
import { labMachine } from '../../models/src/lab/labMachine.ts';
import { compareAgainstLab, lateCounterRate, realSide } from '../../models/src/lab/compare.ts';
import { formatLabComparison, matchedLine, scanLines, timeLines } from '../../models/src/report/labValidation.ts';
import { resolveScenario } from '../../models/src/scenario/scenarios.ts';

const load = (p: string) => JSON.parse(readFileSync(new URL(`../../content/data/${p}`, import.meta.url), 'utf8')) as Record<string, any>;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe('lab kernel variant → model base + patches', () => {
  const cases: [string, string][] = [
    ['4.6.2', 'v4.6'],
    ['4.6.2+revert', 'v4.6+revert-f9054c70'],
    ['4.7.4', 'v4.7-rc6+revert-f9054c70'],
    ['4.7.4-f9054c70', 'v4.7-rc6'],
    ['4.7.4-f9054c70+throttle-noretry', 'v4.7-rc6+throttle-noretry'],
    ['4.7.4-f9054c70+mempool-less-throttle', 'v4.7-rc6+mempool-less-throttle'],
    ['4.7.4-f9054c70+mempool-less-throttle+throttle-skip-less-throttle', 'v4.7-rc6+mempool-less-throttle+throttle-skip-less-throttle'],
    ['4.8.15', 'v4.8'],
    ['4.9.13', 'v4.9'],
    ['4.9', 'v4.9'], // the lab's id for the 4.9 release (4.9.0)
  ];
  it.each(cases)('%s → %s', (id, label) => {
    const m = mapLabKernel(id);
    expect(m.ok, JSON.stringify(m)).toBe(true);
    expect(mappingLabel(m)).toBe(label);
  });
  it('a kernel the model has no counterpart for, or an unknown id or edit, is unsupported with its reason', () => {
    for (const id of ['6.1', '6.12']) {
      const m = mapLabKernel(id);
      expect(m).toMatchObject({ ok: false });
      expect(!m.ok && m.reason).toMatch(/no model kernel for Linux 6\.1/);
    }
    const unknown = mapLabKernel('3.18.1');
    expect(!unknown.ok && unknown.reason).toMatch(/unknown lab kernel "3\.18\.1"/);
    const edit = mapLabKernel('4.6.2+mystery');
    expect(!edit.ok && edit.reason).toMatch(/unknown lab edit "mystery"/);
  });
});

describe('a committed trace as a model machine', () => {
  const trace = load('lab-2016/4.8.15-crypt-r1.json');
  const f = readLabTrace(trace, '4.8.15-crypt-r1.json');

  it('reads the scenario, the config, the guest settings and the dd measurements', () => {
    expect(f).toMatchObject({ run: '4.8.15-crypt-r1', kernelId: '4.8.15', swap: 'crypt', cpus: 2, memMiB: 1024, swapMiB: 2048, touchMiB: 1536, hz: 1000, minFreeKbytes: 4039 });
    expect(f.zones.map((z) => z.name)).toEqual(['DMA', 'DMA32']);
    expect(f.measurements.crypt_null_write_1M!.MiBPerS).toBeCloseTo(33554432 / 2.19 / 1048576, 6);
    expect(f.hogStartT).toBeGreaterThan(0);
    expect(f.buildKey).toMatch(/^[0-9a-f]{16}$/);
  });

  it('takes every machine parameter from the trace, none from its outcome', () => {
    const m = labMachine(f);
    expect(m.ok).toBe(true);
    if (!m.ok) return;
    expect(m.params).toMatchObject({ cpus: 2, ramMiB: 1024, swapMiB: 2048, touchMiB: 1536, hz: 1000, minFreeKbytes: 4039 });
    expect(m.params.cryptMiBPerSPerCpu).toBeCloseTo(14.61, 2);
    expect(m.params.diskMiBPerS).toBeCloseTo(152.38, 2);
    expect(m.params.diskLatencyMs!).toBeGreaterThanOrEqual(0);
    expect(m.params.horizonS).toBe(Math.floor(f.hostTimeoutS - f.hogStartT));
    // Each value names its source in the trace, and the model accepts it unchanged.
    for (const t of m.taken) expect(t.from, t.key).not.toBe('');
    expect(resolveScenario({ kernel: 'v4.8', params: m.params }).notices).toEqual([]);
    // Changing the outcome of the trace changes nothing.
    const other = clone(trace);
    other.result = { ...other.result, kind: 'oom-killed', oomKills: 1, fillS: null };
    expect(labMachine(readLabTrace(other, 'x'))).toEqual(m);
  });

  it("takes memhog's touch rate from MemFree before the first swap-out, and nothing after it", () => {
    const m = labMachine(f);
    if (!m.ok) throw new Error(m.reason);
    // 4.8.15-crypt-r1 on a loaded host: MemFree 936996 kB at 25.6 s, 377632 kB at 34.6 s... the span ends at 35.6 s.
    expect(m.params.touchMiBPerS).toBeCloseTo(59.8, 1);
    expect(m.taken.find((t) => t.key === 'touchMiBPerS')!.from).toMatch(/^MemFree slope from [\d.]+ s to [\d.]+ s, before the first swap-out$/);
    // What the sampler saw once swapping began plays no part.
    const later = clone(trace);
    const firstSwap = later.series.swapUsedKiB.findIndex((kb: number) => kb > 0);
    for (let i = firstSwap + 1; i < later.series.memFreeKiB.length; i++) later.series.memFreeKiB[i] = 0;
    expect(labMachine(readLabTrace(later, 'x'))).toEqual(m);
    // Without MemFree, the model's default, and the notes say so.
    const none = clone(trace);
    delete none.series.memFreeKiB;
    const d = labMachine(readLabTrace(none, 'x'));
    if (!d.ok) throw new Error(d.reason);
    expect(d.params.touchMiBPerS).toBeUndefined();
    expect(d.notes.some((n) => /^touchMiBPerS: the trace has no two samples of MemFree/.test(n))).toBe(true);
  });

  it('puts a plain-swap control run on the bare disk (swapOnDmCrypt 0), a dm-crypt run on dm-crypt (1)', () => {
    const plain = labMachine(readLabTrace(load('lab-2016/4.6.2-plain-r1.json'), 'plain'));
    expect(plain).toMatchObject({ ok: true, params: { swapOnDmCrypt: 0 } });
    expect(plain.ok && plain.taken.find((x) => x.key === 'swapOnDmCrypt')?.from).toBe('scenario.swap');
    expect(labMachine(f)).toMatchObject({ ok: true, params: { swapOnDmCrypt: 1 } });
  });

  it('refuses a run with a collector writing files beside the test (the model has no file writer), with the reason', () => {
    const withCollector = clone(trace);
    withCollector.scenario.writer = 1;
    const m = labMachine(readLabTrace(withCollector, 'collector'));
    expect(m).toMatchObject({ ok: false });
    expect(!m.ok && m.reason).toMatch(/collector .* no file writer/);
  });

  it('says, for the collector run that was OOM-killed, that the kill came from an order-2 allocation the model cannot make', () => {
    const f = readLabTrace(load('lab-2016/4.7.4-f9054c70-crypt-writer-r1.json'), 'writer-r1');
    expect(f.oomInvoker).toEqual({ comm: 'kthreadd', gfpFlags: 'GFP_KERNEL_ACCOUNT|__GFP_NOTRACK', order: 2 });
    expect(f.collector).toEqual({ samples: 10, seconds: 60 });
    const m = labMachine(f);
    expect(!m.ok && m.reason).toMatch(/wrote 10 samples in 60 s; the OOM kill came from an order-2 allocation of kthreadd .*order-0 allocations only$/);
  });

  it('names the trace and the field of a malformed trace', () => {
    const noCpus = clone(trace);
    delete noCpus.scenario.cpus;
    expect(() => readLabTrace(noCpus, 'bad.json')).toThrow(LabTraceError);
    expect(() => readLabTrace(noCpus, 'bad.json')).toThrow(/4\.8\.15-crypt-r1: scenario\.cpus: expected a finite number/);
    const shortSeries = clone(trace);
    shortSeries.series.writebackKiB.pop();
    expect(() => readLabTrace(shortSeries, 'bad.json')).toThrow(/series\.writebackKiB: has \d+ points, series\.t has \d+/);
    expect(() => readLabTrace([], 'list.json')).toThrow(/list\.json: : not a JSON object/);
    expect(() => parseDd('t', 'm', 'fast')).toThrow(/expected "bytes=… s=… MBps=…"/);
    expect(parseDd('t', 'm', '')).toBeNull();
  });

  it('measures the real run the way it measures the model', () => {
    const r = realSide(f);
    expect(r.cls).toBe('completes');
    expect(r.endS).toBe(trace.result.fillS);
    expect(r.plateauKiB).not.toBeNull();
    expect(r.lateFrom).toMatch(/dm-0/);
    expect(lateCounterRate([0, 100, 200, 400], [0, 100, 200, 400], 0, 400)).toBeCloseTo(1, 6);
    expect(lateCounterRate([0, 10], [0, 5], 0, 400)).toBeNull();
  });
});

describe('the --against lab report', () => {
  const t = (p: string) => ({ name: p, json: load(p) });
  const c = compareAgainstLab([t('lab-2016/4.8.15-crypt-r1.json'), t('lab-2016/4.6.2-plain-r1.json'), t('lab/6.1-crypt-r1.json'), { name: 'broken.json', json: { schema: 1 } }], { seeds: [1] });

  it('runs the model on the supported trace and gives every other trace its reason', () => {
    expect(c.rows.map((r) => r.trace)).toEqual(['lab-2016/4.8.15-crypt-r1.json', 'lab-2016/4.6.2-plain-r1.json', 'lab/6.1-crypt-r1.json', 'broken.json']);
    const [ok, plain, debian, broken] = c.rows as [typeof c.rows[0], typeof c.rows[0], typeof c.rows[0], typeof c.rows[0]];
    expect(ok.unsupported).toBeNull();
    expect(ok.model).toMatchObject({ seeds: [1], clsCount: 1 });
    expect(typeof ok.matched).toBe('boolean');
    // The model's machine sets the zones' watermarks the real kernel logged at boot (a check of the machine, not of an outcome).
    expect(ok.watermarks.map((z) => z.zone)).toEqual(expect.arrayContaining(['DMA', 'DMA32']));
    for (const z of ok.watermarks.filter((w) => w.real)) expect(Math.abs(z.model!.min - z.real!.min), z.zone).toBeLessThanOrEqual(Math.max(2, z.real!.min * 0.05));
    expect(plain.unsupported).toBeNull();
    expect(plain.real?.cls).toBe('completes');
    expect(plain.model).toMatchObject({ seeds: [1] });
    expect(debian.unsupported).toMatch(/no model kernel for Linux 6\.1/);
    expect(broken.unsupported).toMatch(/^malformed trace: broken\.json: run: expected a string/);
    expect(c.compared).toBe(2);
  });

  it('a file that is not JSON is a row with the parser\'s message, not a crash', () => {
    const c3 = compareAgainstLab([{ name: 'garbage.json', json: null, parseError: 'Unexpected token' }]);
    expect(c3.rows[0]!.unsupported).toBe('malformed trace: garbage.json: not valid JSON: Unexpected token');
    expect(matchedLine(c3)).toBe('matched 0 of 0 lab runs');
  });

  it('a trace without dd measurements takes those of a run of the same kernel build, and says so', () => {
    const c2 = compareAgainstLab([t('lab-2016/4.6.2-crypt-r1.json'), t('lab-2016/4.6.2-plain-r1.json')], { seeds: [1] });
    const crypt = c2.rows[0]!;
    expect(crypt.unsupported).toBeNull();
    expect(crypt.notes.join(' ')).toMatch(/no dd measurements[^]*4\.6\.2-plain-r1's \(the same kernel build [0-9a-f]{16}/);
    expect(crypt.taken.find((x) => x.key === 'cryptMiBPerSPerCpu')!.from).toMatch(/of 4\.6\.2-plain-r1$/);
    // The frozen guest's sampler stopped early; the late rate comes from the host's reports and says so.
    expect(crypt.real!.lateFrom).toMatch(/sysrq-m/);
  });

  it('ends with one line "matched N of M lab runs"', () => {
    const text = formatLabComparison(c);
    const last = text.split('\n').at(-1)!;
    expect(last).toMatch(/^matched [0-2] of 2 lab runs$/);
    expect(text.split('\n').slice(-7, -1)).toEqual([...timeLines(c), ...scanLines(c)]);
    expect(last).toBe(matchedLine(c));
    expect(text).toMatch(/^4\.8\.15-crypt-r1 {2}\[lab kernel 4\.8\.15, crypt swap → model v4\.8\]/m);
    expect(text).toMatch(/^ {4}outcome {18}completes/m);
    expect(text).toMatch(/^ {4}watermarks min\/low\/high  DMA \d+\/\d+\/\d+ DMA32 /m);
    expect(text).toMatch(/^4\.6\.2-plain-r1 {2}\[lab kernel 4\.6\.2, plain swap → model v4\.6\]/m);
    expect(text).toMatch(/^lab kernel 6\.1: 1 trace \(6\.1-crypt-r1\)$/m);
  });
});
