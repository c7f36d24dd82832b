/**
 * The committed traces of the kernels the lab builds (content/data/lab-2016/*.json)
 * must be exactly what the parser makes of their serial logs (lab/logs-2016/<run>.log.gz).
 * Build logs (lab/logs-2016/build-*.log.gz) are provenance, not runs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseSerialLog } from '../../lab/parse/parseSerialLog.js';
import { buildTrace, formatTrace } from '../../lab/parse/trace.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const logsDir = join(root, 'lab', 'logs-2016');
const dataDir = join(root, 'content', 'data', 'lab-2016');
const list = (dir: string, re: RegExp): string[] => {
  try {
    return readdirSync(dir).map((f) => re.exec(f)?.[1]).filter((x): x is string => x !== undefined).sort();
  } catch {
    return [];
  }
};
const logs = list(logsDir, /^(.+-r\d+)\.log\.gz$/);
const traces = list(dataDir, /^(.+)\.json$/);

describe('committed 2016-kernel traces', () => {
  it('every run log has a trace and every trace has a log', () => {
    expect(traces).toEqual(logs);
  });

  it.each(logs)('%s: trace reproduces byte for byte from its log', (run) => {
    const text = gunzipSync(readFileSync(join(logsDir, `${run}.log.gz`))).toString('utf8');
    const expected = readFileSync(join(dataDir, `${run}.json`), 'utf8');
    expect(formatTrace(buildTrace(parseSerialLog(text), text))).toBe(expected);
  });

  it.each(logs)('%s: sizes stay small (log < 300 kB gzipped, trace < 100 kB)', (run) => {
    expect(statSync(join(logsDir, `${run}.log.gz`)).size).toBeLessThan(300_000);
    expect(statSync(join(dataDir, `${run}.json`)).size).toBeLessThan(100_000);
  });
});
