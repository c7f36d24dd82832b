/**
 * The stall breakdown of a run as bars: seconds each actor spent at each
 * wait site (SimResult.stalls), CPU time and idle left out.
 */
import * as Plot from '@observablehq/plot';
import type { SimResult } from '@forward-progress/model/sim/simulate';
import { finishFigure } from '../../figures/finish.ts';
import { color, plotBase } from '../../figures/theme.ts';

export interface StallRow {
  actor: string;
  site: string;
  seconds: number;
}

/** Wait sites in a fixed order, so colours mean the same thing on every figure. */
export const STALL_SITES = ['throttle_vm_writeout', 'mempool_alloc', 'congestion_wait', 'wait_iff_congested', 'throttle_direct_reclaim', 'bio_alloc_lock', 'disk'] as const;

/** Actors named the way a reader knows them: kcryptd workers merged. */
function actorName(task: string): string {
  return task.startsWith('kcryptd/') ? 'kcryptd (all workers)' : task === 'test' ? 'test program' : task;
}

export function stallRows(result: SimResult): StallRow[] {
  const sum = new Map<string, number>();
  for (const [task, sites] of Object.entries(result.stalls)) {
    for (const [site, seconds] of Object.entries(sites)) {
      if (site === 'cpu' || site === 'idle' || seconds <= 0) continue;
      const key = `${actorName(task)}\u0000${site}`;
      sum.set(key, (sum.get(key) ?? 0) + seconds);
    }
  }
  return [...sum].map(([key, seconds]) => {
    const [actor, site] = key.split('\u0000') as [string, string];
    return { actor, site, seconds: Math.round(seconds * 10) / 10 };
  });
}

/** Seconds one actor group spent at one site. */
export function stallAt(result: SimResult, actorPrefix: string, site: string): number {
  let s = 0;
  for (const [task, sites] of Object.entries(result.stalls)) if (task.startsWith(actorPrefix)) s += sites[site] ?? 0;
  return s;
}

export function stallBars(result: SimResult, doc: Document, title: string, width = 640): Element {
  const narrow = width < 500;
  const rows = stallRows(result);
  const sites = STALL_SITES.filter((s) => rows.some((r) => r.site === s));
  const others = [...new Set(rows.map((r) => r.site))].filter((s) => !(STALL_SITES as readonly string[]).includes(s));
  const domain = [...sites, ...others];
  const actors = ['test program', 'kswapd0', 'kcryptd (all workers)', 'dmcrypt_write'].filter((a) => rows.some((r) => r.actor === a));
  const svg = Plot.plot({
    ...plotBase,
    document: doc,
    width,
    height: 40 + 34 * Math.max(1, actors.length),
    marginLeft: narrow ? 140 : 150,
    marginBottom: 36,
    x: { label: narrow ? 'seconds waiting →' : 'seconds waiting (summed over the run) →', grid: true, ticks: narrow ? 3 : undefined },
    y: { label: null, domain: actors },
    color: { domain, range: domain.map((_, i) => color.series[i % color.series.length]!), legend: false },
    marks: [
      Plot.barX(rows, Plot.stackX({ x: 'seconds', y: 'actor', fill: 'site', order: domain })),
      Plot.ruleX([0], { stroke: color.grid }),
    ],
  }) as unknown as Element;
  const wrap = doc.createElement('div');
  wrap.setAttribute('class', 'fp-stall-bars');
  const legend = doc.createElement('p');
  legend.setAttribute('class', 'fp-legend');
  domain.forEach((site, i) => {
    const item = doc.createElement('span');
    item.setAttribute('class', 'fp-legend-item');
    const mark = doc.createElement('span');
    mark.setAttribute('style', `display: inline-block; width: 0.8rem; height: 0.8rem; background: ${color.series[i % color.series.length]}`);
    mark.setAttribute('aria-hidden', 'true');
    item.append(mark, doc.createTextNode(site));
    legend.append(item);
  });
  const described = rows
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 6)
    .map((r) => `${r.actor} ${r.seconds.toLocaleString('en-US')} s in ${r.site}`)
    .join('; ');
  finishFigure(svg, `${title}: ${described || 'no waits'}.`);
  wrap.append(legend, svg);
  return wrap;
}
