/**
 * The committed traces (content/data/lab/*.json) must be exactly what the
 * parser makes of the committed serial logs (lab/logs/*.log.gz).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseSerialLog } from '../../lab/parse/parseSerialLog.js';
import { buildTrace, formatTrace } from '../../lab/parse/trace.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const logsDir = join(root, 'lab', 'logs');
const dataDir = join(root, 'content', 'data', 'lab');
const list = (dir: string, ext: string): string[] => {
  try {
    return readdirSync(dir).filter((f) => f.endsWith(ext)).map((f) => f.slice(0, -ext.length)).sort();
  } catch {
    return [];
  }
};
const logs = list(logsDir, '.log.gz');
const traces = list(dataDir, '.json');

describe('committed lab traces', () => {
  it('every log has a trace and every trace has a log', () => {
    expect(logs.length).toBeGreaterThan(0);
    expect(traces).toEqual(logs);
  });

  it.each(logs)('%s: trace reproduces byte for byte from its log', (run) => {
    const text = gunzipSync(readFileSync(join(logsDir, `${run}.log.gz`))).toString('utf8');
    const expected = readFileSync(join(dataDir, `${run}.json`), 'utf8');
    expect(formatTrace(buildTrace(parseSerialLog(text)))).toBe(expected);
  });

  it.each(logs)('%s: sizes stay small (log < 300 kB gzipped, trace < 60 kB)', (run) => {
    expect(statSync(join(logsDir, `${run}.log.gz`)).size).toBeLessThan(300_000);
    expect(statSync(join(dataDir, `${run}.json`)).size).toBeLessThan(60_000);
  });
});
