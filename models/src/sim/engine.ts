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
  /** Sleep on a wait queue until woken or until timeoutUs (Infinity: no timeout). */
  | { op: 'wait'; queue: WaitQueue; timeoutUs: number; site: string };

export type Actor = Generator<Wait, void, void>;

export interface Task {
  name: string;
  /** Task flags (PF_*), changed by the code the task runs. */
  pf: number;
  /** Set on the OOM victim. */
  memdie: boolean;
  gen: Actor | null;
  /** Bumped every time the task is resumed, so stale timeouts are ignored. */
  token: number;
  /** The queue the task sleeps on, if any. */
  sleepingOn: WaitQueue | null;
  waitStart: number;
  waitSite: string;
  /** Time spent per wait site, in µs. */
  stalls: Record<string, number>;
  /** CPU time owed but not yet slept off (batched scanning costs). */
  cpuDebtUs: number;
}

export type EndReason = 'running' | 'event-cap' | 'time-cap' | 'stopped';

export class Engine {
  now = 0;
  events = 0;
  private seq = 0;
  // A binary heap in parallel arrays: time, sequence, payload.
  private ht: number[] = [];
  private hs: number[] = [];
  private hp: Array<{ task: Task; token: number } | (() => void)> = [];
  stopped = false;
  /** Debugging hook run after every event. */
  afterEvent: (() => void) | null = null;

  constructor(
    readonly maxEvents: number,
    readonly maxTimeUs: number,
  ) {}

  task(name: string, pf: number): Task {
    return { name, pf, memdie: false, gen: null, token: 0, sleepingOn: null, waitStart: 0, waitSite: '', stalls: {}, cpuDebtUs: 0 };
  }

  /** Starts an actor now (after the events already scheduled for now). */
  start(task: Task, gen: Actor): void {
    task.gen = gen;
    this.push(this.now, { task, token: task.token });
  }

  /** Runs fn at time t (absolute, µs). */
  at(t: number, fn: () => void): void {
    this.push(Math.max(t, this.now), fn);
  }

  /** Wakes every task sleeping on q. */
  wake(q: WaitQueue): void {
    if (q.waiters.length === 0) return;
    const ws = q.waiters;
    q.waiters = [];
    for (const task of ws) {
      if (task.sleepingOn !== q) continue;
      task.sleepingOn = null;
      task.token++;
      this.push(this.now, { task, token: task.token });
    }
  }

  /** Wakes the first task sleeping on q (wake_up with an exclusive waiter). */
  wakeOne(q: WaitQueue): void {
    while (q.waiters.length > 0) {
      const task = q.waiters.shift()!;
      if (task.sleepingOn !== q) continue;
      task.sleepingOn = null;
      task.token++;
      this.push(this.now, { task, token: task.token });
      return;
    }
  }

  run(): EndReason {
    while (this.ht.length > 0) {
      if (this.stopped) return 'stopped';
      if (this.events >= this.maxEvents) return 'event-cap';
      if (this.ht[0]! > this.maxTimeUs) {
        this.now = this.maxTimeUs;
        return 'time-cap';
      }
      const p = this.pop();
      this.events++;
      if (typeof p === 'function') p();
      else if (p.token === p.task.token) this.resume(p.task);
      if (this.afterEvent) this.afterEvent();
    }
    return this.stopped ? 'stopped' : 'running';
  }

  private resume(task: Task): void {
    const gen = task.gen;
    if (!gen) return;
    if (task.waitSite) {
      task.stalls[task.waitSite] = (task.stalls[task.waitSite] ?? 0) + (this.now - task.waitStart);
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
      this.push(this.now + Math.max(0, Math.round(w.us)), { task, token: task.token });
    } else {
      task.sleepingOn = w.queue;
      w.queue.waiters.push(task);
      if (Number.isFinite(w.timeoutUs)) {
        const token = task.token;
        const q = w.queue;
        this.push(this.now + Math.max(0, Math.round(w.timeoutUs)), () => {
          if (task.token !== token) return;
          task.sleepingOn = null;
          const i = q.waiters.indexOf(task);
          if (i >= 0) q.waiters.splice(i, 1);
          this.resume(task);
        });
      }
    }
  }

  /** Ends the task's generator (an OOM-killed process). */
  kill(task: Task): void {
    task.gen = null;
    task.token++;
    task.sleepingOn = null;
  }

  private push(t: number, p: { task: Task; token: number } | (() => void)): void {
    const ht = this.ht, hs = this.hs, hp = this.hp;
    const s = this.seq++;
    let i = ht.length;
    ht.push(t); hs.push(s); hp.push(p);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = ht[parent]!;
      if (pt < t || (pt === t && hs[parent]! < s)) break;
      ht[i] = pt; hs[i] = hs[parent]!; hp[i] = hp[parent]!;
      i = parent;
    }
    ht[i] = t; hs[i] = s; hp[i] = p;
  }

  private pop(): { task: Task; token: number } | (() => void) {
    const ht = this.ht, hs = this.hs, hp = this.hp;
    const top = hp[0]!;
    this.now = ht[0]!;
    const lt = ht.pop()!, ls = hs.pop()!, lp = hp.pop()!;
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
        ht[i] = ht[c]!; hs[i] = hs[c]!; hp[i] = hp[c]!;
        i = c;
      }
      ht[i] = lt; hs[i] = ls; hp[i] = lp;
    }
    return top;
  }
}
