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

TEST_HARNESS_MAIN
