// SPDX-License-Identifier: GPL-2.0
/* rfc5961_test.c: blind-attack defences: the ACK check on data, out-of-window replies and challenge ACKs per socket. */
#include "kselftest_harness.h"

/*
 * The slowest, the 4 x 1500 RSTs of a flood: 94 s on 2 cores beside two
 * CPU hogs and a compiler.
 */
#define TCPFSM_TEST_BASE_S	150
#include "tcpfsm_test.h"

/* The raw peer also owns port @peer in the namespace wire_private_net() made. */
static int wire_own_port(uint16_t peer)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd),
		 "nft add rule inet pn c meta l4proto %d meta mark != %d "
		 "@th,0,16 %u drop", wire_proto(), WIRE_MARK, peer);
	return system(cmd) ? -1 : 0;
}

/* Replies from @port to @peer within @ms, counted. */
static int wire_count(int raw, uint16_t port, uint16_t peer, int ms)
{
	struct wire_seg r;
	int n = 0;

	while (wire_recv(raw, port, peer, &r, ms) == 1)
		n++;
	return n;
}

FIXTURE(blind) {
	int raw, lfd, fd;
	uint16_t port, peer;
	uint32_t iss;	/* the peer's */
	uint32_t irs;	/* tcpfsm's */
};

FIXTURE_SETUP(blind)
{
	self->peer = 6500;
	self->iss = 0x20000000;
	ASSERT_EQ(0, wire_private_net(self->peer));
	self->raw = wire_open();
	ASSERT_LE(0, self->raw);
	ASSERT_EQ(0, wire_accept(self->raw, self->peer, self->iss, &self->lfd,
				 &self->fd, &self->port, &self->irs));
}

FIXTURE_TEARDOWN(blind)
{
	close_abort(self->fd);
	close(self->lfd);
	close(self->raw);
}

/* tcpfsm sends 100 bytes, the peer ACKs them; returns the new SND.UNA. */
static uint32_t sent_and_acked(struct __test_metadata *_metadata,
			       FIXTURE_DATA(blind) *self)
{
	uint32_t una = self->irs + 1 + 100;
	struct wire_seg r;
	char out[100];

	memset(out, 'o', sizeof(out));
	EXPECT_EQ(100, send(self->fd, out, sizeof(out), 0));
	EXPECT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r,
			       tcpfsm_scaled_ms(5000)));
	EXPECT_EQ(100U, r.datalen);
	EXPECT_EQ(0, wire_xmit(self->raw, self->peer, self->port, self->iss + 1,
			       una, F_ACK, 65535, 0, NULL, 0));
	return una;
}

/*
 * RFC 5961 5.2: text whose SEG.ACK is older than SND.UNA - MAX.SND.WND
 * (bounded by what was ever acknowledged) is dropped and answered with an
 * ACK; the application never sees it.
 */
TEST_F(blind, ack__too_old_on_data_drops_the_text_and_acks)
{
	uint32_t una = sent_and_acked(_metadata, self);
	struct wire_seg r;
	char in[64];

	/* In the receive window, but acknowledging nothing we ever sent. */
	ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port, self->iss + 1,
			       una - 1000, F_ACK | F_PSH, 65535, 0, "EVIL", 4));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r,
			       tcpfsm_scaled_ms(5000)));
	EXPECT_EQ(F_ACK, r.flags);
	EXPECT_EQ(self->iss + 1, r.ack);
	EXPECT_EQ(0U, r.datalen);

	ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port, self->iss + 1,
			       una, F_ACK | F_PSH, 65535, 0, "good", 4));
	ASSERT_EQ(4, recv(self->fd, in, sizeof(in), 0));
	EXPECT_EQ(0, memcmp(in, "good", 4));
}

/* An ACK within MAX.SND.WND of SND.UNA is only old: its text is taken. */
TEST_F(blind, ack__old_within_the_window_still_takes_the_text)
{
	uint32_t una = sent_and_acked(_metadata, self);
	char in[64];
	ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port, self->iss + 1,
			       una - 50, F_ACK | F_PSH, 65535, 0, "late", 4));
	ASSERT_EQ(4, recv(self->fd, in, sizeof(in), 0));
	EXPECT_EQ(0, memcmp(in, "late", 4));
}

/*
 * Pure ACKs outside the window, as two ends whose sequence numbers an
 * injection has put out of step would bounce forever: answered at most
 * once in half a second (Linux's tcp_invalid_ratelimit).
 */
TEST_F(blind, unacceptable__pure_acks_answered_at_most_twice_a_second)
{
	int i, replies;

	for (i = 0; i < 50; i++)
		ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port,
				       self->iss + 1 + 1000000, self->irs + 1,
				       F_ACK, 65535, 0, NULL, 0));
	replies = wire_count(self->raw, self->port, self->peer, 300);
	EXPECT_LE(1, replies);
	EXPECT_GE(2, replies);
}

/* The same for ACKs of data never sent, answered by an ACK of our own. */
TEST_F(blind, ack__of_unsent_data_answered_at_most_twice_a_second)
{
	int i, replies;

	for (i = 0; i < 50; i++)
		ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port,
				       self->iss + 1, self->irs + 1 + 5000,
				       F_ACK, 65535, 0, NULL, 0));
	replies = wire_count(self->raw, self->port, self->peer, 300);
	EXPECT_GE(2, replies);
}

/*
 * In TIME_WAIT a bare ACK that fits is answered by nothing (RFC 9293; as
 * Linux): two records left by a simultaneous close would otherwise bounce
 * one ACK between them for 2 MSL.
 */
TEST_F(blind, time_wait__bare_acks_get_no_answer)
{
	struct wire_seg r;

	ASSERT_EQ(0, close(self->fd));
	self->fd = -1;
	ASSERT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r,
			       tcpfsm_scaled_ms(5000)));
	ASSERT_TRUE(r.flags & F_FIN);
	ASSERT_EQ(0, wire_send(self->raw, self->peer, self->port, self->iss + 1,
			       self->irs + 2, F_FIN | F_ACK, 20, 0));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r,
			       tcpfsm_scaled_ms(5000)));
	ASSERT_EQ(F_ACK, r.flags);
	ASSERT_EQ(self->iss + 2, r.ack);
	for (int i = 0; i < 20; i++)
		ASSERT_EQ(0, wire_send(self->raw, self->peer, self->port,
				       self->iss + 2, self->irs + 2, F_ACK, 20, 0));
	EXPECT_EQ(0, wire_count(self->raw, self->port, self->peer, 300));
}

/*
 * CVE-2016-5696: a budget of challenge ACKs shared by every connection
 * lets an off-path attacker count another connection's challenges.  With
 * the limit per socket, a flood of in-window RSTs at one connection leaves
 * another's challenge ACKs as they were.
 */
TEST_F(blind, challenge_ack__another_connection_unaffected_by_a_flood)
{
	uint16_t peer2 = 6501;
	int lfd2, fd2, i, round, answered = 0;
	uint32_t irs2;
	uint16_t port2;

	ASSERT_EQ(0, wire_own_port(peer2));
	ASSERT_EQ(0, wire_accept(self->raw, peer2, self->iss, &lfd2, &fd2,
				 &port2, &irs2));
	for (round = 0; round < 4; round++) {
		struct wire_seg r;

		for (i = 0; i < 1500; i++)
			wire_send(self->raw, self->peer, self->port,
				  self->iss + 1 + 10 + i, 0, F_RST, 20, 0);
		/* more than the per-socket gap since the last round's */
		usleep(600000);
		/*
		 * The raw socket reads its own RSTs back on loopback: empty
		 * it, or the reply awaited finds its receive buffer full.
		 */
		while (recv(self->raw, &r, sizeof(r), MSG_DONTWAIT) > 0)
			;
		ASSERT_EQ(0, wire_send(self->raw, peer2, port2, self->iss + 11,
				       0, F_RST, 20, 0));
		while (wire_recv(self->raw, port2, peer2, &r, tcpfsm_scaled_ms(2000)) == 1)
			if (r.flags == F_ACK && r.ack == self->iss + 1) {
				answered++;
				break;
			}
	}
	EXPECT_EQ(4, answered);
	EXPECT_EQ(TCPFSM_ESTABLISHED, tcpfsm_state(self->fd));
	EXPECT_EQ(TCPFSM_ESTABLISHED, tcpfsm_state(fd2));
	close_abort(fd2);
	close(lfd2);
}

TEST_HARNESS_MAIN
