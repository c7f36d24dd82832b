/**
 * The OOM killer and what follows a kill (mm/oom_kill.c, and exit_mm of
 * kernel/exit.c): out_of_memory, the scan that picks a victim (or refuses to
 * while one is still dying), oom_kill_process, mark_oom_victim and
 * exit_oom_victim (TIF_MEMDIE), the OOM reaper (aac453635549, v4.6:
 * wake_oom_reaper, oom_reap_task, __oom_reap_task) and the victim's own exit.
 *
 * What a kill does here, as in the kernel: SIGKILL and TIF_MEMDIE for the
 * victim, and (from v4.6) the victim queued for the reaper. Nothing is freed
 * at the kill. The victim frees its memory when it next runs and reaches the
 * signal check on its way back to user space (the workload calls exitMm
 * there); whatever it sleeps in first (mempool_alloc's 5 s wait,
 * throttle_vm_writeout, congestion_wait, direct reclaim) it finishes first.
 * The reaper frees the victim's anonymous memory without it.
 *
 * SIMPLIFICATIONS, all labelled where they are made:
 * - One candidate: the test program (oom_badness = rss + swap entries + page
 *   tables would pick it: it is the only large user). Build jobs and other
 *   tasks are never chosen. When the test cannot be chosen (it has exited,
 *   or its mm is reaped / skipped), the scan finds nobody: the kernel would
 *   pick another process or panic; the model kills nobody and the caller
 *   waits one jiffy before it retries.
 * - The scan refusing while a victim is dying (OOM_SCAN_ABORT) returns at
 *   once in the kernel; here a caller that is not the victim then waits one
 *   jiffy, because the model's reclaim pass can take no simulated time (a
 *   real one always takes some), and a retry loop must move the clock.
 * - The LRU does not record owners: the victim's pages are taken from the
 *   resident anonymous pages first, then clean swap cache, then pages under
 *   writeback (freed, with their swap slot, when their write ends), then
 *   swap slots alone (the build job's exit does the same).
 * - Nobody in the model takes a victim's mmap_sem for writing, so the
 *   reaper's down_read_trylock succeeds unless a test sets `mmapSemWriter`.
 *   Dirty file pages, mlocked and hugetlb VMAs, which the reaper skips, do
 *   not exist in the model.
 */
import type { Task, Wait, WaitQueue } from '../runtime/engine.ts';
import { jiffiesUs, step } from '../runtime/trace.ts';
import { oomRef, type OomVariant } from '../kernel/refs.ts';
import type { KernelPolicy } from '../kernel/kernels.ts';
import { removeResidentAnon, freePages, type PcpConfig, type Zone } from './zone.ts';

export interface OomKill {
  t: number;
  victim: string;
  swapFreePct: number;
  freeKiB: number;
  reason: string;
}

/** The candidate's mm as the OOM code sees it (mm->flags, signal->oom_score_adj). */
export interface OomMm {
  /** exit_mm has run: the task has no mm any more. */
  exited: boolean;
  /** Someone holds mmap_sem for writing (the reaper's trylock fails). Nobody does in the simulated workload. */
  mmapSemWriter: boolean;
  /** v4.6: oom_score_adj set to OOM_SCORE_ADJ_MIN after a reap (oom_badness 0). */
  scoreAdjMin: boolean;
  /** v4.7, v4.8: MMF_OOM_REAPED. */
  reaped: boolean;
  /** v4.8: MMF_OOM_NOT_REAPABLE (one failed reap so far). */
  notReapable: boolean;
  /** v4.9: MMF_OOM_SKIP. */
  skip: boolean;
  /** v4.9: signal->oom_mm is set (tsk_is_oom_victim), never cleared. */
  oomMm: boolean;
  /** On oom_reaper_list. */
  queued: boolean;
}

/** The OOM killer's state on one machine. */
export interface OomState {
  /** oom_victims: tasks with TIF_MEMDIE. */
  victims: number;
  /** The candidate's (the test program's) mm. */
  mm: OomMm;
  /** oom_reaper_list (pushed at the head, taken from the head) and oom_reaper_wait. */
  reaperList: Task[];
  readonly reaperWait: WaitQueue;
  /** What happened after the first kill, µs (-1: not yet). */
  reapedAt: number;
  reapAttempts: number;
  reapFailedAt: number;
  memdieClearedAt: number;
  victimExitAt: number;
  /** Pages the reaper and the exit freed (resident, clean swap cache, under writeback at the time, swap slots alone). */
  freed: { resident: number; swapCache: number; writeback: number; swapSlots: number };
  /** Calls of out_of_memory that found a dying victim and killed nobody (OOM_SCAN_ABORT). */
  aborts: number;
  /** Calls that found no candidate the model tracks. */
  noCandidate: number;
}

export function makeOomState(reaperWait: WaitQueue): OomState {
  return {
    victims: 0,
    mm: { exited: false, mmapSemWriter: false, scoreAdjMin: false, reaped: false, notReapable: false, skip: false, oomMm: false, queued: false },
    reaperList: [], reaperWait, reapedAt: -1, reapAttempts: 0, reapFailedAt: -1, memdieClearedAt: -1, victimExitAt: -1,
    freed: { resident: 0, swapCache: 0, writeback: 0, swapSlots: 0 }, aborts: 0, noCandidate: 0,
  };
}

/** What the OOM twins need from the machine (sim/machine.ts implements it as part of MachineEnv). */
export interface OomEnv {
  readonly engine: { now: number; wake(q: WaitQueue): void; fatalSignal(task: Task): void };
  /** The wait queue of throttle_direct_reclaim (pgdat->pfmemalloc_wait): a killable sleep. */
  readonly q: { pfmemalloc: WaitQueue };
  readonly zones: Zone[];
  readonly pcp: PcpConfig;
  readonly oom: OomState;
  readonly testTask: Task;
  oomKills: OomKill[];
  swapTotal: number;
  swapUsed: number;
  /** Pages the test program faulted in, and how many of them were given back (reaped or freed at exit). */
  touched: number;
  testReleased: number;
  /** Pages under writeback whose owner is gone: freed with their swap slot when the write ends. */
  orphanWb: number;
  writeback(): number;
  /** Told when the victim has exited and the last of its pages is free. */
  victimMemoryReleased(): void;
}

/** The context the OOM twins run in: the calling task, the policy, the tree's clock. */
export interface OomCtx {
  task: Task;
  policy: KernelPolicy;
  hz: number;
  trace: import('../runtime/trace.ts').TraceStep[] | null;
  m: OomEnv;
}

/** The code variant of the OOM twins for a kernel: v4.5 (no reaper) cites the 4.6 lines of the steps it shares. */
export function oomVariant(policy: Pick<KernelPolicy, 'oomReaper'>): OomVariant {
  return policy.oomReaper === 'none' ? 'v4.6' : policy.oomReaper;
}

/**
 * mark_oom_victim: set TIF_MEMDIE (once) and count the victim. From then on
 * gfp_to_alloc_flags gives it ALLOC_NO_WATERMARKS unless the allocation
 * carries __GFP_NOMEMALLOC. v4.9 also records the victim's mm in its signal
 * struct (tsk_is_oom_victim), which is never cleared.
 */
export function markOomVictim(ctx: OomCtx, tsk: Task): void {
  const v = oomVariant(ctx.policy);
  if (tsk.memdie) {
    if (ctx.trace) step(ctx, oomRef(v, 'markOomVictim'), `${tsk.name} already has TIF_MEMDIE`);
    return;
  }
  tsk.memdie = true;
  ctx.m.oom.victims++;
  if (ctx.policy.oomReaper === 'v4.9' && tsk === ctx.m.testTask) ctx.m.oom.mm.oomMm = true;
  if (ctx.trace) step(ctx, oomRef(v, 'markOomVictim'), `mark ${tsk.name} as OOM victim: TIF_MEMDIE (oom_victims ${ctx.m.oom.victims})`);
}

/** exit_oom_victim: clear TIF_MEMDIE if set, and uncount the victim. */
export function exitOomVictim(ctx: OomCtx, tsk: Task): void {
  const v = oomVariant(ctx.policy);
  if (!tsk.memdie) return;
  tsk.memdie = false;
  ctx.m.oom.victims--;
  if (ctx.m.oom.memdieClearedAt < 0) ctx.m.oom.memdieClearedAt = ctx.m.engine.now;
  if (ctx.trace) step(ctx, oomRef(v, 'exitOomVictim'), `clear TIF_MEMDIE of ${tsk.name} (oom_victims ${ctx.m.oom.victims})`);
}

/** wake_oom_reaper: queue the victim for the reaper (unless there is none, or it is queued already) and wake it. */
export function wakeOomReaper(ctx: OomCtx, tsk: Task): void {
  if (ctx.policy.oomReaper === 'none') return;
  const v = oomVariant(ctx.policy);
  const o = ctx.m.oom;
  if (o.mm.queued) {
    if (ctx.trace) step(ctx, oomRef(v, 'wakeOomReaper'), `${tsk.name} is already queued for the reaper`);
    return;
  }
  o.mm.queued = true;
  o.reaperList.push(tsk);
  ctx.m.engine.wake(o.reaperWait);
  if (ctx.trace) step(ctx, oomRef(v, 'wakeOomReaper'), `queue ${tsk.name} on oom_reaper_list and wake the oom_reaper thread`);
}

export type ScanResult = { kind: 'abort' } | { kind: 'none' } | { kind: 'select'; task: Task };

/**
 * select_bad_process over the one candidate (oom_scan_process_thread, or
 * oom_evaluate_task in v4.9, then oom_badness). A victim still dying stops
 * the scan (OOM_SCAN_ABORT): TIF_MEMDIE in v4.6; signal->oom_victims in
 * v4.7 (the same thing here); in v4.8 unless its mm is MMF_OOM_REAPED; in
 * v4.9 tsk_is_oom_victim unless MMF_OOM_SKIP. A task without an mm is passed
 * over. oom_badness is 0, so the task is not chosen, for oom_score_adj at its
 * minimum (v4.6 sets it after a reap), MMF_OOM_REAPED (v4.7, v4.8) or
 * MMF_OOM_SKIP (v4.9).
 * SIMPLIFICATION: one candidate (the test program), no points compared.
 */
export function selectBadProcess(ctx: OomCtx): ScanResult {
  const v = oomVariant(ctx.policy);
  const m = ctx.m;
  const mm = m.oom.mm;
  const t = m.testTask;
  const r = ctx.policy.oomReaper;
  const dying = r === 'v4.9' ? mm.oomMm && !mm.exited : t.memdie;
  if (dying) {
    const passOver = (r === 'v4.8' && mm.reaped) || (r === 'v4.9' && mm.skip);
    if (!passOver) {
      if (ctx.trace) step(ctx, oomRef(v, 'scanAbort'), `${t.name} is an OOM victim that has not exited: abort the scan, kill nobody`);
      return { kind: 'abort' };
    }
    if (ctx.trace) step(ctx, oomRef(v, 'scanAbort'), `${t.name} is a victim, but its mm is ${r === 'v4.8' ? 'MMF_OOM_REAPED' : 'MMF_OOM_SKIP'}: pass over it`);
    return { kind: 'none' };
  }
  if (mm.exited || t.gen === null) {
    if (ctx.trace) step(ctx, oomRef(v, 'selectBadProcess'), `${t.name} has exited: no candidate`);
    return { kind: 'none' };
  }
  const zeroBadness = (r === 'v4.6' && mm.scoreAdjMin) || ((r === 'v4.7' || r === 'v4.8') && mm.reaped) || (r === 'v4.9' && mm.skip);
  if (zeroBadness) {
    const why = r === 'v4.6' ? 'oom_score_adj is OOM_SCORE_ADJ_MIN (set by the reaper)' : r === 'v4.9' ? 'its mm is MMF_OOM_SKIP' : 'its mm is MMF_OOM_REAPED';
    if (ctx.trace) step(ctx, oomRef(v, 'badnessSkip'), `oom_badness of ${t.name} is 0: ${why}`);
    return { kind: 'none' };
  }
  if (ctx.trace) step(ctx, oomRef(v, 'selectBadProcess'), `choose ${t.name} (the largest footprint: rss + swap entries)`);
  return { kind: 'select', task: t };
}

/**
 * out_of_memory, in the kernel's order: a caller that is itself dying (a
 * fatal signal pending) is only marked as a victim (v4.7 then tries the
 * reaper for it, v4.8 and v4.9 wake it); otherwise select_bad_process; on an
 * abort nothing is killed; a chosen task goes to oom_kill_process, and the
 * caller then sleeps one jiffy (schedule_timeout_killable(1), which a caller
 * with a fatal signal pending does not sleep). Returns true (the kernel's
 * "progress": the caller retries the allocation).
 * SIMPLIFICATIONS: see the file comment (one candidate; the one-jiffy waits
 * after an abort and when nobody can be chosen).
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/oom_kill.c#L849
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/oom_kill.c#L913 (4.7.4 lines)
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/oom_kill.c#L989
 * v4.9: https://elixir.bootlin.com/linux/v4.9/source/mm/oom_kill.c#L984
 */
export function* outOfMemory(ctx: OomCtx, _gfp: number): Generator<Wait, boolean, void> {
  const v = oomVariant(ctx.policy);
  const m = ctx.m;
  const cur = ctx.task;
  if (ctx.trace) step(ctx, oomRef(v, 'outOfMemory'), `out_of_memory called by ${cur.name}`);
  if (cur.killed && !(cur === m.testTask && m.oom.mm.exited)) {
    if (ctx.trace) step(ctx, oomRef(v, 'currentDying'), `${cur.name} has a fatal signal pending: mark it, let it allocate and exit`);
    markOomVictim(ctx, cur);
    if (ctx.policy.oomReaper === 'v4.7' || ctx.policy.oomReaper === 'v4.8' || ctx.policy.oomReaper === 'v4.9') wakeOomReaper(ctx, cur);
    return true;
  }
  const pick = selectBadProcess(ctx);
  if (pick.kind === 'abort') {
    m.oom.aborts++;
    if (cur !== m.testTask) yield { op: 'sleep', us: jiffiesUs(ctx, 1), site: 'out_of_memory' };
    return true;
  }
  if (pick.kind === 'none') {
    m.oom.noCandidate++;
    if (ctx.trace) step(ctx, oomRef(v, 'selectBadProcess'), 'nobody the model tracks can be chosen (the kernel would choose among the other processes, or panic): kill nobody, wait a jiffy');
    yield { op: 'sleep', us: jiffiesUs(ctx, 1), site: 'out_of_memory' };
    return true;
  }
  oomKillProcess(ctx, pick.task, `${cur.name}: reclaim made no progress (${ctx.policy.oomDetection})`);
  if (cur.killed) {
    if (ctx.trace) step(ctx, oomRef(v, 'killableSleep'), `schedule_timeout_killable(1): ${cur.name} has a fatal signal pending, no sleep`);
  } else {
    if (ctx.trace) step(ctx, oomRef(v, 'killableSleep'), 'give the victim a jiffy to exit: schedule_timeout_killable(1)');
    yield { op: 'sleep', us: jiffiesUs(ctx, 1), site: 'out_of_memory' };
  }
  return true;
}

/**
 * oom_kill_process for a victim that is not already exiting and shares its
 * mm with nobody: SIGKILL first, then mark_oom_victim, then (v4.6+)
 * wake_oom_reaper. Records the kill with free swap and free memory at that
 * moment. Frees nothing.
 */
export function oomKillProcess(ctx: OomCtx, victim: Task, reason: string): void {
  const v = oomVariant(ctx.policy);
  const m = ctx.m;
  let free = 0;
  for (const z of m.zones) free += z.free;
  const swapFreePct = m.swapTotal > 0 ? Math.round((1000 * (m.swapTotal - m.swapUsed)) / m.swapTotal) / 10 : 0;
  if (ctx.trace) step(ctx, oomRef(v, 'killProcess'), `oom_kill_process: ${victim.name} (${reason})`);
  victim.killed = true;
  // SIGKILL ends a killable or interruptible sleep (throttle_direct_reclaim's wait on pfmemalloc_wait), not an uninterruptible one.
  m.engine.fatalSignal(victim);
  if (ctx.trace) step(ctx, oomRef(v, 'sigkill'), `send SIGKILL to ${victim.name} (it acts on it when it next returns towards user space)`);
  if (ctx.trace) step(ctx, oomRef(v, 'markCall'), 'then mark it as OOM victim');
  markOomVictim(ctx, victim);
  m.oomKills.push({ t: m.engine.now, victim: victim === m.testTask ? 'test' : victim.name, swapFreePct, freeKiB: free * 4, reason });
  if (ctx.policy.oomReaper !== 'none') {
    if (ctx.trace) step(ctx, oomRef(v, 'wakeReaperCall'), 'no other process shares its mm: the reaper may reap it');
    wakeOomReaper(ctx, victim);
  }
}

/**
 * Frees what unmapping the victim's anonymous VMAs frees (unmap_page_range
 * with check_swap_entries, as the reaper and exit_mmap do): resident
 * anonymous pages; swap entries (free_swap_and_cache: the slot, and a clean
 * swap-cache page with it); a page under writeback stays in the swap cache
 * until its write ends (then the model frees it with its slot).
 * SIMPLIFICATION: the LRU has no owners (see the file comment).
 * Returns the pages and slots given back now.
 */
export function unmapVictimMemory(m: OomEnv): number {
  let left = m.touched - m.testReleased;
  const start = left;
  let swapClean = 0;
  for (const z of m.zones) swapClean += z.swapClean;
  for (let i = m.zones.length - 1; i >= 0 && left > 0; i--) {
    const z = m.zones[i]!;
    const a = Math.min(left, z.anon);
    removeResidentAnon(z, a);
    left -= a;
    m.oom.freed.resident += a;
    const c = Math.min(left, z.swapClean);
    z.swapClean -= c;
    left -= c;
    swapClean -= c;
    m.swapUsed -= c;
    m.oom.freed.swapCache += c;
    freePages(z, a + c, m.pcp);
  }
  const wb = m.writeback();
  const w = Math.min(left, Math.max(0, wb - m.orphanWb));
  m.orphanWb += w;
  left -= w;
  m.oom.freed.writeback += w;
  const s = Math.min(left, Math.max(0, m.swapUsed - wb - swapClean));
  m.swapUsed -= s;
  left -= s;
  m.oom.freed.swapSlots += s;
  // Whatever is left was isolated by a reclaimer at this moment: the model cannot find it (it stays counted as anonymous memory).
  m.testReleased = m.touched;
  return start - left - w;
}

/**
 * __oom_reap_task (v4.9: __oom_reap_task_mm): nothing to do if the victim has
 * already exited (it freed its memory itself); fail if mmap_sem cannot be
 * taken for reading; else unmap the anonymous and private VMAs
 * (unmapVictimMemory). Then, by version: v4.6 sets oom_score_adj to its
 * minimum and clears TIF_MEMDIE; v4.7 and v4.8 set MMF_OOM_REAPED; v4.9 sets
 * MMF_UNSTABLE (no effect in the model).
 */
export function oomReapOnce(ctx: OomCtx, tsk: Task): boolean {
  const v = oomVariant(ctx.policy);
  const m = ctx.m;
  const mm = m.oom.mm;
  m.oom.reapAttempts++;
  if (mm.exited) {
    if (ctx.trace) step(ctx, oomRef(v, 'reapTask'), `${tsk.name} has exited already: nothing to reap`);
    return true;
  }
  if (mm.mmapSemWriter) {
    if (ctx.trace) step(ctx, oomRef(v, 'reapMmapSem'), "down_read_trylock(mmap_sem) fails: someone holds it for writing");
    return false;
  }
  const freed = unmapVictimMemory(m);
  if (m.oom.reapedAt < 0) m.oom.reapedAt = m.engine.now;
  if (ctx.trace) step(ctx, oomRef(v, 'reapUnmap'), `unmap the anonymous memory of ${tsk.name}: ${freed} pages and slots freed now; pages under writeback wait for their write`);
  const r = ctx.policy.oomReaper;
  if (r === 'v4.6') {
    mm.scoreAdjMin = true;
    if (ctx.trace) step(ctx, oomRef(v, 'reapDone'), 'set oom_score_adj to OOM_SCORE_ADJ_MIN and clear TIF_MEMDIE: the OOM killer may choose another victim');
    exitOomVictim(ctx, tsk);
  } else if (r === 'v4.7' || r === 'v4.8') {
    mm.reaped = true;
    if (ctx.trace) step(ctx, oomRef(v, 'reapDone'), 'set MMF_OOM_REAPED on its mm');
  } else if (ctx.trace) step(ctx, oomRef(v, 'reapDone'), 'set MMF_UNSTABLE on its mm');
  return true;
}

/** MAX_OOM_REAP_RETRIES. */
export const MAX_OOM_REAP_RETRIES = 10;

/**
 * oom_reap_task: up to MAX_OOM_REAP_RETRIES tries of __oom_reap_task with
 * schedule_timeout_idle(HZ/10) between them. After the tries, by version:
 * v4.6 does nothing more (after a failure TIF_MEMDIE stays, and the OOM
 * killer stays blocked); v4.7 clears TIF_MEMDIE whether the reap worked or
 * not; v4.8 too, and a second failure on the same mm sets MMF_OOM_REAPED;
 * v4.9 sets MMF_OOM_SKIP and leaves TIF_MEMDIE.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/oom_kill.c#L508
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/oom_kill.c#L538 (4.7.4 lines)
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/oom_kill.c#L562
 * v4.9: https://elixir.bootlin.com/linux/v4.9/source/mm/oom_kill.c#L557
 */
export function* oomReapTask(ctx: OomCtx, tsk: Task): Generator<Wait, void, void> {
  const v = oomVariant(ctx.policy);
  const m = ctx.m;
  const mm = m.oom.mm;
  let attempts = 0;
  if (ctx.trace) step(ctx, oomRef(v, 'oomReapTask'), `oom_reap_task: ${tsk.name}`);
  while (attempts++ < MAX_OOM_REAP_RETRIES && !oomReapOnce(ctx, tsk)) {
    if (ctx.trace) step(ctx, oomRef(v, 'reapRetrySleep'), `try ${attempts} failed: schedule_timeout_idle(HZ/10)`);
    yield { op: 'sleep', us: jiffiesUs(ctx, ctx.hz / 10), site: 'oom_reaper' };
  }
  const r = ctx.policy.oomReaper;
  if (attempts > MAX_OOM_REAP_RETRIES) {
    if (m.oom.reapFailedAt < 0) m.oom.reapFailedAt = m.engine.now;
    if (ctx.trace) step(ctx, oomRef(v, 'reapUnable'), `unable to reap ${tsk.name} after ${MAX_OOM_REAP_RETRIES} tries`);
    if (r === 'v4.8' && !mm.exited) {
      if (mm.notReapable) mm.reaped = true;
      else mm.notReapable = true;
      if (ctx.trace) step(ctx, oomRef(v, 'reapNotReapable'), mm.reaped ? 'failed before too: give up, MMF_OOM_REAPED' : 'first failure: MMF_OOM_NOT_REAPABLE');
    }
  }
  mm.queued = false;
  if (r === 'v4.7' || r === 'v4.8') {
    if (ctx.trace) step(ctx, oomRef(v, 'reapClear'), 'clear TIF_MEMDIE, reaped or not');
    exitOomVictim(ctx, tsk);
  } else if (r === 'v4.9') {
    mm.skip = true;
    if (ctx.trace) step(ctx, oomRef(v, 'reapClear'), 'set MMF_OOM_SKIP: the OOM killer may pass over it; TIF_MEMDIE stays');
  }
}

/** The oom_reaper kernel thread: sleeps until a victim is queued, takes the head of the list, reaps it. */
export function* oomReaper(ctx: OomCtx): Generator<Wait, void, void> {
  const o = ctx.m.oom;
  for (;;) {
    while (o.reaperList.length === 0) yield { op: 'wait', queue: o.reaperWait, timeoutUs: Infinity, site: 'idle' };
    const tsk = o.reaperList.pop()!;
    yield* oomReapTask(ctx, tsk);
  }
}

/**
 * exit_mm for the victim (kernel/exit.c), reached from do_exit once it acts
 * on its SIGKILL: mmput frees the anonymous memory (exit_mmap unmaps the
 * VMAs as the reaper does; pages under writeback follow when their write
 * ends), then TIF_MEMDIE is cleared (exit_oom_victim).
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/kernel/exit.c#L386
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/kernel/exit.c#L462
 */
export function exitMm(ctx: OomCtx): void {
  const v = oomVariant(ctx.policy);
  const m = ctx.m;
  const freed = unmapVictimMemory(m);
  m.oom.mm.exited = true;
  m.oom.victimExitAt = m.engine.now;
  if (ctx.trace) step(ctx, oomRef(v, 'exitMm'), `exit_mm: mmput frees ${freed} pages and slots of ${ctx.task.name} now`);
  if (ctx.task.memdie) {
    if (ctx.trace) step(ctx, oomRef(v, 'exitMmVictim'), 'it was an OOM victim: exit_oom_victim');
    exitOomVictim(ctx, ctx.task);
  }
  if (m.orphanWb === 0) m.victimMemoryReleased();
}
