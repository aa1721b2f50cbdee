// SPDX-License-Identifier: GPL-2.0
/* sack_test.c: KUnit cases for module/sack.c: SACK blocks reported and read, the scoreboard. */
#include <kunit/test.h>

#include "sack.h"
#include "tcpfsm.h"

#define MSS	1000U

static void expect_block(struct kunit *test, const struct tcpfsm_sack_block *b,
			 u32 start, u32 end)
{
	KUNIT_EXPECT_EQ(test, b->start, start);
	KUNIT_EXPECT_EQ(test, b->end, end);
}

static void tcpfsm_sack_note__the_newest_block_first(struct kunit *test)
{
	struct tcpfsm_sack_block b[TCPFSM_SACK_MAX];
	u8 n = 0;

	n = tcpfsm_sack_note(b, n, 2000, 3000);
	n = tcpfsm_sack_note(b, n, 5000, 6000);
	KUNIT_ASSERT_EQ(test, n, 2);
	expect_block(test, &b[0], 5000, 6000);
	expect_block(test, &b[1], 2000, 3000);
}

/* A segment joins the blocks it touches: one block, first. */
static void tcpfsm_sack_note__a_segment_joins_the_blocks_it_touches(struct kunit *test)
{
	struct tcpfsm_sack_block b[TCPFSM_SACK_MAX];
	u8 n = 0;

	n = tcpfsm_sack_note(b, n, 2000, 3000);
	n = tcpfsm_sack_note(b, n, 4000, 5000);
	n = tcpfsm_sack_note(b, n, 8000, 9000);
	/* 3000..4000 came: one run 2000..5000. */
	n = tcpfsm_sack_note(b, n, 3000, 4000);
	KUNIT_ASSERT_EQ(test, n, 2);
	expect_block(test, &b[0], 2000, 5000);
	expect_block(test, &b[1], 8000, 9000);
}

/* A segment that overlaps a block, or repeats one, makes no new block. */
static void tcpfsm_sack_note__overlaps_and_duplicates_join(struct kunit *test)
{
	struct tcpfsm_sack_block b[TCPFSM_SACK_MAX];
	u8 n = 0;

	n = tcpfsm_sack_note(b, n, 2000, 3000);
	n = tcpfsm_sack_note(b, n, 6000, 7000);
	n = tcpfsm_sack_note(b, n, 2500, 3500);
	KUNIT_ASSERT_EQ(test, n, 2);
	expect_block(test, &b[0], 2000, 3500);
	expect_block(test, &b[1], 6000, 7000);
	n = tcpfsm_sack_note(b, n, 6000, 7000);
	KUNIT_ASSERT_EQ(test, n, 2);
	expect_block(test, &b[0], 6000, 7000);
	expect_block(test, &b[1], 2000, 3500);
}

static void tcpfsm_sack_note__the_oldest_goes_beyond_four(struct kunit *test)
{
	struct tcpfsm_sack_block b[TCPFSM_SACK_MAX];
	u8 n = 0;
	u32 i;

	for (i = 1; i <= 5; i++)
		n = tcpfsm_sack_note(b, n, i * 2000, i * 2000 + 1000);
	KUNIT_ASSERT_EQ(test, n, TCPFSM_SACK_MAX);
	expect_block(test, &b[0], 10000, 11000);
	expect_block(test, &b[1], 8000, 9000);
	expect_block(test, &b[2], 6000, 7000);
	expect_block(test, &b[3], 4000, 5000);
}

/* RCV.NXT reached a block: it goes; one it passed into is cut. */
static void tcpfsm_sack_trim__what_rcv_nxt_reached_goes(struct kunit *test)
{
	struct tcpfsm_sack_block b[TCPFSM_SACK_MAX] = {
		{ 5000, 6000 }, { 2000, 3000 }, { 8000, 9000 },
	};
	u8 n = tcpfsm_sack_trim(b, 3, 3000, 9000);

	KUNIT_ASSERT_EQ(test, n, 2);
	expect_block(test, &b[0], 5000, 6000);
	expect_block(test, &b[1], 8000, 9000);
	n = tcpfsm_sack_trim(b, n, 5500, 9000);
	KUNIT_ASSERT_EQ(test, n, 2);
	expect_block(test, &b[0], 5500, 6000);
	KUNIT_EXPECT_EQ(test, tcpfsm_sack_trim(b, n, 9000, 9000), 0);
}

/* Text let go for memory (the queue's tail) is not reported. */
static void tcpfsm_sack_trim__text_let_go_is_cut(struct kunit *test)
{
	struct tcpfsm_sack_block b[TCPFSM_SACK_MAX] = {
		{ 8000, 9000 }, { 5000, 6000 },
	};
	u8 n = tcpfsm_sack_trim(b, 2, 1000, 5500);

	KUNIT_ASSERT_EQ(test, n, 1);
	expect_block(test, &b[0], 5000, 5500);
}

static void tcpfsm_sack_trim__across_the_wrap(struct kunit *test)
{
	struct tcpfsm_sack_block b[TCPFSM_SACK_MAX] = {
		{ 0xfffffc00, 0x400 },
	};
	u8 n = tcpfsm_sack_trim(b, 1, 0xfffff000, 0x400);

	KUNIT_ASSERT_EQ(test, n, 1);
	expect_block(test, &b[0], 0xfffffc00, 0x400);
	KUNIT_EXPECT_EQ(test, tcpfsm_sack_trim(b, 1, 0x400, 0x400), 0);
}

static void tcpfsm_sack_block_ok__only_what_was_sent_after_snd_una(struct kunit *test)
{
	static const struct tcpfsm_sack_block ok = { 2000, 3000 },
		rev = { 3000, 2000 }, empty = { 2000, 2000 }, old = { 0, 1000 },
		future = { 9000, 11000 }, at_una = { 1000, 2000 },
		straddle = { 500, 2000 }, to_nxt = { 9000, 10000 };

	KUNIT_EXPECT_TRUE(test, tcpfsm_sack_block_ok(&ok, 1000, 10000));
	KUNIT_EXPECT_TRUE(test, tcpfsm_sack_block_ok(&to_nxt, 1000, 10000));
	KUNIT_EXPECT_FALSE(test, tcpfsm_sack_block_ok(&rev, 1000, 10000));
	KUNIT_EXPECT_FALSE(test, tcpfsm_sack_block_ok(&empty, 1000, 10000));
	/* RFC 2883's duplicate SACK: below SND.UNA, not read. */
	KUNIT_EXPECT_FALSE(test, tcpfsm_sack_block_ok(&old, 1000, 10000));
	KUNIT_EXPECT_FALSE(test, tcpfsm_sack_block_ok(&future, 1000, 10000));
	/* One that reaches SND.UNA would SACK the hole itself (as Linux). */
	KUNIT_EXPECT_FALSE(test, tcpfsm_sack_block_ok(&at_una, 1000, 10000));
	KUNIT_EXPECT_FALSE(test, tcpfsm_sack_block_ok(&straddle, 1000, 10000));
}

static void tcpfsm_sack_block_ok__across_the_wrap(struct kunit *test)
{
	static const struct tcpfsm_sack_block b = { 0xfffffe00, 0x200 },
		below = { 0xffffe000, 0x200 };

	KUNIT_EXPECT_TRUE(test, tcpfsm_sack_block_ok(&b, 0xfffff000, 0x1000));
	KUNIT_EXPECT_FALSE(test, tcpfsm_sack_block_ok(&below, 0xfffff000, 0x1000));
}

static void tcpfsm_sack_covers__whole_segments_only(struct kunit *test)
{
	static const struct tcpfsm_sack_block b[] = {
		{ 2000, 4000 }, { 6000, 6500 },
	};

	KUNIT_EXPECT_TRUE(test, tcpfsm_sack_covers(b, 2, 2000, 3000));
	KUNIT_EXPECT_TRUE(test, tcpfsm_sack_covers(b, 2, 3000, 4000));
	KUNIT_EXPECT_FALSE(test, tcpfsm_sack_covers(b, 2, 1000, 2000));
	KUNIT_EXPECT_FALSE(test, tcpfsm_sack_covers(b, 2, 6000, 7000));
	KUNIT_EXPECT_FALSE(test, tcpfsm_sack_covers(b, 1, 6000, 6500));
	KUNIT_EXPECT_TRUE(test, tcpfsm_sack_covers(b, 2, 6000, 6500));
}

/* A train is cut before marking where any block touches it. */
static void tcpfsm_sack_overlaps__any_byte_in_a_block(struct kunit *test)
{
	static const struct tcpfsm_sack_block b[] = {
		{ 2000, 4000 }, { 6000, 6500 },
	};
	static const struct tcpfsm_sack_block w[] = { { 0xfffffc00, 0x200 } };

	KUNIT_EXPECT_TRUE(test, tcpfsm_sack_overlaps(b, 2, 0, 2001));
	KUNIT_EXPECT_FALSE(test, tcpfsm_sack_overlaps(b, 2, 0, 2000));
	KUNIT_EXPECT_TRUE(test, tcpfsm_sack_overlaps(b, 2, 3999, 5000));
	KUNIT_EXPECT_FALSE(test, tcpfsm_sack_overlaps(b, 2, 4000, 6000));
	KUNIT_EXPECT_TRUE(test, tcpfsm_sack_overlaps(b, 2, 1000, 9000));
	KUNIT_EXPECT_FALSE(test, tcpfsm_sack_overlaps(b, 1, 6000, 6500));
	KUNIT_EXPECT_TRUE(test, tcpfsm_sack_overlaps(b, 2, 6400, 6401));
	/* Across the wrap. */
	KUNIT_EXPECT_TRUE(test, tcpfsm_sack_overlaps(w, 1, 0x100, 0x1000));
	KUNIT_EXPECT_FALSE(test, tcpfsm_sack_overlaps(w, 1, 0x200, 0x1000));
}

/* RFC 6675 IsLost(): three runs above, or more than two segments' bytes. */
static void tcpfsm_sack_is_lost__three_runs_or_over_two_segments(struct kunit *test)
{
	KUNIT_EXPECT_FALSE(test, tcpfsm_sack_is_lost(0, 0, MSS));
	KUNIT_EXPECT_FALSE(test, tcpfsm_sack_is_lost(2 * MSS, 2, MSS));
	KUNIT_EXPECT_TRUE(test, tcpfsm_sack_is_lost(2 * MSS + 1, 1, MSS));
	KUNIT_EXPECT_TRUE(test, tcpfsm_sack_is_lost(3 * MSS, 1, MSS));
	KUNIT_EXPECT_TRUE(test, tcpfsm_sack_is_lost(300, 3, MSS));
}

/* After reneging: half the smoothed RTT, at least 10 ms (as Linux). */
static void tcpfsm_sack_reneging_wait__half_an_rtt_at_least_10_ms(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, tcpfsm_sack_reneging_wait(0), 10 * NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, tcpfsm_sack_reneging_wait(19999),
			10 * NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, tcpfsm_sack_reneging_wait(100000),
			50 * NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, tcpfsm_sack_reneging_wait(U32_MAX),
			(u64)U32_MAX * NSEC_PER_USEC / 2);
}

/* A sent segment of @len bytes at @seq, without marks. */
static struct tcpfsm_skb_cb seg_at(u32 seq, u32 len)
{
	return (struct tcpfsm_skb_cb){ .seq = seq, .end_seq = seq + len,
				       .sent = 1 };
}

/* The counts in segments and in octets follow each mark both ways. */
static void tcpfsm_sack_mark__counts_follow_each_mark(struct kunit *test)
{
	struct tcpfsm_skb_cb a = seg_at(1000, 100), b = seg_at(1100, MSS);
	struct tcpfsm_cc cc = {};

	tcpfsm_sack_lose(&cc, &a);
	tcpfsm_sack_resent(&cc, &a);
	KUNIT_EXPECT_EQ(test, cc.lost, 1);
	KUNIT_EXPECT_EQ(test, cc.lost_bytes, 100);
	KUNIT_EXPECT_EQ(test, cc.retrans, 1);
	KUNIT_EXPECT_EQ(test, cc.retrans_bytes, 100);
	KUNIT_EXPECT_EQ(test, tcpfsm_sack_mark(&cc, &b), MSS);
	KUNIT_EXPECT_EQ(test, tcpfsm_sack_mark(&cc, &b), 0);
	KUNIT_EXPECT_EQ(test, cc.sacked, 1);
	KUNIT_EXPECT_EQ(test, cc.sacked_bytes, MSS);
	/* A SACKed segment is not lost; a lost one is SACKed at last. */
	tcpfsm_sack_lose(&cc, &b);
	KUNIT_EXPECT_EQ(test, cc.lost, 1);
	KUNIT_EXPECT_EQ(test, tcpfsm_sack_mark(&cc, &a), 100);
	KUNIT_EXPECT_EQ(test, a.sacked, TCPFSM_SCB_SACKED);
	KUNIT_EXPECT_EQ(test, cc.lost + cc.lost_bytes, 0);
	KUNIT_EXPECT_EQ(test, cc.retrans + cc.retrans_bytes, 0);
	KUNIT_EXPECT_EQ(test, cc.sacked, 2);
	KUNIT_EXPECT_EQ(test, cc.sacked_bytes, MSS + 100);
	tcpfsm_sack_unmark(&cc, &a);
	tcpfsm_sack_unmark(&cc, &b);
	KUNIT_EXPECT_EQ(test, cc.sacked + cc.sacked_bytes, 0);
	KUNIT_EXPECT_EQ(test, a.sacked | b.sacked, 0);
}

/* A lost segment's copy lost again: lost still, no longer in flight. */
static void tcpfsm_sack_unresent__lost_again_stays_lost(struct kunit *test)
{
	struct tcpfsm_skb_cb a = seg_at(1000, MSS);
	struct tcpfsm_cc cc = {};

	tcpfsm_sack_resent(&cc, &a);
	KUNIT_EXPECT_EQ(test, cc.retrans, 0);	/* not lost: nothing to do */
	tcpfsm_sack_lose(&cc, &a);
	tcpfsm_sack_resent(&cc, &a);
	tcpfsm_sack_resent(&cc, &a);
	KUNIT_EXPECT_EQ(test, cc.retrans, 1);
	tcpfsm_sack_unresent(&cc, &a);
	KUNIT_EXPECT_EQ(test, a.sacked, TCPFSM_SCB_LOST);
	KUNIT_EXPECT_EQ(test, cc.retrans + cc.retrans_bytes, 0);
	KUNIT_EXPECT_EQ(test, cc.lost, 1);
}

/*
 * An ACK reaches segments SACKed before: their bytes are what it leaves
 * out of DeliveredData (RFC 6937), in octets, as the bytes it SACKs.
 * Three segments of 100 bytes (TCP_NODELAY writes), the last two SACKed:
 * the ACK of all 300 delivers the first 100 only.
 */
static void tcpfsm_sack_acked__sacked_bytes_delivered_once(struct kunit *test)
{
	struct tcpfsm_skb_cb s[3] = {
		seg_at(1000, 100), seg_at(1100, 100), seg_at(1200, 100),
	};
	struct tcpfsm_cc cc;
	int i;

	tcpfsm_cc_init(&cc, &tcpfsm_reno);
	cc.sack = true;
	cc.sack_new = tcpfsm_sack_mark(&cc, &s[1]) +
		      tcpfsm_sack_mark(&cc, &s[2]);
	KUNIT_EXPECT_EQ(test, cc.sack_new, 200);
	KUNIT_EXPECT_EQ(test, tcpfsm_cc_sack_delivered(&cc, 0, MSS), 1);
	for (i = 0; i < 3; i++)
		tcpfsm_sack_acked(&cc, &s[i]);
	KUNIT_EXPECT_EQ(test, cc.sack_acked, 200);
	KUNIT_EXPECT_EQ(test, cc.sacked + cc.sacked_bytes, 0);
	/* 100 of the 300 bytes acknowledged were not delivered before. */
	KUNIT_EXPECT_EQ(test, tcpfsm_cc_sack_delivered(&cc, 300, 100), 1);
	KUNIT_EXPECT_EQ(test, cc.sack_acked, 0);
}

/*
 * A queued segment cut in two (tcpfsm_wq_split()): both halves keep its
 * marks, each counted, over the same bytes; PSH and FIN go with the tail;
 * the counts come back to zero when both are unmarked.
 */
static void tcpfsm_sack_split__each_half_keeps_the_marks(struct kunit *test)
{
	struct tcpfsm_skb_cb a = seg_at(1000, 3 * MSS), b, c;
	struct tcpfsm_cc cc = {};

	a.flags = TCPFSM_ACK | TCPFSM_PSH | TCPFSM_FIN;
	a.end_seq++;				/* the FIN */
	tcpfsm_sack_lose(&cc, &a);
	tcpfsm_sack_resent(&cc, &a);
	tcpfsm_sack_split(&cc, &a, &b, MSS);
	KUNIT_EXPECT_EQ(test, a.seq, 1000U);
	KUNIT_EXPECT_EQ(test, a.end_seq, 1000 + MSS);
	KUNIT_EXPECT_EQ(test, a.flags, TCPFSM_ACK);
	KUNIT_EXPECT_EQ(test, b.seq, 1000 + MSS);
	KUNIT_EXPECT_EQ(test, b.end_seq, 1000 + 3 * MSS + 1);
	KUNIT_EXPECT_EQ(test, b.flags, TCPFSM_ACK | TCPFSM_PSH | TCPFSM_FIN);
	KUNIT_EXPECT_EQ(test, b.sent, 1);
	KUNIT_EXPECT_EQ(test, b.sacked, TCPFSM_SCB_LOST | TCPFSM_SCB_RETRANS);
	KUNIT_EXPECT_EQ(test, cc.lost, 2);
	KUNIT_EXPECT_EQ(test, cc.retrans, 2);
	KUNIT_EXPECT_EQ(test, cc.lost_bytes, 3 * MSS + 1);
	tcpfsm_sack_unmark(&cc, &a);
	tcpfsm_sack_unmark(&cc, &b);
	KUNIT_EXPECT_EQ(test, cc.lost + cc.lost_bytes, 0);
	KUNIT_EXPECT_EQ(test, cc.retrans + cc.retrans_bytes, 0);
	/* SACKed, cut, then acknowledged: delivered before, both halves. */
	c = seg_at(5000, 2 * MSS);
	tcpfsm_sack_mark(&cc, &c);
	tcpfsm_sack_split(&cc, &c, &b, MSS / 2);
	KUNIT_EXPECT_EQ(test, cc.sacked, 2);
	tcpfsm_sack_acked(&cc, &c);
	tcpfsm_sack_acked(&cc, &b);
	KUNIT_EXPECT_EQ(test, cc.sack_acked, 2 * MSS);
	KUNIT_EXPECT_EQ(test, cc.sacked + cc.sacked_bytes, 0);
	/* Unmarked: no count moves. */
	c = seg_at(9000, 2 * MSS);
	tcpfsm_sack_split(&cc, &c, &b, MSS);
	KUNIT_EXPECT_EQ(test, cc.sacked + cc.lost + cc.retrans, 0);
	KUNIT_EXPECT_EQ(test, b.sacked, 0);
}

/*
 * An ACK covers the first bytes of a queued segment (a train's first
 * segments): it starts after them, its marks stop counting them, and
 * SACKed ones count as delivered before.
 */
static void tcpfsm_sack_head_acked__marks_lose_the_bytes(struct kunit *test)
{
	struct tcpfsm_skb_cb a = seg_at(1000, 3 * MSS), b = seg_at(9000, MSS);
	struct tcpfsm_cc cc = {};

	tcpfsm_sack_lose(&cc, &a);
	tcpfsm_sack_resent(&cc, &a);
	tcpfsm_sack_head_acked(&cc, &a, MSS);
	KUNIT_EXPECT_EQ(test, a.seq, 1000 + MSS);
	KUNIT_EXPECT_EQ(test, a.end_seq, 1000 + 3 * MSS);
	KUNIT_EXPECT_EQ(test, cc.lost, 1);
	KUNIT_EXPECT_EQ(test, cc.lost_bytes, 2 * MSS);
	KUNIT_EXPECT_EQ(test, cc.retrans_bytes, 2 * MSS);
	KUNIT_EXPECT_EQ(test, cc.sack_acked, 0);
	tcpfsm_sack_unmark(&cc, &a);
	KUNIT_EXPECT_EQ(test, cc.lost + cc.lost_bytes, 0);
	KUNIT_EXPECT_EQ(test, cc.retrans + cc.retrans_bytes, 0);
	tcpfsm_sack_mark(&cc, &b);
	tcpfsm_sack_head_acked(&cc, &b, 100);
	KUNIT_EXPECT_EQ(test, cc.sacked_bytes, MSS - 100);
	KUNIT_EXPECT_EQ(test, cc.sack_acked, 100);
	tcpfsm_sack_acked(&cc, &b);
	KUNIT_EXPECT_EQ(test, cc.sack_acked, MSS);
	KUNIT_EXPECT_EQ(test, cc.sacked + cc.sacked_bytes, 0);
}

static struct kunit_case sack_test_cases[] = {
	KUNIT_CASE(tcpfsm_sack_note__the_newest_block_first),
	KUNIT_CASE(tcpfsm_sack_note__a_segment_joins_the_blocks_it_touches),
	KUNIT_CASE(tcpfsm_sack_note__overlaps_and_duplicates_join),
	KUNIT_CASE(tcpfsm_sack_note__the_oldest_goes_beyond_four),
	KUNIT_CASE(tcpfsm_sack_trim__what_rcv_nxt_reached_goes),
	KUNIT_CASE(tcpfsm_sack_trim__text_let_go_is_cut),
	KUNIT_CASE(tcpfsm_sack_trim__across_the_wrap),
	KUNIT_CASE(tcpfsm_sack_block_ok__only_what_was_sent_after_snd_una),
	KUNIT_CASE(tcpfsm_sack_block_ok__across_the_wrap),
	KUNIT_CASE(tcpfsm_sack_covers__whole_segments_only),
	KUNIT_CASE(tcpfsm_sack_overlaps__any_byte_in_a_block),
	KUNIT_CASE(tcpfsm_sack_is_lost__three_runs_or_over_two_segments),
	KUNIT_CASE(tcpfsm_sack_reneging_wait__half_an_rtt_at_least_10_ms),
	KUNIT_CASE(tcpfsm_sack_mark__counts_follow_each_mark),
	KUNIT_CASE(tcpfsm_sack_unresent__lost_again_stays_lost),
	KUNIT_CASE(tcpfsm_sack_acked__sacked_bytes_delivered_once),
	KUNIT_CASE(tcpfsm_sack_split__each_half_keeps_the_marks),
	KUNIT_CASE(tcpfsm_sack_head_acked__marks_lose_the_bytes),
	{}
};

static struct kunit_suite sack_test_suite = {
	.name = "tcpfsm_sack",
	.test_cases = sack_test_cases,
};

kunit_test_suite(sack_test_suite);
