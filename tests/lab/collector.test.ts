import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseSerialLog } from '../../lab/parse/parseSerialLog.js';
import { buildTrace } from '../../lab/parse/trace.js';
import { footer, header, hogOk, log, samples } from './synthetic.js';

// The `writer` scenario key: a small collector that writes one sample per
// interval to a second disk (the 2016 May log came from such a collector).
describe('the collector of a writer scenario', () => {
  it('records its own final count and what reached its disk', () => {
    const t = buildTrace(parseSerialLog(log(
      header({ writer: 1 }), samples(4),
      'LAB: t=3.40 writer started: a sample every 1s into /dev/vdb (2048 slots of 32 KiB, buffered)',
      hogOk(), 'LAB: t=91.00 RESULT COMPLETED rc=0 rcs=[ 0 ] oom_kill=0',
      'LAB: t=92.00 writer samples=61 every=1 seconds=88',
      'LABHOST writerSlotsOnDisk=58', footer(),
    )));
    expect(t.collector).toEqual({ everyS: 1, samples: 61, seconds: 88, slotsOnDisk: 58 });
  });

  it('a run that never ended says it does not know the count, but keeps the disk\'s', () => {
    const t = buildTrace(parseSerialLog(log(
      header({ writer: 1 }), samples(4),
      'LAB: t=3.40 writer started: a sample every 1s into /dev/vdb (2048 slots of 32 KiB, buffered)',
      'LABHOST writerSlotsOnDisk=12', footer(124, 1800, true),
    )));
    expect(t.collector).toEqual({ everyS: 1, samples: null, seconds: null, slotsOnDisk: 12 });
  });

  it('a run without the key has no collector section', () => {
    expect(buildTrace(parseSerialLog(log(header(), samples(4), footer()))).collector).toBeUndefined();
  });

  it('scenarios.mjs leaves an unset writer out of the recorded scenario and gives run.sh a 0', () => {
    const out = execFileSync('node', ['lab/scripts/scenarios.mjs', 'get', '4.6.2-crypt'], { encoding: 'utf8' });
    expect(out).toMatch(/^S_writer=0$/m);
    expect(out).not.toMatch(/"writer"/);
  });
});
