/** Sizes and costs every layer shares: the page, and the CPU time and batching the model assumes. */

export const PAGE_BYTES = 4096;
/** Scanning one LRU page in shrink_page_list: an assumed cost (no 2016 measurement). */
export const SCAN_US_PER_PAGE = 0.5;
/** add_to_swap + try_to_unmap + pageout of one anonymous page: assumed. */
export const SWAPOUT_US_PER_PAGE = 4;
/** Disk completions within this window are handled in one event. */
export const COMPLETION_BATCH_US = 1000;
/** Pages the test touches between two events. */
export const TOUCH_BATCH_PAGES = 64;
