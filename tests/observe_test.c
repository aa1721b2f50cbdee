// SPDX-License-Identifier: GPL-2.0
/* observe_test.c: the tracepoint as users watch it: perf trace and a bpftrace one-liner see one handshake and close. */
/*
 * Each test runs a tool (perf, bpftrace) on this program itself as the
 * workload: run with TCPFSM_OBSERVE_WORKLOAD=PORT it opens one connection
 * on 127.0.0.1:PORT, closes it from the client and returns when the server
 * side has gone and the client is in TIME_WAIT.  The tool starts the
 * workload only once its probes are in place, so nothing is missed.
 *
 * The tools need the kernel's help: perf_event_open() for perf, bpf() for
 * bpftrace (the debug test kernel has no bpf(), Debian's kernel has).  A
 * test whose tool or kernel support is missing is skipped, unless
 * TCPFSM_REQUIRE_TRACING=1 (check-stock.sh sets it: there, both must run).
 *
 * The base limit (s, times TCPFSM_TIME_SCALE), at least three times the
 * slowest on a 2-core TCG guest: perf trace 8.2 s and bpftrace (which
 * compiles its program with LLVM before it attaches) 6.4 s on Debian's
 * kernel; the debug kernel is slower, hence the wide margin.
 */
#define TCPFSM_TEST_BASE_S 60

#include <sys/syscall.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "tcpfsm_test.h"

#define PERF_PORT	20710
#define BPFTRACE_PORT	20720

/* The connection of the workload; returns its exit status. */
static int workload(uint16_t port)
{
	int lfd, cfd, sfd, i;
	char c;

	lfd = tcpfsm_socket();
	cfd = tcpfsm_socket();
	if (lfd < 0 || cfd < 0 || tcpfsm_bind(lfd, "127.0.0.1", port) ||
	    listen(lfd, 1))
		return 2;
	{
		struct sockaddr_tcpfsm a = tcpfsm_addr("127.0.0.1", port);

		if (connect(cfd, (struct sockaddr *)&a, sizeof(a)))
			return 3;
	}
	sfd = accept(lfd, NULL, NULL);
	if (sfd < 0)
		return 4;
	close(lfd);
	close(cfd);			/* ESTABLISHED -> FIN_WAIT1 */
	if (read(sfd, &c, 1) != 0)	/* the FIN: CLOSE_WAIT */
		return 5;
	close(sfd);			/* CLOSE_WAIT -> LAST_ACK -> CLOSE */
	/* Until the server's row is gone (LAST_ACK -> CLOSE has happened). */
	for (i = 0; i < tcpfsm_scaled_ms(5000) / 10; i++) {
		FILE *f = fopen("/proc/net/tcpfsm", "r");
		char line[256], lport[16];
		int busy = 0;

		if (!f)
			return 6;
		snprintf(lport, sizeof(lport), ":%04X ", port);
		while (fgets(line, sizeof(line), f)) {
			char *p = strstr(line, lport);

			/* Our port as the local one: the server side. */
			if (p && p - line < 20)
				busy = 1;
		}
		fclose(f);
		if (!busy)
			return 0;
		usleep(10000);
	}
	return 7;
}

static void __attribute__((constructor)) observe_workload(void)
{
	const char *port = getenv("TCPFSM_OBSERVE_WORKLOAD");

	if (port) {
		int rc = workload(atoi(port));

		if (rc)
			fprintf(stderr, "tcpfsm-observe: workload failed (%d): %s\n",
				rc, strerror(errno));
		exit(rc);
	}
}

static bool required(void)
{
	const char *r = getenv("TCPFSM_REQUIRE_TRACING");

	return r && !strcmp(r, "1");
}

/*
 * Run @argv (a tool with the workload) with TCPFSM_OBSERVE_WORKLOAD=@port,
 * its stdout and stderr into @out; returns its exit status, or -1.
 */
static int run_tool(char *const argv[], uint16_t port, char *out, size_t size)
{
	int pfd[2], status;
	size_t n = 0;
	ssize_t k;
	pid_t pid;

	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		char p[8];

		snprintf(p, sizeof(p), "%u", port);
		setenv("TCPFSM_OBSERVE_WORKLOAD", p, 1);
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		close(pfd[0]);
		execvp(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(pfd[1]);
	while (n < size - 1 && (k = read(pfd[0], out + n, size - 1 - n)) > 0)
		n += k;
	out[n] = '\0';
	close(pfd[0]);
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Does @prog run here ("@prog --version" succeeds)? */
static bool have(const char *prog)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "%s --version > /dev/null 2>&1", prog);
	return system(cmd) == 0;
}

static char self[4096];

static const char *self_path(void)
{
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	self[n > 0 ? n : 0] = '\0';
	return self;
}

/*
 * The lines of @text for @port (ours or the peer's) and the change @old ->
 * @new, as perf trace prints a tracepoint by default: its fields, "name:
 * value", zeros left out ("oldstate: 7, newstate: 10, sport: 40710, ...").
 * perf 6.1's bundled libtraceevent cannot parse the TP_printk (the unary
 * '&' of "&REC->saddr"), so --libtraceevent_print would not help either.
 */
static int count_fields(const char *text, uint16_t port, int old, int new)
{
	char st[64], sp[32], dp[32];
	int n = 0;

	snprintf(st, sizeof(st), "oldstate: %d, newstate: %d,", old, new);
	snprintf(sp, sizeof(sp), "sport: %u,", port);
	snprintf(dp, sizeof(dp), "dport: %u,", port);
	while (text && *text) {
		const char *end = strchr(text, '\n');
		size_t len = end ? (size_t)(end - text) : strlen(text);
		char line[512];

		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, text, len);
		line[len] = '\0';
		if (strstr(line, "tcpfsm:tcpfsm_state_change") && strstr(line, st) &&
		    (strstr(line, sp) || strstr(line, dp)))
			n++;
		text = end ? end + 1 : NULL;
	}
	return n;
}

TEST(perf_trace__shows_one_handshake_and_close)
{
	/* Each transition of the connection: (old, new) as tcpi_state. */
	static const int seen[][2] = {
		{ 7, 10 }, { 7, 2 }, { 10, 3 }, { 2, 1 }, { 3, 1 }, { 1, 4 },
		{ 1, 8 }, { 8, 9 }, { 9, 7 }, { 10, 7 },
	};
	char *argv[] = { "perf", "trace", "-a", "-e", "tcpfsm:tcpfsm_state_change",
			 "--", (char *)self_path(), NULL };
	static char out[1 << 16];
	size_t i;
	int rc;

	TCPFSM_ONLY("the tracepoint is tcpfsm's");
	if (!have("perf")) {
		if (required())
			ASSERT_TRUE(0) TH_LOG("no perf (linux-perf)");
		SKIP(return, "no perf");
	}
	rc = run_tool(argv, PERF_PORT, out, sizeof(out));
	if (rc && !required() && strstr(out, "perf_event_open"))
		SKIP(return, "the kernel refuses perf: %.200s", out);
	ASSERT_EQ(0, rc) TH_LOG("perf trace: %.2000s", out);
	ASSERT_EQ(NULL, strstr(out, "tcpfsm-observe: workload"))
		TH_LOG("%.2000s", out);
	/* The format in tracefs is one libtraceevent can parse (trace.h). */
	EXPECT_EQ(NULL, strstr(out, "bad op token")) TH_LOG("%.2000s", out);
	for (i = 0; i < sizeof(seen) / sizeof(seen[0]); i++)
		EXPECT_EQ(1, count_fields(out, PERF_PORT, seen[i][0], seen[i][1]))
			TH_LOG("%d -> %d once on port %u: %.4000s", seen[i][0],
			       seen[i][1], PERF_PORT, out);
	/* The client's FIN_WAIT1 or FIN_WAIT2 -> TIME_WAIT, once. */
	EXPECT_EQ(1, count_fields(out, PERF_PORT, 4, 6) +
		     count_fields(out, PERF_PORT, 5, 6))
		TH_LOG("no single -> TIME_WAIT: %.4000s", out);
}

TEST(bpftrace__counts_the_transitions_of_one_connection)
{
	/*
	 * The one-liner of Documentation/sockets.rst, narrowed to the test's
	 * port: transitions by (old, new), the numbers of TCPFSM_INFO's
	 * tcpi_state (include/uapi/linux/tcpfsm.h).
	 */
	char prog[256];
	static const char *const counts[] = {
		"@[7, 10]: 1\n",	/* CLOSE -> LISTEN */
		"@[7, 2]: 1\n",		/* CLOSE -> SYN_SENT */
		"@[2, 1]: 1\n",		/* SYN_SENT -> ESTABLISHED */
		"@[3, 1]: 1\n",		/* SYN_RECV -> ESTABLISHED */
		"@[1, 4]: 1\n",		/* ESTABLISHED -> FIN_WAIT1 */
		"@[1, 8]: 1\n",		/* ESTABLISHED -> CLOSE_WAIT */
		"@[8, 9]: 1\n",		/* CLOSE_WAIT -> LAST_ACK */
		"@[9, 7]: 1\n",		/* LAST_ACK -> CLOSE */
		"@[10, 7]: 1\n",	/* LISTEN -> CLOSE */
	};
	char *argv[] = { "bpftrace", "-e", prog, "-c", (char *)self_path(), NULL };
	static char out[1 << 16];
	size_t i;
	int rc;

	snprintf(prog, sizeof(prog),
		 "tracepoint:tcpfsm:tcpfsm_state_change "
		 "/args->sport == %u || args->dport == %u/ "
		 "{ @[args->oldstate, args->newstate] = count(); }",
		 BPFTRACE_PORT, BPFTRACE_PORT);

	TCPFSM_ONLY("the tracepoint is tcpfsm's");
	if (!have("bpftrace")) {
		if (required())
			ASSERT_TRUE(0) TH_LOG("no bpftrace");
		SKIP(return, "no bpftrace");
	}
	if (syscall(__NR_bpf, -1, NULL, 0) < 0 && errno == ENOSYS) {
		if (required())
			ASSERT_TRUE(0) TH_LOG("the kernel has no bpf()");
		SKIP(return, "the kernel has no bpf()");
	}
	rc = run_tool(argv, BPFTRACE_PORT, out, sizeof(out));
	ASSERT_EQ(0, rc) TH_LOG("bpftrace: %.2000s", out);
	ASSERT_EQ(NULL, strstr(out, "tcpfsm-observe: workload"))
		TH_LOG("%.2000s", out);
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		const char *want = counts[i];

		EXPECT_TRUE(strstr(out, want) != NULL)
			TH_LOG("no %s in: %.4000s", want, out);
	}
	/* The client's FIN_WAIT1 or FIN_WAIT2 -> TIME_WAIT, once. */
	EXPECT_TRUE(!!strstr(out, "@[4, 6]: 1\n") != !!strstr(out, "@[5, 6]: 1\n"))
		TH_LOG("no single -> TIME_WAIT: %.4000s", out);
}

TEST_HARNESS_MAIN
