// SPDX-License-Identifier: GPL-2.0
/* tcpfsm-bench.c: one benchmark (stream, bulk, rr, crr, scale, time_wait, idle) over AF_TCPFSM or AF_INET; one JSON line out. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <glob.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <linux/tcpfsm.h>

#include "tcpfsm-param.h"

/* What the server process tells the client, in shared memory. */
struct shared {
	volatile long accepted;
	volatile long closed;
	volatile int ready;
};

static struct {
	int af;			/* AF_TCPFSM's number, or AF_INET */
	int server_af;		/* the server's: o.af, or AF_INET for tcpwire */
	const char *family;
	const char *test;
	double secs;
	long long bytes;	/* bulk: how many bytes to send */
	long conns;
	const char *server_ns, *client_ns;
	const char *addr;
	int port;
	int src_addrs;		/* bind clients to 127.0.1.1 .. 127.0.1.N */
	int keepalive;
	const char *tracefs;	/* time_wait: read tcpfsm's state trace */
} o = {
	.secs = 5, .bytes = 16 << 20, .conns = 100000, .addr = "127.0.0.1",
	.port = 9100,
};

static struct shared *sh;
static pid_t server_pid;

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "tcpfsm-bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void enter_ns(const char *path)
{
	int fd;

	if (!path)
		return;
	fd = open(path, O_RDONLY);
	if (fd < 0 || setns(fd, CLONE_NEWNET))
		die(path);
	close(fd);
}

static struct sockaddr_in sin_of(const char *ip, int port)
{
	struct sockaddr_in a = { .sin_port = htons(port) };

	a.sin_family = o.af;	/* sockaddr_tcpfsm has sockaddr_in's layout */
	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

static int new_socket(void)
{
	int fd = socket(o.af, SOCK_STREAM, 0), one = 1;

	if (fd < 0)
		die("socket");
	/* TCP_NODELAY is 1 at SOL_TCP and at SOL_TCPFSM alike. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (o.keepalive)
		setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
	return fd;
}

/* A connection to the server; the @i-th of many picks a source address. */
static int dial(long i)
{
	struct sockaddr_in a = sin_of(o.addr, o.port);
	int fd = new_socket();

	if (o.src_addrs) {
		char ip[32];
		struct sockaddr_in b;

		snprintf(ip, sizeof(ip), "127.0.%ld.%ld", 1 + (i % o.src_addrs) / 250,
			 1 + (i % o.src_addrs) % 250);
		b = sin_of(ip, 0);
		if (bind(fd, (struct sockaddr *)&b, sizeof(b)))
			die("bind");
	}
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)))
		die("connect");
	return fd;
}

static void raise_nofile(long n)
{
	struct rlimit r = { .rlim_cur = n + 1024, .rlim_max = n + 1024 };

	if (setrlimit(RLIMIT_NOFILE, &r))
		die("setrlimit(RLIMIT_NOFILE)");
}

/*
 * The server: accept everything, echo what comes (a sink for stream),
 * close on EOF.  Runs until killed.
 */
static void serve(int sink)
{
	struct sockaddr_in a = sin_of(o.addr, o.port);
	struct epoll_event ev, evs[256];
	static char buf[1 << 16];
	int lfd, ep, one = 1;

	a.sin_family = o.server_af;
	enter_ns(o.server_ns);
	lfd = socket(o.server_af, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (lfd < 0)
		die("server socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&a, sizeof(a)) || listen(lfd, 4096))
		die("server bind/listen");
	ep = epoll_create1(0);
	ev = (struct epoll_event){ .events = EPOLLIN, .data.fd = lfd };
	epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
	sh->ready = 1;
	for (;;) {
		int n = epoll_wait(ep, evs, 256, -1), i;

		for (i = 0; i < n; i++) {
			int fd = evs[i].data.fd;
			ssize_t k;

			if (fd == lfd) {
				int c;

				while ((c = accept4(lfd, NULL, NULL,
						    SOCK_NONBLOCK)) >= 0) {
					setsockopt(c, IPPROTO_TCP, TCP_NODELAY,
						   &one, sizeof(one));
					ev = (struct epoll_event){
						.events = EPOLLIN, .data.fd = c };
					epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
					__atomic_add_fetch(&sh->accepted, 1,
							   __ATOMIC_RELAXED);
				}
				continue;
			}
			k = read(fd, buf, sizeof(buf));
			if (k > 0) {
				if (!sink && write(fd, buf, k) != k)
					k = 0;
				if (k)
					continue;
			}
			if (k < 0 && errno == EAGAIN)
				continue;
			close(fd);
			__atomic_add_fetch(&sh->closed, 1, __ATOMIC_RELAXED);
		}
	}
}

static pid_t start_server(int sink)
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (!pid) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		serve(sink);
		_exit(0);
	}
	server_pid = pid;
	while (!sh->ready) {
		if (waitpid(pid, NULL, WNOHANG) == pid) {
			fprintf(stderr, "tcpfsm-bench: the server failed\n");
			exit(1);
		}
		usleep(1000);
	}
	enter_ns(o.client_ns);
	return pid;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Request/response of one byte on @fd for @secs: rate and latencies (us). */
static void rr_on(int fd, double secs, double *tps, double *p50, double *p99)
{
	size_t n = 0, cap = 1 << 16;
	double *lat = malloc(cap * sizeof(*lat)), t0 = now(), end = t0 + secs;
	char c = 'r';

	if (!lat)
		die("malloc");
	for (;;) {
		double t = now();

		if (t >= end)
			break;
		if (write(fd, &c, 1) != 1 || read(fd, &c, 1) != 1)
			die("rr");
		if (n == cap) {
			cap *= 2;
			lat = realloc(lat, cap * sizeof(*lat));
			if (!lat)
				die("realloc");
		}
		lat[n++] = (now() - t) * 1e6;
	}
	*tps = n / (now() - t0);
	qsort(lat, n, sizeof(*lat), cmp_double);
	*p50 = n ? lat[n / 2] : 0;
	*p99 = n ? lat[n * 99 / 100] : 0;
	free(lat);
}

static void bench_stream(void)
{
	static char buf[64 << 10];
	double t0, end, t;
	long long bytes = 0;
	int fd;
	char c;

	start_server(1);
	fd = dial(0);
	memset(buf, 's', sizeof(buf));
	t0 = now();
	end = t0 + o.secs;
	while (now() < end) {
		ssize_t k = write(fd, buf, sizeof(buf));

		if (k <= 0)
			die("stream write");
		bytes += k;
	}
	/* Everything written has arrived once the server's EOF comes back. */
	shutdown(fd, SHUT_WR);
	if (read(fd, &c, 1) != 0)
		die("stream eof");
	t = now() - t0;
	printf("{\"test\":\"stream\",\"family\":\"%s\",\"bytes\":%lld,"
	       "\"secs\":%.3f,\"MBps\":%.3f}\n", o.family, bytes, t,
	       bytes / t / 1e6);
	close(fd);
}

/*
 * bulk: the time @o.bytes take from the first write to the server's EOF
 * in answer to ours, which comes once all of them arrived.
 */
static void bench_bulk(void)
{
	static char buf[64 << 10];
	long long left = o.bytes;
	double t0, t;
	int fd;
	char c;

	start_server(1);
	fd = dial(0);
	memset(buf, 'b', sizeof(buf));
	t0 = now();
	while (left > 0) {
		ssize_t k = write(fd, buf, left < (long long)sizeof(buf) ?
				  (size_t)left : sizeof(buf));

		if (k <= 0)
			die("bulk write");
		left -= k;
	}
	shutdown(fd, SHUT_WR);
	if (read(fd, &c, 1) != 0)
		die("bulk eof");
	t = now() - t0;
	printf("{\"test\":\"bulk\",\"family\":\"%s\",\"bytes\":%lld,"
	       "\"secs\":%.3f,\"MBps\":%.3f}\n", o.family, o.bytes, t,
	       o.bytes / t / 1e6);
	close(fd);
}

static void bench_rr(void)
{
	double tps, p50, p99;
	int fd;

	start_server(0);
	fd = dial(0);
	rr_on(fd, o.secs, &tps, &p50, &p99);
	printf("{\"test\":\"rr\",\"family\":\"%s\",\"tps\":%.1f,"
	       "\"p50_us\":%.1f,\"p99_us\":%.1f}\n", o.family, tps, p50, p99);
	close(fd);
}

static void bench_crr(void)
{
	double t0 = now(), end = t0 + o.secs, t;
	long n = 0;
	char c = 'c';

	start_server(0);
	while (now() < end) {
		int fd = dial(n);

		if (write(fd, &c, 1) != 1 || read(fd, &c, 1) != 1)
			die("crr");
		close(fd);
		n++;
	}
	t = now() - t0;
	printf("{\"test\":\"crr\",\"family\":\"%s\",\"conns\":%ld,"
	       "\"secs\":%.3f,\"cps\":%.1f}\n", o.family, n, t, n / t);
}

/*
 * Kernel memory in slab objects: the sum over /proc/slabinfo of active
 * objects times object size (bytes); -1 without /proc/slabinfo.  Every
 * cache is shrunk first, so that objects freed into per-CPU slabs are
 * counted as free.
 */
static long long slab_bytes(void)
{
	char line[512];
	long long sum = 0;
	glob_t g;
	size_t i;
	FILE *f;

	if (!glob("/sys/kernel/slab/*/shrink", 0, NULL, &g)) {
		for (i = 0; i < g.gl_pathc; i++) {
			f = fopen(g.gl_pathv[i], "w");
			if (f) {
				fputs("1", f);
				fclose(f);
			}
		}
		globfree(&g);
	}
	f = fopen("/proc/slabinfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char name[128];
		long active, total, size;

		if (line[0] == '#' || !strncmp(line, "slabinfo", 8))
			continue;
		if (sscanf(line, "%127s %ld %ld %ld", name, &active, &total,
			   &size) == 4)
			sum += (long long)active * size;
	}
	fclose(f);
	return sum;
}

/* Object size of slab cache @name, or -1. */
static long slab_objsize(const char *name)
{
	FILE *f = fopen("/proc/slabinfo", "r");
	char line[512], n[128];
	long a, t, size = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%127s %ld %ld %ld", n, &a, &t, &size) == 4 &&
		    !strcmp(n, name))
			break;
		else
			size = -1;
	fclose(f);
	return size;
}

/* Open @n connections and wait until the server has accepted them all. */
static int *open_many(long n)
{
	int *fds = malloc(n * sizeof(*fds));
	long i, base = sh->accepted;

	if (!fds)
		die("malloc");
	for (i = 0; i < n; i++)
		fds[i] = dial(i);
	while (sh->accepted - base < n)
		usleep(10000);
	return fds;
}

/* Median of three wall-clock reads of the whole of @path (ms), and its rows. */
static double read_time_ms(const char *path, long *rows)
{
	static char buf[1 << 16];
	double t[3];
	int r;

	for (r = 0; r < 3; r++) {
		int fd = open(path, O_RDONLY);
		double t0 = now();
		ssize_t k;

		if (fd < 0)
			die(path);
		*rows = 0;
		while ((k = read(fd, buf, sizeof(buf))) > 0) {
			char *p = buf;

			while ((p = memchr(p, '\n', buf + k - p))) {
				(*rows)++;
				p++;
			}
		}
		t[r] = (now() - t0) * 1e3;
		close(fd);
	}
	qsort(t, 3, sizeof(t[0]), cmp_double);
	(*rows)--;		/* the header */
	return t[1];
}

static const char *proc_table(void)
{
	return o.af == AF_INET ? "/proc/net/tcp" : "/proc/net/tcpfsm";
}

static void bench_scale(void)
{
	double tps0, p50_0, p99_0, tps1, p50_1, p99_1, read_ms;
	long long before, after;
	long rows, i;
	int fd, *fds;

	raise_nofile(2 * o.conns + 16);
	start_server(0);
	fd = dial(0);
	rr_on(fd, o.secs, &tps0, &p50_0, &p99_0);
	sleep(1);
	before = slab_bytes();
	fds = open_many(o.conns);
	sleep(2);
	after = slab_bytes();
	rr_on(fd, o.secs, &tps1, &p50_1, &p99_1);
	read_ms = read_time_ms(proc_table(), &rows);
	printf("{\"test\":\"%s\",\"family\":\"%s\",\"conns\":%ld,"
	       "\"bytes_per_conn\":%.1f,\"rr_tps_alone\":%.1f,"
	       "\"rr_p50_us_alone\":%.1f,\"rr_tps_beside\":%.1f,"
	       "\"rr_p50_us_beside\":%.1f,\"rr_p99_us_beside\":%.1f,"
	       "\"proc_read_ms\":%.2f,\"proc_rows\":%ld}\n",
	       o.test, o.family, o.conns,
	       before < 0 ? -1.0 : (double)(after - before) / o.conns,
	       tps0, p50_0, tps1, p50_1, p99_1, read_ms, rows);
	for (i = 0; i < o.conns; i++)
		close(fds[i]);
	close(fd);
	free(fds);
}

/* CPU jiffies (user+nice+system+irq+softirq) and idle so far. */
static void cpu_ticks(long long *busy, long long *all)
{
	long long v[10] = { 0 };
	FILE *f = fopen("/proc/stat", "r");
	int i;

	*busy = *all = 0;
	if (!f)
		return;
	if (fscanf(f, "cpu %lld %lld %lld %lld %lld %lld %lld %lld", &v[0],
		   &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) == 8) {
		for (i = 0; i < 8; i++)
			*all += v[i];
		*busy = v[0] + v[1] + v[2] + v[5] + v[6];
	}
	fclose(f);
}

static void bench_idle(void)
{
	long long b0, a0, b1, a1;
	long i;
	int *fds;

	o.keepalive = 1;
	raise_nofile(2 * o.conns + 16);
	start_server(0);
	fds = open_many(o.conns);
	sleep(1);
	cpu_ticks(&b0, &a0);
	sleep((unsigned int)o.secs);
	cpu_ticks(&b1, &a1);
	printf("{\"test\":\"idle\",\"family\":\"%s\",\"conns\":%ld,"
	       "\"cpu_busy_pct\":%.3f}\n", o.family, o.conns,
	       a1 > a0 ? 100.0 * (b1 - b0) / (a1 - a0) : 0.0);
	for (i = 0; i < o.conns; i++)
		close(fds[i]);
	free(fds);
}

/*
 * time_wait: the clients close first, so each leaves a TIME_WAIT entry.
 * Memory per entry is the slab growth once the sockets themselves are
 * gone.  With --tracefs, the lateness of each entry's end after 2*MSL
 * comes from tcpfsm's state-change trace.
 */
static void tw_lateness(double msl_ms);

/* Write @val to @file under the tracefs directory; 0 or -1. */
static int trace_write(const char *file, const char *val)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", o.tracefs, file);
	f = fopen(path, "w");
	if (!f || fputs(val, f) < 0 || fclose(f)) {
		fprintf(stderr, "tcpfsm-bench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Trace tcpfsm's transitions into and out of TIME_WAIT only.  Without
 * the trace the lateness figure is left out, not the run.
 */
static void trace_tw_start(void)
{
	char filter[64];

	snprintf(filter, sizeof(filter), "newstate == %d || oldstate == %d",
		 TCPFSM_TIME_WAIT, TCPFSM_TIME_WAIT);
	if (trace_write("events/tcpfsm/tcpfsm_state_change/filter", filter) ||
	    trace_write("buffer_size_kb", "16384") ||
	    trace_write("trace", "") ||
	    trace_write("events/tcpfsm/tcpfsm_state_change/enable", "1"))
		o.tracefs = NULL;
}

static void bench_time_wait(void)
{
	long long before, after;
	long i, base;
	int *fds;
	const char *cache = o.af == AF_INET ? "tw_sock_TCP" : "tcpfsm_tw";

	raise_nofile(2 * o.conns + 16);
	if (o.tracefs && o.af != AF_INET)
		trace_tw_start();
	start_server(0);
	before = slab_bytes();
	base = sh->closed;
	fds = open_many(o.conns);
	for (i = 0; i < o.conns; i++)
		close(fds[i]);
	while (sh->closed - base < o.conns)
		usleep(10000);
	sleep(2);		/* RCU frees the sockets */
	after = slab_bytes();
	printf("{\"test\":\"time_wait\",\"family\":\"%s\",\"conns\":%ld,"
	       "\"bytes_per_tw\":%.1f,\"tw_objsize\":%ld}\n", o.family,
	       o.conns, before < 0 ? -1.0 : (double)(after - before) / o.conns,
	       slab_objsize(cache));
	fflush(stdout);
	free(fds);
	if (o.tracefs && o.af != AF_INET) {
		FILE *f = fopen("/proc/sys/net/tcpfsm/msl_ms", "r");
		int msl = 30000;

		if (f) {
			if (fscanf(f, "%d", &msl) != 1)
				msl = 30000;
			fclose(f);
		}
		tw_lateness(msl);
	}
}

struct tw_ent {
	uint64_t key;
	double enter;
};

static int cmp_key(const void *a, const void *b)
{
	uint64_t x = ((const struct tw_ent *)a)->key;
	uint64_t y = ((const struct tw_ent *)b)->key;

	return x < y ? -1 : x > y;
}

/* Key of a trace line's "A:p -> B:q" four-tuple. */
static int trace_key(const char *s, uint64_t *key)
{
	unsigned int a[4], b[4], p, q;

	if (sscanf(s, "%u.%u.%u.%u:%u -> %u.%u.%u.%u:%u", &a[0], &a[1], &a[2],
		   &a[3], &p, &b[0], &b[1], &b[2], &b[3], &q) != 10)
		return -1;
	*key = ((uint64_t)((a[2] << 8) | a[3]) << 48) | ((uint64_t)p << 32) |
	       ((uint64_t)((b[2] << 8) | b[3]) << 16) | q;
	return 0;
}

/*
 * A state-change trace line whose states read @what: its timestamp in
 * *@t and its four-tuple's key in *@key; 0, or -1 for any other line.
 */
static int trace_line(char *line, const char *what, double *t, uint64_t *key)
{
	char *ts = strstr(line, ": tcpfsm_state_change:"), *sk, *tup;

	if (!ts || !strstr(line, what))
		return -1;
	while (ts > line && ts[-1] != ' ')
		ts--;
	sk = strstr(line, "sk=");
	tup = sk ? strchr(sk, ' ') : NULL;
	if (!tup || sscanf(ts, "%lf", t) != 1 || trace_key(tup + 1, key))
		return -1;
	return 0;
}

/*
 * Wait for every entry to end, then pair each "-> TIME_WAIT" with its
 * "TIME_WAIT -> CLOSE" in the trace: lateness = end - start - 2*MSL.
 */
static void tw_lateness(double msl_ms)
{
	char path[256], line[512];
	struct tw_ent *ents, *e, k;
	size_t n = 0, m = 0, cap = o.conns + 16;
	double *late;
	FILE *f;

	ents = calloc(cap, sizeof(*ents));
	late = calloc(cap, sizeof(*late));
	if (!ents || !late)
		die("calloc");
	sleep((unsigned int)(2 * msl_ms / 1000) + 3);
	snprintf(path, sizeof(path), "%s/trace", o.tracefs);
	f = fopen(path, "r");
	if (!f)
		die(path);
	/* Pass 1: the starts.  Pass 2: the ends. */
	while (fgets(line, sizeof(line), f))
		if (n < cap && !trace_line(line, "-> TIME_WAIT", &ents[n].enter,
					   &ents[n].key))
			n++;
	qsort(ents, n, sizeof(*ents), cmp_key);
	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		double t;

		if (m == cap || trace_line(line, "TIME_WAIT -> CLOSE", &t, &k.key))
			continue;
		e = bsearch(&k, ents, n, sizeof(*ents), cmp_key);
		if (e)
			late[m++] = (t - e->enter) * 1e3 - 2 * msl_ms;
	}
	fclose(f);
	trace_write("events/tcpfsm/tcpfsm_state_change/enable", "0");
	qsort(late, m, sizeof(*late), cmp_double);
	printf("{\"test\":\"tw_lateness\",\"family\":\"%s\",\"entries\":%zu,"
	       "\"ended\":%zu,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f}\n",
	       o.family, n, m, m ? late[m / 2] : -1, m ? late[m * 99 / 100] : -1,
	       m ? late[m - 1] : -1);
	free(ents);
	free(late);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: tcpfsm-bench --family tcpfsm|inet|tcpwire TEST [options]\n"
		"  tcpwire: tcpfsm clients (their namespace's wire_proto 6)\n"
		"  against a Linux TCP server\n"
		"TEST: stream | bulk | rr | crr | scale | time_wait | idle\n"
		"  --secs S          length of a timed run (default 5)\n"
		"  --bytes N         bulk: bytes to send (16 MiB)\n"
		"  --conns N         connections for scale, time_wait, idle (100000)\n"
		"  --addr A          the server's address (127.0.0.1)\n"
		"  --port P          the server's port (9100)\n"
		"  --server-ns F     run the server in network namespace file F\n"
		"  --client-ns F     and the client in F\n"
		"  --src-addrs N     clients bind to 127.0.1.1 .. (N of them)\n"
		"  --tracefs D       time_wait: tcpfsm's trace in D/trace\n"
		"Prints one JSON object per figure set.\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "family", required_argument, NULL, 'f' },
		{ "secs", required_argument, NULL, 's' },
		{ "bytes", required_argument, NULL, 'b' },
		{ "conns", required_argument, NULL, 'n' },
		{ "addr", required_argument, NULL, 'a' },
		{ "port", required_argument, NULL, 'p' },
		{ "server-ns", required_argument, NULL, 'S' },
		{ "client-ns", required_argument, NULL, 'C' },
		{ "src-addrs", required_argument, NULL, 'A' },
		{ "tracefs", required_argument, NULL, 'T' },
		{}
	};
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f': o.family = optarg; break;
		case 's': o.secs = atof(optarg); break;
		case 'b': o.bytes = atoll(optarg); break;
		case 'n': o.conns = atol(optarg); break;
		case 'a': o.addr = optarg; break;
		case 'p': o.port = atoi(optarg); break;
		case 'S': o.server_ns = optarg; break;
		case 'C': o.client_ns = optarg; break;
		case 'A': o.src_addrs = atoi(optarg); break;
		case 'T': o.tracefs = optarg; break;
		default: usage();
		}
	}
	if (optind != argc - 1 || !o.family)
		usage();
	o.test = argv[optind];
	if (!strcmp(o.family, "inet"))
		o.af = AF_INET;
	else if (!strcmp(o.family, "tcpfsm") || !strcmp(o.family, "tcpwire"))
		o.af = tcpfsm_af();
	else
		usage();
	/*
	 * tcpwire: tcpfsm clients in TCP wire mode (the client namespace's
	 * wire_proto is 6, which the caller sets) against a Linux TCP server.
	 */
	o.server_af = strcmp(o.family, "tcpwire") ? o.af : AF_INET;
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		die("mmap");
	signal(SIGPIPE, SIG_IGN);
	if (!strcmp(o.test, "stream"))
		bench_stream();
	else if (!strcmp(o.test, "bulk"))
		bench_bulk();
	else if (!strcmp(o.test, "rr"))
		bench_rr();
	else if (!strcmp(o.test, "crr"))
		bench_crr();
	else if (!strcmp(o.test, "scale"))
		bench_scale();
	else if (!strcmp(o.test, "time_wait"))
		bench_time_wait();
	else if (!strcmp(o.test, "idle"))
		bench_idle();
	else
		usage();
	fflush(stdout);
	if (server_pid) {
		kill(server_pid, SIGKILL);
		waitpid(server_pid, NULL, 0);
	}
	return 0;
}
