/**
 * The explorer's figure: mempool_alloc's fallbacks in their fixed order, each
 * marked with what happened to it in this case (an accessible image), and
 * below it every step the twin took, each linked to its line of kernel source.
 */
import { finishFigure } from '../../figures/finish.ts';
import { color } from '../../figures/theme.ts';
import type { Attempt, MempoolStepsResult } from './compute.ts';
import { EXIT_SHORT, mempoolStepsSummary } from './summary.ts';

const SVG = 'http://www.w3.org/2000/svg';

type Status = 'ok' | 'reserves' | 'failed' | 'skipped' | 'active';
interface Node { title: string; status: Status; note: string }

function attemptNote(a: Attempt | undefined, spin: boolean): { status: Status; note: string } {
  if (!a) return { status: 'skipped', note: 'not reached' };
  if (a.result === 'page') return { status: 'ok', note: 'a page: returned' };
  if (a.result === 'reserves') return { status: 'reserves', note: 'a page from below min: returned' };
  if (a.result === 'stalled') return { status: 'active', note: 'in throttle_vm_writeout, again and again' };
  return { status: 'failed', note: spin ? 'failed, and retried at once, without end' : 'failed' };
}

/** What the woken task's pool->alloc call did, in a few words. */
function wokenNote(r: MempoolStepsResult): { status: Status; note: string } {
  const w = r.woken;
  if (!w) return { status: 'skipped', note: 'not reached' };
  const base = attemptNote(w.attempt, false);
  if (base.status !== 'failed') return base;
  const how = !w.attempt?.reclaim ? 'no direct reclaim' : w.directReclaim ? 'reclaim' : 'no reclaim for this task';
  const slept = w.sleptMs > 0 ? `, ${w.sleptMs.toLocaleString('en-US')} ms in ${w.sleepSites.join(', ')}` : '';
  return { status: w.sleptMs > 0 ? 'active' : 'failed', note: `${how}${slept}; failed` };
}

/** The five fallbacks, in mempool_alloc's order, and the round after the wake-up, with this case's outcome at each. */
export function fallbackNodes(r: MempoolStepsResult): Node[] {
  const first = r.attempts[0];
  const firstOk = first?.result === 'page' || first?.result === 'reserves';
  const second = r.attempts[1];
  const spin = r.exit === 'spin';
  const pool: Node = {
    title: '2. an element from the pool',
    ...(firstOk ? { status: 'skipped' as const, note: 'not reached' }
      : r.exit === 'pool' ? { status: 'ok' as const, note: 'an element: returned' }
      : { status: 'failed' as const, note: 'the pool is empty' }),
  };
  const retry = firstOk || r.exit === 'pool' ? { status: 'skipped' as const, note: 'not reached' }
    : !second && r.exit === 'null' ? { status: 'skipped' as const, note: 'skipped: try 1 used the whole mask' }
    : attemptNote(second, spin);
  return [
    { title: '1. allocator, no reclaim or IO', ...attemptNote(first, false) },
    pool,
    { title: '3. allocator, the caller’s full mask', ...retry },
    { title: '4. may not sleep: return NULL', ...(r.exit === 'null' ? { status: 'ok' as const, note: 'returns NULL' } : { status: 'skipped' as const, note: 'not reached' }) },
    { title: '5. sleep on the pool (≤ 5 s)', ...(r.exit === 'wait' ? { status: 'active' as const, note: r.woken ? 'until mempool_free returns an element' : 'asleep until mempool_free refills it' } : { status: 'skipped' as const, note: 'not reached' }) },
    { title: 'woken: the allocator first, full mask', ...wokenNote(r) },
    { title: 'only then: the element from the pool', ...(r.woken?.exit === 'pool' ? { status: 'ok' as const, note: 'the element mempool_free returned' } : { status: 'skipped' as const, note: 'not reached' }) },
  ];
}

const STROKE: Record<Status, string> = { ok: color.high, reserves: color.danger, failed: color.muted, skipped: color.grid, active: color.low };
const MARK: Record<Status, string> = { ok: '✓', reserves: '!', failed: '✗', skipped: '·', active: '…' };

function el(doc: Document, name: string, attrs: Record<string, string | number>, text?: string): Element {
  const e = doc.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function flowSvg(r: MempoolStepsResult, doc: Document): Element {
  const nodes = fallbackNodes(r);
  const W = 370, H = 44, GAP = 14, TOP = 4;
  const height = TOP + nodes.length * (H + GAP) - GAP + 4;
  const svg = el(doc, 'svg', { viewBox: `0 0 ${W} ${height}`, width: W, height, class: 'fp-mempool-flow', style: 'max-width: 100%; height: auto; font-size: 13px;' });
  nodes.forEach((n, i) => {
    const y = TOP + i * (H + GAP);
    const strong = n.status !== 'skipped';
    svg.append(el(doc, 'rect', { x: 2, y, width: W - 4, height: H, rx: 6, fill: 'none', stroke: STROKE[n.status], 'stroke-width': n.status === 'ok' || n.status === 'reserves' || n.status === 'active' ? 3 : 1.2 }));
    svg.append(el(doc, 'text', { x: 14, y: y + 18, fill: strong ? color.ink : color.muted, 'font-weight': 600 }, n.title));
    svg.append(el(doc, 'text', { x: 14, y: y + 36, fill: n.status === 'reserves' ? color.danger : strong ? color.ink : color.muted }, `${MARK[n.status]} ${n.note}`));
    if (i < nodes.length - 1) svg.append(el(doc, 'path', { d: `M ${W / 2} ${y + H + 1} v ${GAP - 4} m -4 -5 l 4 5 l 4 -5`, fill: 'none', stroke: color.muted }));
  });
  return finishFigure(svg, `mempool_alloc's fallbacks in order; this case ends at: ${EXIT_SHORT[r.exit]}. ${mempoolStepsSummary(r)}`);
}

function stepList(r: MempoolStepsResult, doc: Document): Element {
  const box = doc.createElement('div');
  box.setAttribute('class', 'fp-mempool-steps');
  const head = doc.createElement('p');
  head.setAttribute('class', 'fp-mempool-steps-head');
  head.textContent = `The ${r.rows.filter((x) => x.kind === 'step').length} steps the model’s mempoolAlloc took${r.woken ? ', before and after mempool_free woke it' : ''} (caller flags: ${r.callerFlags}; free pages ${r.zones.map((z) => `${z.name} ${z.free.toLocaleString('en-US')} of min ${z.min.toLocaleString('en-US')}`).join(', ')}):`;
  const ol = doc.createElement('ol');
  for (const row of r.rows) {
    const li = doc.createElement('li');
    if (row.kind === 'step' || row.kind === 'wake') {
      if (row.kind === 'wake') {
        li.setAttribute('class', 'fp-mempool-wake');
        li.setAttribute('style', 'font-weight: 600; margin-top: 0.4rem;');
      }
      li.append(doc.createTextNode(`${row.say} `));
      const a = doc.createElement('a');
      a.setAttribute('href', row.url);
      a.textContent = row.source;
      li.append(a);
    } else {
      li.setAttribute('class', 'fp-mempool-sleep');
      li.textContent = `sleeps ${row.ms.toLocaleString('en-US')} ms (${row.site})`;
    }
    ol.append(li);
  }
  box.append(head, ol);
  return box;
}

export function mempoolStepsFigure(r: MempoolStepsResult, doc: Document): Element {
  const root = doc.createElement('div');
  root.setAttribute('class', 'fp-mempool');
  root.append(flowSvg(r, doc), stepList(r, doc));
  return root;
}
