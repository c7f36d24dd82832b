/*
 * memhog - the lab's memory load (runs inside the guest, static binary).
 *
 *   usage: memhog <MiB> [id]
 *
 * 1. mmap()s <MiB> of private anonymous memory.
 * 2. Fill pass: writes every 4 KiB page completely with non-zero data derived
 *    from the page number, as fast as it can. Non-zero, page-unique data
 *    means no kernel shortcut (zero-page, same-filled or zero-map detection)
 *    can avoid real swap I/O.
 * 3. Verify pass: reads every page back and recomputes the expected data,
 *    which forces every swapped-out page to be swapped in and decrypted.
 *
 * Output (one line each, CLOCK_BOOTTIME seconds so it lines up with vmlog):
 *   MEMHOG id=0 start t=3.91 mib=1536
 *   MEMHOG id=0 touched=64 t=5.02            every 64 MiB
 *   MEMHOG id=0 touch_done t=40.1 elapsed=36.2
 *   MEMHOG id=0 verified=64 t=41.0           every 64 MiB
 *   MEMHOG id=0 verify_done t=90.3 elapsed=50.2 bad_pages=0
 *   MEMHOG id=0 OK total=86.4                final line on success
 * Exit status: 0 ok, 2 data mismatch, 3 mmap failed, 4 usage.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#define PAGE 4096u
#define WORDS (PAGE / sizeof(uint64_t))
#define REPORT_PAGES (64u * 256u) /* 64 MiB */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* First word of a page: a 64-bit mix of the page number, forced odd (non-zero). */
static uint64_t seed_of(uint64_t page)
{
	uint64_t z = page + 0x9e3779b97f4a7c15ull;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return (z ^ (z >> 31)) | 1u;
}

/* Next word: an odd-multiplier xorshift step, never zero for a non-zero input. */
static uint64_t next_word(uint64_t x)
{
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: memhog <MiB> [id]\n");
		return 4;
	}
	size_t mib = strtoull(argv[1], NULL, 10);
	int id = argc > 2 ? atoi(argv[2]) : 0;
	size_t pages = mib * 256u;
	setvbuf(stdout, NULL, _IOLBF, 0);

	uint64_t *mem = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		printf("MEMHOG id=%d mmap_failed mib=%zu\n", id, mib);
		return 3;
	}

	double t0 = now();
	printf("MEMHOG id=%d start t=%.2f mib=%zu\n", id, t0, mib);
	for (size_t p = 0; p < pages; p++) {
		uint64_t *w = mem + p * WORDS, x = seed_of(p);
		for (size_t i = 0; i < WORDS; i++) {
			w[i] = x;
			x = next_word(x);
		}
		if ((p + 1) % REPORT_PAGES == 0)
			printf("MEMHOG id=%d touched=%zu t=%.2f\n", id, (p + 1) / 256, now());
	}
	double t1 = now();
	printf("MEMHOG id=%d touch_done t=%.2f elapsed=%.2f\n", id, t1, t1 - t0);

	size_t bad = 0;
	for (size_t p = 0; p < pages; p++) {
		const uint64_t *w = mem + p * WORDS;
		uint64_t x = seed_of(p);
		for (size_t i = 0; i < WORDS; i++) {
			if (w[i] != x) {
				bad++;
				break;
			}
			x = next_word(x);
		}
		if ((p + 1) % REPORT_PAGES == 0)
			printf("MEMHOG id=%d verified=%zu t=%.2f\n", id, (p + 1) / 256, now());
	}
	double t2 = now();
	printf("MEMHOG id=%d verify_done t=%.2f elapsed=%.2f bad_pages=%zu\n", id, t2, t2 - t1, bad);
	if (bad)
		return 2;
	printf("MEMHOG id=%d OK total=%.2f\n", id, t2 - t0);
	return 0;
}
