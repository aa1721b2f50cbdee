// SPDX-License-Identifier: GPL-2.0
/* wire_test.c: segment-level tests: a raw IPv4 socket plays the peer and checks each reply. */
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

	ASSERT_EQ(0, wire_send(self->raw, 5555, self->port, 1000, 0, F_SYN, 20, 0));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, 5555, &r, 2000))
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
	ASSERT_EQ(1, wire_recv(self->raw, self->port, 5556, &r, 2000));
	EXPECT_EQ(F_RST, r.flags);
	EXPECT_EQ(0xdeadbeefU, r.seq);
}

TEST_F(peer, closed_port__fin_counts_in_rst_ack)
{
	struct wire_seg r;

	ASSERT_EQ(0, wire_send(self->raw, 5557, self->port, 0xffffffff, 0, F_FIN, 20, 0));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, 5557, &r, 2000));
	EXPECT_EQ(F_RST | F_ACK, r.flags);
	EXPECT_EQ(0U, r.ack);	/* wraps */
}

TEST_F(peer, closed_port__rst_never_answered)
{
	struct wire_seg r;

	ASSERT_EQ(0, wire_send(self->raw, 5558, self->port, 1, 0, F_RST, 20, 0));
	EXPECT_EQ(0, wire_recv(self->raw, self->port, 5558, &r, 500));
	ASSERT_EQ(0, wire_send(self->raw, 5558, self->port, 1, 9, F_RST | F_ACK, 20, 0));
	EXPECT_EQ(0, wire_recv(self->raw, self->port, 5558, &r, 500));
}

TEST_F(peer, bad_checksum__dropped_and_counted)
{
	struct wire_seg r;
	long csum = tcpfsm_stat("InCsumErrors"), errs = tcpfsm_stat("InErrs");

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

	ASSERT_EQ(0, wire_send(self->raw, 5560, self->port, 1000, 0, F_SYN, 12, 0));
	EXPECT_EQ(0, wire_recv(self->raw, self->port, 5560, &r, 500));
	EXPECT_EQ(errs + 1, tcpfsm_stat("InErrs"));
	EXPECT_EQ(csum, tcpfsm_stat("InCsumErrors"));
}

TEST_F(peer, segments_counted_in_insegs)
{
	struct wire_seg r;
	long in = tcpfsm_stat("InSegs"), out = tcpfsm_stat("OutSegs");

	ASSERT_EQ(0, wire_send(self->raw, 5561, self->port, 5, 0, F_SYN, 20, 0));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, 5561, &r, 2000));
	/* On loopback our own RST comes back in too (and is not answered). */
	usleep(100000);
	EXPECT_EQ(in + 2, tcpfsm_stat("InSegs"));
	EXPECT_EQ(out + 1, tcpfsm_stat("OutSegs"));
}

TEST_HARNESS_MAIN
