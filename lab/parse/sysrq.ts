/**
 * Reads the kernel's own dumps out of a serial log:
 *  - blocked-task dumps (sysrq-w, "Show Blocked State"), triggered by the host
 *    through the QEMU monitor or by the guest: each task becomes a record
 *    "task -> the function it sleeps in <- the callers that got it there";
 *  - memory reports (sysrq-m, and the Mem-Info that follows a page allocation
 *    failure): free memory, writeback and free swap at the kernel's timestamp,
 *    which still arrive when the guest is wedged and its own sampler cannot run.
 * Pure functions of the text, like parseSerialLog().
 *
 * Formats understood: 4.x ("[<ffffffff811ffc47>] func+0x4d/0x66", "? " for
 * unreliable frames, task line "comm  D ffff88003d4bfa28  0  28  2 0x00000000")
 * and 5.x and later ("func+0x4d/0x66", task line "task:comm state:D ... pid:28").
 */

/** Frames that say how a task waits, not where: skipped to find the function it sleeps in. */
export const WAIT_PRIMITIVES: ReadonlySet<string> = new Set([
  '__schedule', 'schedule', 'schedule_timeout', 'schedule_timeout_uninterruptible', 'schedule_timeout_killable',
  'schedule_timeout_interruptible', 'io_schedule', 'io_schedule_timeout', 'schedule_preempt_disabled',
  'schedule_hrtimeout_range', 'schedule_hrtimeout_range_clock', 'congestion_wait', 'bit_wait', 'bit_wait_io',
  '__wait_on_bit', 'out_of_line_wait_on_bit', '__wait_on_bit_lock', 'out_of_line_wait_on_bit_lock',
  'wait_for_completion', 'wait_for_completion_io', 'wait_for_common', 'wait_for_common_io', '__wait_for_common',
  'do_wait_for_common', 'wait_for_completion_timeout', 'wait_for_completion_io_timeout',
  'rwsem_down_read_failed', 'rwsem_down_write_failed', 'call_rwsem_down_read_failed',
  'call_rwsem_down_write_failed', 'down_read', 'down_write', '__mutex_lock_slowpath', '__mutex_lock',
  'mutex_lock', '__down', '__down_common', 'down', '__lock_page', 'wait_on_page_bit', '__lock_page_or_retry',
  'io_schedule_prepare', 'preempt_schedule_common', '_cond_resched', 'wait_on_page_bit_killable',
  '__lock_page_killable', 'wait_on_page_bit_common',
]);

/** How many callers each task record keeps (beyond the function it sleeps in). */
export const CALLERS_KEPT = 16;

export interface BlockedTask {
  /** the task's comm, as printed (e.g. "kswapd0", "kworker/u4:1") */
  comm: string;
  pid: number | null;
  /** the scheduler state letter (D for uninterruptible sleep) */
  state: string;
  /** "Workqueue: <name> <function>" for workqueue workers (e.g. "kcryptd kcryptd_crypt") */
  workqueue: string | null;
  /** the first reliable frame that is not a wait primitive */
  sleepsIn: string | null;
  /** the wait primitives above it, innermost first (e.g. io_schedule_timeout, congestion_wait) */
  via: string[];
  /** reliable frames below sleepsIn, nearest caller first */
  callers: string[];
}

export interface BlockedDump {
  /** kernel timestamp of the "Show Blocked State" line, s */
  t: number;
  tasks: BlockedTask[];
}

export interface MemReport {
  /** kernel timestamp, s */
  t: number;
  /** what printed it: "sysrq-m" or "alloc-failure" (the Mem-Info of a failed allocation) */
  source: 'sysrq-m' | 'alloc-failure' | 'oom';
  /** free pages of all zones ("free:N"), in KiB */
  freeKiB: number | null;
  /** pages under writeback ("writeback:N"), in KiB */
  writebackKiB: number | null;
  /** "Free swap  = N kB" */
  swapFreeKiB: number | null;
  /** per zone: free and the three watermarks, KiB */
  zones: Record<string, { free: number; min: number; low: number; high: number }>;
  /**
   * The reclaim gate of each unit that prints one: a zone up to 4.7, the node
   * ("Node 0") from 4.8. scannedKiB is NR_PAGES_SCANNED, lruKiB the
   * zone_reclaimable_pages (pgdat_reclaimable_pages) sum of the same line
   * (file LRUs and isolated file pages, plus the anon ones while swap has free
   * space), and unreclaimable the kernel's own "all_unreclaimable?" verdict,
   * scanned >= 6 × reclaimable.
   */
  reclaim: Record<string, { scannedKiB: number; lruKiB: number; unreclaimable: boolean }>;
}

const TS_RE = /^\s*\[\s*(\d+\.\d+)\] ?(.*)$/;
const SHOW_BLOCKED_RE = /sysrq\s*: (?:SysRq : )?Show Blocked State/i;
const SHOW_MEM_RE = /sysrq\s*: (?:SysRq : )?Show Memory/i;
const COLUMN_HEAD_RE = /^\s*task\s+PC\s+stack\s+pid\s+father/;
const TASK4_RE = /^(\S.{0,14}?)\s+([A-Za-z])\s+(?:[0-9a-f]{8,16}|running task)\s+(\d+)\s+(\d+)\s+(\d+)\s+0x[0-9a-f]+\s*$/;
const TASK5_RE = /^task:(.+?)\s+state:([A-Za-z])\b.*?\bpid:\s*(\d+)/;
const FRAME4_RE = /^\s*\[<[0-9a-f]+>\]\s+(\?\s+)?([A-Za-z0-9_.$]+)\+0x[0-9a-f]+\/0x[0-9a-f]+/;
const FRAME5_RE = /^\s*(\?\s+)?([A-Za-z0-9_.$]+)\+0x[0-9a-f]+\/0x[0-9a-f]+/;
const STACK_WORDS_RE = /^\s*(?:[0-9a-f]{16}\s*)+$/;
const WORKQUEUE_RE = /^\s*Workqueue: (\S+) (\S+)/;
const ZONE_RE = /^Node \d+ (\w+) free:(\d+)kB min:(\d+)kB low:(\d+)kB high:(\d+)kB/;
/** A line that ends with the reclaim gate: a zone's (≤ 4.7) or the node's (4.8, 4.9). */
const GATE_RE = /^Node (\d+) (?:(\w+) free:\d+kB )?.*\bpages_scanned:(\d+) all_unreclaimable\? (yes|no)/;
/** The LRU sizes on the same line, kB. */
const LRU_FIELD_RE = /\b(active_anon|inactive_anon|active_file|inactive_file|isolated\((?:anon|file)\)):(\d+)kB/g;

/**
 * The reclaim gate of one memory-report line, or null. The unit of
 * pages_scanned differs: the zone line of 4.6 and 4.7 prints it with K(), in
 * kB (page_alloc.c 4.6.2:3983, 4.7.4:4471); the node line of 4.8 and 4.9
 * prints the page count (page_alloc.c 4.8.15:4247, 4.9:4323).
 */
function reclaimGate(msg: string, swapFree: boolean): { unit: string; scannedKiB: number; lruKiB: number; unreclaimable: boolean } | null {
  const g = GATE_RE.exec(msg);
  if (!g) return null;
  const lru: Record<string, number> = {};
  for (const f of msg.matchAll(LRU_FIELD_RE)) lru[f[1] as string] = Number(f[2]);
  if (Object.keys(lru).length < 6) return null;
  const file = (lru['active_file'] ?? 0) + (lru['inactive_file'] ?? 0) + (lru['isolated(file)'] ?? 0);
  const anon = (lru['active_anon'] ?? 0) + (lru['inactive_anon'] ?? 0) + (lru['isolated(anon)'] ?? 0);
  const zone = g[2];
  const scanned = Number(g[3]);
  return {
    unit: zone ?? `Node ${g[1]}`,
    scannedKiB: zone ? scanned : scanned * 4,
    lruKiB: file + (swapFree ? anon : 0),
    unreclaimable: g[4] === 'yes',
  };
}

/** Kernel lines (timestamp removed) that the dump and memory-report parsers may read; for `cli.ts --trim`. */
export function isDumpLine(msg: string): boolean {
  return SHOW_BLOCKED_RE.test(msg) || SHOW_MEM_RE.test(msg) || COLUMN_HEAD_RE.test(msg) || TASK4_RE.test(msg) ||
    TASK5_RE.test(msg) || FRAME4_RE.test(msg) || FRAME5_RE.test(msg) || WORKQUEUE_RE.test(msg) ||
    /^\s*(?:Call Trace:|<\/?TASK>|Mem-Info:|Free swap|free:\d|(?:\S+ )?unevictable:\d|(?:RIP|RSP|RAX|RDX|RBP|R10|R13|Code):)/.test(msg) ||
    ZONE_RE.test(msg.trim()) || GATE_RE.test(msg.trim()) || /^\s*(?:[0-9a-f]{16}\s*)+$/.test(msg);
}

/** Strips ".cold", ".isra.0", ".constprop.0" and similar compiler suffixes. */
export function baseName(fn: string): string {
  return fn.replace(/\.(?:cold|isra|constprop|part|lto_priv)(?:\.\d+)*$/g, '').replace(/\.(?:cold|isra|constprop|part)(?:\.\d+)*/g, '');
}

function finishTask(raw: { comm: string; pid: number | null; state: string; workqueue: string | null; frames: string[] }): BlockedTask {
  const via: string[] = [];
  let i = 0;
  while (i < raw.frames.length && WAIT_PRIMITIVES.has(raw.frames[i] as string)) {
    via.push(raw.frames[i] as string);
    i++;
  }
  const sleepsIn = raw.frames[i] ?? null;
  return {
    comm: raw.comm,
    pid: raw.pid,
    state: raw.state,
    workqueue: raw.workqueue,
    sleepsIn,
    via: via.filter((f) => f !== '__schedule' && f !== 'schedule'),
    callers: raw.frames.slice(i + 1, i + 1 + CALLERS_KEPT),
  };
}

/** All blocked-task dumps in the log, in order. */
export function parseBlockedDumps(text: string): BlockedDump[] {
  const dumps: BlockedDump[] = [];
  let dump: BlockedDump | null = null;
  let task: { comm: string; pid: number | null; state: string; workqueue: string | null; frames: string[] } | null = null;
  const closeTask = (): void => {
    if (task && dump) dump.tasks.push(finishTask(task));
    task = null;
  };
  const closeDump = (): void => {
    closeTask();
    if (dump) dumps.push(dump);
    dump = null;
  };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const m = TS_RE.exec(line);
    if (!m) continue; // user-space lines (sampler, memhog, LAB:) interleave; they do not end a dump
    const t = Number(m[1]);
    const msg = m[2] as string;
    if (SHOW_BLOCKED_RE.test(msg)) {
      closeDump();
      dump = { t, tasks: [] };
      continue;
    }
    if (!dump) continue;
    if (COLUMN_HEAD_RE.test(msg) || STACK_WORDS_RE.test(msg) || /^\s*Call Trace:/.test(msg) || /^\s*<\/?TASK>/.test(msg)) continue;
    const t4 = TASK4_RE.exec(msg);
    const t5 = t4 ? null : TASK5_RE.exec(msg);
    if (t4 || t5) {
      closeTask();
      const comm = ((t4 ?? t5)?.[1] as string).trim();
      const state = (t4 ?? t5)?.[2] as string;
      const pid = t4 ? Number(t4[4]) : Number(t5?.[3]);
      task = { comm, pid, state, workqueue: null, frames: [] };
      continue;
    }
    const wq = WORKQUEUE_RE.exec(msg);
    if (wq && task) {
      (task as { workqueue: string | null }).workqueue = `${wq[1]} ${wq[2]}`;
      continue;
    }
    const fr = FRAME4_RE.exec(msg) ?? FRAME5_RE.exec(msg);
    if (fr) {
      if (task && !fr[1]) (task as { frames: string[] }).frames.push(baseName(fr[2] as string));
      continue;
    }
    // 5.x prints register lines inside the trace; anything else ends the dump
    if (/^\s*(?:RIP|RSP|RAX|RDX|RBP|R10|R13|Code):/.test(msg)) continue;
    closeDump();
  }
  closeDump();
  return dumps;
}

/** Memory reports (sysrq-m, allocation-failure and OOM Mem-Info blocks), in order. */
export function parseMemReports(text: string): MemReport[] {
  const out: MemReport[] = [];
  let cur: MemReport | null = null;
  let pending: MemReport['source'] | null = null;
  let gateLines: string[] = [];
  for (const raw of text.split('\n')) {
    const m = TS_RE.exec(raw.replace(/\r$/, ''));
    if (!m) continue;
    const t = Number(m[1]);
    const msg = (m[2] as string).trim();
    if (SHOW_MEM_RE.test(msg)) pending = 'sysrq-m';
    else if (/page allocation failure/.test(msg)) pending = 'alloc-failure';
    else if (/invoked oom-killer/.test(msg)) pending = 'oom';
    if (msg.startsWith('Mem-Info:')) {
      if (cur) out.push(cur);
      cur = { t, source: pending ?? 'sysrq-m', freeKiB: null, writebackKiB: null, swapFreeKiB: null, zones: {}, reclaim: {} };
      gateLines = [];
      pending = null;
      continue;
    }
    if (!cur) continue;
    const wb = /\bwriteback:(\d+)/.exec(msg);
    if (wb && cur.writebackKiB === null) cur.writebackKiB = Number(wb[1]) * 4;
    const fr = /^free:(\d+)/.exec(msg);
    if (fr && cur.freeKiB === null) cur.freeKiB = Number(fr[1]) * 4;
    const z = ZONE_RE.exec(msg);
    if (z) cur.zones[z[1] as string] = { free: Number(z[2]), min: Number(z[3]), low: Number(z[4]), high: Number(z[5]) };
    if (GATE_RE.test(msg)) gateLines.push(msg);
    const sw = /^Free swap\s*=\s*(\d+)kB/.exec(msg);
    if (sw) {
      cur.swapFreeKiB = Number(sw[1]);
      // The anon LRUs count only while swap has room (get_nr_swap_pages() > 0), known once "Free swap" is read.
      for (const line of gateLines) {
        const gate = reclaimGate(line, cur.swapFreeKiB > 0);
        if (gate) cur.reclaim[gate.unit] = { scannedKiB: gate.scannedKiB, lruKiB: gate.lruKiB, unreclaimable: gate.unreclaimable };
      }
      out.push(cur);
      cur = null;
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** A short label for a task: workqueue workers by their workqueue, numbered kthreads kept as they are. */
export function taskLabel(t: BlockedTask): string {
  if (t.workqueue) return `${t.comm.replace(/^kworker\/.*$/, 'kworker')} [${t.workqueue.split(' ')[0]}]`;
  return t.comm;
}

/** One line per task: "kswapd0 D in mempool_alloc (io_schedule_timeout) <- bio_alloc_bioset <- alloc_tio <- ..." */
export function describeTask(t: BlockedTask, callers = 5): string {
  const via = t.via.length ? ` (${t.via.join(', ')})` : '';
  const chain = t.callers.slice(0, callers).map((c) => ` <- ${c}`).join('');
  return `${taskLabel(t)} ${t.state} in ${t.sleepsIn ?? '?'}${via}${chain}`;
}

export interface BlockedSummaryRow {
  task: string;
  sleepsIn: string;
  /** the nearest callers (up to 3), which tell the paths apart */
  from: string;
  /** the whole caller chain of its first sighting (up to CALLERS_KEPT frames) */
  chain: string;
  /** in how many dumps this task was seen sleeping there */
  dumps: number;
  firstT: number;
  lastT: number;
}

/** Who sleeps where, over all dumps: one row per (task label, sleepsIn, nearest callers). */
export function summarizeBlocked(dumps: BlockedDump[]): BlockedSummaryRow[] {
  const rows = new Map<string, BlockedSummaryRow>();
  for (const d of dumps) {
    const seen = new Set<string>();
    for (const t of d.tasks) {
      const task = taskLabel(t);
      const sleepsIn = t.sleepsIn ?? '?';
      const from = t.callers.slice(0, 3).join(' <- ');
      const key = `${task}|${sleepsIn}|${from}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const r = rows.get(key);
      if (r) {
        r.dumps++;
        r.lastT = d.t;
      } else {
        rows.set(key, { task, sleepsIn, from, chain: t.callers.join(' <- '), dumps: 1, firstT: d.t, lastT: d.t });
      }
    }
  }
  return [...rows.values()].sort((a, b) => b.dumps - a.dumps || a.firstT - b.firstT || a.task.localeCompare(b.task));
}
