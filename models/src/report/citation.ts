/**
 * The plain-text citation of a run, for a mailing list: at most 72 columns
 * (a URL longer than a line is never broken), the scenario id and model
 * version, kernel and patches, machine and workload, the outcome with its key
 * figures, a small ASCII chart of the headline series, a Link: line and a
 * Reproduce: line. `fpsim run --format text` and every widget's Cite button
 * print exactly this.
 */
import type { SimResult } from '../sim/simulate.ts';
import { reproduceCommand, scenarioId, scenarioToQuery } from '../scenario/codec.ts';
import { asciiChart } from './asciiChart.ts';
import { describeOutcome } from './outcomeWords.ts';

export { describeOutcome } from './outcomeWords.ts';

export const CITE_WIDTH = 72;

/** Words of `text` in lines of at most `width`, the first after `first`, the rest after `indent`. */
export function wrap(text: string, width: number, first: string, indent: string): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const sep = line === first || line === indent ? '' : ' ';
    if ((line + sep + word).length > width && line.trim().length > 0 && line !== first && line !== indent) {
      lines.push(line);
      line = indent + word;
    } else line += sep + word;
  }
  lines.push(line);
  return lines;
}

/** A shell command folded with backslashes at word boundaries, each line ≤ width. */
export function foldCommand(command: string, width: number, first: string): string[] {
  const words = command.split(' ');
  const lines: string[] = [];
  let line = first;
  for (const word of words) {
    const candidate = line === first ? line + word : `${line} ${word}`;
    if (candidate.length > width - 2 && line !== first) {
      lines.push(`${line} \\`);
      line = `    ${word}`;
    } else line = candidate;
  }
  lines.push(line);
  return lines;
}

const r1 = (x: number) => (Math.round(x * 10) / 10).toLocaleString('en-US');

export interface CitationOptions {
  /** The site's root with its base path, e.g. https://example.org/forward-progress/ */
  siteUrl: string;
  /** Page path under the site (default: the Lab page) and figure anchor. */
  page?: string;
  anchor?: string;
}

export function citationLink(result: SimResult, options: CitationOptions): string {
  const root = options.siteUrl.replace(/\/?$/, '/');
  const query = scenarioToQuery(result.scenario);
  return `${root}${options.page ?? 'lab/'}${query ? `?${query}` : ''}#${options.anchor ?? 'fig-lab'}`;
}

export function citationText(result: SimResult, options: CitationOptions): string {
  const s = result.scenario;
  const p = s.params;
  const kernel = [s.kernel, ...s.patches].join(' + ');
  const lines: string[] = [];
  lines.push(`Forward Progress scenario ${scenarioId(s, result.model.version)}`);
  lines.push(`(model ${result.model.name} ${result.model.version}, scenario ${s.name})`);
  lines.push(...wrap(kernel, CITE_WIDTH, 'Kernel:    ', '           '));
  lines.push(...wrap(`${p.cpus} CPUs, ${p.ramMiB} MiB RAM, ${p.swapMiB} MiB swap ${p.swapOnDmCrypt ? 'on dm-crypt' : 'on the bare disk'}; cipher ${r1(p.cryptMiBPerSPerCpu)} MiB/s per CPU, disk ${r1(p.diskMiBPerS)} MiB/s; HZ ${p.hz}`, CITE_WIDTH, 'Machine:   ', '           '));
  lines.push(...wrap(`touch ${p.touchMiB} MiB at up to ${r1(p.touchMiBPerS)} MiB/s; seed ${p.seed}`, CITE_WIDTH, 'Workload:  ', '           '));
  lines.push(...wrap(describeOutcome(result), CITE_WIDTH, 'Outcome:   ', '           '));
  lines.push('');
  const livelock = result.outcome.kind === 'livelock';
  const ys = livelock ? result.series.kcryptdReqPerS : result.series.freeKiB.map((k) => k / 1024);
  lines.push(...asciiChart(result.series.t, ys, {
    width: CITE_WIDTH - 2,
    height: 7,
    yLabel: livelock ? 'kcryptd requests completed per second' : 'free memory, MiB',
    xLabel: 'time (s)',
  }).map((l) => `  ${l}`));
  lines.push('');
  lines.push(`Link: ${citationLink(result, options)}`);
  lines.push(...foldCommand(reproduceCommand(s), CITE_WIDTH, 'Reproduce: '));
  return lines.map((l) => l.trimEnd()).join('\n');
}
