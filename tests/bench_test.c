// SPDX-License-Identifier: GPL-2.0
/* bench_test.c: each benchmark of tools/tcpfsm-bench runs once, briefly, for both families, and prints its figures (speed is not judged). */
/*
 * The base limit (s, times TCPFSM_TIME_SCALE) of the tests without one of
 * their own, at least three times the slowest on a 2-core TCG guest:
 * bench__scale_runs_for_both_families, 18.6 s.
 */
#define TCPFSM_TEST_BASE_S 60

#include <sched.h>

#include "kselftest_harness.h"
#include "tcpfsm_test.h"

/*
 * Run "tcpfsm-bench --family @fam @test" (1 s, few connections) in a
 * network namespace of its own; return its output's first line in @out.
 */
static int bench_once(const char *fam, const char *test, char *out,
		      size_t size)
{
	char cmd[512];
	FILE *p;
	int rc;

	snprintf(cmd, sizeof(cmd),
		 "unshare -n sh -c 'ip link set lo up && "
		 "tools/tcpfsm-bench --family %s --secs 1 --conns 200 "
		 "--src-addrs 4 %s' 2>&1", fam, test);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	out[0] = 0;
	if (!fgets(out, size, p))
		out[0] = 0;
	rc = pclose(p);
	return rc;
}

static void expect_figures(struct __test_metadata *_metadata,
			   const char *test, const char *keys[])
{
	static const char *fams[] = { "tcpfsm", "inet" };
	char out[1024], want[64];
	int f, k;

	if (access("tools/tcpfsm-bench", X_OK))
		SKIP(return, "tools/tcpfsm-bench is not built");
	for (f = 0; f < 2; f++) {
		ASSERT_EQ(0, bench_once(fams[f], test, out, sizeof(out)))
			TH_LOG("%s %s: %s", fams[f], test, out);
		snprintf(want, sizeof(want), "\"test\":\"%s\"", test);
		EXPECT_NE(NULL, strstr(out, want)) TH_LOG("%s", out);
		snprintf(want, sizeof(want), "\"family\":\"%s\"", fams[f]);
		EXPECT_NE(NULL, strstr(out, want)) TH_LOG("%s", out);
		for (k = 0; keys[k]; k++) {
			snprintf(want, sizeof(want), "\"%s\":", keys[k]);
			EXPECT_NE(NULL, strstr(out, want))
				TH_LOG("no %s in %s", keys[k], out);
		}
		printf("# %s", out);
	}
}

TEST(bench__stream_runs_for_both_families)
{
	expect_figures(_metadata, "stream", (const char *[]){ "MBps", NULL });
}

TEST(bench__bulk_runs_for_both_families)
{
	expect_figures(_metadata, "bulk",
		       (const char *[]){ "bytes", "secs", NULL });
}

TEST(bench__rr_runs_for_both_families)
{
	expect_figures(_metadata, "rr",
		       (const char *[]){ "tps", "p50_us", "p99_us", NULL });
}

TEST(bench__crr_runs_for_both_families)
{
	expect_figures(_metadata, "crr", (const char *[]){ "cps", NULL });
}

TEST(bench__scale_runs_for_both_families)
{
	expect_figures(_metadata, "scale",
		       (const char *[]){ "bytes_per_conn", "rr_p50_us_beside",
					 "proc_read_ms", NULL });
}

TEST(bench__time_wait_runs_for_both_families)
{
	expect_figures(_metadata, "time_wait",
		       (const char *[]){ "bytes_per_tw", "tw_objsize", NULL });
}

TEST(bench__idle_runs_for_both_families)
{
	expect_figures(_metadata, "idle",
		       (const char *[]){ "cpu_busy_pct", NULL });
}

TEST_HARNESS_MAIN
