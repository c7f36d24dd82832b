/*
 * vmlog - the lab's sampler (runs inside the guest, static binary).
 *
 *   usage: vmlog [interval_ms]      (default 500)
 *
 * Locks itself in RAM (mlockall) and exempts itself from the OOM killer, then
 * every interval prints ONE line to stdout (the serial console):
 *
 *   VM seq=12 t=9.50 dt=0.50 MemFree=... SwapTotal=... psi_full10=1.23 ...
 *
 * seq   sample number (a jump means lines were lost on the console)
 * t     CLOCK_BOOTTIME seconds
 * dt    seconds since the previous sample was taken: the sampler's own view of
 *       how long it could not run. A frozen system shows up as a large dt on
 *       the first sample after the freeze, even if console lines were mangled.
 *
 * Then the chosen /proc/meminfo fields (kB), /proc/vmstat counters (pages or
 * events, cumulative since boot) and /proc/pressure/memory (avg10 in %,
 * totals in microseconds), then the writes completed, sectors written and
 * requests in flight of dm-0 and vda (/sys/block/X/stat). A field that the
 * kernel does not have prints -1. Counters that kernels before 4.8 keep per
 * zone (pgscan_*, pgsteal_*) are summed over the zones.
 * Ticks are scheduled on absolute deadlines, so the rate does not drift.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static char buf[65536];

static int read_file(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		buf[0] = 0;
		return -1;
	}
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	return (int)n;
}

/* Value of "key value" / "key: value" at the start of a line in buf, else -1. */
static long long lookup(const char *key)
{
	size_t len = strlen(key);
	for (const char *s = buf; s && *s; s = strchr(s, '\n'), s = s ? s + 1 : s) {
		if (strncmp(s, key, len) == 0 && (s[len] == ' ' || s[len] == ':')) {
			const char *v = s + len;
			while (*v == ' ' || *v == ':')
				v++;
			return atoll(v);
		}
	}
	return -1;
}

/*
 * Like lookup(), but a counter that older kernels keep per zone (before 4.8:
 * pgscan_direct_dma, pgscan_direct_dma32, pgscan_direct_normal, ...) is summed
 * over its "key_<zone>" lines. "_throttle" is a different counter, never summed.
 */
static long long lookup_or_zone_sum(const char *key)
{
	long long v = lookup(key);
	if (v >= 0)
		return v;
	size_t len = strlen(key);
	long long sum = 0;
	int found = 0;
	for (const char *s = buf; s && *s; s = strchr(s, '\n'), s = s ? s + 1 : s) {
		if (strncmp(s, key, len) == 0 && s[len] == '_' && strncmp(s + len + 1, "throttle", 8) != 0) {
			const char *v2 = strchr(s, ' ');
			if (v2) {
				sum += atoll(v2 + 1);
				found = 1;
			}
		}
	}
	return found ? sum : -1;
}

/* Writes completed, sectors written and requests in flight of one block device, -1 if absent. */
static void disk_stat(const char *dev, long long *wios, long long *wsect, long long *inflight)
{
	char path[64];
	*wios = *wsect = *inflight = -1;
	snprintf(path, sizeof path, "/sys/block/%s/stat", dev);
	if (read_file(path) <= 0)
		return;
	long long f[11];
	if (sscanf(buf, "%lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld", &f[0], &f[1], &f[2], &f[3],
		   &f[4], &f[5], &f[6], &f[7], &f[8], &f[9], &f[10]) == 11) {
		*wios = f[4];
		*wsect = f[6];
		*inflight = f[8];
	}
}

struct field {
	const char *key;   /* name in the kernel file */
	const char *label; /* name printed on the line */
};

static const struct field meminfo[] = {
	{"MemFree", "MemFree"}, {"MemAvailable", "MemAvailable"}, {"Cached", "Cached"},
	{"AnonPages", "AnonPages"}, {"SwapCached", "SwapCached"}, {"SwapTotal", "SwapTotal"},
	{"SwapFree", "SwapFree"}, {"Dirty", "Dirty"}, {"Writeback", "Writeback"},
	{"Active(anon)", "ActiveAnon"}, {"Inactive(anon)", "InactiveAnon"},
	{"Slab", "Slab"}, {0, 0}};

static const struct field vmstat[] = {
	{"nr_free_pages", "nr_free_pages"}, {"nr_writeback", "nr_writeback"},
	{"nr_isolated_anon", "nr_isolated_anon"}, {"pswpin", "pswpin"}, {"pswpout", "pswpout"},
	{"pgscan_kswapd", "pgscan_kswapd"}, {"pgscan_direct", "pgscan_direct"},
	{"pgsteal_kswapd", "pgsteal_kswapd"}, {"pgsteal_direct", "pgsteal_direct"},
	{"allocstall_dma32", "allocstall_dma32"}, {"allocstall_normal", "allocstall_normal"},
	{"allocstall_movable", "allocstall_movable"}, {"oom_kill", "oom_kill"},
	{"pgmajfault", "pgmajfault"}, {"nr_vmscan_write", "nr_vmscan_write"},
	{"nr_vmscan_immediate_reclaim", "nr_vmscan_immediate_reclaim"},
	/* after the fixed fields: kernels before 4.8 count direct-reclaim stalls in one counter */
	{"allocstall", "allocstall"}, {0, 0}};

static double ts_sec(const struct timespec *ts)
{
	return (double)ts->tv_sec + (double)ts->tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long ms = argc > 1 ? atol(argv[1]) : 500;
	if (ms <= 0)
		ms = 500;
	if (mlockall(MCL_CURRENT | MCL_FUTURE) != 0)
		printf("VMLOG warning: mlockall failed\n");
	int fd = open("/proc/self/oom_score_adj", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "-1000", 5) != 5)
			printf("VMLOG warning: oom_score_adj not set\n");
		close(fd);
	}
	printf("VMLOG start interval_ms=%ld\n", ms);
	fflush(stdout);

	static char line[4096];
	struct timespec deadline, taken, prev = {0, 0};
	clock_gettime(CLOCK_BOOTTIME, &deadline);
	for (unsigned long seq = 0;; seq++) {
		clock_gettime(CLOCK_BOOTTIME, &taken);
		double dt = seq ? ts_sec(&taken) - ts_sec(&prev) : 0.0;
		prev = taken;
		int n = snprintf(line, sizeof line, "VM seq=%lu t=%.2f dt=%.2f", seq, ts_sec(&taken), dt);
		read_file("/proc/meminfo");
		for (const struct field *f = meminfo; f->key; f++)
			n += snprintf(line + n, sizeof line - n, " %s=%lld", f->label, lookup(f->key));
		read_file("/proc/vmstat");
		for (const struct field *f = vmstat; f->key; f++)
			n += snprintf(line + n, sizeof line - n, " %s=%lld", f->label, lookup_or_zone_sum(f->key));
		float some10 = -1, full10 = -1;
		long long some_us = -1, full_us = -1;
		if (read_file("/proc/pressure/memory") > 0) {
			const char *full = strstr(buf, "full");
			sscanf(buf, "some avg10=%f avg60=%*f avg300=%*f total=%lld", &some10, &some_us);
			if (full)
				sscanf(full, "full avg10=%f avg60=%*f avg300=%*f total=%lld", &full10, &full_us);
		}
		n += snprintf(line + n, sizeof line - n,
			      " psi_some10=%.2f psi_full10=%.2f psi_some_us=%lld psi_full_us=%lld\n",
			      some10, full10, some_us, full_us);
		/* the swap device's writes: dm-0 (dm-crypt) and vda (the disk under it) */
		long long dw, ds, di, vw, vs, vi;
		disk_stat("dm-0", &dw, &ds, &di);
		disk_stat("vda", &vw, &vs, &vi);
		n--; /* drop the newline, append the disk fields */
		n += snprintf(line + n, sizeof line - n, " dm_wios=%lld dm_wsect=%lld dm_inflight=%lld vda_wios=%lld vda_wsect=%lld vda_inflight=%lld\n",
			      dw, ds, di, vw, vs, vi);
		if (write(1, line, (size_t)n) < 0)
			return 1;

		/* next absolute deadline; if we are late, skip ahead instead of bursting */
		deadline.tv_nsec += ms * 1000000L;
		while (deadline.tv_nsec >= 1000000000L) {
			deadline.tv_nsec -= 1000000000L;
			deadline.tv_sec++;
		}
		struct timespec cur;
		clock_gettime(CLOCK_BOOTTIME, &cur);
		while (ts_sec(&deadline) < ts_sec(&cur)) {
			deadline.tv_nsec += ms * 1000000L;
			while (deadline.tv_nsec >= 1000000000L) {
				deadline.tv_nsec -= 1000000000L;
				deadline.tv_sec++;
			}
		}
		clock_nanosleep(CLOCK_BOOTTIME, TIMER_ABSTIME, &deadline, NULL);
	}
}
