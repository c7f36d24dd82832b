/**
 * How the lab's runs of the 2016 kernels ended (content/data/lab-2016/*.json),
 * for the chapters that set the model beside them: each run's id, whether the
 * test completed, the machine froze or the OOM killer fired, and whether a
 * kcryptd worker was caught asleep in throttle_vm_writeout. The words follow
 * whatever traces are recorded.
 */
interface Lab2016Result {
  run: string;
  result: { kind: string; reason?: string; oomKills: number | null; fillS: number | null; wallS: number };
  blocked: { summary: { task: string; sleepsIn: string }[] } | null;
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

const modules = import.meta.glob<Lab2016Result>('../../content/data/lab-2016/*.json', { eager: true, import: 'default' });
const TRACES = Object.values(modules);

export interface LabRun {
  run: string;
  /** "completed the test", "froze without an OOM kill", "got the test through, but froze on the way", "OOM-killed the test". */
  words: string;
  completed: boolean;
  froze: boolean;
  /** A kcryptd worker sat in throttle_vm_writeout in at least one sysrq-w dump. */
  kcryptdThrottled: boolean;
}

/** The recorded run with this id (e.g. "4.7.4-f9054c70-crypt-r1"); throws if it is not recorded. */
export function labRun(run: string): LabRun {
  const t = TRACES.find((x) => x.run === run);
  if (!t) throw new Error(`no lab-2016 trace ${run}`);
  const killed = (t.result.oomKills ?? 0) > 0;
  const completed = t.result.kind === 'completed' && !killed;
  const froze = !completed && !killed;
  /** The harness's own verdict when the test got through but the machine did not answer for a while. */
  const doneButFroze = froze && /memhog completed/.test(t.result.reason ?? '');
  return {
    run,
    words: killed ? 'OOM-killed the test'
      : completed ? 'completed the test'
      : doneButFroze ? 'got the test through, but froze on the way'
      : t.result.fillS !== null ? `froze and crawled, without an OOM kill: the test touched its last page after ${fmt(t.result.fillS / 60)} minutes, and the run was still not done when the lab stopped it at ${fmt(t.result.wallS / 60)} minutes`
      : 'froze without an OOM kill',
    completed,
    froze,
    kcryptdThrottled: (t.blocked?.summary ?? []).some((s) => s.task.includes('kcryptd') && s.sleepsIn === 'throttle_vm_writeout'),
  };
}

/**
 * Every recorded run of one lab scenario (e.g. "4.6.2-crypt"), in repetition
 * order, with its words; an empty list when the scenario has no run yet.
 */
export function labRunsOf(scenario: string): LabRun[] {
  return TRACES.map((t) => t.run).filter((r) => r.replace(/-r\d+$/, '') === scenario)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map(labRun);
}

/** The runs the chapters cite: the 2016 kernels on Ondrej's machine size, swap on dm-crypt (and 4.6.2 on the bare disk, the control). */
export const LAB_2016 = {
  v46: labRun('4.6.2-crypt-r1'),
  v46Revert: labRun('4.6.2+revert-crypt-r1'),
  v46Plain: labRun('4.6.2-plain-r1'),
  v47rc: labRun('4.7.4-f9054c70-crypt-r1'),
  v47rcFlag: labRun('4.7.4-f9054c70+mempool-less-throttle-crypt-r1'),
  v47rcNoretry: labRun('4.7.4-f9054c70+throttle-noretry-crypt-r1'),
  v474: labRun('4.7.4-crypt-r1'),
  v48: labRun('4.8.15-crypt-r1'),
};
