// SPDX-License-Identifier: GPL-2.0
/* wire_test.c: segment-level tests: a raw IPv4 socket plays the peer and checks each reply. */
/*
 * The base limit (s, times TCPFSM_TIME_SCALE) of the tests without one of
 * their own, at least three times the slowest on a 2-core TCG guest:
 * syn_sent__retransmissions_back_off, 4.3 s at scale 1; at scale 2
 * syn_recv__dropped_after_synack_retries, 8.3 s (its wait for silence is
 * scaled).
 */
#define TCPFSM_TEST_BASE_S 20

#include "kselftest_harness.h"
#include "tcpfsm_test.h"

/* A port with no socket: bind one, note the port, close it. */
static uint16_t closed_port(void)
{
	int fd = tcpfsm_socket();
	int port;

	if (fd < 0 || tcpfsm_bind(fd, "0.0.0.0", 0))
		return 40999;
	port = tcpfsm_local_port(fd);
	close(fd);
	return port;
}

FIXTURE(peer) {
	int raw;
	uint16_t port;
};

FIXTURE_SETUP(peer)
{
	self->raw = wire_open();
	ASSERT_LE(0, self->raw) TH_LOG("raw socket: %s", strerror(errno));
	self->port = closed_port();
}

FIXTURE_TEARDOWN(peer)
{
	close(self->raw);
}

TEST_F(peer, closed_port__syn_answered_by_rst_ack)
{
	struct wire_seg r;
	long rsts = tcpfsm_stat("OutRsts");

	TCPFSM_ONLY("reads tcpfsm_stat");
	TCPFSM_NOT_TCPWIRE("a closed port is Linux TCP's, and its counters");

	ASSERT_EQ(0, wire_send(self->raw, 5555, self->port, 1000, 0, F_SYN, 20, 0));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, 5555, &r, tcpfsm_scaled_ms(2000)))
		TH_LOG("no reply to a SYN for closed port %u", self->port);
	EXPECT_EQ(F_RST | F_ACK, r.flags);
	EXPECT_EQ(0U, r.seq);
	EXPECT_EQ(1001U, r.ack);
	EXPECT_EQ(20U, r.len);
	EXPECT_LT(rsts, tcpfsm_stat("OutRsts"));
}

TEST_F(peer, closed_port__ack_answered_by_rst_with_seq_from_ack)
{
	struct wire_seg r;

	ASSERT_EQ(0, wire_send(self->raw, 5556, self->port, 77, 0xdeadbeef, F_ACK, 20, 0));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, 5556, &r, tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(F_RST, r.flags);
	EXPECT_EQ(0xdeadbeefU, r.seq);
}

TEST_F(peer, closed_port__fin_counts_in_rst_ack)
{
	struct wire_seg r;

	ASSERT_EQ(0, wire_send(self->raw, 5557, self->port, 0xffffffff, 0, F_FIN, 20, 0));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, 5557, &r, tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(F_RST | F_ACK, r.flags);
	EXPECT_EQ(0U, r.ack);	/* wraps */
}

TEST_F(peer, closed_port__rst_never_answered)
{
	struct wire_seg r;

	/* Not scaled, as no window in which nothing may come is. */
	ASSERT_EQ(0, wire_send(self->raw, 5558, self->port, 1, 0, F_RST, 20, 0));
	EXPECT_EQ(0, wire_recv(self->raw, self->port, 5558, &r, 500));
	ASSERT_EQ(0, wire_send(self->raw, 5558, self->port, 1, 9, F_RST | F_ACK, 20, 0));
	EXPECT_EQ(0, wire_recv(self->raw, self->port, 5558, &r, 500));
}

TEST_F(peer, bad_checksum__dropped_and_counted)
{
	struct wire_seg r;
	long csum = tcpfsm_stat("InCsumErrors"), errs = tcpfsm_stat("InErrs");

	TCPFSM_ONLY("reads tcpfsm_stat");
	TCPFSM_NOT_TCPWIRE("a closed port is Linux TCP's, and its counters");

	ASSERT_LE(0, csum);
	ASSERT_EQ(0, wire_send(self->raw, 5559, self->port, 1000, 0, F_SYN, 20, 1));
	EXPECT_EQ(0, wire_recv(self->raw, self->port, 5559, &r, 500));
	EXPECT_EQ(csum + 1, tcpfsm_stat("InCsumErrors"));
	EXPECT_EQ(errs + 1, tcpfsm_stat("InErrs"));
}

TEST_F(peer, short_header__dropped_and_counted)
{
	struct wire_seg r;
	long errs = tcpfsm_stat("InErrs"), csum = tcpfsm_stat("InCsumErrors");

	TCPFSM_ONLY("reads tcpfsm_stat");
	TCPFSM_NOT_TCPWIRE("a closed port is Linux TCP's, and its counters");

	ASSERT_EQ(0, wire_send(self->raw, 5560, self->port, 1000, 0, F_SYN, 12, 0));
	EXPECT_EQ(0, wire_recv(self->raw, self->port, 5560, &r, 500));
	EXPECT_EQ(errs + 1, tcpfsm_stat("InErrs"));
	EXPECT_EQ(csum, tcpfsm_stat("InCsumErrors"));
}

TEST_F(peer, segments_counted_in_insegs)
{
	struct wire_seg r;
	long in = tcpfsm_stat("InSegs"), out = tcpfsm_stat("OutSegs");

	TCPFSM_ONLY("reads tcpfsm_stat");
	TCPFSM_NOT_TCPWIRE("a closed port is Linux TCP's, and its counters");

	ASSERT_EQ(0, wire_send(self->raw, 5561, self->port, 5, 0, F_SYN, 20, 0));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, 5561, &r, tcpfsm_scaled_ms(2000)));
	/* On loopback our own RST comes back in too (and is not answered). */
	tcpfsm_sleep_ms(0, 100);
	EXPECT_EQ(in + 2, tcpfsm_stat("InSegs"));
	EXPECT_EQ(out + 1, tcpfsm_stat("OutSegs"));
}

/*
 * A connection between a tcpfsm listener and the raw peer, made by hand:
 * the peer sends SYN, takes the SYN-ACK, sends the ACK; accept() returns.
 */
FIXTURE(estab) {
	int raw, lfd, fd;
	uint16_t port, peer;
	uint32_t iss;	/* the peer's */
	uint32_t irs;	/* tcpfsm's ISN */
};

FIXTURE_SETUP(estab)
{
	struct wire_seg r;

	self->peer = 6000 + (getpid() % 2000);
	ASSERT_EQ(0, wire_private_net(self->peer));
	self->raw = wire_open();
	ASSERT_LE(0, self->raw);
	self->lfd = tcpfsm_socket();
	ASSERT_EQ(0, tcpfsm_bind(self->lfd, "127.0.0.1", 0));
	ASSERT_EQ(0, listen(self->lfd, 4));
	self->port = tcpfsm_local_port(self->lfd);
	self->iss = 0x10000000;
	ASSERT_EQ(0, wire_send(self->raw, self->peer, self->port, self->iss, 0,
			       F_SYN, 20, 0));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r, tcpfsm_scaled_ms(2000)));
	ASSERT_EQ(F_SYN | F_ACK, r.flags);
	ASSERT_EQ(self->iss + 1, r.ack);
	self->irs = r.seq;
	ASSERT_EQ(0, wire_send(self->raw, self->peer, self->port, self->iss + 1,
			       self->irs + 1, F_ACK, 20, 0));
	self->fd = accept(self->lfd, NULL, NULL);
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(TCPFSM_ESTABLISHED, tcpfsm_state(self->fd));
}

FIXTURE_TEARDOWN(estab)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	setsockopt(self->fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(self->fd);
	close(self->lfd);
	close(self->raw);
}

TEST_F(estab, established__syn_gets_challenge_ack)
{
	struct wire_seg r;

	ASSERT_EQ(0, wire_send(self->raw, self->peer, self->port, 0x55555555, 0,
			       F_SYN, 20, 0));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r, tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(F_ACK, r.flags);
	EXPECT_EQ(self->iss + 1, r.ack);
	EXPECT_EQ(self->irs + 1, r.seq);
	EXPECT_EQ(TCPFSM_ESTABLISHED, tcpfsm_state(self->fd));
}

TEST_F(estab, established__rst_in_window_gets_challenge_ack)
{
	struct wire_seg r;

	ASSERT_EQ(0, wire_send(self->raw, self->peer, self->port, self->iss + 10,
			       0, F_RST, 20, 0));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r, tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(F_ACK, r.flags);
	EXPECT_EQ(self->iss + 1, r.ack);
	EXPECT_EQ(TCPFSM_ESTABLISHED, tcpfsm_state(self->fd));
}

TEST_F(estab, established__rst_outside_window_ignored)
{
	struct wire_seg r;

	ASSERT_EQ(0, wire_send(self->raw, self->peer, self->port,
			       self->iss - 100000, 0, F_RST, 20, 0));
	EXPECT_EQ(0, wire_recv(self->raw, self->port, self->peer, &r, 300));
	EXPECT_EQ(TCPFSM_ESTABLISHED, tcpfsm_state(self->fd));
}

TEST_F(estab, established__exact_rst_resets)
{
	char c;

	ASSERT_EQ(0, wire_send(self->raw, self->peer, self->port, self->iss + 1,
			       0, F_RST, 20, 0));
	tcpfsm_sleep_ms(0, 100);
	EXPECT_EQ(TCPFSM_CLOSE, tcpfsm_state(self->fd));
	EXPECT_EQ(-1, recv(self->fd, &c, 1, MSG_DONTWAIT));
	EXPECT_EQ(ECONNRESET, errno);
}

TEST_F(estab, established__unacceptable_segment_gets_ack)
{
	struct wire_seg r;

	ASSERT_EQ(0, wire_send(self->raw, self->peer, self->port,
			       self->iss - 5000, self->irs + 1, F_ACK, 20, 0));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r, tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(F_ACK, r.flags);
	EXPECT_EQ(self->iss + 1, r.ack);
}

TEST_F(estab, half_open__peer_reboot_syn_then_rst_clears_connection)
{
	struct wire_seg r;

	/* The peer rebooted and opens again from the same port. */
	ASSERT_EQ(0, wire_send(self->raw, self->peer, self->port, 0x7000, 0,
			       F_SYN, 20, 0));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r, tcpfsm_scaled_ms(2000)));
	ASSERT_EQ(F_ACK, r.flags);	/* challenge ACK */
	/* Its SYN_SENT answers an ACK it does not expect with a RST. */
	ASSERT_EQ(0, wire_send(self->raw, self->peer, self->port, r.ack, 0,
			       F_RST, 20, 0));
	tcpfsm_sleep_ms(0, 100);
	EXPECT_EQ(TCPFSM_CLOSE, tcpfsm_state(self->fd));
}

TEST_F(estab, closed_connection__segment_answered_by_rst)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };
	struct wire_seg r;

	ASSERT_EQ(0, setsockopt(self->fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l)));
	close(self->fd);
	ASSERT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r, tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(F_RST | F_ACK, r.flags);	/* the abort */
	self->fd = tcpfsm_socket();
	ASSERT_EQ(0, wire_send(self->raw, self->peer, self->port, self->iss + 1,
			       self->irs + 1, F_ACK, 20, 0));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r, tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(F_RST, r.flags);
	EXPECT_EQ(self->irs + 1, r.seq);
}

TEST_F(estab, time_wait__retransmitted_fin_acked_again)
{
	long fw1_tw = tcpfsm_stat("FIN_WAIT1_TIME_WAIT");
	struct wire_seg r;
	char c;

	TCPFSM_ONLY("reads /proc/net/tcpfsm and tcpfsm_stat");

	write_sysctl("msl_ms", "2000");
	/* We close first: FIN from tcpfsm, the peer ACKs and sends its FIN. */
	ASSERT_EQ(0, shutdown(self->fd, SHUT_WR));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r, tcpfsm_scaled_ms(2000)));
	ASSERT_EQ(F_FIN | F_ACK, r.flags);
	ASSERT_EQ(0, wire_send(self->raw, self->peer, self->port, self->iss + 1,
			       self->irs + 2, F_FIN | F_ACK, 20, 0));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r, tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(F_ACK, r.flags);
	EXPECT_EQ(self->iss + 2, r.ack);
	EXPECT_EQ(0, recv(self->fd, &c, 1, 0));
	EXPECT_EQ(TCPFSM_TIME_WAIT, proc_state(self->peer, self->port));
	/* The peer's FIN acked ours: FIN_WAIT1 straight to TIME_WAIT. */
	EXPECT_EQ(fw1_tw + 1, tcpfsm_stat("FIN_WAIT1_TIME_WAIT"));
	/* The FIN again: ACKed again from TIME_WAIT. */
	ASSERT_EQ(0, wire_send(self->raw, self->peer, self->port, self->iss + 1,
			       self->irs + 2, F_FIN | F_ACK, 20, 0));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r, tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(F_ACK, r.flags);
	EXPECT_EQ(self->iss + 2, r.ack);
	EXPECT_EQ(self->irs + 2, r.seq);
	/* A RST is ignored (rfc1337 = 1). */
	ASSERT_EQ(0, wire_send(self->raw, self->peer, self->port, self->iss + 2,
			       0, F_RST, 20, 0));
	usleep(100000);		/* not scaled: inside the 4 s TIME_WAIT */
	EXPECT_EQ(TCPFSM_TIME_WAIT, proc_state(self->peer, self->port));
	write_sysctl("msl_ms", "30000");
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/*
 * Read what the socket sends the peer for up to @ms: the highest
 * acknowledgment number seen goes to *@ack (left alone if none is above
 * it), the window of the last ACK to *@win.  Returns 1 as soon as *@ack
 * reaches @want, 0 if it did not in time.
 */
static int wait_ack(FIXTURE_DATA(estab) *self, uint32_t want, uint32_t *ack,
		    uint16_t *win, int ms)
{
	double end = now_s() + ms / 1000.0;
	struct wire_seg r;

	while ((int32_t)(*ack - want) < 0 && now_s() < end) {
		int left = (int)((end - now_s()) * 1000) + 1;

		if (!wire_recv(self->raw, self->port, self->peer, &r, left))
			break;
		if (!(r.flags & F_ACK))
			continue;
		if ((int32_t)(r.ack - *ack) > 0)
			*ack = r.ack;
		if (win)
			*win = r.win;
	}
	return (int32_t)(*ack - want) >= 0;
}

/* The peer sends @len bytes of @text at @seq, acking all we sent. */
static int peer_text(FIXTURE_DATA(estab) *self, uint32_t seq, uint8_t flags,
		     const char *text, size_t len)
{
	return wire_xmit(self->raw, self->peer, self->port, seq, self->irs + 1,
			 F_ACK | flags, 65535, 0, text, len);
}

/*
 * SO_RCVBUF 2048 (a receive buffer of 4096): 100 bytes come and leave the
 * window open.  The rest of the text, 2000 bytes in a buffer of 4 KiB,
 * comes with the FIN in one segment: it begins in the window but the
 * receive buffer cannot hold it.  The FIN is not taken without its text:
 * the ACK stays where the text stopped (or, had the text found room after
 * all, covers text and FIN).  Then the reader reads and the peer sends
 * again what is not acked, 1000 bytes at a time: every byte arrives
 * before the end of the stream.
 */
TEST_F_TIMEOUT(estab, fin__with_refused_text_not_taken, 90)
{
	enum { FIRST = 100, REST = 2000, PIECE = 1000 };
	uint32_t s0 = self->iss + 1, ack = s0, end = s0 + FIRST + REST;
	uint32_t fin = end + 1;
	char out[FIRST + REST], in[FIRST + REST];
	int rcvbuf = 2048, eof = 0;
	uint16_t win = 0;
	double deadline;
	size_t got = 0;
	unsigned int i;

	for (i = 0; i < sizeof(out); i++)
		out[i] = (char)(i * 31 + (i >> 8));
	ASSERT_EQ(0, setsockopt(self->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
				sizeof(rcvbuf)));
	ASSERT_EQ(0, peer_text(self, s0, F_PSH, out, FIRST));
	ASSERT_EQ(1, wait_ack(self, s0 + FIRST, &ack, &win, 2000));
	ASSERT_LT(0, win) TH_LOG("the window shut after %d bytes", FIRST);
	/* The rest and the FIN, at RCV.NXT. */
	ASSERT_EQ(0, peer_text(self, s0 + FIRST, F_FIN | F_PSH, out + FIRST,
			       REST));
	wait_ack(self, fin, &ack, NULL, 1000);
	EXPECT_TRUE(ack == s0 + FIRST || ack == fin)
		TH_LOG("ACK of %u: the FIN taken at %u, %u bytes of its text missing",
		       ack - s0, ack - s0 - 1, end - ack + 1);
	if (ack == s0 + FIRST)
		EXPECT_EQ(TCPFSM_ESTABLISHED, tcpfsm_state(self->fd));

	/* The reader reads; the peer sends again what is not acked. */
	deadline = now_s() + 30;
	while ((!eof || ack != fin) && now_s() < deadline) {
		ssize_t k = recv(self->fd, in + got, sizeof(in) - got,
				 MSG_DONTWAIT);
		uint32_t n = end - ack;

		if (k > 0)
			got += k;
		else if (k == 0)
			eof = 1;
		if (ack != fin && (int32_t)n >= 0)
			peer_text(self, ack, n > PIECE ? 0 : F_FIN | F_PSH,
				  out + (ack - s0), n > PIECE ? PIECE : n);
		wait_ack(self, fin, &ack, NULL, 200);
	}
	EXPECT_EQ(fin, ack);
	EXPECT_EQ(1, eof);
	ASSERT_EQ(sizeof(in), got)
		TH_LOG("the end of the stream came %zu bytes early",
		       sizeof(in) - got);
	EXPECT_EQ(0, memcmp(out, in, got));
}

/*
 * After shutdown(SHUT_RD) the peer may go on sending: its text is taken
 * and acknowledged as before (the peer is not stalled), recv() returns
 * what was queued, then 0.
 */
TEST_F(estab, shutdown_rd__peer_keeps_sending_and_is_acked)
{
	uint32_t s0 = self->iss + 1, ack = s0;
	char text[300], buf[1000];
	int i;

	memset(text, 's', sizeof(text));
	ASSERT_EQ(0, shutdown(self->fd, SHUT_RD));
	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, peer_text(self, s0 + i * 100, F_PSH, text + i * 100,
				       100));
	EXPECT_EQ(1, wait_ack(self, s0 + 300, &ack, NULL, 2000))
		TH_LOG("acked up to %u of 300", ack - s0);
	EXPECT_EQ(TCPFSM_ESTABLISHED, tcpfsm_state(self->fd));
	EXPECT_EQ(300, recv(self->fd, buf, sizeof(buf), MSG_DONTWAIT));
	EXPECT_EQ(0, recv(self->fd, buf, sizeof(buf), 0));
}

/*
 * close() with nothing unread: FIN, the peer ACKs it (FIN_WAIT2, an
 * orphan).  Text that comes now cannot reach anyone: RST (RFC 1122
 * 4.2.2.13, RFC 9293 3.10.7.4), <SEQ=SEG.ACK>, and the connection is gone.
 */
TEST_F(estab, close__data_after_close_answered_with_rst)
{
	long rsts = tcpfsm_stat("OutRsts");
	struct wire_seg r;
	int rst = 0;

	close(self->fd);
	self->fd = -1;
	ASSERT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r,
			       tcpfsm_scaled_ms(2000)));
	ASSERT_EQ(F_FIN | F_ACK, r.flags);
	ASSERT_EQ(self->irs + 1, r.seq);
	ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port, self->iss + 1,
			       self->irs + 2, F_ACK, 65535, 0, NULL, 0));
	usleep(100000);
	ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port, self->iss + 1,
			       self->irs + 2, F_ACK | F_PSH, 65535, 0, "late", 4));
	while (!rst && wire_recv(self->raw, self->port, self->peer, &r,
				  tcpfsm_scaled_ms(2000))) {
		if (!(r.flags & F_RST))
			continue;
		rst = 1;
		EXPECT_EQ(self->irs + 2, r.seq);
	}
	EXPECT_EQ(1, rst) TH_LOG("the text after close() got no RST");
	if (!tcpfsm_family_is_inet()) {
		EXPECT_LT(rsts, tcpfsm_stat("OutRsts"));
		EXPECT_EQ(-1, proc_state(self->peer, self->port));
	}
	/* Nothing is left to take the peer's next segment. */
	ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port, self->iss + 5,
			       self->irs + 2, F_ACK, 65535, 0, NULL, 0));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r,
			       tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(F_RST, r.flags);
}

/*
 * close() with SO_LINGER {1, 5} waits for the ACK of its FIN; text that
 * comes meanwhile is text after close() all the same: a RST (RFC 1122
 * 4.2.2.13; Linux's __tcp_close() shuts both ways before it waits), not
 * taken and acknowledged, then lost with the socket.
 */
TEST_F(estab, close__text_while_lingering_answered_with_rst)
{
	struct linger l = { .l_onoff = 1, .l_linger = 5 };
	struct wire_seg r;
	int rst = 0, status;
	pid_t pid;

	ASSERT_EQ(0, setsockopt(self->fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l)));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		/* The last close(), which lingers, is the child's. */
		tcpfsm_sleep_ms(0, 100);
		close(self->fd);
		_exit(0);
	}
	close(self->fd);
	self->fd = -1;
	ASSERT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r,
			       tcpfsm_scaled_ms(2000)));
	ASSERT_EQ(F_FIN | F_ACK, r.flags);
	/* Text, and no ACK of the FIN: close() is still waiting. */
	ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port, self->iss + 1,
			       self->irs + 1, F_ACK | F_PSH, 65535, 0, "late", 4));
	while (!rst && wire_recv(self->raw, self->port, self->peer, &r,
				 tcpfsm_scaled_ms(2000)))
		rst = !!(r.flags & F_RST);
	EXPECT_EQ(1, rst) TH_LOG("the text while close() lingered got no RST");
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
}

TEST(syn_recv__dropped_after_synack_retries)
{
	int raw, lfd, lport, n = 0;
	struct wire_seg r;
	long before;

	TCPFSM_ONLY("tcpfsm sysctls synack_retries and rto_initial_ms, tcpfsm_stat");

	ASSERT_EQ(0, wire_private_net(6200));
	raw = wire_open();
	lfd = tcpfsm_socket();
	before = tcpfsm_stat("SYN_RECV_LISTEN");

	write_sysctl("rto_initial_ms", "200");
	write_sysctl("synack_retries", "2");
	ASSERT_EQ(0, tcpfsm_bind(lfd, "127.0.0.1", 0));
	ASSERT_EQ(0, listen(lfd, 4));
	lport = tcpfsm_local_port(lfd);
	ASSERT_EQ(0, wire_send(raw, 6200, lport, 1, 0, F_SYN, 20, 0));
	/* The SYN-ACK and its two retransmissions, then nothing. */
	while (wire_recv(raw, lport, 6200, &r, tcpfsm_scaled_ms(1500)) == 1) {
		EXPECT_EQ(F_SYN | F_ACK, r.flags);
		n++;
	}
	EXPECT_EQ(3, n);
	EXPECT_EQ(before + 1, tcpfsm_stat("SYN_RECV_LISTEN"));
	EXPECT_EQ(-1, proc_state(6200, lport));
	EXPECT_EQ(TCPFSM_LISTEN, tcpfsm_state(lfd));
	close(lfd);
	close(raw);
	write_sysctl("rto_initial_ms", "1000");
	write_sysctl("synack_retries", "5");
}

/* SND.WND of @fd, from TCPFSM_INFO; -1 on error. */
static long snd_wnd_of(int fd)
{
	struct tcpfsm_info info;
	socklen_t len = sizeof(info);

	if (getsockopt(fd, SOL_TCPFSM, TCPFSM_INFO, &info, &len))
		return -1;
	return info.tcpi_snd_wnd;
}

/*
 * A connection made from a SYN cookie is in ESTABLISHED with SND.WL1 and
 * SND.WL2 set from the ACK that made it (RFC 9293 3.10.7.4): the peer's
 * next window update is taken, whatever its sequence numbers (here past
 * 2^31, where a WL1 of 0 would look newer than them).
 */
TEST(syncookie__child_takes_the_next_window_update)
{
	uint32_t iss = 0x90000000, irs;
	struct wire_seg r;
	int raw, lfd, fd;
	uint16_t port;

	TCPFSM_ONLY("tcpfsm sysctl syncookies, TCPFSM_INFO");
	ASSERT_EQ(0, wire_private_net(6700));
	ASSERT_EQ(0, write_sysctl("syncookies", "2"));
	raw = wire_open();
	ASSERT_LE(0, raw);
	lfd = tcpfsm_socket();
	ASSERT_EQ(0, tcpfsm_bind(lfd, "127.0.0.1", 0));
	ASSERT_EQ(0, listen(lfd, 4));
	port = tcpfsm_local_port(lfd);
	ASSERT_EQ(0, wire_xmit(raw, 6700, port, iss, 0, F_SYN, 65535, 1460,
			       NULL, 0));
	ASSERT_EQ(1, wire_recv(raw, port, 6700, &r, tcpfsm_scaled_ms(5000)));
	ASSERT_EQ(F_SYN | F_ACK, r.flags);
	irs = r.seq;
	ASSERT_EQ(0, wire_xmit(raw, 6700, port, iss + 1, irs + 1, F_ACK, 1000,
			       0, NULL, 0));
	fd = accept(lfd, NULL, NULL);
	ASSERT_LE(0, fd);
	EXPECT_EQ(1000, snd_wnd_of(fd));
	/* The same numbers, a wider window: a window update. */
	ASSERT_EQ(0, wire_xmit(raw, 6700, port, iss + 1, irs + 1, F_ACK, 30000,
			       0, NULL, 0));
	tcpfsm_sleep_ms(0, 200);
	EXPECT_EQ(30000, snd_wnd_of(fd));
	close_abort(fd);
	close(lfd);
	close(raw);
	write_sysctl("syncookies", "1");
}

TEST(syn_sent__retransmissions_back_off)
{
	int raw, lfd, fd;
	struct sockaddr_tcpfsm a;
	struct timespec t[3];
	struct wire_seg r;
	double gap1, gap2;
	int port, lport, i;

	TCPFSM_ONLY("tcpfsm sysctls syn_retries and rto_initial_ms");
	/* The raw peer watches SYNs that tcpfsm's own listener takes. */
	TCPFSM_NOT_TCPWIRE("raw sockets of protocol 6 do not see what tcpfsm takes");

	ASSERT_EQ(0, wire_private_net(6100));
	raw = wire_open();
	lfd = tcpfsm_socket();
	fd = tcpfsm_socket();
	write_sysctl("rto_initial_ms", "200");
	write_sysctl("syn_retries", "3");
	/*
	 * A listener whose backlog of one is taken by a half-open peer, and
	 * that has no SYN cookies to answer beyond it.
	 */
	write_sysctl("syncookies", "0");
	ASSERT_EQ(0, tcpfsm_bind(lfd, "127.0.0.1", 0));
	ASSERT_EQ(0, listen(lfd, 1));
	lport = tcpfsm_local_port(lfd);
	ASSERT_EQ(0, wire_send(raw, 6100, lport, 1, 0, F_SYN, 20, 0));
	ASSERT_EQ(1, wire_recv(raw, lport, 6100, &r, tcpfsm_scaled_ms(2000)));
	/* So every SYN of ours is dropped, and retransmitted. */
	ASSERT_EQ(0, tcpfsm_bind(fd, "127.0.0.1", 0));
	port = tcpfsm_local_port(fd);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	a = tcpfsm_addr("127.0.0.1", lport);
	connect(fd, (struct sockaddr *)&a, sizeof(a));
	for (i = 0; i < 3; i++) {
		ASSERT_EQ(1, wire_recv(raw, port, lport, &r,
				       tcpfsm_scaled_ms(3000)));
		EXPECT_EQ(F_SYN, r.flags);
		clock_gettime(CLOCK_MONOTONIC, &t[i]);
	}
	gap1 = (t[1].tv_sec - t[0].tv_sec) + (t[1].tv_nsec - t[0].tv_nsec) / 1e9;
	gap2 = (t[2].tv_sec - t[1].tv_sec) + (t[2].tv_nsec - t[1].tv_nsec) / 1e9;
	EXPECT_GE(gap1, 0.18) TH_LOG("first gap %.3f s", gap1);
	EXPECT_GE(gap2, 0.36) TH_LOG("second gap %.3f s", gap2);
	EXPECT_GT(gap2, gap1 * 1.5) TH_LOG("%.3f then %.3f s", gap1, gap2);
	close(fd);
	close(lfd);
	close(raw);
	write_sysctl("rto_initial_ms", "1000");
	write_sysctl("syn_retries", "6");
	write_sysctl("syncookies", "1");
}

TEST_HARNESS_MAIN
