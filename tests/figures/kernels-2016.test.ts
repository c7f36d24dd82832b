import { describe, expect, it } from 'vitest';
import definition from '../../src/widgets/kernels-2016/definition.ts';
import { defaultValues, readControls } from '../../src/widgets/controls.ts';
import { ssrDocument } from '../../src/figures/ssr.ts';
import { loadTrace2016, RUNS_2016, TRACES_2016 } from '../../src/widgets/kernels-2016/traces.ts';
import { parseBlocked } from '../../src/widgets/kernels-2016/analysis.ts';
import { expectSvgSnapshot } from './snapshot.ts';

// The snapshots draw committed traces that never change once recorded: a
// rerun of the same repetition would be a new recording, and a new snapshot.
describe('the 2016-kernels figure (recorded runs of kernels built from source)', async () => {
  const values = defaultValues(definition.controls);
  // The widget loads a run when a state shows it: compute is async.
  const result = await definition.compute(values);

  it('opens on 4.6.2 with swap on dm-crypt, the kernel of the May report', () => {
    expect(TRACES_2016.length).toBeGreaterThan(3);
    expect(result.trace?.run).toBe('4.6.2-crypt-r1');
    expect(result.dump?.tasks.length).toBeGreaterThan(0);
  });

  it('draws five series panels and the who-sleeps-where panel, each an accessible image, and the dump at the cursor', () => {
    const figure = definition.figure(result, values, ssrDocument());
    const svgs = Array.from(figure.querySelectorAll('svg'));
    expect(svgs).toHaveLength(6);
    for (const svg of svgs) expect(svg.getAttribute('role')).toBe('img');
    // The OOM gate: host reports only, with the kernel's all_unreclaimable level marked.
    expect(svgs[4]!.getAttribute('aria-label')).toMatch(/^scanned, % of the OOM gate over time, .*\. Dots: the host's memory reports\. Dashed: 100 \(all_unreclaimable\)\./);
    expect(svgs[4]!.querySelectorAll('circle').length).toBeGreaterThan(10);
    expect(svgs[5]!.getAttribute('aria-label')).toMatch(/kcryptd · wait_iff_congested in \d+ of \d+ recorded dumps/);
    expect(figure.querySelector('.fp-dump')!.textContent).toMatch(/kworker \[kcryptd\] ×2 sleeps in wait_iff_congested/);
    expectSvgSnapshot('kernels-2016-default', figure.outerHTML);
  });

  it('shows throttle_vm_writeout in the dumps of 4.7.4 with f9054c70 put back', async () => {
    const v = { run: '4.7.4-f9054c70-crypt-r1', at: 990 };
    const r = await definition.compute(v);
    const figure = definition.figure(r, v, ssrDocument(), undefined, { width: 360 });
    expectSvgSnapshot('kernels-2016-f9054c70-narrow', figure.outerHTML);
    expect(r.dump?.tasks.some((b) => b.sleepsIn === 'throttle_vm_writeout')).toBe(true);
  });

  it('clamps a cursor after the run to its end and says so', async () => {
    const r = await definition.compute({ run: '4.6.2-plain-r1', at: 1800 });
    expect(r.at).toBeLessThan(60);
    expect(definition.summary(r, {})).toMatch(/the run ended there; the cursor asked for 1,800 s/);
  });

  it('reads bad settings from a link into a clamp and a notice, never an exception', async () => {
    const { values: v, notices } = readControls(definition.controls, { run: '<script>', at: '99999' });
    expect(v).toEqual({ run: values.run, at: 1800 });
    expect(notices.join(' ')).toMatch(/Run: "<script>" is not one of/);
    expect(notices.join(' ')).toMatch(/outside 0–1800/);
    const r = await definition.compute(v);
    expect(() => definition.figure(r, v, ssrDocument())).not.toThrow();
    const missing = await definition.compute({ run: 'no-such-run', at: 10 });
    expect(definition.summary(missing, {})).toBe('No recorded run has this name.');
  });

  it('lists every run the build reads, in its order, and loads each as recorded', async () => {
    expect(RUNS_2016.map((h) => h.run)).toEqual(TRACES_2016.map((t) => t.run));
    for (const t of TRACES_2016) expect(await loadTrace2016(t.run)).toEqual(t);
    expect(await loadTrace2016('no-such-run')).toBeUndefined();
  });

  it('parses a dump line into task, function, waits and callers', () => {
    expect(parseBlocked('kswapd0 D in mempool_alloc (schedule_timeout, io_schedule_timeout) <- bio_alloc_bioset <- get_swap_bio')).toEqual({
      task: 'kswapd0', state: 'D', sleepsIn: 'mempool_alloc', waits: ['schedule_timeout', 'io_schedule_timeout'], callers: ['bio_alloc_bioset', 'get_swap_bio'],
    });
    expect(parseBlocked('kworker [kcryptd] D in wait_iff_congested <- shrink_inactive_list').task).toBe('kworker [kcryptd]');
  });

  it('cites a run with its build, its outcome and the lab command that repeats it', () => {
    const text = definition.cite!(result, values, { siteUrl: 'https://example.org/', page: 'the-2016-kernels/', anchor: 'fig-kernels-2016' });
    for (const line of text.split('\n')) if (!line.startsWith('Link: ') && !line.startsWith('Reproduce: ')) expect(line.length).toBeLessThanOrEqual(72);
    expect(text).toMatch(/^Reproduce: npm run lab -- --kernel 4\.6\.2 .*4\.6\.2-crypt$/m);
    expect(text).toContain('xing393939/linux-4.6.2');
  });
});
