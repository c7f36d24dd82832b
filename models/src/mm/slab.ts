/**
 * A slab cache as the model needs it: objects of one size carved from whole
 * pages. An allocation with no free object takes a page from the page
 * allocator with the caller's mask (new_slab → __alloc_pages_nodemask), which
 * is how a mempool's first try reaches the reserves. Freed objects go back to
 * the cache; a second empty page's worth of free objects returns a page.
 */
import type { Wait } from '../runtime/engine.ts';

export interface SlabCache {
  name: string;
  objectBytes: number;
  objectsPerPage: number;
  freeObjects: number;
  /** Pages of this cache per zone. */
  pagesByZone: number[];
}

export function makeSlabCache(name: string, objectBytes: number, nZones: number): SlabCache {
  return { name, objectBytes, objectsPerPage: Math.max(1, Math.floor(4096 / objectBytes)), freeObjects: 0, pagesByZone: new Array(nZones).fill(0) };
}

/** Takes a free object of the cache, if it has one. */
export function slabTakeFree(cache: SlabCache): boolean {
  if (cache.freeObjects === 0) return false;
  cache.freeObjects--;
  return true;
}

/** A new slab page from zone `zone`: one object of it taken, the rest free. */
export function slabAddPage(cache: SlabCache, zone: number): void {
  cache.pagesByZone[zone]!++;
  cache.freeObjects += cache.objectsPerPage - 1;
}

/** kmem_cache_alloc: a free object, or a new slab page from allocPage (null if the allocator failed). */
export function* slabAlloc(
  cache: SlabCache,
  allocPage: () => Generator<Wait, number, void>,
  onNewPage: (zone: number) => void,
): Generator<Wait, number | null, void> {
  if (slabTakeFree(cache)) return -1;
  const zone = yield* allocPage();
  if (zone < 0) return null;
  slabAddPage(cache, zone);
  onNewPage(zone);
  return -1;
}

/**
 * kmem_cache_free: returns the zone of a page released to the allocator, or -1.
 * A SIMPLIFICATION of SLUB: SLUB frees a slab page when its last object is
 * freed and the node already holds min_partial partial slabs (5 for these
 * caches; mm/slub.c 4.6:2723, MIN_PARTIAL :162), and keeps per-cpu partial
 * slabs besides. The model does not track which page an object lives in, so
 * it returns a page once two pages' worth of objects are free. Slabs are
 * order 0 here; SLUB would likely give the 832-byte dm-crypt tio cache
 * order-2 slabs (calculate_order, 4.6:3066; an estimate). The bio-0 cache
 * (256 B: the swap bio and kcryptd's clone) is order 0 in SLUB too.
 */
export function slabFree(cache: SlabCache): number {
  cache.freeObjects++;
  if (cache.freeObjects >= 2 * cache.objectsPerPage) {
    let best = -1;
    for (let i = 0; i < cache.pagesByZone.length; i++) if (cache.pagesByZone[i]! > 0 && (best < 0 || cache.pagesByZone[i]! > cache.pagesByZone[best]!)) best = i;
    if (best >= 0) {
      cache.pagesByZone[best]!--;
      cache.freeObjects -= cache.objectsPerPage;
      return best;
    }
  }
  return -1;
}

export function slabPages(cache: SlabCache): number {
  return cache.pagesByZone.reduce((a, b) => a + b, 0);
}
