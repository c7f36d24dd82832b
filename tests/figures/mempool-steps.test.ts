import { describe, expect, it } from 'vitest';
import definition from '../../src/widgets/mempool-steps/definition.ts';
import { defaultValues } from '../../src/widgets/controls.ts';
import { ssrDocument } from '../../src/figures/ssr.ts';
import { computeMempoolSteps } from '../../src/widgets/mempool-steps/compute.ts';
import { expectSvgSnapshot } from './snapshot.ts';

const values = defaultValues(definition.controls);
const at = (over: Record<string, string | boolean>) => computeMempoolSteps({ ...values, ...over });

describe('mempool_alloc step explorer', () => {
  it('draws the default case as before', () => {
    const figure = definition.figure(definition.compute(values), values, ssrDocument());
    expectSvgSnapshot('mempool-steps-default', figure.outerHTML);
  });

  it('draws the kcryptd worker on v4.7-rc6 as before', () => {
    const v = { ...values, kernel: 'v4.7-rc6', caller: 'kcryptd' };
    const figure = definition.figure(definition.compute(v), v, ssrDocument());
    expectSvgSnapshot('mempool-steps-kcryptd-rc6', figure.outerHTML);
  });

  it('is one accessible image whose label states where the call ends, plus a list of linked steps', () => {
    const figure = definition.figure(definition.compute(values), values, ssrDocument());
    const svgs = Array.from(figure.querySelectorAll('svg'));
    expect(svgs).toHaveLength(1);
    expect(svgs[0]!.getAttribute('role')).toBe('img');
    expect(svgs[0]!.getAttribute('aria-label')).toMatch(/ends at: emergency reserves/);
    const links = Array.from(figure.querySelectorAll('ol a'));
    expect(links.length).toBeGreaterThan(5);
    for (const a of links) expect(a.getAttribute('href')).toMatch(/^https:\/\/elixir\.bootlin\.com\/linux\/v4\.\d[^/]*\/source\/(mm|drivers)\/[\w./-]+#L\d+$/);
  });

  it('states the result in one sentence', () => {
    expect(definition.summary(definition.compute(values), values)).toMatch(
      /^v4\.6 \(f9054c70\), kswapd .* GFP_NOIO, an empty pool, free memory below min .*: after \d+ steps mempool_alloc returns a page from the emergency reserves/,
    );
  });

  // kernel-facts §3a: the decisions the twin must reproduce.
  it('gives kswapd the reserves only with f9054c70 and an empty pool', () => {
    expect(at({}).exit).toBe('reserves');
    expect(at({ kernel: 'v4.7-rc6' }).exit).toBe('reserves');
    expect(at({ kernel: 'v4.5' }).exit).toBe('wait');
    expect(at({ kernel: 'v4.8' }).exit).toBe('wait');
    expect(at({ kernel: 'v4.6+revert-f9054c70' }).exit).toBe('wait');
    expect(at({ pool: 'has' }).exit).toBe('pool');
  });

  it('never gives the kcryptd worker the reserves; GFP_NOWAIT returns NULL', () => {
    for (const kernel of ['v4.5', 'v4.6', 'v4.7-rc6', 'v4.8']) expect(at({ kernel, caller: 'kcryptd' }).exit).toBe('wait');
    expect(at({ caller: 'kcryptd', gfp: 'GFP_NOWAIT' }).exit).toBe('null');
  });

  it('takes a page from the allocator above the watermarks, before the pool', () => {
    const r = at({ free: 'above-low', pool: 'has' });
    expect(r.exit).toBe('allocator');
    expect(r.attempts).toHaveLength(1);
  });

  it('sleeps once in throttle_vm_writeout for GFP_NOIO before the wait and keeps sleeping for GFP_KERNEL', () => {
    const noio = at({ kernel: 'v4.7-rc6', caller: 'kcryptd' });
    const wake = noio.rows.findIndex((r) => r.kind === 'wake');
    expect(noio.rows.slice(0, wake).filter((r) => r.kind === 'sleep')).toEqual([{ kind: 'sleep', site: 'throttle_vm_writeout', ms: 100 }]);
    expect(at({ kernel: 'v4.7-rc6', caller: 'task', gfp: 'GFP_KERNEL' }).exit).toBe('stall');
    expect(at({ kernel: 'v4.7-rc6', caller: 'kcryptd', writeback: false }).rows.some((r) => r.kind === 'sleep')).toBe(false);
  });

  // NeilBrown, 22 Jul 2016 (87oa5q5abi.fsf@notabene.neil.brown.name); v4.6 mempool.c:368/371 and :392.
  it('after mempool_free wakes it, retries the allocator with the full mask, reclaim and throttle included, before taking the element', () => {
    for (const kernel of ['v4.5', 'v4.6', 'v4.7-rc6', 'v4.8']) {
      const r = at({ kernel, caller: 'kcryptd' });
      expect(r.exit).toBe('wait');
      expect(r.woken).toMatchObject({ directReclaim: true, sleptMs: 100, sleepSites: ['throttle_vm_writeout'], exit: 'pool' });
      expect(r.woken!.attempt).toEqual({ reclaim: true, result: 'failed' });
      const wake = r.rows.findIndex((x) => x.kind === 'wake');
      const after = r.rows.slice(wake + 1);
      const throttle = after.findIndex((x) => x.kind === 'sleep');
      const take = after.findIndex((x) => x.kind === 'step' && x.say.startsWith('take one of the pool'));
      expect(throttle).toBeGreaterThan(-1);
      expect(take).toBeGreaterThan(throttle);
    }
    // kswapd (PF_MEMALLOC) retries too, but the slow path will not let it reclaim.
    expect(at({ kernel: 'v4.5' }).woken).toMatchObject({ directReclaim: false, sleptMs: 0, exit: 'pool' });
    // With direct reclaim masked out (NeilBrown's proposal) the woken retry cannot reclaim or throttle.
    expect(at({ kernel: 'v4.7-rc6+mempool-no-direct-reclaim', caller: 'kcryptd' }).woken).toMatchObject({ directReclaim: false, sleptMs: 0, exit: 'pool' });
    // A call that never sleeps on the pool has no woken round.
    expect(at({}).woken).toBeUndefined();
    expect(definition.summary(at({ kernel: 'v4.6', caller: 'kcryptd' }), values)).toMatch(/Woken by mempool_free, it does not take the element at once: it first calls pool->alloc again with the caller’s full mask \(direct reclaim, 100 ms asleep in throttle_vm_writeout\)/);
  });

  it('links mempool steps to the mempool.c of the version in question', () => {
    const step = (r: ReturnType<typeof at>) => r.rows.find((x) => x.kind === 'step' && x.source.startsWith('mm/mempool.c'));
    expect(step(at({}))).toMatchObject({ url: expect.stringContaining('/v4.6/source/mm/mempool.c#L') });
    expect(step(at({ kernel: 'v4.7-rc6' }))).toMatchObject({ url: expect.stringContaining('/v4.7-rc6/source/mm/mempool.c#L') });
  });

  it('cites in at most 72 columns', () => {
    const text = definition.cite!(definition.compute(values), values, { siteUrl: 'https://example.org/', page: 'mempool-fallbacks/', anchor: 'fig-mempool-steps' });
    for (const line of text.split('\n')) if (!line.startsWith('Link:')) expect(line.length).toBeLessThanOrEqual(72);
  });
});
