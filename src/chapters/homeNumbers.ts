/**
 * The home page: one sentence per base kernel, from the 2016 row for that
 * kernel (what was reported, or what is only inferred, with its sources) and
 * the model's run of Ondrej's scenario on it, computed at build time; and the
 * scenario the page's three actions (tweak, cite, reproduce) point at.
 */
import { BASE_KERNELS } from '@forward-progress/model/kernel/versions';
import type { SimResult } from '@forward-progress/model/sim/simulate';
import type { Evidence } from '@forward-progress/model/sim/validate';
import { incident, type Agreement, type ComparedRow } from './incidentNumbers.ts';
import { labRunsOf } from './lab2016Outcomes.ts';
import { fmt, provenance, run, type RunInput } from './runs.ts';

export interface KernelSentence {
  kernel: string;
  evidence: Evidence;
  agreement: Agreement;
  /** The whole sentence, as the page prints it (badges aside). */
  text: string;
  /** Its halves: what 2016 says, what the real kernel did in the lab (null when the lab has no such kernel or run), and what the model gives. */
  said: string;
  measured: { kernel: string; words: string; runs: { run: string; rep: number }[] } | null;
  modelled: string;
  /** Reported rows: whose machine. Inferred rows: what the inference rests on. */
  context: string;
  sources: { label: string; href: string }[];
  /** The run in the Lab (query string) and on the command line. */
  query: string;
  command: string;
}

/** What the model does with Ondrej's test on one kernel, as the second half of a sentence. */
export function modelPhrase(r: SimResult): string {
  const o = r.outcome;
  if (o.kind === 'oom-kill') return `OOM-kills the test at ${fmt(o.t)} s with ${fmt(r.oomKills[0]!.swapFreePct)}% of swap free`;
  if (o.kind === 'completed') return `completes the test in ${fmt(o.t)} s${o.t >= 300 ? ` (${fmt(o.t / 60, 1)} minutes)` : ''} without an OOM kill`;
  return `kills nothing, and the test is still not done when the run stops at ${fmt(o.t / 60)} minutes` +
    (o.waitSite ? ` (kcryptd waits mostly in ${o.waitSite})` : '');
}

/** The model's half: its outcome in our words when it agrees, the comparison's own note when it does not. */
function modelHalf(c: ComparedRow): string {
  const what = c.row.evidence === 'inferred' ? 'the inference' : 'the report';
  if (c.agreement === 'agrees') return `the model ${modelPhrase(run(c.row.input))}, which agrees with ${what}`;
  return `the model ${c.note}, so it ${c.agreement === 'partly' ? 'partly agrees with' : 'differs from'} ${what}`;
}

/**
 * The lab's kernel that stands for a base kernel on Ondrej's machine (swap on
 * dm-crypt, the test alone): 4.7.4 with f9054c70 put back has v4.7-rc6's
 * mempool_alloc; v4.5 has no lab kernel.
 */
const LAB_KERNEL: Record<string, string> = { 'v4.6': '4.6.2', 'v4.7-rc6': '4.7.4-f9054c70', 'v4.8': '4.8.15', 'v4.9': '4.9' };

function measuredHalf(kernel: string): KernelSentence['measured'] {
  const id = LAB_KERNEL[kernel];
  if (!id) return null;
  const runs = labRunsOf(`${id}-crypt`);
  if (!runs.length) return null;
  const words = [...new Set(runs.map((r) => r.words))];
  return {
    kernel: id,
    // every run in its own words when they differ, once when they agree
    words: words.length === 1 ? words[0]! : runs.map((r, i) => `run ${i + 1} ${r.words}`).join('; '),
    runs: runs.map((r, i) => ({ run: r.run, rep: i + 1 })),
  };
}

function sentenceFor(kernel: string): KernelSentence {
  const c = incident.rows.find((r) => r.row.input.kernel === kernel && (r.row.input.patches ?? []).length === 0);
  if (!c) throw new Error(`no 2016 row for ${kernel}`);
  const row = c.row;
  const said = row.evidence === 'reported'
    ? `2016 reported: ${row.reported}`
    : `Not observed in 2016, only inferred: ${row.reported}`;
  const modelled = modelHalf(c);
  return {
    kernel,
    evidence: row.evidence,
    agreement: c.agreement,
    said,
    measured: measuredHalf(kernel),
    modelled,
    text: `${said} — ${modelled}.`,
    context: row.evidence === 'reported' ? `Seen on ${row.machine2016}.` : `Inferred ${row.basis ?? `for ${row.machine2016}`}.`,
    sources: row.sources,
    query: c.query,
    command: c.command,
  };
}

/** One sentence per base kernel, in release order. */
export const KERNEL_SENTENCES: KernelSentence[] = BASE_KERNELS.map(sentenceFor);

/** The scenario the three actions use: v4.6, the kernel of the 2016 premature OOM kill (whatever the model makes of it). */
const ACTION: RunInput = { kernel: 'v4.6' };
const p = provenance(ACTION);

export const homeActions = {
  scenario: ACTION,
  kernel: ACTION.kernel!,
  /** The Lab's query string for it ("kernel=v4.6"). */
  query: p.query,
  scenarioId: p.id,
  /** The one command that prints the same plain-text block as the Cite button. */
  command: `${p.command} --format text`,
};
