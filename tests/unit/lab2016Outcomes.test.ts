/**
 * One classifier for a real 2016 run (src/widgets/kernels-2016/analysis.ts):
 * every committed trace through it, its words for prose
 * (src/chapters/lab2016Outcomes.ts is a thin layer over it), and its
 * correspondence with the model's class of the same trace
 * (models/src/lab/compare.ts, `fpsim validate --against lab`).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readLabTrace } from '../../models/src/lab/trace.ts';
import { realSide, type RealClass } from '../../models/src/lab/compare.ts';
import { OUTCOME_WORDS, froze, isOndrejsTest, outcomeClass, outcomeClause, stuck, type OutcomeClass } from '../../src/widgets/kernels-2016/analysis.ts';
import type { Lab2016Trace } from '../../src/widgets/kernels-2016/traces.ts';
import { LAB_2016, labRun, labRunsOf } from '../../src/chapters/lab2016Outcomes.ts';

const DIR = 'content/data/lab-2016';
const traces = readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(`${DIR}/${f}`, 'utf8')) as Lab2016Trace);

/**
 * The model's classes (compare.ts: the touch pass only, the shared crawl rule)
 * that each class of the site admits. The site never says a run completed
 * that the model calls a crawl or not done, nor that a run was stuck or
 * crawling at the host limit that the model says completed; a kill is a kill
 * on both sides. A run that got through only after a freeze may have crawled
 * at the end of its touch pass (the crawl rule does not ask whether the test
 * finished).
 */
const MODEL_CLASSES: Record<OutcomeClass, readonly RealClass[]> = {
  completed: ['completes'],
  'froze-then-completed': ['completes', 'crawl'],
  crawling: ['crawl', 'slow', 'undetermined'],
  frozen: ['crawl', 'slow', 'undetermined'],
  'oom-killed': ['oom-kill-swap-free', 'oom-kill-other'],
  failed: ['completes', 'crawl', 'slow', 'undetermined'],
};

/** The clause each class's words start with. */
const CLAUSE: Record<OutcomeClass, RegExp> = {
  completed: /^completed the test$/,
  'froze-then-completed': /^got the test through, but froze for [\d,]+ s on the way$/,
  crawling: /^froze and crawled, without an OOM kill: the test (touched its last page after [\d,]+ minutes, and the run was still not done|had touched [\d,]+ of its [\d,]+ MiB) when the lab stopped it at [\d,]+ minutes$/,
  frozen: /^froze without an OOM kill$/,
  'oom-killed': /^OOM-killed the test$/,
  failed: /^ended in a failure the lab reports as ".+"$/,
};

describe('one classifier for the lab\'s 2016 runs', () => {
  it('finds the committed traces', () => {
    expect(traces.length).toBeGreaterThan(0);
  });

  it.each(traces.map((t) => [t.run, t] as const))('%s: its class, its words, and the model\'s class of it agree', (_run, t) => {
    const c = outcomeClass(t);
    const model = realSide(readLabTrace(t, t.run)).cls;
    // The comparison with the model measures the touch pass alone (the model's test has no
    // read-back): a run still crawling through its read-back at the host limit, whose fill
    // ended above the crawl rate, is "completes" there (4.7.4-f9054c70-crypt-r3: fill ended
    // at 1671 s, 33 writes/s over its last 5 minutes).
    const allowed = c === 'crawling' && t.result.fillS !== null ? [...MODEL_CLASSES[c], 'completes'] : MODEL_CLASSES[c];
    expect(allowed, `site ${c}, model ${model}`).toContain(model);
    expect(OUTCOME_WORDS[c]).toBeTruthy();
    expect(outcomeClause(t)).toMatch(CLAUSE[c]);
    // The chapters' layer is the classifier's class and words, nothing of its own.
    const r = labRun(t.run);
    expect(r).toMatchObject({ run: t.run, outcome: c, words: outcomeClause(t), completed: c === 'completed', froze: froze(c) });
    // What the lab's own verdict says, the class says too.
    if (t.result.oomKills > 0 || t.result.kind === 'oom-killed') expect(c).toBe('oom-killed');
    if (t.result.kind === 'completed' && !t.result.oomKills) expect(c).toBe('completed');
    if (t.result.kind === 'stalled') expect(c === 'froze-then-completed' || stuck(c)).toBe(true);
  });

  it('classifies the committed runs as their traces say they ended', () => {
    const expected: Record<string, [OutcomeClass, RealClass]> = {
      '4.6.2-crypt-r1': ['frozen', 'crawl'],
      '4.6.2-plain-r1': ['completed', 'completes'],
      '4.6.2+revert-crypt-r1': ['completed', 'completes'],
      '4.7.4-crypt-r1': ['completed', 'completes'],
      '4.7.4-f9054c70-crypt-r1': ['crawling', 'crawl'],
      '4.7.4-f9054c70+mempool-less-throttle-crypt-r1': ['frozen', 'crawl'],
      '4.7.4-f9054c70+throttle-noretry-crypt-r1': ['froze-then-completed', 'completes'],
      '4.8.15-crypt-r1': ['completed', 'completes'],
    };
    for (const t of traces) {
      const e = expected[t.run];
      if (e) expect([outcomeClass(t), realSide(readLabTrace(t, t.run)).cls], t.run).toEqual(e);
    }
  });

  it('words a run that froze on the way, or crawled past the host limit, with the trace\'s own numbers', () => {
    const noretry = traces.find((t) => t.run === '4.7.4-f9054c70+throttle-noretry-crypt-r1');
    if (noretry) expect(outcomeClause(noretry)).toBe(`got the test through, but froze for ${Math.round(noretry.result.maxSampleGapS)} s on the way`);
    const rc = traces.find((t) => t.run === '4.7.4-f9054c70-crypt-r1');
    if (rc) expect(outcomeClause(rc)).toBe(`froze and crawled, without an OOM kill: the test touched its last page after ${Math.round(rc.result.fillS! / 60)} minutes, and the run was still not done when the lab stopped it at ${Math.round(rc.result.wallS! / 60)} minutes`);
  });

  it('cites only Ondrej\'s test beside 2016: no collector, his machine size', () => {
    for (const r of Object.values(LAB_2016)) {
      const t = traces.find((x) => x.run === r.run)!;
      expect(isOndrejsTest(t), r.run).toBe(true);
    }
    for (const name of new Set(traces.map((t) => t.scenario.name))) {
      const runs = labRunsOf(name);
      const alone = traces.filter((t) => t.scenario.name === name && isOndrejsTest(t));
      expect(runs.map((r) => r.run).sort()).toEqual(alone.map((t) => t.run).sort());
    }
    expect(labRunsOf('no-such-scenario')).toEqual([]);
  });

  it('tells a run that froze from one that did not, whatever the harness called it', () => {
    const base = traces.find((t) => t.run === '4.7.4-f9054c70+throttle-noretry-crypt-r1') ?? traces[0]!;
    const clone = (f: (t: any) => void) => { const t = JSON.parse(JSON.stringify(base)); f(t); return t as Lab2016Trace; };
    // The guest's watchdog (memhog still running) is not a completion.
    expect(outcomeClass(clone((t) => { t.result.kind = 'stalled'; t.result.guestOutcome = 'WATCHDOG'; t.result.reason = 'guest watchdog fired'; t.progress.recentMiBPerMin = 0; }))).toBe('frozen');
    // A kill the harness counted is a kill, whatever else it said.
    expect(outcomeClass(clone((t) => { t.result.kind = 'stalled'; t.result.oomKills = 1; }))).toBe('oom-killed');
    const failed = clone((t) => { t.result.kind = 'failed'; t.result.oomKills = 0; t.result.reason = 'data verification failed: 3 bad pages'; });
    expect(outcomeClass(failed)).toBe('failed');
    expect(froze('failed')).toBe(false);
    expect(outcomeClause(failed)).toBe('ended in a failure the lab reports as "data verification failed: 3 bad pages"');
  });
});
