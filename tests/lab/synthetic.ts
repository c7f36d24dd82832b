/** Builds small synthetic lab serial logs for the classifier tests. */
import { SAMPLE_FIELDS, type SampleField } from '../../lab/parse/types.js';

export const SCENARIO = {
  name: 'synthetic', kernel: '6.1', swap: 'crypt', cpus: 2, memMiB: 1024, swapGiB: 2, touchMiB: 1536, procs: 1,
  overcommit: 0, thp: 'never', mglru: 'off', sampleMs: 500, watchdogS: 900, hostTimeoutS: 1200,
  expect: 'completed', description: 'synthetic test log',
};

export function header(overrides: Record<string, unknown> = {}): string[] {
  return [
    'LABHOST schema=1',
    'LABHOST run=synthetic-r1',
    'LABHOST rep=1',
    `LABHOST scenario=${JSON.stringify({ ...SCENARIO, ...overrides })}`,
    'LABHOST kernelPackage=linux-image-test=1.0',
    'LABHOST qemuVersion=QEMU emulator version 0.0',
    'LABHOST accelerator=tcg',
    'LABHOST cmdline=console=ttyS0 lab.swap=crypt',
    'LABHOST date=2026-01-01T00:00:00Z',
    'LABHOST command=npm run lab -- synthetic',
    'LABHOST hostCores=2',
    'LABHOST hostMemoryMiB=4096',
    'LABHOST --- serial console follows ---',
    '[    0.500000] some boot message',
    'LAB: t=2.00 init kernel=6.1.0-test',
    'LAB: t=2.50 settings overcommit_memory=0 swappiness=60 min_free_kbytes=3926 lru_gen=0x0000',
  ];
}

export interface SampleSpec {
  t: number;
  dt?: number;
  seq?: number;
  v?: Partial<Record<SampleField, number>>;
}

const BASE: Record<SampleField, number> = Object.fromEntries(SAMPLE_FIELDS.map((f) => [f, 0])) as Record<SampleField, number>;
BASE.MemFree = 900000;
BASE.MemAvailable = 880000;
BASE.SwapTotal = 2097148;
BASE.SwapFree = 2097148;

export function sampleLine(s: SampleSpec, i: number): string {
  const v = { ...BASE, ...s.v };
  const fields = SAMPLE_FIELDS.map((f) => `${f}=${f.startsWith('psi_') && !f.endsWith('_us') ? v[f].toFixed(2) : v[f]}`);
  return `VM seq=${s.seq ?? i} t=${s.t.toFixed(2)} dt=${(s.dt ?? (i === 0 ? 0 : 0.5)).toFixed(2)} ${fields.join(' ')}`;
}

/** n evenly spaced samples starting at t0 */
export function samples(n: number, t0 = 3, v: (i: number) => Partial<Record<SampleField, number>> = () => ({})): string[] {
  return Array.from({ length: n }, (_, i) => sampleLine({ t: t0 + i * 0.5, v: v(i) }, i));
}

export const hogOk = (badPages = 0): string[] => [
  'LAB: t=3.50 START memhog procs=1 mb=1536',
  'MEMHOG id=0 start t=3.60 mib=1536',
  'MEMHOG id=0 touched=64 t=4.00',
  'MEMHOG id=0 touch_done t=40.60 elapsed=37.00',
  `MEMHOG id=0 verify_done t=90.60 elapsed=50.00 bad_pages=${badPages}`,
  ...(badPages ? [] : ['MEMHOG id=0 OK total=87.00']),
];

export const footer = (qemuExit = 0, wallS = 100, timedOut = false): string =>
  `LABHOST end qemuExit=${qemuExit} wallS=${wallS} timedOut=${timedOut ? 1 : 0}`;

export const log = (...parts: Array<string | string[]>): string => parts.flat().join('\n') + '\n';
