// SPDX-License-Identifier: GPL-2.0
/* proc_test.c: tests of /proc/net/tcpfsm, /proc/net/tcpfsm_stat, the sysctls and module parameters. */
/*
 * The base limit (s, times TCPFSM_TIME_SCALE) of the tests without one of
 * their own, at least three times the slowest on a 2-core TCG guest:
 * sysctl__each_namespace_has_its_own, 0.1 s (10 s is a floor).
 */
#define TCPFSM_TEST_BASE_S 10

#include <sched.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "tcpfsm_test.h"

static void first_line(const char *path, char *buf, size_t size)
{
	char *nl;

	buf[0] = '\0';
	if (read_file(path, buf, size) < 0)
		return;
	nl = strchr(buf, '\n');
	if (nl)
		nl[1] = '\0';
}

TEST(proc__header_identical_to_proc_net_tcp)
{
	char ours[512], tcp[512];

	first_line("/proc/net/tcpfsm", ours, sizeof(ours));
	first_line("/proc/net/tcp", tcp, sizeof(tcp));
	ASSERT_NE(0, tcp[0]);
	EXPECT_STREQ(tcp, ours);
}

TEST(proc__socket_in_close_has_no_row)
{
	char buf[4096];
	int fd = tcpfsm_socket();

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, tcpfsm_bind(fd, "0.0.0.0", 40500));
	ASSERT_LT(0, read_file("/proc/net/tcpfsm", buf, sizeof(buf)));
	EXPECT_EQ(NULL, strstr(buf, ":9E34 "));	/* 40500 */
	close(fd);
}

TEST(stat__has_the_counters_of_the_spec)
{
	static const char *const names[] = {
		"ActiveOpens", "PassiveOpens", "AttemptFails", "EstabResets",
		"CurrEstab", "InSegs", "OutSegs", "RetransSegs", "InErrs",
		"InCsumErrors", "OutRsts", "SYN_SENT_ESTABLISHED",
		"CLOSE_LISTEN", "FIN_WAIT1_TIME_WAIT", "CLOSING_TIME_WAIT",
		"LAST_ACK_CLOSE", "TIME_WAIT_CLOSE", "PAWSEstab",
		"TCPSACKReneging",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *name = names[i] ? names[i] : "?";

		EXPECT_LE(0, tcpfsm_stat(name)) TH_LOG("missing %s", name);
	}
}

TEST(sysctl__defaults_are_the_spec)
{
	static const struct { const char *name; int val; } d[] = {
		{ "msl_ms", 30000 }, { "keepalive_time", 7200 },
		{ "keepalive_intvl", 75 }, { "keepalive_probes", 10 },
		{ "syn_retries", 6 }, { "synack_retries", 5 },
		{ "retries2", 15 }, { "rto_min_ms", 200 },
		{ "rto_max_ms", 120000 }, { "rto_initial_ms", 1000 },
		{ "fin_timeout", 60 }, { "rfc1337", 1 },
		{ "invalid_ratelimit_ms", 500 }, { "window_scaling", 1 },
		{ "timestamps", 1 }, { "sack", 1 },
	};
	char path[128], buf[32];
	size_t i;

	for (i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		snprintf(path, sizeof(path), "/proc/sys/net/tcpfsm/%s", d[i].name);
		ASSERT_LT(0, read_file(path, buf, sizeof(buf))) TH_LOG("%s", path);
		EXPECT_EQ(d[i].val, atoi(buf)) TH_LOG("%s", d[i].name);
	}
}

TEST(sysctl__out_of_range_write_gives_einval)
{
	char buf[32];

	EXPECT_EQ(-EINVAL, write_sysctl("msl_ms", "0"));
	EXPECT_EQ(-EINVAL, write_sysctl("msl_ms", "-5"));
	EXPECT_EQ(-EINVAL, write_sysctl("rfc1337", "2"));
	EXPECT_EQ(-EINVAL, write_sysctl("keepalive_probes", "0"));
	EXPECT_EQ(-EINVAL, write_sysctl("rto_max_ms", "120001"));
	EXPECT_EQ(-EINVAL, write_sysctl("syn_retries", "0"));
	ASSERT_LT(0, read_file("/proc/sys/net/tcpfsm/msl_ms", buf, sizeof(buf)));
	EXPECT_EQ(30000, atoi(buf));
}

TEST(sysctl__in_range_write_sticks)
{
	char buf[32];

	ASSERT_EQ(0, write_sysctl("msl_ms", "1500"));
	ASSERT_LT(0, read_file("/proc/sys/net/tcpfsm/msl_ms", buf, sizeof(buf)));
	EXPECT_EQ(1500, atoi(buf));
	ASSERT_EQ(0, write_sysctl("msl_ms", "30000"));
}

TEST(sysctl__each_namespace_has_its_own)
{
	int status;
	pid_t pid;

	ASSERT_EQ(0, write_sysctl("keepalive_time", "100"));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char buf[32];

		if (unshare(CLONE_NEWNET))
			_exit(2);
		if (read_file("/proc/sys/net/tcpfsm/keepalive_time", buf,
			      sizeof(buf)) < 0)
			_exit(3);
		if (atoi(buf) != 7200)
			_exit(4);
		if (write_sysctl("keepalive_time", "50"))
			_exit(5);
		_exit(tcpfsm_stat("InSegs") == 0 ? 0 : 6);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(0, write_sysctl("keepalive_time", "7200"));
}

TEST(module__parameters_show_family_and_protocol)
{
	char buf[32];

	ASSERT_LT(0, read_file("/sys/module/tcpfsm/parameters/family", buf, sizeof(buf)));
	EXPECT_EQ(AF_TCPFSM, atoi(buf));
	ASSERT_LT(0, read_file("/sys/module/tcpfsm/parameters/ipproto", buf, sizeof(buf)));
	EXPECT_EQ(IPPROTO_TCPFSM, atoi(buf));
}

TEST_HARNESS_MAIN
