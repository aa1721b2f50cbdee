// SPDX-License-Identifier: GPL-2.0
/* netns_test.c: connections between two network namespaces joined by veth, and their capture. */
/*
 * The base limit (s, times TCPFSM_TIME_SCALE) of the tests without one of
 * their own, at least three times the slowest on a 2-core TCG guest:
 * veth__simultaneous_close_through_closing, 7.5 s at scale 1 and 11.4 s at
 * scale 2 (the capture and the reordering tests have their own).
 */
#define TCPFSM_TEST_BASE_S 30

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "tcpfsm_test.h"
#include "veth.h"

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
	tcpfsm_sleep_ms(0, 200);	/* the last ACK (TIME_WAIT lasts 60 s) */
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
	poll(&p[0], 1, tcpfsm_scaled_ms(3000));
	poll(&p[1], 1, tcpfsm_scaled_ms(3000));
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
	/* Not scaled: both checks fall inside netem's 300 ms steps. */
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
 * whole, in order, most segments sent once.
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
	/*
	 * No go-back-N: most segments went once.  Some went twice: a quarter
	 * of them overtaking 10 ms of others makes three duplicate ACKs often
	 * enough, and with a fixed threshold of three and no SACK or
	 * timestamps to tell reordering from loss, those fast retransmits
	 * are spurious (as RFC 5681 warns).
	 */
	EXPECT_LT(retrans * 2, segs) TH_LOG("%ld retransmitted of %ld", retrans, segs);
	close(cfd);
	close(sfd);
	close(lfd);
	free(in);
	free(out);
}

/*
 * Send "hello" from A to B while a raw socket in B reads what arrives, and
 * return the checksum field of the segment that carried it, with its
 * expected values: *@full the complete checksum, *@pseudo what
 * CHECKSUM_PARTIAL leaves there (the folded pseudo-header sum).  -1 if it
 * never came or the stream did not deliver it.
 */
static int hello_checksum(FIXTURE_DATA(veth) *self, uint16_t port,
			  uint16_t *full, uint16_t *pseudo)
{
	int lfd, cfd, sfd, raw, ret = -1;
	uint8_t pkt[2048];
	char got[8];

	setns(self->nsb, CLONE_NEWNET);
	raw = socket(AF_INET, SOCK_RAW, wire_proto());
	setns(self->home, CLONE_NEWNET);
	lfd = socket_in(self->nsb, self->home);
	cfd = socket_in(self->nsa, self->home);
	if (raw < 0 || tcpfsm_bind(lfd, "10.200.0.2", port) || listen(lfd, 4) ||
	    connect_nb(cfd, "10.200.0.2", port) != -1 || errno != EINPROGRESS)
		return -1;
	sfd = accept(lfd, NULL, NULL);
	fcntl(cfd, F_SETFL, 0);
	if (sfd < 0 || send(cfd, "hello", 5, 0) != 5 ||
	    recv(sfd, got, 5, MSG_WAITALL) != 5 || memcmp(got, "hello", 5))
		goto out;
	for (;;) {
		struct pollfd p = { .fd = raw, .events = POLLIN };
		uint32_t saddr, daddr, sum;
		struct wire_hdr *h;
		ssize_t n;
		int ihl;

		if (poll(&p, 1, tcpfsm_scaled_ms(2000)) <= 0)
			goto out;
		n = recv(raw, pkt, sizeof(pkt), 0);
		ihl = (pkt[0] & 0xf) * 4;
		if (n < ihl + 20)
			continue;
		h = (struct wire_hdr *)(pkt + ihl);
		if (ntohs(h->dport) != port || n - ihl - (h->doff >> 4) * 4 != 5)
			continue;
		memcpy(&saddr, pkt + 12, 4);
		memcpy(&daddr, pkt + 16, 4);
		ret = ntohs(h->csum);
		h->csum = 0;
		*full = ntohs(wire_csum(saddr, daddr, wire_proto(), h, n - ihl));
		sum = (ntohl(saddr) >> 16) + (ntohl(saddr) & 0xffff) +
		      (ntohl(daddr) >> 16) + (ntohl(daddr) & 0xffff) +
		      wire_proto() + (n - ihl);
		while (sum >> 16)
			sum = (sum & 0xffff) + (sum >> 16);
		*pseudo = sum;
		break;
	}
out:
	close(raw);
	abort_close(cfd);
	if (sfd >= 0)
		close(sfd);
	close(lfd);
	return ret;
}

/*
 * veth checksums any protocol (NETIF_F_HW_CSUM): the segment goes as
 * CHECKSUM_PARTIAL, veth hands it on unchecksummed, and B takes it.
 */
TEST_F(veth, checksum__left_to_a_device_that_checksums_any_protocol)
{
	uint16_t full, pseudo;
	int csum = hello_checksum(self, 7450, &full, &pseudo);

	ASSERT_LE(0, csum);
	EXPECT_EQ(pseudo, csum);
	EXPECT_NE(full, csum);
	EXPECT_EQ(0, stat_in(self->nsb, self->home, "InCsumErrors"));
}

/*
 * With tx checksumming off on va the checksum is computed as the text is
 * copied: B's raw socket sees it complete, and B validates it itself.
 */
TEST_F(veth, checksum__computed_in_software_when_the_device_cannot)
{
	uint16_t full, pseudo;
	int csum;

	ASSERT_EQ(0, sh("ip netns exec %s ethtool -K va tx off > /dev/null",
			self->a));
	csum = hello_checksum(self, 7460, &full, &pseudo);
	ASSERT_LE(0, csum);
	EXPECT_EQ(full, csum);
	EXPECT_EQ(0, stat_in(self->nsb, self->home, "InCsumErrors"));
	EXPECT_LE(3, stat_in(self->nsb, self->home, "InSegs"));
}

/*
 * tshark reads every segment of a whole connection as TCP, with no
 * malformed packet and no expert error.  (Its checksum check, off by
 * default, would compute the pseudo-header with protocol 6 where SPEC.md
 * puts the protocol in use, 253; and on veth the checksum is left to the
 * device.  The checksum tests above check it.)
 */
TEST_F_TIMEOUT(veth, tshark__capture_of_a_connection_is_clean, 180)
{
	struct sockaddr_tcpfsm a = tcpfsm_addr("10.200.0.2", 7400);
	int lfd, cfd, sfd, n;
	char pcap[64], cmd[512], buf[8];

	if (system("command -v tshark > /dev/null"))
		SKIP(return, "tshark is not installed");
	snprintf(pcap, sizeof(pcap), "/tmp/tcpfsm-%d.pcap", getpid());
	/* dumpcap gets 3 s to start and runs for 10 (scaled); the rest waits. */
	ASSERT_EQ(0, sh("ip netns exec %s dumpcap -q -i va -w %s -a duration:%d "
			"> /dev/null 2>&1 & sleep %.3f", self->a, pcap,
			tcpfsm_scaled(10), tcpfsm_scaled_s(3)));
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
	tcpfsm_sleep_ms(0, 9000);	/* dumpcap's end */
	snprintf(cmd, sizeof(cmd),
		 "tshark -r %s -d ip.proto==253,tcp -Y 'tcp' 2>/dev/null | wc -l",
		 pcap);
	n = sh_int(cmd);
	/* SYN, SYN-ACK, ACK, data, FIN, ACK, FIN, ACK (the data's ACK delayed). */
	EXPECT_LE(8, n) TH_LOG("%d segments dissected as TCP", n);
	snprintf(cmd, sizeof(cmd),
		 "tshark -r %s -d ip.proto==253,tcp "
		 "-Y '_ws.malformed or _ws.expert.severity >= 8388608' "
		 "2>/dev/null | wc -l", pcap);
	n = sh_int(cmd);
	EXPECT_EQ(0, n) TH_LOG("%d malformed or erroneous segments", n);
	EXPECT_EQ(0, stat_in(self->nsa, self->home, "InCsumErrors"));
	EXPECT_EQ(0, stat_in(self->nsb, self->home, "InCsumErrors"));
	EXPECT_LE(3, stat_in(self->nsa, self->home, "InSegs"));
	unlink(pcap);
}

/* ---- routes: what a namespace's connections leave behind ---- */

/*
 * The IPv4 route entries alive in the whole system: the "entries" column
 * of /proc/net/stat/rt_cache (the count of the kernel's ipv4_dst_ops, one
 * per struct rtable not yet freed), or -1.
 */
static long route_entries(void)
{
	FILE *f = fopen("/proc/net/stat/rt_cache", "r");
	char line[512];
	unsigned long n;
	long v = -1;

	if (!f)
		return -1;
	if (fgets(line, sizeof(line), f) && fgets(line, sizeof(line), f) &&
	    sscanf(line, "%lx", &n) == 1)
		v = (long)n;
	fclose(f);
	return v;
}

/*
 * In a network namespace of its own, on loopback: @n connections, each
 * after a flush of the route cache so that each takes a route entry of
 * its own (its connect() and the listener's child share it), with a byte
 * each way and the normal close.  Returns 0, or the step that failed.
 */
static int connections_in_fresh_netns(int n)
{
	struct sockaddr_tcpfsm a = tcpfsm_addr("127.0.0.1", 7650);
	int lfd, i;
	char c;

	if (unshare(CLONE_NEWNET) || system("ip link set lo up"))
		return 1;
	lfd = tcpfsm_socket();
	if (lfd < 0 || tcpfsm_bind(lfd, "127.0.0.1", 7650) || listen(lfd, 4))
		return 2;
	for (i = 0; i < n; i++) {
		int cfd, sfd;

		if (write_file("/proc/sys/net/ipv4/route/flush", "1"))
			return 3;
		cfd = tcpfsm_socket();
		if (cfd < 0 || connect(cfd, (struct sockaddr *)&a, sizeof(a)))
			return 4;
		sfd = accept(lfd, NULL, NULL);
		if (sfd < 0 || send(cfd, "x", 1, 0) != 1 ||
		    recv(sfd, &c, 1, 0) != 1 || send(sfd, "y", 1, 0) != 1 ||
		    recv(cfd, &c, 1, 0) != 1)
			return 5;
		close(cfd);
		if (recv(sfd, &c, 1, 0) != 0)
			return 6;
		close(sfd);
	}
	close(lfd);
	return 0;
}

/*
 * The kernel's wait for a device still referenced when its namespace
 * goes is cut to 1 s, so that "unregister_netdevice: waiting for lo to
 * become free" would be printed (and found by make check's scan of the
 * kernel log) while the test runs; put back afterwards.
 */
#define UNREG_TIMEOUT "/proc/sys/net/core/netdev_unregister_timeout_secs"

FIXTURE(fresh_netns) {
	char unreg_timeout[16];
};

FIXTURE_SETUP(fresh_netns)
{
	ASSERT_LT(0, read_file(UNREG_TIMEOUT, self->unreg_timeout,
			       sizeof(self->unreg_timeout)));
	ASSERT_EQ(0, write_file(UNREG_TIMEOUT, "1"));
}

FIXTURE_TEARDOWN(fresh_netns)
{
	write_file(UNREG_TIMEOUT, self->unreg_timeout);
}

/*
 * Every connected socket holds a route (its cached dst) until it is
 * destroyed, and must let it go then, as inet_sock_destruct() does for
 * AF_INET: once a namespace whose connections have all closed is gone, the
 * count of route entries is back where it was (a leaked entry is never
 * freed, and keeps its device referenced until the namespace teardown
 * takes it to the blackhole device).  The count is the deterministic
 * signal; the kernel log scan of make check catches a device left waiting.
 */
TEST_F_TIMEOUT(fresh_netns, netns__closed_connections_leave_no_route_behind, 120)
{
	enum { N = 16 };
	long before = route_entries(), now = -1;
	int status, i;
	pid_t pid;

	ASSERT_LE(0, before);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(connections_in_fresh_netns(N));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	/* The namespace goes once its sockets have; its routes after it. */
	for (i = 0; i < 600; i++) {
		now = route_entries();
		if (now <= before + N / 2)
			break;
		usleep(100000);
	}
	EXPECT_GE(before + N / 2, now)
		TH_LOG("%ld route entries before, %ld after the namespace went",
		       before, now);
}

TEST_HARNESS_MAIN
