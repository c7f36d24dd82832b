/**
 * The parser and classifier on what the 2016 kernels print (probe logs in
 * tests/lab/fixtures/lab-2016-probe), and the blocked-task dump parser.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { classify, computeMetrics } from '../../lab/parse/classify.js';
import { isParsedLine, parseSerialLog } from '../../lab/parse/parseSerialLog.js';
import { describeTask, parseBlockedDumps, parseMemReports, summarizeBlocked } from '../../lab/parse/sysrq.js';

const here = dirname(fileURLToPath(import.meta.url));
const probe = (name: string): string =>
  gunzipSync(readFileSync(join(here, 'fixtures', 'lab-2016-probe', `${name}.log.gz`))).toString('utf8');

describe('probe logs of the 2016 kernels', () => {
  it('4.6.2, dm-crypt, 1 GiB: a stall at the host limit, free 0 in both zones, swap nearly empty', () => {
    const text = probe('4.6.2-crypt-1G-1536');
    const p = parseSerialLog(text);
    const r = classify(p);
    expect(r.kind).toBe('stalled');
    expect(r.reason).toMatch(/^host timeout after 450\.2\d* s with no RESULT; last sample at t=31\.39$/);
    const m = computeMetrics(p);
    expect(m.touchedMiB).toBe(960);
    expect(m.allocFailures).toBe(3);
    expect(m.peakWritebackKiB).toBe(18548);
    // before 4.8 the reclaim counters are per zone: vmlog summed them
    expect(m.pgscanDirect).toBe(9892);
    expect(p.samples.at(-1)?.extra.allocstall).toBe(3);
    // fields these kernels lack read -1 (PSI, oom_kill, per-zone allocstall)
    expect(p.samples[0]?.v.psi_full10).toBe(-1);
    expect(p.samples[0]?.v.oom_kill).toBe(-1);
    const mem = parseMemReports(text);
    expect(mem.map((x) => x.source)).toEqual(['alloc-failure', 'alloc-failure', 'alloc-failure']);
    expect(mem[0]).toMatchObject({ freeKiB: 0, swapFreeKiB: 2059732, writebackKiB: 36304 });
    expect(mem[0]?.zones.DMA32).toEqual({ free: 0, min: 3972, low: 4972, high: 5972 });
    expect(mem[0]?.zones.DMA).toEqual({ free: 0, min: 60, low: 72, high: 84 });
    // 4.6 prints a zone's pages_scanned in kB: DMA32 had scanned 4,132,164 kB against a
    // gate of 6 x 989,556 kB, so the kernel still called it reclaimable; DMA was past its gate
    expect(mem[0]?.reclaim.DMA32).toEqual({ scannedKiB: 4132164, lruKiB: 989556, unreclaimable: false });
    expect(mem[0]?.reclaim.DMA).toEqual({ scannedKiB: 69632, lruKiB: 11500, unreclaimable: true });
    expect(mem[1]?.reclaim.DMA32?.scannedKiB).toBe(248);
  });

  it('4.6.2, dm-crypt, 512 MiB: stalled, with seven allocation failures of dmcrypt_write', () => {
    const p = parseSerialLog(probe('4.6.2-crypt-512M-768'));
    expect(classify(p).kind).toBe('stalled');
    const fails = p.events.filter((e) => e.kind === 'alloc-failure');
    expect(fails).toHaveLength(7);
    expect(fails.every((e) => e.text.startsWith('dmcrypt_write: page allocation failure: order:0'))).toBe(true);
  });

  it('4.7.4 and 4.8.15 on the small machine complete', () => {
    for (const [name, scan] of [['4.7.4-crypt-512M-768', 8006909], ['4.8.15-crypt-512M-768', 1829111]] as const) {
      const p = parseSerialLog(probe(name));
      expect(classify(p).kind, name).toBe('completed');
      expect(computeMetrics(p).pgscanDirect, name).toBe(scan);
    }
  });

  it('4.8.15, 1 GiB: the guest watchdog fired; its sysrq-w dump is empty at loglevel 5, its sysrq-m report is read', () => {
    const text = probe('4.8.15-crypt-1G-1536');
    expect(classify(parseSerialLog(text)).kind).toBe('stalled');
    const dumps = parseBlockedDumps(text);
    expect(dumps).toHaveLength(1);
    expect(dumps[0]).toEqual({ t: 367.527254, tasks: [] });
    const mem = parseMemReports(text);
    expect(mem).toHaveLength(1);
    expect(mem[0]).toMatchObject({ source: 'sysrq-m', freeKiB: 11136, swapFreeKiB: 1045528 });
    // from 4.8 the gate is the node's, on the "Node 0 active_anon:" line
    expect(mem[0]?.reclaim).toEqual({ 'Node 0': { scannedKiB: 0, lruKiB: 995712, unreclaimable: false } });
  });
});

describe('the reclaim gate read from every committed 2016 log', () => {
  const logs = join(here, '..', '..', 'lab', 'logs-2016');
  const runs = readdirSync(logs).filter((f) => /-r\d+\.log\.gz$/.test(f));
  // The kernel decides on zone_page_state_snapshot (per-CPU deltas included) and prints
  // zone_page_state: each of the seven counters may differ by up to the vmstat threshold
  // (at most 125 pages per CPU, 2 CPUs here), so a gate within that margin is not judged.
  const marginKiB = 6 * 7 * 125 * 2 * 4;
  it.each(runs)('%s: scanned >= 6 x reclaimable exactly where the kernel said all_unreclaimable', (f) => {
    const mem = parseMemReports(gunzipSync(readFileSync(join(logs, f))).toString('utf8'));
    // a report cut off by the end of the run has no "Free swap" line and may lack its gate
    const whole = mem.filter((m) => m.swapFreeKiB !== null);
    // every whole report of these kernels prints the gate (zones up to 4.7, the node from 4.8)
    expect(whole.every((m) => Object.keys(m.reclaim).length > 0)).toBe(true);
    const gates = whole.flatMap((m) => Object.values(m.reclaim)).filter((g) => Math.abs(g.scannedKiB - 6 * g.lruKiB) > marginKiB);
    expect(gates.length).toBeGreaterThan(0);
    // a wrong unit (kB read as pages, or the reverse) or a missed LRU would break this
    for (const g of gates) expect(g.scannedKiB >= 6 * g.lruKiB, JSON.stringify(g)).toBe(g.unreclaimable);
  });
});

/** A blocked-task dump in the 4.6 format, written for this test (shape of sched_show_task + show_stack). */
const DUMP_46 = [
  '[   61.200000] SysRq : Show Blocked State',
  '[   61.200100]   task                        PC stack   pid father',
  '[   61.200200] kswapd0         D ffff88003d62b6c8     0    28      2 0x00000000',
  '[   61.200300]  ffff88003d62b6c8 ffff88003e1b0000 ffff88003d5b8000 ffff88003d62c000',
  '[   61.200400] Call Trace:',
  '[   61.200500]  [<ffffffff81561b55>] schedule+0x35/0x80',
  '[   61.200600]  [<ffffffff81564a2e>] schedule_timeout+0x11e/0x1c0',
  '[   61.200700]  [<ffffffff810b1230>] ? trace_event_raw_event_tick_stop+0xd0/0xd0',
  '[   61.200800]  [<ffffffff81561176>] io_schedule_timeout+0xa6/0x110',
  '[   61.200900]  [<ffffffff810ee5c8>] mempool_alloc+0x148/0x170',
  '[   61.201000]  [<ffffffff811e0a13>] bio_alloc_bioset+0xa3/0x1f0',
  '[   61.201100]  [<ffffffff812e6b38>] alloc_tio+0x28/0x60',
  '[   61.201200]  [<ffffffff812e8d7c>] __split_and_process_bio+0x2ac/0x420',
  '[   61.201300]  [<ffffffff812e9116>] dm_make_request+0x76/0xd0',
  '[   61.201400]  [<ffffffff811e81c2>] generic_make_request+0xf2/0x1d0',
  'VM seq=60 t=61.20 dt=1.00 (a sampler line interleaved: ignored)',
  '[   61.201500]  [<ffffffff811e8316>] submit_bio+0x76/0x170',
  '[   61.201600]  [<ffffffff8112b6b1>] __swap_writepage+0x1d1/0x230',
  '[   61.201700] kworker/u4:2    D ffff88003b2a7838     0   301      2 0x00000000',
  '[   61.201800] Workqueue: kcryptd kcryptd_crypt',
  '[   61.201900] Call Trace:',
  '[   61.202000]  [<ffffffff81561b55>] schedule+0x35/0x80',
  '[   61.202100]  [<ffffffff81564a2e>] schedule_timeout+0x11e/0x1c0',
  '[   61.202200]  [<ffffffff81561176>] io_schedule_timeout+0xa6/0x110',
  '[   61.202300]  [<ffffffff810f6c3a>] congestion_wait+0x7a/0x100',
  '[   61.202400]  [<ffffffff810ef9b1>] throttle_vm_writeout+0x71/0xa0',
  '[   61.202500]  [<ffffffff810f8d13>] shrink_zone_memcg+0x613/0x720',
  '[   61.202600]  [<ffffffff810f8f01>] shrink_zone+0xe1/0x300',
  '[   61.202700]  [<ffffffff810f9d2e>] do_try_to_free_pages+0x14e/0x3f0',
  '[   61.202800]  [<ffffffff810fa0a3>] try_to_free_pages+0xd3/0x160',
  '[   61.202900]  [<ffffffff810ed9c4>] __alloc_pages_nodemask+0x5c4/0xb40',
  '[   61.203000] SysRq : Show Memory',
  '[   61.203100] Mem-Info:',
  '[   61.203200] active_anon:125071 inactive_anon:125161 isolated_anon:32',
  '[   61.203300]  unevictable:287 dirty:0 writeback:9076 unstable:0',
  '[   61.203400]  free:0 free_pcp:6 free_cma:0',
  '[   61.203500] Node 0 DMA32 free:0kB min:3972kB low:4972kB high:5972kB active_anon:494608kB',
  '[   61.203600] Free swap  = 2059732kB',
].join('\n');

describe('blocked-task dumps (sysrq-w)', () => {
  it('turns each task into: the function it sleeps in, the wait under it, the callers above it', () => {
    const dumps = parseBlockedDumps(DUMP_46);
    expect(dumps).toHaveLength(1);
    const [kswapd, kcryptd] = dumps[0]!.tasks;
    expect(kswapd).toEqual({
      comm: 'kswapd0', pid: 28, state: 'D', workqueue: null, sleepsIn: 'mempool_alloc',
      via: ['schedule_timeout', 'io_schedule_timeout'],
      callers: ['bio_alloc_bioset', 'alloc_tio', '__split_and_process_bio', 'dm_make_request', 'generic_make_request', 'submit_bio', '__swap_writepage'],
    });
    expect(kcryptd?.workqueue).toBe('kcryptd kcryptd_crypt');
    expect(kcryptd?.sleepsIn).toBe('throttle_vm_writeout');
    expect(describeTask(kcryptd!)).toBe(
      'kworker [kcryptd] D in throttle_vm_writeout (schedule_timeout, io_schedule_timeout, congestion_wait) <- shrink_zone_memcg <- shrink_zone <- do_try_to_free_pages <- try_to_free_pages <- __alloc_pages_nodemask');
    const mem = parseMemReports(DUMP_46);
    expect(mem).toEqual([{ t: 61.2031, source: 'sysrq-m', freeKiB: 0, writebackKiB: 36304, swapFreeKiB: 2059732, zones: { DMA32: { free: 0, min: 3972, low: 4972, high: 5972 } }, reclaim: {} }]);
  });

  it('summarizes who sleeps where over several dumps', () => {
    const two = `${DUMP_46}\n${DUMP_46.replace(/\[   61\./g, '[   91.')}`;
    const rows = summarizeBlocked(parseBlockedDumps(two));
    expect(rows.map((r) => [r.task, r.sleepsIn, r.dumps, r.firstT, r.lastT])).toEqual([
      ['kswapd0', 'mempool_alloc', 2, 61.2, 91.2],
      ['kworker [kcryptd]', 'throttle_vm_writeout', 2, 61.2, 91.2],
    ]);
  });

  it('--trim keeps every line of a dump and of a memory report', () => {
    const kept = DUMP_46.split('\n').filter(isParsedLine).join('\n');
    expect(parseBlockedDumps(kept)).toEqual(parseBlockedDumps(DUMP_46));
    expect(parseMemReports(kept)).toEqual(parseMemReports(DUMP_46));
  });

  it('reads the 5.x format as well', () => {
    const text = [
      '[  100.000001] sysrq: Show Blocked State',
      '[  100.000002] task:kswapd0         state:D stack:0     pid:   63 ppid:     2 flags:0x00004000',
      '[  100.000003] Call Trace:',
      '[  100.000004]  <TASK>',
      '[  100.000005]  __schedule+0x2d1/0x880',
      '[  100.000006]  schedule+0x5e/0xd0',
      '[  100.000007]  ? __pfx_wbt_inflight_cb+0x10/0x10',
      '[  100.000008]  mempool_alloc+0x16b/0x1a0',
      '[  100.000009]  bio_alloc_bioset+0xcf/0x340',
      '[  100.000010]  </TASK>',
    ].join('\n');
    const [d] = parseBlockedDumps(text);
    expect(d?.tasks[0]).toMatchObject({ comm: 'kswapd0', pid: 63, state: 'D', sleepsIn: 'mempool_alloc', callers: ['bio_alloc_bioset'] });
  });
});

describe('a real run: 4.6.2, dm-crypt, 1 GiB (lab/logs-2016/4.6.2-crypt-r1.log.gz)', () => {
  const text = gunzipSync(readFileSync(join(here, '..', '..', 'lab', 'logs-2016', '4.6.2-crypt-r1.log.gz'))).toString('utf8');
  const dumps = parseBlockedDumps(text);
  const rows = summarizeBlocked(dumps);
  const row = (task: string, sleepsIn: string, from: RegExp) =>
    rows.filter((r) => r.task === task && r.sleepsIn === sleepsIn && from.test(r.from)).reduce((a, r) => a + r.dumps, 0);

  it('the host took a blocked-task dump every 30 s until the 30-minute limit', () => {
    expect(dumps.length).toBeGreaterThanOrEqual(55);
    expect(classify(parseSerialLog(text)).kind).toBe('stalled');
  });

  it('kswapd0 sleeps in mempool_alloc under the bio clone of dm (alloc_tio, inlined into __split_and_process_bio)', () => {
    // (in a few dumps the bio_alloc_bioset frame is unreliable and left out)
    expect(row('kswapd0', 'mempool_alloc', /^(bio_alloc_bioset <- )?(__split_and_process_bio|get_swap_bio) <- /)).toBeGreaterThanOrEqual(dumps.length - 3);
  });

  it('the kcryptd workers sleep in wait_iff_congested, in direct reclaim entered from their clone-bio allocation', () => {
    expect(row('kworker [kcryptd]', 'wait_iff_congested', /^shrink_inactive_list <- shrink_zone_memcg <- shrink_zone$/)).toBeGreaterThanOrEqual(dumps.length - 3);
    const chain = rows.find((r) => r.task === 'kworker [kcryptd]' && r.sleepsIn === 'wait_iff_congested')?.chain ?? '';
    expect(chain).toMatch(/try_to_free_pages <- .* <- mempool_alloc <- bio_alloc_bioset <- kcryptd_crypt <- process_one_work/);
  });

  it('the sampler (vmlog) and memhog wait in throttle_direct_reclaim or in mempool_alloc', () => {
    expect(row('vmlog', 'throttle_direct_reclaim', /^try_to_free_pages/)).toBeGreaterThanOrEqual(dumps.length - 3);
    const memhog = rows.filter((r) => r.task === 'memhog').map((r) => r.sleepsIn);
    expect(new Set(memhog)).toEqual(new Set(['throttle_direct_reclaim', 'mempool_alloc']));
  });

  it('the memory reports from the host show free 0 in both zones and swap nearly unused', () => {
    const mem = parseMemReports(text).filter((m) => m.source === 'sysrq-m');
    const late = mem.filter((m) => m.t > 100);
    expect(late.length).toBeGreaterThan(40);
    for (const m of late) {
      expect(m.zones.DMA32?.free).toBeLessThan(m.zones.DMA32?.min ?? 0);
      expect(m.swapFreeKiB).toBeGreaterThan(0.95 * 2097148);
    }
  });
});
