// SPDX-License-Identifier: GPL-2.0
/* rules_test.c: KUnit cases for module/rules.c: sequence space, RFC 5961, ISN, timer, ICMP. */
#include <kunit/test.h>
#include <linux/icmp.h>
#include <linux/jiffies.h>

#include "fsm.h"

static void tcpfsm_seq__comparison_across_the_wrap(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, tcpfsm_seq_lt(0xfffffff0U, 0x10U));
	KUNIT_EXPECT_TRUE(test, tcpfsm_seq_gt(0x10U, 0xfffffff0U));
	KUNIT_EXPECT_TRUE(test, tcpfsm_seq_le(0xffffffffU, 0U));
	KUNIT_EXPECT_TRUE(test, tcpfsm_seq_ge(5U, 5U));
	KUNIT_EXPECT_FALSE(test, tcpfsm_seq_lt(5U, 5U));
	KUNIT_EXPECT_TRUE(test, tcpfsm_seq_lt(0x7fffffffU, 0xfffffffeU));
}

static void tcpfsm_seq__window_membership_across_the_wrap(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, tcpfsm_seq_in(0xffffffffU, 0xfffffff0U, 0x10U));
	KUNIT_EXPECT_TRUE(test, tcpfsm_seq_in(0x0U, 0xfffffff0U, 0x10U));
	KUNIT_EXPECT_TRUE(test, tcpfsm_seq_in(0xfU, 0xfffffff0U, 0x10U));
	KUNIT_EXPECT_FALSE(test, tcpfsm_seq_in(0x10U, 0xfffffff0U, 0x10U));
	KUNIT_EXPECT_FALSE(test, tcpfsm_seq_in(0xffffffefU, 0xfffffff0U, 0x10U));
	KUNIT_EXPECT_FALSE(test, tcpfsm_seq_in(7U, 7U, 7U));	/* empty */
}

static void tcpfsm_seg_acceptable__zero_length_zero_window(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, tcpfsm_seg_acceptable(100, 0, 100, 0));
	KUNIT_EXPECT_FALSE(test, tcpfsm_seg_acceptable(101, 0, 100, 0));
	KUNIT_EXPECT_FALSE(test, tcpfsm_seg_acceptable(99, 0, 100, 0));
}

static void tcpfsm_seg_acceptable__zero_length_open_window(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, tcpfsm_seg_acceptable(100, 0, 100, 10));
	KUNIT_EXPECT_TRUE(test, tcpfsm_seg_acceptable(109, 0, 100, 10));
	KUNIT_EXPECT_FALSE(test, tcpfsm_seg_acceptable(110, 0, 100, 10));
	KUNIT_EXPECT_FALSE(test, tcpfsm_seg_acceptable(99, 0, 100, 10));
}

static void tcpfsm_seg_acceptable__data_zero_window(struct kunit *test)
{
	KUNIT_EXPECT_FALSE(test, tcpfsm_seg_acceptable(100, 1, 100, 0));
	KUNIT_EXPECT_FALSE(test, tcpfsm_seg_acceptable(100, 500, 100, 0));
}

static void tcpfsm_seg_acceptable__data_open_window(struct kunit *test)
{
	/* starts in the window */
	KUNIT_EXPECT_TRUE(test, tcpfsm_seg_acceptable(105, 100, 100, 10));
	/* starts before, ends in it */
	KUNIT_EXPECT_TRUE(test, tcpfsm_seg_acceptable(90, 11, 100, 10));
	/* entirely old */
	KUNIT_EXPECT_FALSE(test, tcpfsm_seg_acceptable(90, 10, 100, 10));
	/* entirely beyond */
	KUNIT_EXPECT_FALSE(test, tcpfsm_seg_acceptable(110, 5, 100, 10));
}

static void tcpfsm_seg_acceptable__across_the_wrap(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, tcpfsm_seg_acceptable(2, 10, 0xfffffffaU, 100));
	KUNIT_EXPECT_TRUE(test, tcpfsm_seg_acceptable(0xfffffff0U, 20, 0xfffffffaU, 100));
	KUNIT_EXPECT_FALSE(test, tcpfsm_seg_acceptable(0xfffffff0U, 10, 0xfffffffaU, 100));
}

static void tcpfsm_rst_check__exact_rcv_nxt_resets(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, tcpfsm_rst_check(5000, 5000, 100), TCPFSM_RST_RESET);
	KUNIT_EXPECT_EQ(test, tcpfsm_rst_check(5000, 5000, 0), TCPFSM_RST_RESET);
}

static void tcpfsm_rst_check__in_window_challenges(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, tcpfsm_rst_check(5001, 5000, 100), TCPFSM_RST_CHALLENGE);
	KUNIT_EXPECT_EQ(test, tcpfsm_rst_check(5099, 5000, 100), TCPFSM_RST_CHALLENGE);
}

static void tcpfsm_rst_check__outside_window_drops(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, tcpfsm_rst_check(5100, 5000, 100), TCPFSM_RST_DROP);
	KUNIT_EXPECT_EQ(test, tcpfsm_rst_check(4999, 5000, 100), TCPFSM_RST_DROP);
	KUNIT_EXPECT_EQ(test, tcpfsm_rst_check(5001, 5000, 0), TCPFSM_RST_DROP);
}

static void tcpfsm_wnd_update_ok__newer_seq_updates(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, tcpfsm_wnd_update_ok(5000, 1000, 5001, 1000));
	KUNIT_EXPECT_TRUE(test, tcpfsm_wnd_update_ok(5000, 1000, 5100, 900));
}

static void tcpfsm_wnd_update_ok__same_seq_needs_ack_no_older(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, tcpfsm_wnd_update_ok(5000, 1000, 5000, 1000));
	KUNIT_EXPECT_TRUE(test, tcpfsm_wnd_update_ok(5000, 1000, 5000, 1536));
	KUNIT_EXPECT_FALSE(test, tcpfsm_wnd_update_ok(5000, 1000, 5000, 999));
}

static void tcpfsm_wnd_update_ok__older_seq_ignored(struct kunit *test)
{
	KUNIT_EXPECT_FALSE(test, tcpfsm_wnd_update_ok(5200, 1536, 5100, 1536));
	KUNIT_EXPECT_FALSE(test, tcpfsm_wnd_update_ok(5200, 1000, 5199, 2000));
}

static void tcpfsm_wnd_update_ok__across_the_wrap(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, tcpfsm_wnd_update_ok(0xfffffff0, 10, 0x10, 10));
	KUNIT_EXPECT_FALSE(test, tcpfsm_wnd_update_ok(0x10, 10, 0xfffffff0, 10));
	KUNIT_EXPECT_TRUE(test, tcpfsm_wnd_update_ok(7, 0xfffffff0, 7, 0x10));
	KUNIT_EXPECT_FALSE(test, tcpfsm_wnd_update_ok(7, 0x10, 7, 0xfffffff0));
}

/* An ESTABLISHED connection: SND.UNA 1001, SND.NXT 1101, RCV.NXT 5001. */
static void estab(struct tcpfsm_tcb *tcb)
{
	*tcb = (struct tcpfsm_tcb){
		.state = TCPFSM_ESTABLISHED, .iss = 1000, .snd_una = 1001,
		.snd_nxt = 1101, .snd_wnd = 1000, .irs = 5000,
		.rcv_nxt = 5001, .rcv_wnd = 1000, .rfc1337 = true,
	};
}

static enum tcpfsm_event classify(const struct tcpfsm_tcb *tcb, u8 flags,
				  u32 seq, u32 ack, u32 datalen)
{
	struct tcpfsm_seg seg = {
		.flags = flags, .seq = seq, .ack = ack, .datalen = datalen,
	};

	return tcpfsm_classify(tcb, &seg);
}

static void tcpfsm_classify__established_rst_per_rfc5961(struct kunit *test)
{
	struct tcpfsm_tcb tcb;

	estab(&tcb);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_RST, 5001, 0, 0), TCPFSM_EV_RST);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_RST | TCPFSM_ACK, 5002, 1101, 0),
			TCPFSM_EV_RST_IN_WINDOW);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_RST, 9000, 0, 0), TCPFSM_EV_DROP);
}

static void tcpfsm_classify__established_syn_any_seq_challenged(struct kunit *test)
{
	struct tcpfsm_tcb tcb;

	estab(&tcb);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_SYN, 5001, 0, 0), TCPFSM_EV_SYN);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_SYN, 123, 0, 0), TCPFSM_EV_SYN);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_SYN | TCPFSM_ACK, 9, 9, 0),
			TCPFSM_EV_SYN);
}

static void tcpfsm_classify__established_segments(struct kunit *test)
{
	struct tcpfsm_tcb tcb;

	estab(&tcb);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 5001, 1050, 0), TCPFSM_EV_ACK);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 5001, 1050, 10), TCPFSM_EV_DATA);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK | TCPFSM_FIN, 5001, 1101, 0),
			TCPFSM_EV_FIN);
	/* old (duplicate) ACK: still acceptable, its ACK just ignored */
	tcb.snd_una = 1051;
	tcb.bytes_acked = 51;
	tcb.max_snd_wnd = 1000;
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 5001, 1001, 0), TCPFSM_EV_ACK);
	/* older than anything ever acknowledged: RFC 5961 5.2 */
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 5001, 900, 0), TCPFSM_EV_BAD_ACK);
	tcb.snd_una = 1001;
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 5001, 1102, 0), TCPFSM_EV_BAD_ACK);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 4000, 1050, 10),
			TCPFSM_EV_UNACCEPTABLE);
	KUNIT_EXPECT_EQ(test, classify(&tcb, 0, 5001, 0, 10), TCPFSM_EV_DROP);
}

static void tcpfsm_classify__established_zero_window_takes_only_rcv_nxt(struct kunit *test)
{
	struct tcpfsm_tcb tcb;

	estab(&tcb);
	tcb.rcv_wnd = 0;
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 5001, 1050, 0), TCPFSM_EV_ACK);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 5002, 1050, 0),
			TCPFSM_EV_UNACCEPTABLE);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 5001, 1050, 1),
			TCPFSM_EV_UNACCEPTABLE);
}

static void tcpfsm_classify__fin_wait1_ack_of_fin_and_fin_ack(struct kunit *test)
{
	struct tcpfsm_tcb tcb;

	estab(&tcb);
	tcb.state = TCPFSM_FIN_WAIT1;
	tcb.fin_sent = true;
	tcb.snd_nxt = 1102;	/* FIN took 1101 */
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 5001, 1101, 0), TCPFSM_EV_ACK);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 5001, 1102, 0),
			TCPFSM_EV_ACK_OF_FIN);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK | TCPFSM_FIN, 5001, 1101, 0),
			TCPFSM_EV_FIN);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK | TCPFSM_FIN, 5001, 1102, 0),
			TCPFSM_EV_FIN_ACK);
}

static void tcpfsm_classify__fin_after_a_hole_is_only_data(struct kunit *test)
{
	struct tcpfsm_tcb tcb;

	estab(&tcb);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK | TCPFSM_FIN, 5011, 1050, 10),
			TCPFSM_EV_DATA);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK | TCPFSM_FIN, 5011, 1050, 0),
			TCPFSM_EV_ACK);
	/* starting at or before RCV.NXT, the FIN is in order */
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK | TCPFSM_FIN, 4995, 1050, 10),
			TCPFSM_EV_FIN);
}

/*
 * Reading shut (close(), or SHUT_RD) and our FIN out: new text, in order or
 * after a hole, with or without FIN, is text after close; a bare FIN, an
 * ACK, and text while our FIN is not out (ESTABLISHED) are not; old text
 * stays unacceptable.
 */
static void tcpfsm_classify__text_after_close_in_fin_wait(struct kunit *test)
{
	struct tcpfsm_tcb tcb;

	estab(&tcb);
	tcb.rcv_shut = true;
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 5001, 1050, 10), TCPFSM_EV_DATA);
	tcb.state = TCPFSM_FIN_WAIT1;
	tcb.fin_sent = true;
	tcb.snd_nxt = 1102;
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 5001, 1102, 10),
			TCPFSM_EV_TEXT_AFTER_CLOSE);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK | TCPFSM_FIN, 5001, 1101, 10),
			TCPFSM_EV_TEXT_AFTER_CLOSE);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK | TCPFSM_FIN, 5001, 1102, 0),
			TCPFSM_EV_FIN_ACK);
	tcb.state = TCPFSM_FIN_WAIT2;
	tcb.snd_una = 1102;
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 5101, 1102, 10),
			TCPFSM_EV_TEXT_AFTER_CLOSE);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 4991, 1102, 10),
			TCPFSM_EV_UNACCEPTABLE);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 5001, 1102, 0),
			TCPFSM_EV_ACK_OF_FIN);
	tcb.rcv_shut = false;
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 5001, 1102, 10),
			TCPFSM_EV_ACK_OF_FIN);
}

static void tcpfsm_classify__syn_sent_rules(struct kunit *test)
{
	struct tcpfsm_tcb tcb = {
		.state = TCPFSM_SYN_SENT, .iss = 1000, .snd_una = 1000,
		.snd_nxt = 1001,
	};

	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_SYN | TCPFSM_ACK, 7, 1001, 0),
			TCPFSM_EV_SYN_ACK);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_SYN, 7, 0, 0), TCPFSM_EV_SYN);
	/* ACK =< ISS or > SND.NXT: a RST is owed, unless it is a RST */
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_SYN | TCPFSM_ACK, 7, 1000, 0),
			TCPFSM_EV_BAD_ACK);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 7, 1002, 0), TCPFSM_EV_BAD_ACK);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_RST | TCPFSM_ACK, 0, 1002, 0),
			TCPFSM_EV_DROP);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_RST | TCPFSM_ACK, 0, 1001, 0),
			TCPFSM_EV_RST);
	/* RST without ACK is not believed */
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_RST, 0, 0, 0), TCPFSM_EV_DROP);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 7, 1001, 0), TCPFSM_EV_DROP);
}

static void tcpfsm_classify__syn_recv_ack_must_cover_syn(struct kunit *test)
{
	struct tcpfsm_tcb tcb = {
		.state = TCPFSM_SYN_RECV, .iss = 1000, .snd_una = 1000,
		.snd_nxt = 1001, .irs = 5000, .rcv_nxt = 5001, .rcv_wnd = 100,
	};

	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 5001, 1001, 0), TCPFSM_EV_ACK);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 5001, 1000, 0),
			TCPFSM_EV_BAD_ACK);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 5001, 1002, 0),
			TCPFSM_EV_BAD_ACK);
}

static void tcpfsm_classify__syn_recv_crossing_syn_ack_completes(struct kunit *test)
{
	struct tcpfsm_tcb tcb = {
		.state = TCPFSM_SYN_RECV, .iss = 1000, .snd_una = 1000,
		.snd_nxt = 1001, .irs = 5000, .rcv_nxt = 5001, .rcv_wnd = 100,
	};

	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_SYN | TCPFSM_ACK, 5000, 1001, 0),
			TCPFSM_EV_ACK);
	/* another SYN-ACK: challenged, never answered by a SYN-ACK */
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_SYN | TCPFSM_ACK, 7000, 1001, 0),
			TCPFSM_EV_SYN_ACK);
	/* the peer's SYN again */
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_SYN, 5000, 0, 0), TCPFSM_EV_SYN);
}

static void tcpfsm_classify__time_wait_rst_ignored_under_rfc1337(struct kunit *test)
{
	struct tcpfsm_tcb tcb;

	estab(&tcb);
	tcb.state = TCPFSM_TIME_WAIT;
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_RST, 5001, 0, 0), TCPFSM_EV_DROP);
	tcb.rfc1337 = false;
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_RST, 5001, 0, 0), TCPFSM_EV_RST);
}

static void tcpfsm_classify__listen_and_closed_by_flags(struct kunit *test)
{
	struct tcpfsm_tcb tcb = { .state = TCPFSM_LISTEN };

	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_SYN, 1, 0, 0), TCPFSM_EV_SYN);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_ACK, 1, 2, 0), TCPFSM_EV_ACK);
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_RST, 1, 0, 0), TCPFSM_EV_RST);
	tcb.state = TCPFSM_CLOSE;
	KUNIT_EXPECT_EQ(test, classify(&tcb, TCPFSM_FIN, 1, 0, 0), TCPFSM_EV_FIN);
	KUNIT_EXPECT_EQ(test, classify(&tcb, 0, 1, 0, 5), TCPFSM_EV_DATA);
}

static void tcpfsm_isn__differs_across_tuples(struct kunit *test)
{
	siphash_key_t key = { { 0x0123456789abcdefULL, 0xfedcba9876543210ULL } };
	__be32 a = cpu_to_be32(0x0a000001), b = cpu_to_be32(0x0a000002);
	u32 base = tcpfsm_isn(&key, a, b, htons(1000), htons(80), 0);

	KUNIT_EXPECT_NE(test, base, tcpfsm_isn(&key, a, b, htons(1001), htons(80), 0));
	KUNIT_EXPECT_NE(test, base, tcpfsm_isn(&key, a, b, htons(1000), htons(81), 0));
	KUNIT_EXPECT_NE(test, base, tcpfsm_isn(&key, b, a, htons(1000), htons(80), 0));
	KUNIT_EXPECT_EQ(test, base, tcpfsm_isn(&key, a, b, htons(1000), htons(80), 0));
	key.key[0]++;
	KUNIT_EXPECT_NE(test, base, tcpfsm_isn(&key, a, b, htons(1000), htons(80), 0));
}

static void tcpfsm_isn__advances_with_time(struct kunit *test)
{
	siphash_key_t key = { { 1, 2 } };
	__be32 a = cpu_to_be32(0x7f000001);
	u32 t0 = tcpfsm_isn(&key, a, a, htons(1), htons(2), 0);
	u32 t1 = tcpfsm_isn(&key, a, a, htons(1), htons(2), 4000);	/* 4 us */
	u32 t2 = tcpfsm_isn(&key, a, a, htons(1), htons(2), NSEC_PER_SEC);

	KUNIT_EXPECT_TRUE(test, tcpfsm_seq_gt(t1, t0));
	KUNIT_EXPECT_TRUE(test, tcpfsm_seq_gt(t2, t1));
	KUNIT_EXPECT_EQ(test, t2 - t0, (u32)(NSEC_PER_SEC >> 6));
}

static void tcpfsm_ts_offset__one_per_tuple_unrelated_to_the_isn(struct kunit *test)
{
	siphash_key_t key = { { 0x0123456789abcdefULL, 0xfedcba9876543210ULL } };
	__be32 a = cpu_to_be32(0x0a000001), b = cpu_to_be32(0x0a000002);
	u32 base = tcpfsm_ts_offset(&key, a, b, htons(1000), htons(80));

	/* The same 4-tuple, the same offset: its TSvals grow across connections. */
	KUNIT_EXPECT_EQ(test, base, tcpfsm_ts_offset(&key, a, b, htons(1000), htons(80)));
	KUNIT_EXPECT_NE(test, base, tcpfsm_ts_offset(&key, a, b, htons(1001), htons(80)));
	KUNIT_EXPECT_NE(test, base, tcpfsm_ts_offset(&key, b, a, htons(1000), htons(80)));
	/* Not the ISN's hash (its clock part at 0). */
	KUNIT_EXPECT_NE(test, base, tcpfsm_isn(&key, a, b, htons(1000), htons(80), 0));
	key.key[1]++;
	KUNIT_EXPECT_NE(test, base, tcpfsm_ts_offset(&key, a, b, htons(1000), htons(80)));
}

static void tcpfsm_oow_allow__one_per_gap_per_socket(struct kunit *test)
{
	u32 a = 0, b = 0;

	KUNIT_EXPECT_TRUE(test, tcpfsm_oow_allow(&a, 1000, 50));
	KUNIT_EXPECT_FALSE(test, tcpfsm_oow_allow(&a, 1000, 50));
	KUNIT_EXPECT_FALSE(test, tcpfsm_oow_allow(&a, 1049, 50));
	/* another socket has its own */
	KUNIT_EXPECT_TRUE(test, tcpfsm_oow_allow(&b, 1049, 50));
	KUNIT_EXPECT_TRUE(test, tcpfsm_oow_allow(&a, 1050, 50));
	KUNIT_EXPECT_EQ(test, a, 1050U);
	/* across the wrap of jiffies */
	a = 0xfffffff0U;
	KUNIT_EXPECT_FALSE(test, tcpfsm_oow_allow(&a, 0x10, 50));
	KUNIT_EXPECT_TRUE(test, tcpfsm_oow_allow(&a, 0x30, 50));
	/* a gap of 0 limits nothing */
	KUNIT_EXPECT_TRUE(test, tcpfsm_oow_allow(&a, 0x30, 0));
}

static void tcpfsm_ack_too_old__bounded_by_max_window_and_what_was_acked(struct kunit *test)
{
	struct tcpfsm_tcb tcb = {
		.state = TCPFSM_ESTABLISHED, .iss = 1000,
		.snd_una = 1000 + 1 + 100000, .snd_nxt = 1000 + 1 + 100000,
		.max_snd_wnd = 65535, .bytes_acked = 1 + 100000,
	};

	KUNIT_EXPECT_FALSE(test, tcpfsm_ack_too_old(&tcb, tcb.snd_una));
	KUNIT_EXPECT_FALSE(test, tcpfsm_ack_too_old(&tcb, tcb.snd_una - 65535));
	KUNIT_EXPECT_TRUE(test, tcpfsm_ack_too_old(&tcb, tcb.snd_una - 65536));
	/* the SYN and 100 bytes acknowledged: nothing before the ISS counts */
	tcb.snd_una = 1000 + 1 + 100;
	tcb.bytes_acked = 1 + 100;
	KUNIT_EXPECT_FALSE(test, tcpfsm_ack_too_old(&tcb, 1000));
	KUNIT_EXPECT_TRUE(test, tcpfsm_ack_too_old(&tcb, 999));
	/* across the wrap of sequence numbers */
	tcb.iss = 0xfffffff0U;
	tcb.snd_una = 0x100;
	tcb.bytes_acked = 0x110;
	KUNIT_EXPECT_FALSE(test, tcpfsm_ack_too_old(&tcb, 0xfffffff0U));
	KUNIT_EXPECT_TRUE(test, tcpfsm_ack_too_old(&tcb, 0xffffffefU));
	/* 4 GiB later the sequence space is where it began: still a window */
	tcb.snd_una = 0xfffffff0U + 51;
	tcb.bytes_acked = (1ULL << 32) + 51;
	KUNIT_EXPECT_FALSE(test, tcpfsm_ack_too_old(&tcb, tcb.snd_una - 20000));
}

static void tcpfsm_classify__established_data_with_too_old_ack_is_bad_ack(struct kunit *test)
{
	struct tcpfsm_tcb tcb = {
		.state = TCPFSM_ESTABLISHED, .iss = 1000,
		.snd_una = 1101, .snd_nxt = 1101, .max_snd_wnd = 65535,
		.bytes_acked = 101, .rcv_nxt = 5000, .rcv_wnd = 65535,
	};
	struct tcpfsm_seg seg = { .flags = TCPFSM_ACK, .seq = 5000,
				  .ack = 1100 - 1000, .datalen = 4 };

	KUNIT_EXPECT_EQ(test, tcpfsm_classify(&tcb, &seg), TCPFSM_EV_BAD_ACK);
	seg.ack = 1051;		/* old, but within what was acked */
	KUNIT_EXPECT_EQ(test, tcpfsm_classify(&tcb, &seg), TCPFSM_EV_DATA);
	/* TIME_WAIT answers as a record does; no such check */
	tcb.state = TCPFSM_TIME_WAIT;
	tcb.rcv_wnd = 0;
	seg.ack = 1;
	seg.datalen = 0;
	KUNIT_EXPECT_NE(test, tcpfsm_classify(&tcb, &seg), TCPFSM_EV_BAD_ACK);
}

/* ---- SYN cookies ---- */

static const siphash_key_t cookie_key[2] = { { { 1, 2 } }, { { 3, 4 } } };

static struct tcpfsm_tuple cookie_tuple(void)
{
	return (struct tcpfsm_tuple){
		.saddr = cpu_to_be32(0xc0000201), .daddr = cpu_to_be32(0xc0000202),
		.sport = cpu_to_be16(40000), .dport = cpu_to_be16(80),
	};
}

static void tcpfsm_cookie_check__round_trip_carries_the_mss_floor(struct kunit *test)
{
	static const u16 in[] = { 0, 536, 1000, 1300, 1439, 1440, 1460, 15360 };
	static const u16 out[] = { 536, 536, 536, 1300, 1300, 1440, 1460, 1460 };
	struct tcpfsm_tuple t = cookie_tuple();
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(in); i++) {
		u32 c = tcpfsm_cookie_make(cookie_key, &t, 0xfffffff0U, 1000,
					   in[i]);

		KUNIT_EXPECT_EQ_MSG(test, tcpfsm_cookie_check(cookie_key, &t,
							      0xfffffff0U, c,
							      1000),
				    out[i], "mss %u", in[i]);
	}
}

static void tcpfsm_cookie_check__good_for_two_minutes(struct kunit *test)
{
	struct tcpfsm_tuple t = cookie_tuple();
	u32 c = tcpfsm_cookie_make(cookie_key, &t, 7, 255, 1460);

	KUNIT_EXPECT_EQ(test, tcpfsm_cookie_check(cookie_key, &t, 7, c, 255), 1460);
	/* the minute wraps in the cookie's 8 bits */
	KUNIT_EXPECT_EQ(test, tcpfsm_cookie_check(cookie_key, &t, 7, c, 256), 1460);
	KUNIT_EXPECT_EQ(test, tcpfsm_cookie_check(cookie_key, &t, 7, c, 257), 0);
	KUNIT_EXPECT_EQ(test, tcpfsm_cookie_check(cookie_key, &t, 7, c, 254), 0);
}

static void tcpfsm_cookie_check__other_tuple_seq_or_key_fails(struct kunit *test)
{
	static const siphash_key_t other[2] = { { { 1, 2 } }, { { 3, 5 } } };
	struct tcpfsm_tuple t = cookie_tuple(), u;
	u32 c = tcpfsm_cookie_make(cookie_key, &t, 100, 50, 1460);

	u = t;
	u.sport = cpu_to_be16(40001);
	KUNIT_EXPECT_EQ(test, tcpfsm_cookie_check(cookie_key, &u, 100, c, 50), 0);
	u = t;
	u.daddr = cpu_to_be32(0xc0000203);
	KUNIT_EXPECT_EQ(test, tcpfsm_cookie_check(cookie_key, &u, 100, c, 50), 0);
	/* (a peer ISN off by 1..3 only moves the MSS index, as in Linux) */
	KUNIT_EXPECT_EQ(test, tcpfsm_cookie_check(cookie_key, &t, 104, c, 50), 0);
	KUNIT_EXPECT_EQ(test, tcpfsm_cookie_check(other, &t, 100, c, 50), 0);
}

static void tcpfsm_cookie_check__flipped_bits_fail(struct kunit *test)
{
	struct tcpfsm_tuple t = cookie_tuple();
	u32 c = tcpfsm_cookie_make(cookie_key, &t, 100, 50, 1460);
	unsigned int bit;

	/* The low two bits are the MSS index, which a forger may pick. */
	for (bit = 2; bit < 32; bit++)
		KUNIT_EXPECT_EQ_MSG(test, tcpfsm_cookie_check(cookie_key, &t, 100,
							      c ^ BIT(bit), 50),
				    0, "bit %u", bit);
}

/* ---- timer verdicts ---- */

/* A connection in ESTABLISHED with one segment in flight, due now. */
static struct tcpfsm_rtx_view rtx_view(void)
{
	return (struct tcpfsm_rtx_view){
		.now = 10 * NSEC_PER_SEC,
		.due = 10 * NSEC_PER_SEC,
		.since_recv = 5 * NSEC_PER_SEC,
		.rto_max = 120 * NSEC_PER_SEC,
		.state = TCPFSM_ESTABLISHED,
		.retries = 3,
		.limit = 15,
		.outstanding = true,
	};
}

static void tcpfsm_rtx_verdict__nothing_outstanding_does_nothing(struct kunit *test)
{
	struct tcpfsm_rtx_view v = rtx_view();
	struct tcpfsm_timer_verdict vd;

	v.outstanding = false;
	vd = tcpfsm_rtx_verdict(&v);
	KUNIT_EXPECT_EQ(test, vd.ev, TCPFSM_EV_NONE);
	KUNIT_EXPECT_EQ(test, vd.rearm_ns, 0ULL);
}

static void tcpfsm_rtx_verdict__early_expiry_rearms_for_the_rest(struct kunit *test)
{
	struct tcpfsm_rtx_view v = rtx_view();
	struct tcpfsm_timer_verdict vd;

	v.due = v.now + 300 * NSEC_PER_MSEC;	/* an ACK moved it on */
	v.retries = 15;				/* not even spent retries count */
	vd = tcpfsm_rtx_verdict(&v);
	KUNIT_EXPECT_EQ(test, vd.ev, TCPFSM_EV_NONE);
	KUNIT_EXPECT_EQ(test, vd.rearm_ns, 300 * NSEC_PER_MSEC);
}

static void tcpfsm_rtx_verdict__closed_or_listening_does_nothing(struct kunit *test)
{
	struct tcpfsm_rtx_view v = rtx_view();
	struct tcpfsm_timer_verdict vd;

	/* a deferred expiry that finds the connection gone */
	v.state = TCPFSM_CLOSE;
	vd = tcpfsm_rtx_verdict(&v);
	KUNIT_EXPECT_EQ(test, vd.ev, TCPFSM_EV_NONE);
	KUNIT_EXPECT_EQ(test, vd.rearm_ns, 0ULL);
	v.state = TCPFSM_LISTEN;
	v.due = v.now + NSEC_PER_SEC;
	vd = tcpfsm_rtx_verdict(&v);
	KUNIT_EXPECT_EQ(test, vd.ev, TCPFSM_EV_NONE);
	KUNIT_EXPECT_EQ(test, vd.rearm_ns, 0ULL);
}

static void tcpfsm_rtx_verdict__retries_left_retransmits(struct kunit *test)
{
	struct tcpfsm_rtx_view v = rtx_view();
	struct tcpfsm_timer_verdict vd = tcpfsm_rtx_verdict(&v);

	KUNIT_EXPECT_EQ(test, vd.ev, TCPFSM_EV_RETRANS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, vd.rearm_ns, 0ULL);
	v.retries = 14;
	KUNIT_EXPECT_EQ(test, tcpfsm_rtx_verdict(&v).ev,
			TCPFSM_EV_RETRANS_TIMEOUT);
}

static void tcpfsm_rtx_verdict__retries_spent_gives_up(struct kunit *test)
{
	struct tcpfsm_rtx_view v = rtx_view();

	v.retries = 15;
	KUNIT_EXPECT_EQ(test, tcpfsm_rtx_verdict(&v).ev,
			TCPFSM_EV_RETRANS_GIVE_UP);
	/* SYN_SENT with syn_retries spent, SYN_RECV with synack_retries 0 */
	v.state = TCPFSM_SYN_SENT;
	v.retries = 6;
	v.limit = 6;
	KUNIT_EXPECT_EQ(test, tcpfsm_rtx_verdict(&v).ev,
			TCPFSM_EV_RETRANS_GIVE_UP);
	v.state = TCPFSM_SYN_RECV;
	v.retries = 0;
	v.limit = 0;
	KUNIT_EXPECT_EQ(test, tcpfsm_rtx_verdict(&v).ev,
			TCPFSM_EV_RETRANS_GIVE_UP);
}

static void tcpfsm_rtx_verdict__shut_window_of_a_live_peer_keeps_probing(struct kunit *test)
{
	struct tcpfsm_rtx_view v = rtx_view();

	v.retries = 15;
	v.wnd_zero = true;
	v.since_recv = 119 * NSEC_PER_SEC;	/* heard within rto_max */
	KUNIT_EXPECT_EQ(test, tcpfsm_rtx_verdict(&v).ev,
			TCPFSM_EV_RETRANS_TIMEOUT);
	v.since_recv = 120 * NSEC_PER_SEC;	/* silent for rto_max */
	KUNIT_EXPECT_EQ(test, tcpfsm_rtx_verdict(&v).ev,
			TCPFSM_EV_RETRANS_GIVE_UP);
}

static void tcpfsm_rtx_verdict__shut_window_no_grace_for_orphan_or_opening(struct kunit *test)
{
	struct tcpfsm_rtx_view v = rtx_view();

	v.retries = 15;
	v.wnd_zero = true;
	v.orphan = true;
	KUNIT_EXPECT_EQ(test, tcpfsm_rtx_verdict(&v).ev,
			TCPFSM_EV_RETRANS_GIVE_UP);
	v.orphan = false;
	v.state = TCPFSM_SYN_SENT;
	KUNIT_EXPECT_EQ(test, tcpfsm_rtx_verdict(&v).ev,
			TCPFSM_EV_RETRANS_GIVE_UP);
	v.state = TCPFSM_SYN_RECV;
	KUNIT_EXPECT_EQ(test, tcpfsm_rtx_verdict(&v).ev,
			TCPFSM_EV_RETRANS_GIVE_UP);
}

static void tcpfsm_rtx_verdict__user_timeout_counts_from_first_timeout(struct kunit *test)
{
	struct tcpfsm_rtx_view v = rtx_view();

	v.user_timeout = 1000;
	/* the first timeout of an episode starts the clock */
	KUNIT_EXPECT_EQ(test, tcpfsm_rtx_verdict(&v).ev,
			TCPFSM_EV_RETRANS_TIMEOUT);
	v.retrans_start = v.now - 999 * NSEC_PER_MSEC;
	KUNIT_EXPECT_EQ(test, tcpfsm_rtx_verdict(&v).ev,
			TCPFSM_EV_RETRANS_TIMEOUT);
	v.retrans_start = v.now - 1000 * NSEC_PER_MSEC;
	KUNIT_EXPECT_EQ(test, tcpfsm_rtx_verdict(&v).ev,
			TCPFSM_EV_RETRANS_GIVE_UP);
	/* it overrides a shut window's grace too */
	v.wnd_zero = true;
	KUNIT_EXPECT_EQ(test, tcpfsm_rtx_verdict(&v).ev,
			TCPFSM_EV_RETRANS_GIVE_UP);
}

static void tcpfsm_rtx_verdict__user_timeout_ignored_in_syn_recv(struct kunit *test)
{
	struct tcpfsm_rtx_view v = rtx_view();

	v.state = TCPFSM_SYN_RECV;
	v.limit = 5;
	v.retries = 1;
	v.user_timeout = 1000;
	v.retrans_start = v.now - 5 * NSEC_PER_SEC;
	KUNIT_EXPECT_EQ(test, tcpfsm_rtx_verdict(&v).ev,
			TCPFSM_EV_RETRANS_TIMEOUT);
}

static void tcpfsm_rto_backoff__doubles_up_to_the_max(struct kunit *test)
{
	u64 max = 120 * NSEC_PER_SEC, rto = 200 * NSEC_PER_MSEC;

	KUNIT_EXPECT_EQ(test, tcpfsm_rto_backoff(rto, 0, max), rto);
	KUNIT_EXPECT_EQ(test, tcpfsm_rto_backoff(rto, 3, max),
			1600 * NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, tcpfsm_rto_backoff(rto, 9, max),
			102400 * NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, tcpfsm_rto_backoff(rto, 10, max), max);
	KUNIT_EXPECT_EQ(test, tcpfsm_rto_backoff(max, 0, max), max);
}

static void tcpfsm_rto_backoff__saturates_instead_of_overflowing(struct kunit *test)
{
	u64 max = 120 * NSEC_PER_SEC;

	/* 2^36 ns doubled 28 times is 2^64: it must not wrap to 0 */
	KUNIT_EXPECT_EQ(test, tcpfsm_rto_backoff(1ULL << 36, 28, max), max);
	KUNIT_EXPECT_EQ(test, tcpfsm_rto_backoff(1ULL << 33, 31, max), max);
	/* a backoff past the width of the type, and the largest one */
	KUNIT_EXPECT_EQ(test, tcpfsm_rto_backoff(1, 64, max), max);
	KUNIT_EXPECT_EQ(test, tcpfsm_rto_backoff(1, 255, max), max);
	/* what rto_max_ms allows at most */
	KUNIT_EXPECT_EQ(test, tcpfsm_rto_backoff(max, 255, max), max);
	/* a small RTO is still doubled, not cut short, far down the line */
	KUNIT_EXPECT_EQ(test, tcpfsm_rto_backoff(1, 36, U64_MAX), 1ULL << 36);
	KUNIT_EXPECT_EQ(test, tcpfsm_rto_backoff(1, 63, U64_MAX), 1ULL << 63);
}

static void tcpfsm_rto_clamp__ends_at_the_user_timeout(struct kunit *test)
{
	u64 now = 10 * NSEC_PER_SEC, rto = 3200 * NSEC_PER_MSEC;

	/* 6.5 s from the first timeout, 6 s gone: 0.5 s left, not 3.2 s */
	KUNIT_EXPECT_EQ(test, tcpfsm_rto_clamp(rto, 6500, now - 6 * NSEC_PER_SEC,
					       now, TCPFSM_ESTABLISHED),
			500 * NSEC_PER_MSEC);
	/* more left than the RTO: the RTO */
	KUNIT_EXPECT_EQ(test, tcpfsm_rto_clamp(rto, 6500, now - NSEC_PER_SEC,
					       now, TCPFSM_ESTABLISHED), rto);
	/* run out: at once (the verdict then gives up) */
	KUNIT_EXPECT_EQ(test, tcpfsm_rto_clamp(rto, 6500, now - 7 * NSEC_PER_SEC,
					       now, TCPFSM_ESTABLISHED), 1ULL);
	KUNIT_EXPECT_EQ(test, tcpfsm_rto_clamp(rto, 6000, now - 6 * NSEC_PER_SEC,
					       now, TCPFSM_ESTABLISHED), 1ULL);
	/* the first timeout of an episode has the whole user timeout left */
	KUNIT_EXPECT_EQ(test, tcpfsm_rto_clamp(rto, 1000, now, now,
					       TCPFSM_SYN_SENT), NSEC_PER_SEC);
}

static void tcpfsm_rto_clamp__only_with_a_user_timeout_in_an_episode(struct kunit *test)
{
	u64 now = 10 * NSEC_PER_SEC, rto = 3200 * NSEC_PER_MSEC;

	/* no user timeout */
	KUNIT_EXPECT_EQ(test, tcpfsm_rto_clamp(rto, 0, now - 6 * NSEC_PER_SEC,
					       now, TCPFSM_ESTABLISHED), rto);
	/* no timeout yet: the first RTO is the RTO */
	KUNIT_EXPECT_EQ(test, tcpfsm_rto_clamp(rto, 100, 0, now,
					       TCPFSM_ESTABLISHED), rto);
	/* SYN_RECV: synack_retries alone */
	KUNIT_EXPECT_EQ(test, tcpfsm_rto_clamp(rto, 100, now - NSEC_PER_SEC,
					       now, TCPFSM_SYN_RECV), rto);
}

static void tcpfsm_ctl_nobufs__as_linux_and_never_without_a_timer(struct kunit *test)
{
	/* a SYN: connect() fails with ENOBUFS */
	KUNIT_EXPECT_EQ(test, tcpfsm_ctl_nobufs(TCPFSM_SYN, false),
			TCPFSM_NOBUFS_FAIL);
	KUNIT_EXPECT_EQ(test, tcpfsm_ctl_nobufs(TCPFSM_SYN, true),
			TCPFSM_NOBUFS_FAIL);
	/* a FIN rides on the last data segment */
	KUNIT_EXPECT_EQ(test, tcpfsm_ctl_nobufs(TCPFSM_FIN | TCPFSM_ACK, true),
			TCPFSM_NOBUFS_TACK);
	/* with none, it and a SYN-ACK count as lost: the timer sends them */
	KUNIT_EXPECT_EQ(test, tcpfsm_ctl_nobufs(TCPFSM_FIN | TCPFSM_ACK, false),
			TCPFSM_NOBUFS_LOST);
	KUNIT_EXPECT_EQ(test, tcpfsm_ctl_nobufs(TCPFSM_SYN | TCPFSM_ACK, false),
			TCPFSM_NOBUFS_LOST);
	KUNIT_EXPECT_EQ(test, tcpfsm_ctl_nobufs(TCPFSM_SYN | TCPFSM_ACK, true),
			TCPFSM_NOBUFS_LOST);
}

static void tcpfsm_bare_ctl__the_control_segment_counted_as_lost(struct kunit *test)
{
	struct tcpfsm_tcb tcb = {
		.state = TCPFSM_SYN_RECV,
		.iss = 1000, .snd_una = 1000, .snd_nxt = 1001,
	};

	/* a SYN-ACK no memory could queue */
	KUNIT_EXPECT_EQ(test, tcpfsm_bare_ctl(&tcb), TCPFSM_SYN | TCPFSM_ACK);
	/* acked: nothing */
	tcb.state = TCPFSM_ESTABLISHED;
	tcb.snd_una = 1001;
	KUNIT_EXPECT_EQ(test, tcpfsm_bare_ctl(&tcb), 0);
	/* a FIN, after data all acked */
	tcb.state = TCPFSM_FIN_WAIT1;
	tcb.snd_una = 5000;
	tcb.snd_nxt = 5001;
	tcb.fin_sent = true;
	KUNIT_EXPECT_EQ(test, tcpfsm_bare_ctl(&tcb), TCPFSM_FIN | TCPFSM_ACK);
	tcb.state = TCPFSM_LAST_ACK;
	KUNIT_EXPECT_EQ(test, tcpfsm_bare_ctl(&tcb), TCPFSM_FIN | TCPFSM_ACK);
	/* its ACK came */
	tcb.snd_una = 5001;
	KUNIT_EXPECT_EQ(test, tcpfsm_bare_ctl(&tcb), 0);
	/* in flight, no FIN: nothing bare to send */
	tcb.state = TCPFSM_ESTABLISHED;
	tcb.fin_sent = false;
	tcb.snd_una = 4000;
	KUNIT_EXPECT_EQ(test, tcpfsm_bare_ctl(&tcb), 0);
	/* across the wrap */
	tcb.state = TCPFSM_SYN_RECV;
	tcb.iss = 0xffffffff;
	tcb.snd_una = 0xffffffff;
	tcb.snd_nxt = 0;
	KUNIT_EXPECT_EQ(test, tcpfsm_bare_ctl(&tcb), TCPFSM_SYN | TCPFSM_ACK);
}

/* ESTABLISHED with SO_KEEPALIVE, 7200/75/9, idle for 7200 s. */
static struct tcpfsm_ka_view ka_view(void)
{
	return (struct tcpfsm_ka_view){
		.idle_ms = 7200 * MSEC_PER_SEC,
		.keepidle = 7200,
		.keepintvl = 75,
		.keepcnt = 9,
		.state = TCPFSM_ESTABLISHED,
		.keepopen = true,
	};
}

static void tcpfsm_ka_verdict__orphan_in_fin_wait2_times_out(struct kunit *test)
{
	struct tcpfsm_ka_view v = ka_view();
	struct tcpfsm_timer_verdict vd;

	v.state = TCPFSM_FIN_WAIT2;
	v.orphan = true;
	v.keepopen = false;		/* keepalive or not */
	v.idle_ms = 0;
	vd = tcpfsm_ka_verdict(&v);
	KUNIT_EXPECT_EQ(test, vd.ev, TCPFSM_EV_FIN_WAIT2_TIMEOUT);
	KUNIT_EXPECT_EQ(test, vd.rearm_ns, 0ULL);
}

static void tcpfsm_ka_verdict__off_or_unsynchronized_does_nothing(struct kunit *test)
{
	static const u8 quiet[] = { TCPFSM_CLOSE, TCPFSM_LISTEN,
				    TCPFSM_SYN_SENT, TCPFSM_SYN_RECV,
				    TCPFSM_CLOSING, TCPFSM_LAST_ACK };
	struct tcpfsm_ka_view v = ka_view();
	struct tcpfsm_timer_verdict vd;
	unsigned int i;

	v.keepopen = false;
	vd = tcpfsm_ka_verdict(&v);
	KUNIT_EXPECT_EQ(test, vd.ev, TCPFSM_EV_NONE);
	KUNIT_EXPECT_EQ(test, vd.rearm_ns, 0ULL);
	v.keepopen = true;
	for (i = 0; i < ARRAY_SIZE(quiet); i++) {
		v.state = quiet[i];
		vd = tcpfsm_ka_verdict(&v);
		KUNIT_EXPECT_EQ(test, vd.ev, TCPFSM_EV_NONE);
		KUNIT_EXPECT_EQ(test, vd.rearm_ns, 0ULL);
	}
}

static void tcpfsm_ka_verdict__recent_traffic_rearms_for_the_rest(struct kunit *test)
{
	struct tcpfsm_ka_view v = ka_view();
	struct tcpfsm_timer_verdict vd;

	v.idle_ms = 7000 * MSEC_PER_SEC + 500;
	vd = tcpfsm_ka_verdict(&v);
	KUNIT_EXPECT_EQ(test, vd.ev, TCPFSM_EV_NONE);
	KUNIT_EXPECT_EQ(test, vd.rearm_ns, 199 * NSEC_PER_SEC);
	/* never less than a second */
	v.idle_ms = 7200 * MSEC_PER_SEC - 1;
	KUNIT_EXPECT_EQ(test, tcpfsm_ka_verdict(&v).rearm_ns, NSEC_PER_SEC);
}

static void tcpfsm_ka_verdict__idle_sends_probe_and_rearms_for_intvl(struct kunit *test)
{
	struct tcpfsm_ka_view v = ka_view();
	struct tcpfsm_timer_verdict vd = tcpfsm_ka_verdict(&v);

	KUNIT_EXPECT_EQ(test, vd.ev, TCPFSM_EV_KEEPALIVE_TIMEOUT);
	KUNIT_EXPECT_EQ(test, vd.rearm_ns, 75 * NSEC_PER_SEC);
	/* once probing, idle time no longer holds the next probe back */
	v.probes = 3;
	v.idle_ms = 0;
	vd = tcpfsm_ka_verdict(&v);
	KUNIT_EXPECT_EQ(test, vd.ev, TCPFSM_EV_KEEPALIVE_TIMEOUT);
	KUNIT_EXPECT_EQ(test, vd.rearm_ns, 75 * NSEC_PER_SEC);
	/* in the other synchronized states too */
	v.state = TCPFSM_CLOSE_WAIT;
	KUNIT_EXPECT_EQ(test, tcpfsm_ka_verdict(&v).ev,
			TCPFSM_EV_KEEPALIVE_TIMEOUT);
	v.state = TCPFSM_FIN_WAIT1;
	KUNIT_EXPECT_EQ(test, tcpfsm_ka_verdict(&v).ev,
			TCPFSM_EV_KEEPALIVE_TIMEOUT);
}

static void tcpfsm_ka_verdict__probes_spent_gives_up(struct kunit *test)
{
	struct tcpfsm_ka_view v = ka_view();
	struct tcpfsm_timer_verdict vd;

	v.probes = 9;
	vd = tcpfsm_ka_verdict(&v);
	KUNIT_EXPECT_EQ(test, vd.ev, TCPFSM_EV_KEEPALIVE_GIVE_UP);
	KUNIT_EXPECT_EQ(test, vd.rearm_ns, 0ULL);
	/* FIN_WAIT2 of a live socket is keepalive's, not fin_timeout's */
	v.state = TCPFSM_FIN_WAIT2;
	KUNIT_EXPECT_EQ(test, tcpfsm_ka_verdict(&v).ev,
			TCPFSM_EV_KEEPALIVE_GIVE_UP);
}

static void tcpfsm_fin_wait2_ns__linger2_sysctl_or_at_once(struct kunit *test)
{
	/* TCP_LINGER2 unset: the fin_timeout sysctl */
	KUNIT_EXPECT_EQ(test, tcpfsm_fin_wait2_ns(0, 60), 60 * NSEC_PER_SEC);
	/* set: its seconds, above the sysctl or below it */
	KUNIT_EXPECT_EQ(test, tcpfsm_fin_wait2_ns(120, 60), 120 * NSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, tcpfsm_fin_wait2_ns(1, 60), NSEC_PER_SEC);
	/* negative: the orphan is aborted at once */
	KUNIT_EXPECT_EQ(test, tcpfsm_fin_wait2_ns(-1, 60), 0ULL);
}

static void tcpfsm_rcvbuf_tune__grows_with_the_reader(struct kunit *test)
{
	/* 100 KB read in a round trip, none before: 2 * (2 * 100000 + 16 * 1448). */
	KUNIT_EXPECT_EQ(test, tcpfsm_rcvbuf_tune(212992, 100000, 0, 1448, 6 << 20),
			2U * (200000 + 16 * 1448));
	/* Less than the buffer already is: it stays. */
	KUNIT_EXPECT_EQ(test, tcpfsm_rcvbuf_tune(1 << 20, 100000, 0, 1448, 6 << 20),
			1U << 20);
}

static void tcpfsm_rcvbuf_tune__not_faster_stays(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, tcpfsm_rcvbuf_tune(212992, 500000, 500000, 1448, 6 << 20),
			212992U);
	KUNIT_EXPECT_EQ(test, tcpfsm_rcvbuf_tune(212992, 400000, 500000, 1448, 6 << 20),
			212992U);
}

static void tcpfsm_rcvbuf_tune__growth_adds_and_ceiling_holds(struct kunit *test)
{
	u32 win = 2 * 150000 + 16 * 1448;

	/* 50 % faster than before: the window grows by as much again. */
	KUNIT_EXPECT_EQ(test, tcpfsm_rcvbuf_tune(212992, 150000, 100000, 1448, 6 << 20),
			2 * (win + win));
	KUNIT_EXPECT_EQ(test, tcpfsm_rcvbuf_tune(212992, 5 << 20, 1 << 20, 1448, 6 << 20),
			6U << 20);
	/* A buffer the user made larger than the ceiling never shrinks. */
	KUNIT_EXPECT_EQ(test, tcpfsm_rcvbuf_tune(8 << 20, 5 << 20, 1 << 20, 1448, 6 << 20),
			8U << 20);
}

static void tcpfsm_sndbuf_tune__two_windows_within_bounds(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, tcpfsm_sndbuf_tune(16384, 10, 2304, 4 << 20), 2U * 10 * 2304);
	KUNIT_EXPECT_EQ(test, tcpfsm_sndbuf_tune(16384, 2, 2304, 4 << 20), 2U * 10 * 2304);
	KUNIT_EXPECT_EQ(test, tcpfsm_sndbuf_tune(212992, 10, 2304, 4 << 20), 212992U);
	KUNIT_EXPECT_EQ(test, tcpfsm_sndbuf_tune(212992, 5000, 2304, 4 << 20), 4U << 20);
}

static void tcpfsm_delack_due__only_unacked_text_in_receiving_states(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, tcpfsm_delack_due(TCPFSM_ESTABLISHED, 200, 100));
	KUNIT_EXPECT_TRUE(test, tcpfsm_delack_due(TCPFSM_FIN_WAIT1, 200, 100));
	KUNIT_EXPECT_TRUE(test, tcpfsm_delack_due(TCPFSM_FIN_WAIT2, 200, 100));
	/* something we sent carried it */
	KUNIT_EXPECT_FALSE(test, tcpfsm_delack_due(TCPFSM_ESTABLISHED, 200, 200));
	/* the peer's FIN was acked at once; no more text will come */
	KUNIT_EXPECT_FALSE(test, tcpfsm_delack_due(TCPFSM_CLOSE_WAIT, 200, 100));
	KUNIT_EXPECT_FALSE(test, tcpfsm_delack_due(TCPFSM_CLOSE, 200, 100));
}

/* A keepalive idle of hours is measured whole (it wrapped at 4295 s). */
static void tcpfsm_since_ns__hours_and_across_the_jiffies_wrap(struct kunit *test)
{
	unsigned long then = 1000;

	KUNIT_EXPECT_EQ(test, 7200ULL * NSEC_PER_SEC,
			tcpfsm_since_ns(then, then + 7200UL * HZ));
	KUNIT_EXPECT_EQ(test, 5000ULL * NSEC_PER_SEC,
			tcpfsm_since_ns(then, then + 5000UL * HZ));
	then = ULONG_MAX - HZ + 1;
	KUNIT_EXPECT_EQ(test, 2ULL * NSEC_PER_SEC,
			tcpfsm_since_ns(then, then + 2UL * HZ));
}

static void syn_sent(struct tcpfsm_tcb *tcb)
{
	*tcb = (struct tcpfsm_tcb){
		.state = TCPFSM_SYN_SENT, .iss = 1000, .snd_una = 1000,
		.snd_nxt = 1001,
	};
}

static void tcpfsm_icmp_verdict__syn_sent_unreachable_is_hard(struct kunit *test)
{
	struct tcpfsm_tcb tcb;
	struct tcpfsm_result res;

	syn_sent(&tcb);
	tcpfsm_icmp_verdict(&tcb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 1000,
			    &res);
	KUNIT_EXPECT_EQ(test, res.sk_err, ECONNREFUSED);
	KUNIT_EXPECT_EQ(test, res.next, TCPFSM_CLOSE);
	KUNIT_EXPECT_TRUE(test, res.cmds & TCPFSM_CMD_DELETE_TCB);
	KUNIT_EXPECT_TRUE(test, res.cmds & TCPFSM_CMD_WAKE);
	tcpfsm_icmp_verdict(&tcb, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 1000,
			    &res);
	KUNIT_EXPECT_EQ(test, res.sk_err, EHOSTUNREACH);
	tcpfsm_icmp_verdict(&tcb, ICMP_DEST_UNREACH, ICMP_NET_UNREACH, 1000,
			    &res);
	KUNIT_EXPECT_EQ(test, res.sk_err, ENETUNREACH);
	tcpfsm_icmp_verdict(&tcb, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 1000,
			    &res);
	KUNIT_EXPECT_EQ(test, res.sk_err, ENOPROTOOPT);
	tcpfsm_icmp_verdict(&tcb, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 1000, &res);
	KUNIT_EXPECT_EQ(test, res.sk_err, EHOSTUNREACH);
	tcpfsm_icmp_verdict(&tcb, ICMP_PARAMETERPROB, 0, 1000, &res);
	KUNIT_EXPECT_EQ(test, res.sk_err, EPROTO);
	/* Simultaneous open: SYN_RECV of an active open, hard as well. */
	tcb.state = TCPFSM_SYN_RECV;
	tcpfsm_icmp_verdict(&tcb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 1000,
			    &res);
	KUNIT_EXPECT_EQ(test, res.sk_err, ECONNREFUSED);
}

static void tcpfsm_icmp_verdict__synchronized_is_soft(struct kunit *test)
{
	struct tcpfsm_tcb tcb;
	struct tcpfsm_result res;

	estab(&tcb);
	tcpfsm_icmp_verdict(&tcb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 1050,
			    &res);
	KUNIT_EXPECT_EQ(test, res.err, ECONNREFUSED);
	KUNIT_EXPECT_EQ(test, res.sk_err, 0);
	KUNIT_EXPECT_EQ(test, res.cmds, 0U);
	KUNIT_EXPECT_EQ(test, res.next, TCPFSM_SAME);
	tcb.state = TCPFSM_FIN_WAIT1;
	tcpfsm_icmp_verdict(&tcb, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 1001, &res);
	KUNIT_EXPECT_EQ(test, res.err, EHOSTUNREACH);
	KUNIT_EXPECT_EQ(test, res.cmds, 0U);
}

static void tcpfsm_icmp_verdict__ignored_cases(struct kunit *test)
{
	struct tcpfsm_tcb tcb;
	struct tcpfsm_result res;

	/* A sequence number not in flight: below SND.UNA or past SND.NXT. */
	estab(&tcb);
	tcpfsm_icmp_verdict(&tcb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 1000,
			    &res);
	KUNIT_EXPECT_EQ(test, res.err, 0);
	tcpfsm_icmp_verdict(&tcb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 1102,
			    &res);
	KUNIT_EXPECT_EQ(test, res.err, 0);
	syn_sent(&tcb);
	tcpfsm_icmp_verdict(&tcb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 999,
			    &res);
	KUNIT_EXPECT_EQ(test, res.sk_err, 0);
	KUNIT_EXPECT_EQ(test, res.cmds, 0U);
	/* Fragmentation needed, source quench, codes past 15, echo reply. */
	tcpfsm_icmp_verdict(&tcb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, 1000,
			    &res);
	KUNIT_EXPECT_EQ(test, res.sk_err, 0);
	tcpfsm_icmp_verdict(&tcb, ICMP_SOURCE_QUENCH, 0, 1000, &res);
	KUNIT_EXPECT_EQ(test, res.sk_err, 0);
	tcpfsm_icmp_verdict(&tcb, ICMP_DEST_UNREACH, NR_ICMP_UNREACH + 1, 1000,
			    &res);
	KUNIT_EXPECT_EQ(test, res.sk_err, 0);
	tcpfsm_icmp_verdict(&tcb, ICMP_ECHOREPLY, 0, 1000, &res);
	KUNIT_EXPECT_EQ(test, res.sk_err, 0);
	/* A listener's child in SYN_RECV; a listener; TIME_WAIT. */
	tcb.state = TCPFSM_SYN_RECV;
	tcb.passive = true;
	tcpfsm_icmp_verdict(&tcb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 1000,
			    &res);
	KUNIT_EXPECT_EQ(test, res.sk_err, 0);
	KUNIT_EXPECT_EQ(test, res.err, 0);
	tcb.state = TCPFSM_LISTEN;
	tcpfsm_icmp_verdict(&tcb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 1000,
			    &res);
	KUNIT_EXPECT_EQ(test, res.sk_err + res.err, 0);
	tcb.state = TCPFSM_TIME_WAIT;
	tcpfsm_icmp_verdict(&tcb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 1000,
			    &res);
	KUNIT_EXPECT_EQ(test, res.sk_err + res.err, 0);
}

static void tcpfsm_train_segs__bounded_by_ipv4_length_and_route(struct kunit *test)
{
	/* 65535 - 80 of headers = 65455: 45 segments of 1448, 4 of 15360. */
	KUNIT_EXPECT_EQ(test, tcpfsm_train_segs(65536, 65535, 1448), 45U);
	KUNIT_EXPECT_EQ(test, tcpfsm_train_segs(65536, 65535, 15360), 4U);
	/* A BIG TCP size is still one IPv4 packet's worth. */
	KUNIT_EXPECT_EQ(test, tcpfsm_train_segs(512 * 1024, 65535, 1448), 45U);
	/* The route's segment count and size. */
	KUNIT_EXPECT_EQ(test, tcpfsm_train_segs(65536, 16, 1448), 16U);
	KUNIT_EXPECT_EQ(test, tcpfsm_train_segs(16384, 65535, 1448), 11U);
	/* Never less than one, whatever the inputs. */
	KUNIT_EXPECT_EQ(test, tcpfsm_train_segs(65536, 0, 1448), 1U);
	KUNIT_EXPECT_EQ(test, tcpfsm_train_segs(65536, 64, 0), 1U);
	KUNIT_EXPECT_EQ(test, tcpfsm_train_segs(20, 64, 1448), 1U);
	KUNIT_EXPECT_EQ(test, tcpfsm_train_segs(1000, 64, 1448), 1U);
	/* Two of 32747 would fit 40 bytes of headers, not 20 + 32 of them. */
	KUNIT_EXPECT_EQ(test, tcpfsm_train_segs(65536, 65535, 32747), 1U);
}

/*
 * What goes of a queued segment (tcpfsm_push()): up to one MSS, all of
 * it (the usual checks decide); longer, as many full segments as the room
 * takes, none cut without room for one, and never a short remainder or a
 * FIN in a train.
 */
static void tcpfsm_train_cut__full_segments_the_room_takes(struct kunit *test)
{
	/* One MSS or less: not cut, whatever the room. */
	KUNIT_EXPECT_EQ(test, tcpfsm_train_cut(1448, 1448, 0, false), 1448U);
	KUNIT_EXPECT_EQ(test, tcpfsm_train_cut(100, 1448, 65535, true), 100U);
	/* Whole when the room takes it. */
	KUNIT_EXPECT_EQ(test, tcpfsm_train_cut(10 * 1448, 1448, 65160, false),
			10 * 1448U);
	/* As many full segments as the room takes. */
	KUNIT_EXPECT_EQ(test, tcpfsm_train_cut(10 * 1448, 1448, 3 * 1448 + 1000,
					       false), 3 * 1448U);
	/* No room for one: not cut; cwnd or the window holds it back. */
	KUNIT_EXPECT_EQ(test, tcpfsm_train_cut(10 * 1448, 1448, 1000, false),
			10 * 1448U);
	KUNIT_EXPECT_EQ(test, tcpfsm_train_cut(10 * 1448, 1448, 0, true),
			10 * 1448U);
	/* Room for exactly one. */
	KUNIT_EXPECT_EQ(test, tcpfsm_train_cut(10 * 1448, 1448, 1448, false),
			1448U);
	/* A short remainder stays for a segment of its own, Nagle's to judge. */
	KUNIT_EXPECT_EQ(test, tcpfsm_train_cut(3 * 1448 + 7, 1448, 65160, false),
			3 * 1448U);
	/* A FIN rides on the last segment, alone: never in the train. */
	KUNIT_EXPECT_EQ(test, tcpfsm_train_cut(3 * 1448, 1448, 65160, true),
			2 * 1448U);
	KUNIT_EXPECT_EQ(test, tcpfsm_train_cut(3 * 1448 + 7, 1448, 65160, true),
			3 * 1448U);
	KUNIT_EXPECT_EQ(test, tcpfsm_train_cut(2 * 1448, 1448, 65160, true),
			1448U);
	/* No MSS yet: nothing is cut. */
	KUNIT_EXPECT_EQ(test, tcpfsm_train_cut(5000, 0, 0, false), 5000U);
}

static struct kunit_case rules_test_cases[] = {
	KUNIT_CASE(tcpfsm_seq__comparison_across_the_wrap),
	KUNIT_CASE(tcpfsm_seq__window_membership_across_the_wrap),
	KUNIT_CASE(tcpfsm_seg_acceptable__zero_length_zero_window),
	KUNIT_CASE(tcpfsm_seg_acceptable__zero_length_open_window),
	KUNIT_CASE(tcpfsm_seg_acceptable__data_zero_window),
	KUNIT_CASE(tcpfsm_seg_acceptable__data_open_window),
	KUNIT_CASE(tcpfsm_seg_acceptable__across_the_wrap),
	KUNIT_CASE(tcpfsm_rst_check__exact_rcv_nxt_resets),
	KUNIT_CASE(tcpfsm_rst_check__in_window_challenges),
	KUNIT_CASE(tcpfsm_rst_check__outside_window_drops),
	KUNIT_CASE(tcpfsm_wnd_update_ok__newer_seq_updates),
	KUNIT_CASE(tcpfsm_wnd_update_ok__same_seq_needs_ack_no_older),
	KUNIT_CASE(tcpfsm_wnd_update_ok__older_seq_ignored),
	KUNIT_CASE(tcpfsm_wnd_update_ok__across_the_wrap),
	KUNIT_CASE(tcpfsm_classify__established_rst_per_rfc5961),
	KUNIT_CASE(tcpfsm_classify__established_syn_any_seq_challenged),
	KUNIT_CASE(tcpfsm_classify__established_segments),
	KUNIT_CASE(tcpfsm_classify__established_zero_window_takes_only_rcv_nxt),
	KUNIT_CASE(tcpfsm_classify__fin_wait1_ack_of_fin_and_fin_ack),
	KUNIT_CASE(tcpfsm_classify__fin_after_a_hole_is_only_data),
	KUNIT_CASE(tcpfsm_classify__text_after_close_in_fin_wait),
	KUNIT_CASE(tcpfsm_classify__syn_sent_rules),
	KUNIT_CASE(tcpfsm_classify__syn_recv_ack_must_cover_syn),
	KUNIT_CASE(tcpfsm_classify__syn_recv_crossing_syn_ack_completes),
	KUNIT_CASE(tcpfsm_classify__time_wait_rst_ignored_under_rfc1337),
	KUNIT_CASE(tcpfsm_classify__listen_and_closed_by_flags),
	KUNIT_CASE(tcpfsm_isn__differs_across_tuples),
	KUNIT_CASE(tcpfsm_isn__advances_with_time),
	KUNIT_CASE(tcpfsm_oow_allow__one_per_gap_per_socket),
	KUNIT_CASE(tcpfsm_cookie_check__round_trip_carries_the_mss_floor),
	KUNIT_CASE(tcpfsm_cookie_check__good_for_two_minutes),
	KUNIT_CASE(tcpfsm_cookie_check__other_tuple_seq_or_key_fails),
	KUNIT_CASE(tcpfsm_cookie_check__flipped_bits_fail),
	KUNIT_CASE(tcpfsm_ack_too_old__bounded_by_max_window_and_what_was_acked),
	KUNIT_CASE(tcpfsm_classify__established_data_with_too_old_ack_is_bad_ack),
	KUNIT_CASE(tcpfsm_rtx_verdict__nothing_outstanding_does_nothing),
	KUNIT_CASE(tcpfsm_rtx_verdict__early_expiry_rearms_for_the_rest),
	KUNIT_CASE(tcpfsm_rtx_verdict__closed_or_listening_does_nothing),
	KUNIT_CASE(tcpfsm_rtx_verdict__retries_left_retransmits),
	KUNIT_CASE(tcpfsm_rtx_verdict__retries_spent_gives_up),
	KUNIT_CASE(tcpfsm_rtx_verdict__shut_window_of_a_live_peer_keeps_probing),
	KUNIT_CASE(tcpfsm_rtx_verdict__shut_window_no_grace_for_orphan_or_opening),
	KUNIT_CASE(tcpfsm_rtx_verdict__user_timeout_counts_from_first_timeout),
	KUNIT_CASE(tcpfsm_rtx_verdict__user_timeout_ignored_in_syn_recv),
	KUNIT_CASE(tcpfsm_ctl_nobufs__as_linux_and_never_without_a_timer),
	KUNIT_CASE(tcpfsm_bare_ctl__the_control_segment_counted_as_lost),
	KUNIT_CASE(tcpfsm_rto_clamp__ends_at_the_user_timeout),
	KUNIT_CASE(tcpfsm_rto_clamp__only_with_a_user_timeout_in_an_episode),
	KUNIT_CASE(tcpfsm_rto_backoff__doubles_up_to_the_max),
	KUNIT_CASE(tcpfsm_rto_backoff__saturates_instead_of_overflowing),
	KUNIT_CASE(tcpfsm_ka_verdict__orphan_in_fin_wait2_times_out),
	KUNIT_CASE(tcpfsm_ka_verdict__off_or_unsynchronized_does_nothing),
	KUNIT_CASE(tcpfsm_ka_verdict__recent_traffic_rearms_for_the_rest),
	KUNIT_CASE(tcpfsm_ka_verdict__idle_sends_probe_and_rearms_for_intvl),
	KUNIT_CASE(tcpfsm_ka_verdict__probes_spent_gives_up),
	KUNIT_CASE(tcpfsm_fin_wait2_ns__linger2_sysctl_or_at_once),
	KUNIT_CASE(tcpfsm_delack_due__only_unacked_text_in_receiving_states),
	KUNIT_CASE(tcpfsm_ts_offset__one_per_tuple_unrelated_to_the_isn),
	KUNIT_CASE(tcpfsm_rcvbuf_tune__grows_with_the_reader),
	KUNIT_CASE(tcpfsm_rcvbuf_tune__not_faster_stays),
	KUNIT_CASE(tcpfsm_rcvbuf_tune__growth_adds_and_ceiling_holds),
	KUNIT_CASE(tcpfsm_sndbuf_tune__two_windows_within_bounds),
	KUNIT_CASE(tcpfsm_since_ns__hours_and_across_the_jiffies_wrap),
	KUNIT_CASE(tcpfsm_icmp_verdict__syn_sent_unreachable_is_hard),
	KUNIT_CASE(tcpfsm_icmp_verdict__synchronized_is_soft),
	KUNIT_CASE(tcpfsm_icmp_verdict__ignored_cases),
	KUNIT_CASE(tcpfsm_train_segs__bounded_by_ipv4_length_and_route),
	KUNIT_CASE(tcpfsm_train_cut__full_segments_the_room_takes),
	{}
};

static struct kunit_suite rules_test_suite = {
	.name = "tcpfsm_rules",
	.test_cases = rules_test_cases,
};

kunit_test_suites(&rules_test_suite);
