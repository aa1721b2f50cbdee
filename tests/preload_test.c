// SPDX-License-Identifier: GPL-2.0
/*
 * preload_test.c: unmodified programs over tcpfsm through
 * tools/libtcpfsm-preload.so, on loopback in a namespace of their own:
 * both ends under the library (protocol 253), or, in TCP wire mode, one
 * end under it and the other on Linux TCP.  Each run is checked by what
 * it moved (SHA-256 of a file, the programs' own status) and by who
 * carried it: the opens counted by /proc/net/tcpfsm_stat and by Linux
 * TCP's /proc/net/snmp.
 */
#define TCPFSM_TEST_BASE_S 120

#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "tcpfsm_test.h"
#include "veth.h"	/* sh() */

/* "LD_PRELOAD=<the tree>/tools/libtcpfsm-preload.so ", set up once. */
static char preload[PATH_MAX + 64];

static int have(const char *prog)
{
	return !sh("command -v %s > /dev/null", prog);
}

/* Connections opened by each stack: tcpfsm's and Linux TCP's. */
struct opens {
	long fsm_active, fsm_passive, tcp_active, tcp_passive;
};

/* The value of @name in /proc/net/tcpfsm_stat, or -1. */
static long fsm_stat(const char *name)
{
	char line[128], key[64];
	FILE *f = fopen("/proc/net/tcpfsm_stat", "r");
	long v, found = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %ld", key, &v) == 2 && !strcmp(key, name))
			found = v;
	fclose(f);
	return found;
}

/* Linux TCP's ActiveOpens and PassiveOpens, from /proc/net/snmp. */
static int tcp_opens(long *active, long *passive)
{
	char names[1024], vals[1024], *n, *v, *sn = NULL, *sv = NULL;
	FILE *f = fopen("/proc/net/snmp", "r");
	int got = 0;

	if (!f)
		return -1;
	while (fgets(names, sizeof(names), f)) {
		if (strncmp(names, "Tcp:", 4) || !fgets(vals, sizeof(vals), f))
			continue;
		for (n = strtok_r(names, " \n", &sn), v = strtok_r(vals, " \n", &sv);
		     n && v; n = strtok_r(NULL, " \n", &sn), v = strtok_r(NULL, " \n", &sv)) {
			if (!strcmp(n, "ActiveOpens"))
				*active = atol(v), got++;
			else if (!strcmp(n, "PassiveOpens"))
				*passive = atol(v), got++;
		}
		break;
	}
	fclose(f);
	return got == 2 ? 0 : -1;
}

static void opens_read(struct opens *o)
{
	o->fsm_active = fsm_stat("ActiveOpens");
	o->fsm_passive = fsm_stat("PassiveOpens");
	if (tcp_opens(&o->tcp_active, &o->tcp_passive))
		o->tcp_active = o->tcp_passive = -1;
}

/* In a namespace of its own, loopback up, a 5 MB file in a directory. */
FIXTURE(lo) {
	char dir[64];
	const char *srv, *cli;	/* the prefix of each end's command line */
	struct opens before;
};

/*
 * Where each end runs: under the library (@server, @client true) or on
 * Linux TCP; @wire sets wire_proto 6.
 */
FIXTURE_VARIANT(lo) {
	bool server;
	bool client;
	bool wire;
};

/* Both ends under the library: tcpfsm at both ends, protocol 253. */
FIXTURE_VARIANT_ADD(lo, both_ends_tcpfsm) {
	.server = true,
	.client = true,
};

/* TCP wire mode: the server on tcpfsm, the client Linux TCP. */
FIXTURE_VARIANT_ADD(lo, tcpfsm_server_linux_client) {
	.server = true,
	.wire = true,
};

/* TCP wire mode: the client on tcpfsm, the server Linux TCP. */
FIXTURE_VARIANT_ADD(lo, linux_server_tcpfsm_client) {
	.client = true,
	.wire = true,
};

FIXTURE_SETUP(lo)
{
	char cwd[PATH_MAX];

	TCPFSM_ONLY("the library makes tcpfsm sockets");
	ASSERT_NE(NULL, getcwd(cwd, sizeof(cwd)));
	snprintf(preload, sizeof(preload),
		 "LD_PRELOAD=%s/tools/libtcpfsm-preload.so ", cwd);
	self->srv = variant->server ? preload : "";
	self->cli = variant->client ? preload : "";
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, sh("ip link set lo up"));
	if (variant->wire)
		ASSERT_EQ(0, write_sysctl("wire_proto", "6"));
	snprintf(self->dir, sizeof(self->dir), "/tmp/preload-%d", getpid());
	ASSERT_EQ(0, sh("mkdir -p %s && head -c 5000000 /dev/urandom > %s/file",
			self->dir, self->dir));
	opens_read(&self->before);
}

/*
 * Every server goes, and its sockets with it: one left running would keep
 * the module pinned (rmmod at the end of make check fails).  The patterns
 * are bracketed so that they do not match this shell's own command line.
 */
FIXTURE_TEARDOWN(lo)
{
	sh("[ -f %s/nginx.pid ] && kill $(cat %s/nginx.pid); "
	   "pkill -f '[h]ttp.server 86'; pkill -f '[r]edis-server.*86'; "
	   "pkill -f '[i]perf3 -s'; pkill -f '[s]ocat -t'; pkill -f '[n]ginx -c %s'; "
	   "for i in $(seq 50); do pgrep -f '[h]ttp.server 86|[r]edis-server.*86|"
	   "[i]perf3 -s|[s]ocat -t|[n]ginx -c %s' > /dev/null || break; sleep 0.1; done; "
	   "rm -rf %s", self->dir, self->dir, self->dir, self->dir, self->dir);
}

/*
 * Who carried the run: the ends under the library opened their
 * connections on tcpfsm and Linux TCP none there, the others on Linux
 * TCP and tcpfsm none there.
 */
static void check_carriers(struct __test_metadata *_metadata,
			   const FIXTURE_VARIANT(lo) *variant,
			   const struct opens *b)
{
	struct opens a;

	opens_read(&a);
	TH_LOG("opens: tcpfsm active %ld passive %ld, Linux TCP active %ld passive %ld",
	       a.fsm_active - b->fsm_active, a.fsm_passive - b->fsm_passive,
	       a.tcp_active - b->tcp_active, a.tcp_passive - b->tcp_passive);
	if (variant->server) {
		EXPECT_LT(b->fsm_passive, a.fsm_passive);
		EXPECT_EQ(b->tcp_passive, a.tcp_passive);
	} else {
		EXPECT_LT(b->tcp_passive, a.tcp_passive);
		EXPECT_EQ(b->fsm_passive, a.fsm_passive);
	}
	if (variant->client) {
		EXPECT_LT(b->fsm_active, a.fsm_active);
		EXPECT_EQ(b->tcp_active, a.tcp_active);
	} else {
		EXPECT_LT(b->tcp_active, a.tcp_active);
		EXPECT_EQ(b->fsm_active, a.fsm_active);
	}
}

/* Rows of /proc/net/@file (tcp or tcpfsm) with local port @port. */
static int rows_with_port(const char *file, int port)
{
	char path[64], line[256];
	int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/net/%s", file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned int la, lp;

		if (sscanf(line, " %*d: %x:%x", &la, &lp) == 2 && (int)lp == port)
			n++;
	}
	fclose(f);
	return n;
}

/* Wait until the server's listener on @port is in its stack's table. */
static int server_up(const FIXTURE_VARIANT(lo) *variant, int port)
{
	const char *file = variant->server ? "tcpfsm" : "tcp";
	int i;

	for (i = 0; i < tcpfsm_scaled(200); i++) {
		if (rows_with_port(file, port) > 0)
			return 1;
		usleep(100000);
	}
	return 0;
}

/* curl -4 fetches a 5 MB file from python3 -m http.server: SHA-256 equal. */
TEST_F(lo, curl_fetches_from_python_http_server)
{
	if (!have("curl"))
		SKIP(return, "curl is not installed");
	ASSERT_EQ(0, sh("%spython3 -m http.server 8600 -b 127.0.0.1 -d %s "
			"> /dev/null 2>&1 &", self->srv, self->dir));
	ASSERT_TRUE(server_up(variant, 8600));
	if (variant->server)
		EXPECT_EQ(0, rows_with_port("tcp", 8600));
	ASSERT_EQ(0, sh("%scurl -4 -sS -o %s/got http://127.0.0.1:8600/file",
			self->cli, self->dir));
	EXPECT_EQ(0, sh("cd %s && [ \"$(sha256sum < file)\" = \"$(sha256sum < got)\" ]",
			self->dir));
	check_carriers(_metadata, variant, &self->before);
}

/*
 * socat both ways with half-close: the client sends a file and shuts
 * down its side; the server writes it out, answers "done" and closes;
 * the client gets the answer and the end of the stream.
 */
TEST_F(lo, socat_both_ways_with_half_close)
{
	if (!have("socat"))
		SKIP(return, "socat is not installed");
	ASSERT_EQ(0, sh("cd %s && %ssocat -t %d TCP4-LISTEN:8601,bind=127.0.0.1,reuseaddr "
			"SYSTEM:'cat > in; echo done' > /dev/null 2>&1 &",
			self->dir, self->srv, tcpfsm_scaled(10)));
	ASSERT_TRUE(server_up(variant, 8601));
	ASSERT_EQ(0, sh("cd %s && %ssocat -t %d FILE:file!!STDOUT TCP4:127.0.0.1:8601 > answer",
			self->dir, self->cli, tcpfsm_scaled(10)));
	EXPECT_EQ(0, sh("cd %s && cmp -s file in && [ \"$(cat answer)\" = done ]",
			self->dir));
	check_carriers(_metadata, variant, &self->before);
}

/*
 * nginx with Debian's settings (sendfile, tcp_nopush, keepalive; its own
 * files under the test's directory) and curl -4: two fetches of the file
 * over one kept-alive connection, SHA-256 equal.
 */
TEST_F(lo, curl_fetches_from_nginx_with_sendfile_and_nopush)
{
	if (!have("nginx") || !have("curl"))
		SKIP(return, "nginx or curl is not installed");
	ASSERT_EQ(0, sh("cd %s && mkdir -p www tmp && cp file www/ && cat > nginx.conf <<EOF\n"
			"daemon off; worker_processes 1; pid %s/nginx.pid;\n"
			"error_log %s/error.log;\n"
			"events { worker_connections 64; }\n"
			"http { sendfile on; tcp_nopush on; keepalive_timeout 65;\n"
			" access_log off; client_body_temp_path %s/tmp;\n"
			" proxy_temp_path %s/tmp; fastcgi_temp_path %s/tmp;\n"
			" uwsgi_temp_path %s/tmp; scgi_temp_path %s/tmp;\n"
			" server { listen 127.0.0.1:8602; root %s/www; } }\nEOF",
			self->dir, self->dir, self->dir, self->dir, self->dir,
			self->dir, self->dir, self->dir, self->dir));
	ASSERT_EQ(0, sh("%snginx -c %s/nginx.conf -p %s > /dev/null 2>&1 &",
			self->srv, self->dir, self->dir));
	ASSERT_TRUE(server_up(variant, 8602));
	EXPECT_EQ(0, sh("%scurl -4 -sS -o %s/a http://127.0.0.1:8602/file "
			"-o %s/b http://127.0.0.1:8602/file",
			self->cli, self->dir, self->dir));
	EXPECT_EQ(0, sh("cd %s && [ \"$(sha256sum < file)\" = \"$(sha256sum < a)\" ] && "
			"[ \"$(sha256sum < file)\" = \"$(sha256sum < b)\" ]", self->dir));
	check_carriers(_metadata, variant, &self->before);
}

/* redis-server and redis-benchmark -n 2000 (SET and GET): all answered. */
TEST_F(lo, redis_benchmark_against_redis_server)
{
	if (!have("redis-server") || !have("redis-benchmark"))
		SKIP(return, "redis is not installed");
	ASSERT_EQ(0, sh("%sredis-server --port 8603 --bind 127.0.0.1 --save '' "
			"--appendonly no --dir %s > /dev/null 2>&1 &",
			self->srv, self->dir));
	ASSERT_TRUE(server_up(variant, 8603));
	EXPECT_EQ(0, sh("%sredis-benchmark -h 127.0.0.1 -p 8603 -n 2000 -c 4 -q "
			"-t set,get > %s/bench.txt 2>&1 && "
			"grep -aq 'SET: [0-9.]* requests per second' %s/bench.txt && "
			"grep -aq 'GET: [0-9.]* requests per second' %s/bench.txt",
			self->cli, self->dir,
			self->dir, self->dir));
	sh("tr '\\r' '\\n' < %s/bench.txt | grep -a 'requests per second'", self->dir);
	check_carriers(_metadata, variant, &self->before);
}

/* iperf3 -4 for three seconds: it completes (its speed is not judged). */
TEST_F(lo, iperf3_runs_to_the_end)
{
	if (!have("iperf3"))
		SKIP(return, "iperf3 is not installed");
	ASSERT_EQ(0, sh("%siperf3 -s -1 -p 8604 -B 127.0.0.1 > /dev/null 2>&1 &",
			self->srv));
	ASSERT_TRUE(server_up(variant, 8604));
	EXPECT_EQ(0, sh("%siperf3 -4 -c 127.0.0.1 -p 8604 -t 3 > %s/iperf.txt 2>&1",
			self->cli, self->dir));
	sh("tail -4 %s/iperf.txt", self->dir);
	check_carriers(_metadata, variant, &self->before);
}

/*
 * A program asking its socket what it is hears TCP's answers: AF_INET,
 * SOCK_STREAM, IPPROTO_TCP, an AF_INET address; the socket is tcpfsm's.
 */
TEST_F(lo, python_socket_answers_as_tcp)
{
	if (variant->wire)
		SKIP(return, "one variant is enough");
	EXPECT_EQ(0, sh("%spython3 -c '\n"
			"import socket as s, time\n"
			"k = s.socket(s.AF_INET, s.SOCK_STREAM)\n"
			"k.bind((\"127.0.0.1\", 8605)); k.listen()\n"
			"assert k.getsockopt(s.SOL_SOCKET, s.SO_DOMAIN) == s.AF_INET\n"
			"assert k.getsockopt(s.SOL_SOCKET, s.SO_PROTOCOL) == s.IPPROTO_TCP\n"
			"assert k.getsockopt(s.SOL_SOCKET, s.SO_TYPE) == s.SOCK_STREAM\n"
			"assert k.getsockname() == (\"127.0.0.1\", 8605), k.getsockname()\n"
			"open(\"/proc/net/tcpfsm\").read().index(\":%04X \")\n"
			"assert \":%04X \" not in open(\"/proc/net/tcp\").read()\n'",
			self->srv, 8605, 8605));
}

/*
 * TCPFSM_PRELOAD_PORTS=8606: of two python servers and curl's fetches
 * from each, only what binds or connects to port 8606 goes to tcpfsm (the
 * AF_INET socket taken over at bind() and connect()); port 8607 stays on
 * Linux TCP.
 */
TEST_F(lo, ports_mode__only_the_given_port_goes_to_tcpfsm)
{
	const char *ports = "TCPFSM_PRELOAD_PORTS=8606 ";
	struct opens a;

	if (variant->wire)
		SKIP(return, "one variant is enough");
	if (!have("curl"))
		SKIP(return, "curl is not installed");
	ASSERT_EQ(0, sh("%s%spython3 -m http.server 8606 -b 127.0.0.1 -d %s "
			"> /dev/null 2>&1 &", ports, self->srv, self->dir));
	ASSERT_EQ(0, sh("%s%spython3 -m http.server 8607 -b 127.0.0.1 -d %s "
			"> /dev/null 2>&1 &", ports, self->srv, self->dir));
	ASSERT_TRUE(server_up(variant, 8606));
	for (int i = 0; i < tcpfsm_scaled(200) && rows_with_port("tcp", 8607) < 1; i++)
		usleep(100000);
	ASSERT_EQ(1, rows_with_port("tcp", 8607));
	EXPECT_EQ(0, rows_with_port("tcp", 8606));
	EXPECT_EQ(0, rows_with_port("tcpfsm", 8607));
	ASSERT_EQ(0, sh("%s%scurl -4 -sS -o %s/got6 http://127.0.0.1:8606/file "
			"-o %s/got7 http://127.0.0.1:8607/file", ports, self->cli,
			self->dir, self->dir));
	EXPECT_EQ(0, sh("cd %s && cmp -s file got6 && cmp -s file got7", self->dir));
	opens_read(&a);
	EXPECT_EQ(self->before.fsm_active + 1, a.fsm_active);
	EXPECT_EQ(self->before.fsm_passive + 1, a.fsm_passive);
	EXPECT_EQ(self->before.tcp_active + 1, a.tcp_active);
	EXPECT_EQ(self->before.tcp_passive + 1, a.tcp_passive);
}

TEST_HARNESS_MAIN
