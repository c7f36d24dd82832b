import { describe, expect, it } from 'vitest';
import { classify, computeMetrics, STALL_GAP_S } from '../../lab/parse/classify.js';
import { isParsedLine, parseSerialLog } from '../../lab/parse/parseSerialLog.js';
import { buildTrace, formatTrace, thin } from '../../lab/parse/trace.js';
import { footer, header, hogOk, log, sampleLine, samples } from './synthetic.js';

const run = (text: string) => classify(parseSerialLog(text));

describe('parseSerialLog', () => {
  it('reads header, samples, memhog timings and the guest RESULT', () => {
    const p = parseSerialLog(log(header(), samples(4), hogOk(), 'LAB: t=91.00 RESULT COMPLETED rc=0 rcs=[ 0 ] oom_kill=0', footer()));
    expect(p.scenario?.name).toBe('synthetic');
    expect(p.kernelRelease).toBe('6.1.0-test');
    expect(p.settings.min_free_kbytes).toBe('3926');
    expect(p.samples).toHaveLength(4);
    expect(p.samples[1]?.v.SwapTotal).toBe(2097148);
    expect(p.hogs[0]).toMatchObject({ touchedMiB: 64, fillS: 37, verifyS: 50, badPages: 0, ok: true });
    expect(p.guestResult).toEqual({ t: 91, outcome: 'COMPLETED', rc: 0, oomKill: 0 });
    expect(p.footer).toEqual({ qemuExit: 0, wallS: 100, timedOut: false, qemuCpuS: null, hostLoad1Start: null, hostLoad1End: null });
    const withLoad = parseSerialLog(log(header(), 'LABHOST end qemuExit=0 wallS=200.0 timedOut=0 qemuCpuS=150.5 hostLoad1Start=3.10 hostLoad1End=9.75'));
    expect(buildTrace(withLoad).provenance.hostLoad).toEqual({ load1Start: 3.1, load1End: 9.75, qemuCpuS: 150.5, qemuCpuPerWall: 0.75 });
  });

  it('rejects sample lines cut by interleaved kernel output, and finds samples after a prefix', () => {
    const good = sampleLine({ t: 3 }, 0);
    const cut = good.slice(0, good.indexOf(' pgscan_direct'));
    const p = parseSerialLog(log(header(), `[   3.1] noise ${sampleLine({ t: 3.5 }, 1)}`, cut, good));
    expect(p.samples.map((s) => s.t)).toEqual([3.5, 3]);
    expect(p.corruptSamples).toBe(1);
  });

  it('does not count a kernel line twice when it is on the console and in the dmesg dump', () => {
    const kill = '[  163.123456] Out of memory: Killed process 77 (memhog) total-vm:3670028kB';
    const p = parseSerialLog(log(header(), kill, `LAB: dmesg: ${kill}`));
    expect(p.events.filter((e) => e.kind === 'oom-kill')).toHaveLength(1);
  });
});

describe('classify', () => {
  it('completed: RESULT COMPLETED, bad_pages=0, no gaps', () => {
    const r = run(log(header(), samples(10), hogOk(), 'LAB: t=91.00 RESULT COMPLETED rc=0 rcs=[ 0 ] oom_kill=0', footer(0, 95.5)));
    expect(r.kind).toBe('completed');
    expect(r).toMatchObject({ badPages: 0, fillS: 37, verifyS: 50, wallS: 95.5, oomKills: 0, swapFreeAtKillKiB: null, maxSampleGapS: 0.5, gapsOver2s: 0, asExpected: true });
  });

  it('oom-killed: takes SwapFree at the kill from the kernel report', () => {
    const text = log(
      header({ touchMiB: 3584, overcommit: 1, expect: 'oom-killed' }),
      samples(6, 3, (i) => ({ SwapFree: 100000 - i * 20000, oom_kill: i >= 5 ? 1 : 0 })),
      'LAB: t=3.50 START memhog procs=1 mb=3584',
      'MEMHOG id=0 start t=3.60 mib=3584',
      '[    5.400000] memhog invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0',
      '[    5.600000] Out of memory: Killed process 77 (memhog) total-vm:3670028kB, anon-rss:900000kB',
      'LAB: t=7.00 RESULT OOM_KILLED rc=137 rcs=[ 137 ] oom_kill=1',
      'LAB: dmesg: [    5.450000] Free swap  = 6984kB',
      footer(0, 10),
    );
    const r = run(text);
    expect(r.kind).toBe('oom-killed');
    expect(r.oomKills).toBe(1);
    expect(r.swapFreeAtKillKiB).toBe(6984);
    expect(r.reason).toContain('t=5.6');
    expect(r.asExpected).toBe(true);
  });

  it('oom-killed without a kernel report: SwapFree from the last sample before the counter moved', () => {
    const text = log(header(), samples(6, 3, (i) => ({ SwapFree: 100000 - i * 20000, oom_kill: i >= 4 ? 1 : 0 })),
      'LAB: t=7.00 RESULT OOM_KILLED rc=137 rcs=[ 137 ] oom_kill=1', footer());
    const r = run(text);
    expect(r.swapFreeAtKillKiB).toBe(40000);
    expect(r.asExpected).toBe(false);
  });

  it('stalled: the guest watchdog fired', () => {
    const r = run(log(header({ watchdogS: 900 }), samples(4), 'LAB: t=903.60 WATCHDOG memhog still running after 900s: sysrq w+m, killing it',
      'LAB: t=904.00 RESULT WATCHDOG rc=137 rcs=[ 137 ] oom_kill=0', footer(0, 910)));
    expect(r.kind).toBe('stalled');
    expect(r.reason).toContain('watchdog');
    expect(r.reason).toContain('903.6');
  });

  it('missing RESULT: host timeout -> stalled; QEMU exit -> failed; truncated log -> failed; panic -> failed', () => {
    expect(run(log(header(), samples(3), footer(124, 1200, true))).kind).toBe('stalled');
    expect(run(log(header(), samples(3), footer(124, 1200, true))).reason).toContain('host timeout');
    const exited = run(log(header(), samples(3), footer(0, 30)));
    expect(exited.kind).toBe('failed');
    expect(exited.reason).toContain('no RESULT');
    expect(run(log(header(), samples(3))).kind).toBe('failed');
    expect(run(log(header(), samples(3))).wallS).toBeNull();
    const panic = run(log(header(), '[   12.000000] Kernel panic - not syncing: Out of memory and no killable processes', footer(0, 13)));
    expect(panic).toMatchObject({ kind: 'failed' });
    expect(panic.reason).toContain('panic');
  });

  it('detects sampler gaps from the sampler\'s own dt, not from lost console lines', () => {
    const lines = samples(6);
    lines[3] = sampleLine({ t: 7.5, dt: 3.5 }, 3); // the sampler could not run for 3.5 s
    lines.splice(4, 1); // a line lost on the console: no gap by itself
    const r = run(log(header(), lines, hogOk(), 'LAB: t=91.00 RESULT COMPLETED rc=0 rcs=[ 0 ] oom_kill=0', footer()));
    expect(r.kind).toBe('completed');
    expect(r.maxSampleGapS).toBe(3.5);
    expect(r.gapsOver2s).toBe(1);
    expect(r.reason).toContain('1 gaps > 2 s');
  });

  it(`a completed run with a sampler gap of ${STALL_GAP_S} s or more is stalled`, () => {
    const lines = samples(4);
    lines[2] = sampleLine({ t: 80, dt: 75.2 }, 2);
    const r = run(log(header(), lines, hogOk(), 'LAB: t=91.00 RESULT COMPLETED rc=0 rcs=[ 0 ] oom_kill=0', footer()));
    expect(r.kind).toBe('stalled');
    expect(r.maxSampleGapS).toBe(75.2);
  });

  it('bad pages: data verification failure is failed, whatever the guest said', () => {
    const r = run(log(header(), samples(4), hogOk(3), 'LAB: t=91.00 RESULT FAILED_rc2 rc=2 rcs=[ 2 ] oom_kill=0', footer()));
    expect(r).toMatchObject({ kind: 'failed', badPages: 3 });
    expect(r.reason).toContain('3 bad pages');
  });

  it('mmap failure and guest setup failure are failed', () => {
    const mm = run(log(header(), 'MEMHOG id=0 mmap_failed mib=3584', 'LAB: t=4.00 RESULT FAILED_rc3 rc=3 rcs=[ 3 ] oom_kill=0', footer()));
    expect(mm.kind).toBe('failed');
    expect(mm.reason).toContain('mmap');
    const setup = run(log(header(), 'LAB: t=2.10 FATAL dmsetup create', 'LAB: t=2.10 RESULT FAILED_setup rc=-1 oom_kill=0', footer()));
    expect(setup.reason).toBe('guest setup failed: dmsetup create');
  });

  it('metrics: scan/steal ratio, peaks and swap used', () => {
    const p = parseSerialLog(log(header(), samples(3, 3, (i) => ({
      pgscan_direct: i * 1000, pgsteal_direct: i * 10, Writeback: [100, 8200, 50][i] ?? 0, SwapFree: 2097148 - i * 1000, psi_full10: i * 30.5,
    }))));
    const m = computeMetrics(p);
    expect(m).toMatchObject({ directScanStealRatio: 100, peakWritebackKiB: 8200, maxSwapUsedKiB: 2000, maxPsiFullAvg10: 61, kswapdScanStealRatio: null });
  });
});

describe('trace', () => {
  it('thins the series but keeps the first and last sample', () => {
    expect(thin([0, 1, 2, 3, 4, 5, 6], 3)).toEqual([0, 3, 6]);
    expect(thin([0, 1, 2, 3, 4, 5], 3)).toEqual([0, 3, 5]);
    expect(thin([0, 1], 5)).toEqual([0, 1]);
  });

  it('formats number arrays on one line and stays under 60 kB on long runs', () => {
    const text = log(header(), samples(3000), hogOk(), 'LAB: t=91.00 RESULT COMPLETED rc=0 rcs=[ 0 ] oom_kill=0', footer());
    const tr = buildTrace(parseSerialLog(text));
    const out = formatTrace(tr);
    expect(Buffer.byteLength(out)).toBeLessThan(60_000);
    expect(tr.sampling.stride).toBeGreaterThan(1);
    expect(tr.series.t[tr.series.t.length - 1]).toBe(3 + 2999 * 0.5);
    expect(/\n {4}"t": \[3,\d/.test(out)).toBe(true);
    expect(JSON.parse(out)).toEqual(tr);
  });

  it('--trim keeps exactly the lines that change the trace', () => {
    const text = log(header(), '[    1.000000] irrelevant boot chatter', samples(5), hogOk(),
      '[    5.000000] Out of memory: Killed process 77 (memhog)', 'LAB: t=91.00 RESULT COMPLETED rc=0 rcs=[ 0 ] oom_kill=0', footer());
    const trimmed = text.split('\n').filter(isParsedLine).join('\n') + '\n';
    expect(trimmed).not.toContain('irrelevant');
    expect(formatTrace(buildTrace(parseSerialLog(trimmed)))).toBe(formatTrace(buildTrace(parseSerialLog(text))));
  });
});
