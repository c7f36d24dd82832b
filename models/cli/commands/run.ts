/** fpsim run: one simulation, as JSON, CSV or a readable summary. */
import type { Command } from '../command.ts';
import { choice, formatHelp, lastValue, parseArgs, UsageError, type FlagSpec } from '../args.ts';
import { SCENARIO_FLAGS, scenarioFromArgs } from './scenarioFlags.ts';
import { simulate } from '../../src/sim/simulate.ts';
import { formatRunText } from '../../src/report/text.ts';
import { citationText } from '../../src/report/citation.ts';
import { comparisonCitationText, comparisonLine } from '../../src/report/comparison.ts';
import { queryToScenario } from '../../src/scenario/codec.ts';
import { seriesToCsv } from '../../src/report/csv.ts';

/** Where citations link when no --site-url is given: FPSIM_SITE_URL, else the site served by `npm start`. */
export const DEFAULT_SITE_URL = 'http://127.0.0.1:4321/';

const FLAGS: FlagSpec[] = [
  ...SCENARIO_FLAGS,
  { name: 'compare', takesValue: true, metavar: 'QUERY', help: "also run the scenario of a URL query (e.g. 'kernel=v4.6&seed=2', as a widget's compare= key holds it) and compare: text, summary or json" },
  { name: 'format', takesValue: true, metavar: 'json|csv|text|summary', help: 'output format (default json); text is the 72-column citation' },
  { name: 'site-url', takesValue: true, metavar: 'URL', help: `site the citation's Link: points to (default $FPSIM_SITE_URL or ${DEFAULT_SITE_URL})` },
  { name: 'help', takesValue: false, help: 'show this help' },
];
const USAGE = 'usage: fpsim run [--scenario NAME] [--kernel ID] [--patch ID]... [--set key=value]... [--seed N] [--compare QUERY] [--format json|csv|text|summary] [--site-url URL]';

export const command: Command = {
  name: 'run',
  summary: 'run one scenario and print the result (json, csv or text)',
  async run(argv, io) {
    const args = parseArgs(argv, FLAGS);
    if (args.values.has('help')) {
      io.out(formatHelp(USAGE, FLAGS));
      return 0;
    }
    if (args.positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(args.positionals[0])}`);
    const format = choice('format', lastValue(args, 'format') ?? 'json', ['json', 'csv', 'text', 'summary'] as const);
    const siteUrl = lastValue(args, 'site-url') ?? process.env.FPSIM_SITE_URL ?? DEFAULT_SITE_URL;
    if (!/^https?:\/\/[^\s]+$/.test(siteUrl)) throw new UsageError(`--site-url ${JSON.stringify(siteUrl)} is not an http(s) URL`);
    const scenario = scenarioFromArgs(args, io);
    const result = simulate(scenario);
    const compareQuery = lastValue(args, 'compare');
    if (compareQuery !== undefined) {
      if (format === 'csv') throw new UsageError('--compare prints text, summary or json, not csv; run each scenario alone for its csv');
      const parsed = queryToScenario(compareQuery);
      for (const n of parsed.notices) io.err(`warning: --compare: ${n.message}`);
      const pinned = simulate(parsed.scenario);
      if (format === 'json') io.out(JSON.stringify({ pinned, current: result }));
      else if (format === 'text') io.out(comparisonCitationText(pinned, result, { siteUrl }));
      else io.out([comparisonLine(pinned, result), '', 'Pinned:', formatRunText(pinned), '', 'Now:', formatRunText(result)].join('\n'));
      return 0;
    }
    if (format === 'json') io.out(JSON.stringify(result));
    else if (format === 'csv') io.out(seriesToCsv(result));
    else if (format === 'text') io.out(citationText(result, { siteUrl }));
    else io.out(formatRunText(result));
    return 0;
  },
};
