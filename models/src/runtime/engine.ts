/**
 * The discrete-event engine. Time is an integer number of microseconds.
 * Events are ordered by (time, sequence): the sequence is a counter taken when
 * the event is scheduled, so two events at the same microsecond run in the
 * order they were scheduled (never by name, never by object identity).
 *
 * Actors are generators (kernel threads and tasks). They yield a Wait; the
 * engine resumes them when it is over. A wait on a WaitQueue ends early when
 * someone calls wake() on it, like the kernel's wait queues.
 */

export interface WaitQueue {
  name: string;
  waiters: Task[];
}

export function waitQueue(name: string): WaitQueue {
  return { name, waiters: [] };
}

/** What an actor asks for when it cannot go on. */
export type Wait =
  /** Sleep for a fixed time (schedule_timeout, CPU time spent). */
  | { op: 'sleep'; us: number; site: string }
  /**
   * Sleep on a wait queue until woken or until timeoutUs (Infinity: no
   * timeout). `killable`: a fatal signal also ends it (TASK_KILLABLE or
   * TASK_INTERRUPTIBLE: signal_wake_up for SIGKILL wakes both); without it
   * the sleep is uninterruptible and a signal changes nothing until it ends.
   */
  | { op: 'wait'; queue: WaitQueue; timeoutUs: number; site: string; killable?: boolean };

export type Actor = Generator<Wait, void, void>;

export interface Task {
  name: string;
  /** Task flags (PF_*), changed by the code the task runs. */
  pf: number;
  /** Set on the OOM victim (TIF_MEMDIE); cleared by exit_oom_victim. */
  memdie: boolean;
  /** A fatal signal is pending (the OOM killer's SIGKILL): the task exits when it next reaches a signal check. */
  killed: boolean;
  gen: Actor | null;
  /** Bumped every time the task is resumed, so stale timeouts are ignored. */
  token: number;
  /** The queue the task sleeps on, if any. */
  sleepingOn: WaitQueue | null;
  /** Whether that sleep ends on a fatal signal (the wait's `killable`). */
  sleepKillable: boolean;
  waitStart: number;
  waitSite: string;
  /** Time spent per wait site, in µs (sites in first-seen order). Brought up to date from stallSites/stallUs whenever run() returns. */
  stalls: Record<string, number>;
  /** The engine's running tally behind stalls: wait sites in first-seen order and µs per site (no keyed lookup per event). */
  stallSites: string[];
  stallUs: number[];
  /** CPU time owed but not yet slept off (batched scanning costs). */
  cpuDebtUs: number;
}

/** Adds us to the task's tally for a wait site (a short list: a task waits at a handful of sites). */
function addStall(task: Task, site: string, us: number): void {
  const sites = task.stallSites;
  for (let i = 0; i < sites.length; i++) {
    if (sites[i] === site) {
      task.stallUs[i] = task.stallUs[i]! + us;
      return;
    }
  }
  sites.push(site);
  task.stallUs.push(us);
}

/** Writes the tally into task.stalls, in first-seen order (as if added there one wait at a time). */
function syncStalls(task: Task): void {
  const sites = task.stallSites;
  for (let i = 0; i < sites.length; i++) task.stalls[sites[i]!] = task.stallUs[i]!;
}

export type EndReason = 'running' | 'event-cap' | 'time-cap' | 'stopped';

/**
 * The timeouts of waits that share one duration, in the order they were set.
 * Set at a nondecreasing `now` with increasing sequence numbers, they are
 * already sorted by (time, sequence): a ring buffer replaces the heap for
 * them. Most of them end up stale (the task was woken first), so keeping them
 * out of the heap keeps the heap small.
 */
class TimeoutLane {
  t: number[] = new Array(16).fill(0);
  s: number[] = new Array(16).fill(0);
  task: (Task | null)[] = new Array(16).fill(null);
  token: number[] = new Array(16).fill(0);
  q: (WaitQueue | null)[] = new Array(16).fill(null);
  head = 0;
  n = 0;
  constructor(readonly us: number) {}

  push(t: number, s: number, task: Task, token: number, q: WaitQueue): void {
    if (this.n === this.t.length) this.grow();
    const i = (this.head + this.n) & (this.t.length - 1);
    this.t[i] = t; this.s[i] = s; this.task[i] = task; this.token[i] = token; this.q[i] = q;
    this.n++;
  }

  private grow(): void {
    const cap = this.t.length, mask = cap - 1;
    const t = new Array(cap * 2).fill(0), s = new Array(cap * 2).fill(0), task = new Array(cap * 2).fill(null), token = new Array(cap * 2).fill(0), q = new Array(cap * 2).fill(null);
    for (let k = 0; k < this.n; k++) {
      const j = (this.head + k) & mask;
      t[k] = this.t[j]; s[k] = this.s[j]; task[k] = this.task[j]; token[k] = this.token[j]; q[k] = this.q[j];
    }
    this.t = t; this.s = s; this.task = task; this.token = token; this.q = q;
    this.head = 0;
  }
}

/** More distinct timeout durations than this go to the heap (the model uses a handful). */
const MAX_LANES = 8;

export class Engine {
  now = 0;
  events = 0;
  private seq = 0;
  // A binary heap in parallel arrays: time, sequence, payload, and for a task
  // payload the token it was scheduled with and, for a wait's timeout, the
  // queue it times out of (null for a plain resume). No object per event.
  private ht: number[] = [];
  private hs: number[] = [];
  private hp: Array<Task | (() => void)> = [];
  private hk: number[] = [];
  private hq: Array<WaitQueue | null> = [];
  /** Wait timeouts, one lane per duration; events are taken in (time, sequence) order across the heap and the lanes. */
  private lanes: TimeoutLane[] = [];
  stopped = false;
  /** Debugging hook run after every event. */
  afterEvent: (() => void) | null = null;

  constructor(
    readonly maxEvents: number,
    readonly maxTimeUs: number,
  ) {}

  /** Every task made by task(), for the stalls tally. */
  private readonly tasks: Task[] = [];

  task(name: string, pf: number): Task {
    const t: Task = { name, pf, memdie: false, killed: false, gen: null, token: 0, sleepingOn: null, sleepKillable: false, waitStart: 0, waitSite: '', stalls: {}, stallSites: [], stallUs: [], cpuDebtUs: 0 };
    this.tasks.push(t);
    return t;
  }

  /** Starts an actor now (after the events already scheduled for now). */
  start(task: Task, gen: Actor): void {
    task.gen = gen;
    this.push(this.now, task, task.token, null);
  }

  /** Runs fn at time t (absolute, µs). */
  at(t: number, fn: () => void): void {
    this.push(Math.max(t, this.now), fn, 0, null);
  }

  /** Wakes every task sleeping on q. */
  wake(q: WaitQueue): void {
    if (q.waiters.length === 0) return;
    const ws = q.waiters;
    q.waiters = [];
    for (let i = 0; i < ws.length; i++) {
      const task = ws[i]!;
      if (task.sleepingOn !== q) continue;
      task.sleepingOn = null;
      task.token++;
      this.push(this.now, task, task.token, null);
    }
  }

  /**
   * A fatal signal reaches `task` (signal_wake_up for SIGKILL): a killable or
   * interruptible sleep ends now, whatever queue it is on; an uninterruptible
   * one runs on. Its place in the queue's list is dropped on the next wake.
   */
  fatalSignal(task: Task): void {
    if (!task.sleepingOn || !task.sleepKillable) return;
    task.sleepingOn = null;
    task.token++;
    this.push(this.now, task, task.token, null);
  }

  /** Wakes the first task sleeping on q (wake_up with an exclusive waiter). */
  wakeOne(q: WaitQueue): void {
    while (q.waiters.length > 0) {
      const task = q.waiters.shift()!;
      if (task.sleepingOn !== q) continue;
      task.sleepingOn = null;
      task.token++;
      this.push(this.now, task, task.token, null);
      return;
    }
  }

  /**
   * The time of the next scheduled event (Infinity if none): the heap's top
   * or a timeout lane's head. It may be an event that will find its task
   * already woken and do nothing: an early bound, never a late one.
   */
  nextEventTime(): number {
    let t = this.ht.length > 0 ? this.ht[0]! : Infinity;
    const lanes = this.lanes;
    for (let i = 0; i < lanes.length; i++) {
      const l = lanes[i]!;
      if (l.n > 0 && l.t[l.head]! < t) t = l.t[l.head]!;
    }
    return t;
  }

  /** The µs a task has spent at a wait site so far (its tally, up to its last resume). */
  stallAt(task: Task, site: string): number {
    const i = task.stallSites.indexOf(site);
    return i < 0 ? 0 : task.stallUs[i]!;
  }

  run(): EndReason {
    const end = this.loop();
    for (const t of this.tasks) syncStalls(t);
    return end;
  }

  private loop(): EndReason {
    const lanes = this.lanes;
    for (;;) {
      // The next event: the heap's top or the head of a timeout lane, smallest (time, sequence).
      let lane: TimeoutLane | null = null;
      let any = this.ht.length > 0;
      let t = any ? this.ht[0]! : 0;
      let s = any ? this.hs[0]! : 0;
      for (let i = 0; i < lanes.length; i++) {
        const l = lanes[i]!;
        if (l.n === 0) continue;
        const lt = l.t[l.head]!;
        if (!any || lt < t || (lt === t && l.s[l.head]! < s)) {
          any = true;
          lane = l;
          t = lt;
          s = l.s[l.head]!;
        }
      }
      if (!any) break;
      if (this.stopped) return 'stopped';
      if (this.events >= this.maxEvents) return 'event-cap';
      if (t > this.maxTimeUs) {
        this.now = this.maxTimeUs;
        return 'time-cap';
      }
      if (lane) {
        const h = lane.head;
        const task = lane.task[h]!, token = lane.token[h]!, q = lane.q[h]!;
        lane.task[h] = null;
        lane.q[h] = null;
        lane.head = (h + 1) & (lane.t.length - 1);
        lane.n--;
        this.now = t;
        this.events++;
        if (token === task.token) this.timeout(task, q);
      } else {
        const token = this.hk[0]!;
        const q = this.hq[0]!;
        const p = this.pop();
        this.events++;
        if (typeof p === 'function') p();
        else if (token === p.token) {
          if (q) this.timeout(p, q);
          else this.resume(p);
        }
      }
      if (this.afterEvent) this.afterEvent();
    }
    return this.stopped ? 'stopped' : 'running';
  }

  private resume(task: Task): void {
    const gen = task.gen;
    if (!gen) return;
    if (task.waitSite) {
      addStall(task, task.waitSite, this.now - task.waitStart);
      task.waitSite = '';
    }
    task.token++;
    const r = gen.next();
    if (r.done) {
      task.gen = null;
      return;
    }
    const w = r.value;
    task.waitStart = this.now;
    task.waitSite = w.site;
    if (w.op === 'sleep') {
      this.push(this.now + Math.max(0, Math.round(w.us)), task, task.token, null);
    } else {
      task.sleepingOn = w.queue;
      task.sleepKillable = w.killable === true;
      w.queue.waiters.push(task);
      // The timeout is an event of its own; a wake before it bumps the token, so it then does nothing.
      if (Number.isFinite(w.timeoutUs)) this.pushTimeout(Math.max(0, Math.round(w.timeoutUs)), task, w.queue);
    }
  }

  /** Schedules the timeout of the wait the task just began: in the lane of its duration, or the heap. */
  private pushTimeout(us: number, task: Task, q: WaitQueue): void {
    const lanes = this.lanes;
    let lane: TimeoutLane | null = null;
    for (let i = 0; i < lanes.length; i++) if (lanes[i]!.us === us) lane = lanes[i]!;
    if (!lane && lanes.length < MAX_LANES) lanes.push((lane = new TimeoutLane(us)));
    if (lane) lane.push(this.now + us, this.seq++, task, task.token, q);
    else this.push(this.now + us, task, task.token, q);
  }

  /** A wait on q timed out (the task was not woken since it went to sleep). */
  private timeout(task: Task, q: WaitQueue): void {
    task.sleepingOn = null;
    const i = q.waiters.indexOf(task);
    if (i >= 0) q.waiters.splice(i, 1);
    this.resume(task);
  }

  /** Ends the task's generator (an OOM-killed process). */
  kill(task: Task): void {
    task.gen = null;
    task.token++;
    task.sleepingOn = null;
  }

  private push(t: number, p: Task | (() => void), token: number, q: WaitQueue | null): void {
    const ht = this.ht, hs = this.hs, hp = this.hp, hk = this.hk, hq = this.hq;
    const s = this.seq++;
    let i = ht.length;
    ht.push(t); hs.push(s); hp.push(p); hk.push(token); hq.push(q);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = ht[parent]!;
      if (pt < t || (pt === t && hs[parent]! < s)) break;
      ht[i] = pt; hs[i] = hs[parent]!; hp[i] = hp[parent]!; hk[i] = hk[parent]!; hq[i] = hq[parent]!;
      i = parent;
    }
    ht[i] = t; hs[i] = s; hp[i] = p; hk[i] = token; hq[i] = q;
  }

  private pop(): Task | (() => void) {
    const ht = this.ht, hs = this.hs, hp = this.hp, hk = this.hk, hq = this.hq;
    const top = hp[0]!;
    this.now = ht[0]!;
    const lt = ht.pop()!, ls = hs.pop()!, lp = hp.pop()!, lk = hk.pop()!, lq = hq.pop()!;
    const n = ht.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        if (r < n && (ht[r]! < ht[l]! || (ht[r] === ht[l] && hs[r]! < hs[l]!))) c = r;
        if (ht[c]! > lt || (ht[c] === lt && hs[c]! > ls)) break;
        ht[i] = ht[c]!; hs[i] = hs[c]!; hp[i] = hp[c]!; hk[i] = hk[c]!; hq[i] = hq[c]!;
        i = c;
      }
      ht[i] = lt; hs[i] = ls; hp[i] = lp; hk[i] = lk; hq[i] = lq;
    }
    return top;
  }
}
