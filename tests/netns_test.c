// SPDX-License-Identifier: GPL-2.0
/* netns_test.c: connections between two network namespaces joined by veth, and their capture. */
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "tcpfsm_test.h"

/*
 * Two namespaces, A (10.200.0.1) and B (10.200.0.2), joined by a veth pair
 * with static neighbour entries (so netem cannot eat ARP).  Sockets are made
 * in either by switching the test's own namespace with setns().
 */
FIXTURE(veth) {
	char a[32], b[32];
	int home, nsa, nsb;
};

static int sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static int ns_open(const char *name)
{
	char path[64];

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	return open(path, O_RDONLY);
}

/* A tcpfsm socket in namespace @ns. */
static int socket_in(int ns, int home)
{
	int fd;

	if (setns(ns, CLONE_NEWNET))
		return -1;
	fd = tcpfsm_socket();
	setns(home, CLONE_NEWNET);
	return fd;
}

/* Read a stat counter of namespace @ns. */
static long stat_in(int ns, int home, const char *name)
{
	long v;

	setns(ns, CLONE_NEWNET);
	v = tcpfsm_stat(name);
	setns(home, CLONE_NEWNET);
	return v;
}

static int proc_state_in(int ns, int home, uint16_t rport, uint16_t lport)
{
	int v;

	setns(ns, CLONE_NEWNET);
	v = proc_state(rport, lport);
	setns(home, CLONE_NEWNET);
	return v;
}

FIXTURE_SETUP(veth)
{
	snprintf(self->a, sizeof(self->a), "tfa%d", getpid());
	snprintf(self->b, sizeof(self->b), "tfb%d", getpid());
	ASSERT_EQ(0, sh("ip netns add %s && ip netns add %s", self->a, self->b));
	ASSERT_EQ(0, sh("ip link add va netns %s type veth peer vb netns %s",
			self->a, self->b));
	ASSERT_EQ(0, sh("ip -n %s addr add 10.200.0.1/24 dev va && "
			"ip -n %s addr add 10.200.0.2/24 dev vb && "
			"ip -n %s link set va up && ip -n %s link set vb up && "
			"ip -n %s link set lo up && ip -n %s link set lo up",
			self->a, self->b, self->a, self->b, self->a, self->b));
	ASSERT_EQ(0, sh("ip -n %s neigh add 10.200.0.2 dev va lladdr "
			"$(ip -n %s -br link show vb | awk '{print $3}') nud permanent && "
			"ip -n %s neigh add 10.200.0.1 dev vb lladdr "
			"$(ip -n %s -br link show va | awk '{print $3}') nud permanent",
			self->a, self->b, self->b, self->a));
	self->home = open("/proc/self/ns/net", O_RDONLY);
	self->nsa = ns_open(self->a);
	self->nsb = ns_open(self->b);
	ASSERT_LE(0, self->nsa);
	ASSERT_LE(0, self->nsb);
	signal(SIGPIPE, SIG_IGN);
}

FIXTURE_TEARDOWN(veth)
{
	setns(self->home, CLONE_NEWNET);
	close(self->nsa);
	close(self->nsb);
	close(self->home);
	sh("ip netns del %s; ip netns del %s", self->a, self->b);
}

static void delay_both(struct __test_metadata *_metadata,
		       FIXTURE_DATA(veth) *self, int ms)
{
	ASSERT_EQ(0, sh("ip netns exec %s tc qdisc add dev va root netem delay %dms && "
			"ip netns exec %s tc qdisc add dev vb root netem delay %dms",
			self->a, ms, self->b, ms));
}

static int connect_nb(int fd, const char *ip, uint16_t port)
{
	struct sockaddr_tcpfsm a = tcpfsm_addr(ip, port);

	fcntl(fd, F_SETFL, O_NONBLOCK);
	return connect(fd, (struct sockaddr *)&a, sizeof(a));
}

TEST_F(veth, veth__handshake_data_and_close_across_namespaces)
{
	int lfd = socket_in(self->nsb, self->home);
	int cfd = socket_in(self->nsa, self->home);
	struct sockaddr_tcpfsm a = tcpfsm_addr("10.200.0.2", 7100);
	char buf[16];
	int sfd, cport;

	ASSERT_EQ(0, tcpfsm_bind(lfd, "10.200.0.2", 7100));
	ASSERT_EQ(0, listen(lfd, 4));
	ASSERT_EQ(0, connect(cfd, (struct sockaddr *)&a, sizeof(a)));
	sfd = accept(lfd, NULL, NULL);
	ASSERT_LE(0, sfd);
	cport = tcpfsm_local_port(cfd);
	EXPECT_EQ(TCPFSM_ESTABLISHED, proc_state_in(self->nsa, self->home, 7100, cport));
	EXPECT_EQ(TCPFSM_ESTABLISHED, proc_state_in(self->nsb, self->home, cport, 7100));
	/* Each namespace sees its own rows only. */
	EXPECT_EQ(-1, proc_state_in(self->nsa, self->home, cport, 7100));
	ASSERT_EQ(4, send(cfd, "ping", 4, 0));
	ASSERT_EQ(4, recv(sfd, buf, 4, MSG_WAITALL));
	ASSERT_EQ(4, send(sfd, "pong", 4, 0));
	ASSERT_EQ(4, recv(cfd, buf, 4, MSG_WAITALL));
	EXPECT_EQ(0, memcmp(buf, "pong", 4));
	close(cfd);
	ASSERT_EQ(0, recv(sfd, buf, 1, 0));
	close(sfd);
	usleep(200000);
	EXPECT_EQ(TCPFSM_TIME_WAIT, proc_state_in(self->nsa, self->home, 7100, cport));
	close(lfd);
}

TEST_F(veth, veth__simultaneous_open_through_syn_recv)
{
	int fa = socket_in(self->nsa, self->home);
	int fb = socket_in(self->nsb, self->home);
	long a0 = stat_in(self->nsa, self->home, "SYN_SENT_SYN_RECV");
	long b0 = stat_in(self->nsb, self->home, "SYN_SENT_SYN_RECV");
	struct pollfd p[2];

	delay_both(_metadata, self, 150);
	ASSERT_EQ(0, tcpfsm_bind(fa, "10.200.0.1", 7200));
	ASSERT_EQ(0, tcpfsm_bind(fb, "10.200.0.2", 7201));
	EXPECT_EQ(-1, connect_nb(fa, "10.200.0.2", 7201));
	EXPECT_EQ(-1, connect_nb(fb, "10.200.0.1", 7200));
	p[0] = (struct pollfd){ .fd = fa, .events = POLLOUT };
	p[1] = (struct pollfd){ .fd = fb, .events = POLLOUT };
	poll(&p[0], 1, 3000);
	poll(&p[1], 1, 3000);
	EXPECT_EQ(TCPFSM_ESTABLISHED, tcpfsm_state(fa));
	EXPECT_EQ(TCPFSM_ESTABLISHED, tcpfsm_state(fb));
	EXPECT_EQ(a0 + 1, stat_in(self->nsa, self->home, "SYN_SENT_SYN_RECV"));
	EXPECT_EQ(b0 + 1, stat_in(self->nsb, self->home, "SYN_SENT_SYN_RECV"));
	EXPECT_LE(1, stat_in(self->nsa, self->home, "SYN_RECV_ESTABLISHED"));
	close(fa);
	close(fb);
}

TEST_F(veth, veth__simultaneous_close_through_closing)
{
	int lfd = socket_in(self->nsb, self->home);
	int cfd = socket_in(self->nsa, self->home);
	struct sockaddr_tcpfsm a = tcpfsm_addr("10.200.0.2", 7300);
	int sfd, cport;

	ASSERT_EQ(0, tcpfsm_bind(lfd, "10.200.0.2", 7300));
	ASSERT_EQ(0, listen(lfd, 4));
	ASSERT_EQ(0, connect(cfd, (struct sockaddr *)&a, sizeof(a)));
	sfd = accept(lfd, NULL, NULL);
	ASSERT_LE(0, sfd);
	cport = tcpfsm_local_port(cfd);
	delay_both(_metadata, self, 300);
	ASSERT_EQ(0, shutdown(cfd, SHUT_WR));
	ASSERT_EQ(0, shutdown(sfd, SHUT_WR));
	EXPECT_EQ(TCPFSM_FIN_WAIT1, tcpfsm_state(cfd));
	EXPECT_EQ(TCPFSM_FIN_WAIT1, tcpfsm_state(sfd));
	usleep(450000);		/* the FINs crossed (300 ms): CLOSING */
	EXPECT_EQ(TCPFSM_CLOSING, proc_state_in(self->nsa, self->home, 7300, cport));
	EXPECT_EQ(TCPFSM_CLOSING, proc_state_in(self->nsb, self->home, cport, 7300));
	usleep(500000);		/* the ACKs came (600 ms): TIME_WAIT */
	EXPECT_EQ(TCPFSM_TIME_WAIT, proc_state_in(self->nsa, self->home, 7300, cport));
	EXPECT_EQ(TCPFSM_TIME_WAIT, proc_state_in(self->nsb, self->home, cport, 7300));
	EXPECT_EQ(1, stat_in(self->nsa, self->home, "CLOSING_TIME_WAIT"));
	EXPECT_EQ(1, stat_in(self->nsb, self->home, "CLOSING_TIME_WAIT"));
	close(cfd);
	close(sfd);
	close(lfd);
}

/*
 * Segments that arrive after a hole wait for it instead of being sent
 * again: 1 MiB over a link that reorders a quarter of the segments comes
 * whole, in order, with few retransmissions.
 */
TEST_F_TIMEOUT(veth, veth__reordered_segments_wait_for_the_hole, 180)
{
	enum { N = 1 << 20 };
	struct sockaddr_tcpfsm a = tcpfsm_addr("10.200.0.2", 7500);
	int lfd = socket_in(self->nsb, self->home);
	int cfd = socket_in(self->nsa, self->home);
	char *out = malloc(N), *in = malloc(N);
	long segs, retrans;
	int sfd, i;

	ASSERT_NE(NULL, out);
	ASSERT_NE(NULL, in);
	for (i = 0; i < N; i++)
		out[i] = (char)(i * 13 + (i >> 11));
	ASSERT_EQ(0, tcpfsm_bind(lfd, "10.200.0.2", 7500));
	ASSERT_EQ(0, listen(lfd, 4));
	ASSERT_EQ(0, connect(cfd, (struct sockaddr *)&a, sizeof(a)));
	sfd = accept(lfd, NULL, NULL);
	ASSERT_LE(0, sfd);
	ASSERT_EQ(0, sh("ip netns exec %s tc qdisc add dev va root netem delay 10ms reorder 25%% 50%%",
			self->a));
	EXPECT_EQ((size_t)N, pump(cfd, sfd, out, in, N));
	EXPECT_EQ(0, memcmp(in, out, N));
	segs = stat_in(self->nsa, self->home, "OutSegs");
	retrans = stat_in(self->nsa, self->home, "RetransSegs");
	EXPECT_LT(retrans * 10, segs) TH_LOG("%ld retransmitted of %ld", retrans, segs);
	close(cfd);
	close(sfd);
	close(lfd);
	free(in);
	free(out);
}

static int count_lines(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	int n = -1;

	if (!p)
		return -1;
	if (fscanf(p, "%d", &n) != 1)
		n = -1;
	pclose(p);
	return n;
}

/*
 * tshark reads every segment of a whole connection as TCP, with no
 * malformed packet and no expert error.  (Its checksum check, off by
 * default, would compute the pseudo-header with protocol 6 where SPEC.md
 * puts the protocol in use, 253: that the checksums are right is shown by
 * InCsumErrors staying 0 on both ends.)
 */
TEST_F_TIMEOUT(veth, tshark__capture_of_a_connection_is_clean, 180)
{
	struct sockaddr_tcpfsm a = tcpfsm_addr("10.200.0.2", 7400);
	int lfd, cfd, sfd, n;
	char pcap[64], cmd[512], buf[8];

	if (system("command -v tshark > /dev/null"))
		SKIP(return, "tshark is not installed");
	snprintf(pcap, sizeof(pcap), "/tmp/tcpfsm-%d.pcap", getpid());
	ASSERT_EQ(0, sh("ip netns exec %s dumpcap -q -i va -w %s -a duration:10 "
			"> /dev/null 2>&1 & sleep 3", self->a, pcap));
	lfd = socket_in(self->nsb, self->home);
	cfd = socket_in(self->nsa, self->home);
	ASSERT_EQ(0, tcpfsm_bind(lfd, "10.200.0.2", 7400));
	ASSERT_EQ(0, listen(lfd, 4));
	ASSERT_EQ(0, connect(cfd, (struct sockaddr *)&a, sizeof(a)));
	sfd = accept(lfd, NULL, NULL);
	ASSERT_EQ(5, send(cfd, "hello", 5, 0));
	ASSERT_EQ(5, recv(sfd, buf, 5, MSG_WAITALL));
	close(cfd);
	ASSERT_EQ(0, recv(sfd, buf, 1, 0));
	close(sfd);
	close(lfd);
	sleep(9);
	snprintf(cmd, sizeof(cmd),
		 "tshark -r %s -d ip.proto==253,tcp -Y 'tcp' 2>/dev/null | wc -l",
		 pcap);
	n = count_lines(cmd);
	EXPECT_LE(9, n) TH_LOG("%d segments dissected as TCP", n);
	snprintf(cmd, sizeof(cmd),
		 "tshark -r %s -d ip.proto==253,tcp "
		 "-Y '_ws.malformed or _ws.expert.severity >= 8388608' "
		 "2>/dev/null | wc -l", pcap);
	n = count_lines(cmd);
	EXPECT_EQ(0, n) TH_LOG("%d malformed or erroneous segments", n);
	EXPECT_EQ(0, stat_in(self->nsa, self->home, "InCsumErrors"));
	EXPECT_EQ(0, stat_in(self->nsb, self->home, "InCsumErrors"));
	EXPECT_LE(4, stat_in(self->nsa, self->home, "InSegs"));
	unlink(pcap);
}

TEST_HARNESS_MAIN
