// SPDX-License-Identifier: GPL-2.0
/* cong_test.c: KUnit cases for module/cong.c: slow start, loss, idle, NewReno, CUBIC. */
#include <kunit/test.h>
#include <linux/jiffies.h>
#include <linux/limits.h>

#include "cong.h"

#define MSS	1000U		/* the MSS of the connections below */

/* A connection of @ops in congestion avoidance at @cwnd, W_max @cwnd. */
static void cc_at(struct tcpfsm_cc *cc, const struct tcpfsm_cong_ops *ops,
		  u32 cwnd)
{
	tcpfsm_cc_init(cc, ops);
	cc->cwnd = cwnd;
	cc->ssthresh = cwnd;
}

/*
 * One round trip of @rtt_us from *@now_us: cwnd segments acknowledged one
 * by one, evenly spread, as a sender that fills its window sees them.
 */
static void round_trip(struct tcpfsm_cc *cc, u32 rtt_us, u64 *now_us)
{
	u32 acks = cc->cwnd, i;

	for (i = 0; i < acks; i++) {
		*now_us += rtt_us / acks;
		tcpfsm_cc_on_ack(cc, MSS, MSS, rtt_us, *now_us);
	}
}

static void tcpfsm_cong_find__linux_names_and_the_default(struct kunit *test)
{
	KUNIT_EXPECT_PTR_EQ(test, &tcpfsm_cubic, tcpfsm_cong_find("cubic"));
	KUNIT_EXPECT_PTR_EQ(test, &tcpfsm_reno, tcpfsm_cong_find("reno"));
	KUNIT_EXPECT_PTR_EQ(test, &tcpfsm_cubic, tcpfsm_cong_find(NULL));
	KUNIT_EXPECT_NULL(test, tcpfsm_cong_find("bbr"));
	KUNIT_EXPECT_NULL(test, tcpfsm_cong_find(""));
}

static void tcpfsm_cc_init__ten_segments_and_no_threshold(struct kunit *test)
{
	struct tcpfsm_cc cc;

	tcpfsm_cc_init(&cc, &tcpfsm_reno);
	KUNIT_EXPECT_EQ(test, 10U, cc.cwnd);
	KUNIT_EXPECT_EQ(test, U32_MAX, cc.ssthresh);
	KUNIT_EXPECT_EQ(test, 0U, cc.cwnd_cnt);
	KUNIT_EXPECT_PTR_EQ(test, &tcpfsm_reno, cc.ops);
}

static void tcpfsm_cc_slow_start__one_ack_grows_it_by_two_at_most(struct kunit *test)
{
	struct tcpfsm_cc cc;

	tcpfsm_cc_init(&cc, &tcpfsm_reno);
	KUNIT_EXPECT_EQ(test, 0U, tcpfsm_cc_slow_start(&cc, 5));
	KUNIT_EXPECT_EQ(test, 12U, cc.cwnd);	/* RFC 3465: L = 2 */
	KUNIT_EXPECT_EQ(test, 0U, tcpfsm_cc_slow_start(&cc, 1));
	KUNIT_EXPECT_EQ(test, 13U, cc.cwnd);
}

static void tcpfsm_cc_slow_start__stops_at_ssthresh_with_the_rest(struct kunit *test)
{
	struct tcpfsm_cc cc;

	tcpfsm_cc_init(&cc, &tcpfsm_reno);
	cc.ssthresh = 11;
	KUNIT_EXPECT_EQ(test, 1U, tcpfsm_cc_slow_start(&cc, 2));
	KUNIT_EXPECT_EQ(test, 11U, cc.cwnd);
}

static void tcpfsm_cc_on_ack__slow_start_doubles_a_round_trip(struct kunit *test)
{
	struct tcpfsm_cc cc;
	u64 now = 1000000;

	tcpfsm_cc_init(&cc, &tcpfsm_reno);
	round_trip(&cc, 100000, &now);
	KUNIT_EXPECT_EQ(test, 20U, cc.cwnd);
	round_trip(&cc, 100000, &now);
	KUNIT_EXPECT_EQ(test, 40U, cc.cwnd);
}

static void tcpfsm_cc_on_ack__reno_adds_a_segment_a_round_trip(struct kunit *test)
{
	struct tcpfsm_cc cc;
	u64 now = 1000000;

	cc_at(&cc, &tcpfsm_reno, 20);
	round_trip(&cc, 100000, &now);
	KUNIT_EXPECT_EQ(test, 21U, cc.cwnd);
	round_trip(&cc, 100000, &now);
	KUNIT_EXPECT_EQ(test, 22U, cc.cwnd);
	/* One ACK of a whole window (a stretch ACK) counts all it acks. */
	tcpfsm_cc_on_ack(&cc, 22 * MSS, MSS, 100000, now);
	KUNIT_EXPECT_EQ(test, 23U, cc.cwnd);
}

static void tcpfsm_cc_on_ack__held_in_recovery_or_when_not_full(struct kunit *test)
{
	struct tcpfsm_cc cc;

	tcpfsm_cc_init(&cc, &tcpfsm_reno);
	cc.state = TCPFSM_CA_RECOVERY;
	tcpfsm_cc_on_ack(&cc, 2 * MSS, MSS, 100000, 1000000);
	KUNIT_EXPECT_EQ(test, 10U, cc.cwnd);
	cc.state = TCPFSM_CA_OPEN;
	tcpfsm_cc_on_ack(&cc, 0, MSS, 100000, 1000000);
	KUNIT_EXPECT_EQ(test, 10U, cc.cwnd);
}

static void tcpfsm_cc_enter_recovery__reno_halves_the_flight(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_reno, 40);
	tcpfsm_cc_enter_recovery(&cc, 30);
	KUNIT_EXPECT_EQ(test, 15U, cc.ssthresh);
	tcpfsm_cc_exit_recovery(&cc, 20);
	KUNIT_EXPECT_EQ(test, 15U, cc.cwnd);
	/* Never below two segments. */
	tcpfsm_cc_enter_recovery(&cc, 3);
	KUNIT_EXPECT_EQ(test, 2U, cc.ssthresh);
}

/*
 * One lost segment of 20 (NewReno): the 19 duplicate ACKs that follow
 * each deliver a segment; PRR (RFC 6937) sends new data for them, about
 * ssthresh/cwnd of what they deliver, instead of nothing until the ACK of
 * the retransmission; that ACK then finds the pipe near ssthresh.
 */
static void tcpfsm_cc_prr__keeps_the_pipe_full_during_recovery(struct kunit *test)
{
	u32 una = 0, nxt = 20 * MSS, recover = 0, sent = 0, i, d, pipe;
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_reno, 20);
	for (i = 1; i <= 19; i++) {
		d = tcpfsm_cc_delivered(&cc, 0, DIV_ROUND_UP(nxt - una, MSS));
		pipe = tcpfsm_cc_pipe(&cc, una, nxt, recover, 0, MSS) / MSS;
		if (i == 3) {
			tcpfsm_cc_enter_recovery(&cc, 20);
			recover = nxt;
			pipe = tcpfsm_cc_pipe(&cc, una, nxt, recover, 0, MSS) /
			       MSS;
			tcpfsm_cc_prr(&cc, d, pipe - 1);	/* the hole */
			tcpfsm_cc_sent(&cc, 1);		/* sent again */
		} else if (i > 3) {
			tcpfsm_cc_prr(&cc, d, pipe);
		}
		while (i >= 3 &&
		       tcpfsm_cc_may_send(&cc, tcpfsm_cc_pipe(&cc, una, nxt,
							      recover, 0, MSS),
					  MSS, MSS)) {
			nxt += MSS;
			tcpfsm_cc_sent(&cc, 1);
			sent++;
		}
	}
	KUNIT_EXPECT_EQ(test, 10U, cc.ssthresh);
	/* 17 ACKs in recovery: 17 * 10 / 20, less the retransmission. */
	KUNIT_EXPECT_GE(test, sent, 7U);
	KUNIT_EXPECT_LE(test, sent, 9U);
	/* The ACK of the retransmission acknowledges all up to recover. */
	una = recover;
	tcpfsm_cc_delivered(&cc, 20, DIV_ROUND_UP(nxt - una, MSS) + 20);
	tcpfsm_cc_exit_recovery(&cc, DIV_ROUND_UP(nxt - una, MSS));
	KUNIT_EXPECT_GE(test, cc.cwnd, sent);
	KUNIT_EXPECT_LE(test, cc.cwnd, sent + 1);
}

/* The full ACK that ends a fast recovery sends no burst (RFC 6582 3.2). */
static void tcpfsm_cc_exit_recovery__one_segment_beyond_the_flight_at_most(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_reno, 40);
	tcpfsm_cc_enter_recovery(&cc, 30);
	KUNIT_EXPECT_EQ(test, 15U, cc.ssthresh);
	tcpfsm_cc_exit_recovery(&cc, 3);
	KUNIT_EXPECT_EQ(test, 4U, cc.cwnd);
	KUNIT_EXPECT_EQ(test, TCPFSM_CA_OPEN, cc.state);
}

/* After a timeout: send again from *@rtx what cwnd lets go. */
static u32 loss_send(struct tcpfsm_cc *cc, u32 una, u32 nxt, u32 recover,
		     u32 *rtx)
{
	u32 sent = 0;

	while (*rtx != recover &&
	       tcpfsm_cc_may_send(cc, tcpfsm_cc_pipe(cc, una, nxt, recover,
						     *rtx, MSS), MSS, MSS)) {
		*rtx += MSS;
		sent++;
	}
	return sent;
}

/*
 * A timeout with 30 segments in flight, all lost: each round trip sends
 * again from SND.UNA as many as cwnd holds, and each ACK grows cwnd by what
 * was sent (go-back-N, as Linux's tcp_enter_loss()): 1, 2, 4, 8, then 15,
 * five round trips, not one hole per round trip.
 */
static void tcpfsm_cc_pipe__after_rto_only_what_was_sent_again(struct kunit *test)
{
	u32 una = 0, nxt = 30 * MSS, recover = nxt, rtx = 0, rounds = 0;
	u32 round, next;
	struct tcpfsm_cc cc;
	u64 now = 1000000;

	cc_at(&cc, &tcpfsm_reno, 30);
	tcpfsm_cc_on_rto(&cc, 30, false, false);
	KUNIT_EXPECT_EQ(test, 0U, tcpfsm_cc_pipe(&cc, una, nxt, recover, rtx,
						 MSS));
	round = loss_send(&cc, una, nxt, recover, &rtx);
	KUNIT_EXPECT_EQ(test, 1U, round);
	/* A round trip: what went is acknowledged, each ACK sends more. */
	while (una != recover && rounds < 40) {
		for (next = 0; round; round--) {
			u32 pipe = tcpfsm_cc_pipe(&cc, una, nxt, recover, rtx,
						  MSS);
			bool full = tcpfsm_cc_cwnd_limited(&cc, pipe, MSS);

			una += MSS;
			now += 1000;
			tcpfsm_cc_on_ack(&cc, full ? MSS : 0, MSS, 100000, now);
			next += loss_send(&cc, una, nxt, recover, &rtx);
		}
		round = next;
		rounds++;
	}
	KUNIT_EXPECT_EQ(test, 5U, rounds);
	KUNIT_EXPECT_EQ(test, 15U, cc.ssthresh);
	tcpfsm_cc_exit_recovery(&cc, 0);
	KUNIT_EXPECT_GE(test, cc.cwnd, 15U);
	KUNIT_EXPECT_LE(test, cc.cwnd, 17U);
}

static void tcpfsm_cc_on_rto__one_segment_and_ssthresh_held_on_a_repeat(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_reno, 40);
	tcpfsm_cc_on_rto(&cc, 40, false, false);
	KUNIT_EXPECT_EQ(test, 1U, cc.cwnd);
	KUNIT_EXPECT_EQ(test, 20U, cc.ssthresh);
	tcpfsm_cc_on_rto(&cc, 1, true, false);
	KUNIT_EXPECT_EQ(test, 1U, cc.cwnd);
	KUNIT_EXPECT_EQ(test, 20U, cc.ssthresh);
	/* Then slow start again, up to the ssthresh of the loss. */
	tcpfsm_cc_on_ack(&cc, MSS, MSS, 100000, 1000000);
	KUNIT_EXPECT_EQ(test, 2U, cc.cwnd);
}

static void tcpfsm_cc_after_idle__restart_window_after_an_rto_idle(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_reno, 50);
	tcpfsm_cc_after_idle(&cc, 1000, 1000 + msecs_to_jiffies(100), 200000,
			     MSS);
	KUNIT_EXPECT_EQ(test, 50U, cc.cwnd);
	tcpfsm_cc_after_idle(&cc, 1000, 1000 + msecs_to_jiffies(300), 200000,
			     MSS);
	KUNIT_EXPECT_EQ(test, 10U, cc.cwnd);
	cc.cwnd = 4;
	tcpfsm_cc_after_idle(&cc, 1000, 1000 + msecs_to_jiffies(300), 200000,
			     MSS);
	KUNIT_EXPECT_EQ(test, 4U, cc.cwnd);
}

/*
 * A lost SYN (or SYN-ACK) makes the initial window one segment (RFC 6928
 * 2); the path's capacity is unknown still, ssthresh stays unbounded.
 */
static void tcpfsm_cc_on_rto__a_lost_syn_sets_only_the_initial_window_to_one(struct kunit *test)
{
	struct tcpfsm_cc cc;

	tcpfsm_cc_init(&cc, &tcpfsm_cubic);
	tcpfsm_cc_on_rto(&cc, 1, false, true);
	tcpfsm_cc_on_rto(&cc, 1, true, true);
	tcpfsm_cc_established(&cc, 1460);
	KUNIT_EXPECT_EQ(test, 1U, cc.cwnd);
	KUNIT_EXPECT_EQ(test, U32_MAX, cc.ssthresh);
	KUNIT_EXPECT_EQ(test, TCPFSM_CA_OPEN, cc.state);
	/* Without a loss, the initial window. */
	tcpfsm_cc_init(&cc, &tcpfsm_cubic);
	tcpfsm_cc_established(&cc, 1460);
	KUNIT_EXPECT_EQ(test, 10U, cc.cwnd);
}

/*
 * The fast retransmission is lost too: the timeout that follows does not
 * cut ssthresh again, from the cwnd already cut (Linux's tcp_enter_loss()
 * in Recovery); CUBIC's fast convergence does not fire for it either.
 */
static void tcpfsm_cc_on_rto__in_fast_recovery_keeps_its_ssthresh(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_cubic, 100);
	tcpfsm_cc_enter_recovery(&cc, 100);
	KUNIT_EXPECT_EQ(test, 70U, cc.ssthresh);
	cc.cwnd = 70;			/* PRR brought it down meanwhile */
	tcpfsm_cc_on_rto(&cc, 70, false, false);
	KUNIT_EXPECT_EQ(test, 70U, cc.ssthresh);
	KUNIT_EXPECT_EQ(test, 1U, cc.cwnd);
	KUNIT_EXPECT_EQ(test, TCPFSM_CA_LOSS, cc.state);
	/* Progress, then a new timeout: a new loss, cut again. */
	cc.cwnd = 40;
	tcpfsm_cc_on_rto(&cc, 40, false, false);
	KUNIT_EXPECT_EQ(test, 28U, cc.ssthresh);
}

/*
 * After a timeout at 100 segments, slow start to ssthresh 70, then the
 * curve starts at 70 with K = 0 (RFC 9438 4.8): convex, slow at first;
 * not concave towards the W_max of before the timeout (100 within 4 s).
 */
static void tcpfsm_cubic_on_rto__resets_w_max(struct kunit *test)
{
	struct tcpfsm_cc cc;
	u64 now = 1000000;
	u32 i;

	cc_at(&cc, &tcpfsm_cubic, 100);
	tcpfsm_cc_on_rto(&cc, 100, false, false);
	KUNIT_EXPECT_EQ(test, 70U, cc.ssthresh);
	while (cc.cwnd < cc.ssthresh)
		round_trip(&cc, 100000, &now);
	KUNIT_EXPECT_EQ(test, 70U, cc.cwnd);
	for (i = 0; i < 10; i++)
		round_trip(&cc, 100000, &now);
	/* 1 s: 0.4 * 1^3 of the curve, and W_est's 0.53 a round trip. */
	KUNIT_EXPECT_LE(test, cc.cwnd, 77U);
}

/*
 * A window of 10 segments acknowledged a third of a segment at a time (30
 * ACKs): slow start doubles cwnd, 10 -> 20, as whole ACKs would; counting
 * each ACK as a segment would make it 40 (RFC 3465).
 */
static void tcpfsm_cc_on_ack__partial_acks_count_their_bytes(struct kunit *test)
{
	struct tcpfsm_cc cc;
	u32 i;

	tcpfsm_cc_init(&cc, &tcpfsm_reno);
	for (i = 0; i < 30; i++)
		tcpfsm_cc_on_ack(&cc, MSS / 3 + (i % 3 == 2), MSS, 100000,
				 1000000 + i);
	KUNIT_EXPECT_EQ(test, 20U, cc.cwnd);
	/* In congestion avoidance too: 20 segments in small ACKs, one more. */
	cc.ssthresh = 20;
	for (i = 0; i < 200; i++)
		tcpfsm_cc_on_ack(&cc, MSS / 10, MSS, 100000, 2000000 + i);
	KUNIT_EXPECT_EQ(test, 21U, cc.cwnd);
}

/* After a timeout, slow start's L is one segment (RFC 3465 2.3). */
static void tcpfsm_cc_slow_start__one_segment_an_ack_after_rto(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_reno, 40);
	tcpfsm_cc_on_rto(&cc, 40, false, false);
	tcpfsm_cc_on_ack(&cc, 3 * MSS, MSS, 100000, 1000000);
	KUNIT_EXPECT_EQ(test, 2U, cc.cwnd);
	/* Once at ssthresh, L is 2 again. */
	cc.cwnd = 20;
	tcpfsm_cc_on_ack(&cc, MSS, MSS, 100000, 1000000);
	cc.ssthresh = 40;
	tcpfsm_cc_on_ack(&cc, 3 * MSS, MSS, 100000, 1000000);
	KUNIT_EXPECT_EQ(test, 22U, cc.cwnd);
}

/*
 * 4295 s idle: in 32-bit microseconds that is 32.7 ms, less than the RTO;
 * the restart must come all the same.
 */
static void tcpfsm_cc_after_idle__an_idle_of_hours_restarts(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_reno, 50);
	tcpfsm_cc_after_idle(&cc, 1000, 1000 + msecs_to_jiffies(4295000),
			     200000, MSS);
	KUNIT_EXPECT_EQ(test, 10U, cc.cwnd);
}

/*
 * In the Reno-friendly region past cwnd_prior, W_est grows as Reno does,
 * one segment a round trip, no longer 0.53 (RFC 9438 4.3: alpha_cubic
 * SHOULD be 1 there).
 */
static void tcpfsm_cubic_cong_avoid__reno_alpha_once_past_cwnd_prior(struct kunit *test)
{
	struct tcpfsm_cc cc;
	u64 now = 1000000;
	u32 i, at;

	cc_at(&cc, &tcpfsm_cubic, 100);
	tcpfsm_cc_enter_recovery(&cc, 100);
	tcpfsm_cc_exit_recovery(&cc, 100);
	for (i = 0; i < 70; i++)
		round_trip(&cc, 1000, &now);
	KUNIT_EXPECT_GT(test, cc.cwnd, 100U);
	at = cc.cwnd;
	for (i = 0; i < 20; i++)
		round_trip(&cc, 1000, &now);
	KUNIT_EXPECT_GE(test, cc.cwnd - at, 19U);
	KUNIT_EXPECT_LE(test, cc.cwnd - at, 21U);
}

/* A restart after idle keeps 3/4 of cwnd in ssthresh (tcp_cwnd_restart()). */
static void tcpfsm_cc_after_idle__ssthresh_keeps_three_quarters(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_reno, 40);
	cc.ssthresh = 20;
	tcpfsm_cc_after_idle(&cc, 1000, 1000 + msecs_to_jiffies(300), 200000,
			     MSS);
	KUNIT_EXPECT_EQ(test, 10U, cc.cwnd);
	KUNIT_EXPECT_EQ(test, 30U, cc.ssthresh);
	/* A higher one stays. */
	cc.cwnd = 40;
	cc.ssthresh = 35;
	tcpfsm_cc_after_idle(&cc, 1000, 1000 + msecs_to_jiffies(300), 200000,
			     MSS);
	KUNIT_EXPECT_EQ(test, 35U, cc.ssthresh);
}

/* RFC 6928: min(10 * MSS, max(2 * MSS, 14600)) bytes. */
static void tcpfsm_cc_iw__rfc6928_never_more_than_14600_bytes(struct kunit *test)
{
	struct tcpfsm_cc cc;

	KUNIT_EXPECT_EQ(test, 10U, tcpfsm_cc_iw(536));
	KUNIT_EXPECT_EQ(test, 10U, tcpfsm_cc_iw(1460));
	KUNIT_EXPECT_EQ(test, 3U, tcpfsm_cc_iw(4000));
	KUNIT_EXPECT_EQ(test, 2U, tcpfsm_cc_iw(9000));
	KUNIT_EXPECT_EQ(test, 2U, tcpfsm_cc_iw(15360));
	tcpfsm_cc_init(&cc, &tcpfsm_reno);
	tcpfsm_cc_established(&cc, 9000);
	KUNIT_EXPECT_EQ(test, 2U, cc.cwnd);
}

/* TCP_CONGESTION on a connection: the window stays, CUBIC's state goes. */
static void tcpfsm_cc_set_ops__keeps_the_window_starts_the_algorithm_afresh(struct kunit *test)
{
	struct tcpfsm_cc cc;
	u32 i;

	cc_at(&cc, &tcpfsm_cubic, 100);
	tcpfsm_cc_enter_recovery(&cc, 100);
	tcpfsm_cc_exit_recovery(&cc, 100);
	tcpfsm_cc_set_ops(&cc, &tcpfsm_reno);
	KUNIT_EXPECT_PTR_EQ(test, &tcpfsm_reno, cc.ops);
	KUNIT_EXPECT_EQ(test, 70U, cc.cwnd);
	KUNIT_EXPECT_EQ(test, 70U, cc.ssthresh);
	tcpfsm_cc_set_ops(&cc, &tcpfsm_cubic);
	for (i = 0; i < ARRAY_SIZE(cc.priv); i++)
		KUNIT_EXPECT_EQ(test, 0ULL, cc.priv[i]);
}

/*
 * RFC 6582 3.2 step 1: after a timeout, go-back-N resends what the peer
 * had; its duplicate ACKs at recover are no new loss.  Past recover, the
 * third duplicate ACK starts fast recovery; not the first two.
 */
static void tcpfsm_cc_fast_retransmit__only_once_past_recover(struct kunit *test)
{
	struct tcpfsm_cc cc;

	tcpfsm_cc_init(&cc, &tcpfsm_reno);
	KUNIT_EXPECT_FALSE(test, tcpfsm_cc_fast_retransmit(&cc, 3, 13000, 13000));
	KUNIT_EXPECT_TRUE(test, tcpfsm_cc_fast_retransmit(&cc, 3, 13001, 13000));
	KUNIT_EXPECT_FALSE(test, tcpfsm_cc_fast_retransmit(&cc, 2, 13001, 13000));
	/* recover = ISS: the first data byte is past it, across the wrap. */
	KUNIT_EXPECT_TRUE(test, tcpfsm_cc_fast_retransmit(&cc, 3, 0, U32_MAX));
	cc.state = TCPFSM_CA_LOSS;
	KUNIT_EXPECT_FALSE(test, tcpfsm_cc_fast_retransmit(&cc, 3, 13001, 13000));
}

/*
 * Limited transmit (RFC 3042): a window of 3 loses its first segment; the
 * two duplicate ACKs each let a new segment go, so that a third can come;
 * the ssthresh of the loss leaves those two out (RFC 5681 3.2 step 2).
 */
static void tcpfsm_cc_pipe__limited_transmit_on_two_dupacks(struct kunit *test)
{
	u32 una = 0, nxt = 3 * MSS;
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_reno, 3);
	KUNIT_EXPECT_FALSE(test, tcpfsm_cc_may_send(&cc, tcpfsm_cc_pipe(&cc,
			   una, nxt, 0, 0, MSS), MSS, MSS));
	tcpfsm_cc_delivered(&cc, 0, 3);
	KUNIT_EXPECT_TRUE(test, tcpfsm_cc_may_send(&cc, tcpfsm_cc_pipe(&cc,
			  una, nxt, 0, 0, MSS), MSS, MSS));
	nxt += MSS;
	tcpfsm_cc_sent(&cc, 1);
	tcpfsm_cc_delivered(&cc, 0, 4);
	KUNIT_EXPECT_TRUE(test, tcpfsm_cc_may_send(&cc, tcpfsm_cc_pipe(&cc,
			  una, nxt, 0, 0, MSS), MSS, MSS));
	nxt += MSS;
	tcpfsm_cc_sent(&cc, 1);
	tcpfsm_cc_delivered(&cc, 0, 5);
	/* Not a third. */
	KUNIT_EXPECT_FALSE(test, tcpfsm_cc_may_send(&cc, tcpfsm_cc_pipe(&cc,
			   una, nxt, 0, 0, MSS), MSS, MSS));
	tcpfsm_cc_enter_recovery(&cc, 5);
	KUNIT_EXPECT_EQ(test, 2U, cc.ssthresh);		/* of 3, not of 5 */
}

static void tcpfsm_cbrt__cubes_and_between(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 0U, tcpfsm_cbrt(0));
	KUNIT_EXPECT_EQ(test, 1U, tcpfsm_cbrt(1));
	KUNIT_EXPECT_EQ(test, 1U, tcpfsm_cbrt(7));
	KUNIT_EXPECT_EQ(test, 2U, tcpfsm_cbrt(8));
	KUNIT_EXPECT_EQ(test, 2U, tcpfsm_cbrt(26));
	KUNIT_EXPECT_EQ(test, 3U, tcpfsm_cbrt(27));
	KUNIT_EXPECT_EQ(test, 1000000U, tcpfsm_cbrt(1000000000000000000ULL));
	KUNIT_EXPECT_EQ(test, 999999U, tcpfsm_cbrt(999999999999999999ULL));
	KUNIT_EXPECT_EQ(test, 2642245U, tcpfsm_cbrt(U64_MAX));
}

static void tcpfsm_cubic_ssthresh__beta_and_fast_convergence(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_cubic, 100);
	tcpfsm_cc_enter_recovery(&cc, 100);
	KUNIT_EXPECT_EQ(test, 70U, cc.ssthresh);	/* 100 * 0.7 */
	/* Lost again below W_max = 100: W_max = 80 * (1 + 0.7) / 2. */
	cc.cwnd = 80;
	tcpfsm_cc_enter_recovery(&cc, 80);
	KUNIT_EXPECT_EQ(test, 56U, cc.ssthresh);
}

/*
 * After a loss at 100 segments (cwnd 70), with an RTT of 100 ms: the
 * curve is concave up to W_max = 100, reached at K = cbrt(30 / 0.4) =
 * 4.2 s, and convex past it (RFC 9438 4.2).
 */
static void tcpfsm_cubic__concave_to_w_max_at_k_then_convex(struct kunit *test)
{
	u32 at[80], i;
	struct tcpfsm_cc cc;
	u64 now = 1000000;

	cc_at(&cc, &tcpfsm_cubic, 100);
	tcpfsm_cc_enter_recovery(&cc, 100);
	tcpfsm_cc_exit_recovery(&cc, 100);
	for (i = 0; i < ARRAY_SIZE(at); i++) {
		at[i] = cc.cwnd;
		round_trip(&cc, 100000, &now);
	}
	KUNIT_EXPECT_EQ(test, 70U, at[0]);
	/* Concave: the first second grows it more than the fourth. */
	KUNIT_EXPECT_GT(test, at[10] - at[0], at[40] - at[30]);
	/* At K (42 round trips, less the one it looks ahead), near W_max. */
	KUNIT_EXPECT_GE(test, at[41], 97U);
	KUNIT_EXPECT_LE(test, at[41], 101U);
	/* Convex past it: the eighth second grows it more than the fifth. */
	KUNIT_EXPECT_GT(test, at[79] - at[70], at[49] - at[40]);
	KUNIT_EXPECT_GT(test, at[79], 105U);
}

/*
 * With a short RTT the curve, which runs on time, grows less a round trip
 * than Reno would: the window follows Reno's estimate instead, 0.53
 * segments a round trip up to cwnd_prior (100, in 57 round trips), one a
 * round trip after it (RFC 9438 4.3).
 */
static void tcpfsm_cubic__reno_friendly_when_the_curve_is_slow(struct kunit *test)
{
	struct tcpfsm_cc cc;
	u64 now = 1000000;
	u32 i;

	cc_at(&cc, &tcpfsm_cubic, 100);
	tcpfsm_cc_enter_recovery(&cc, 100);
	tcpfsm_cc_exit_recovery(&cc, 100);
	for (i = 0; i < 100; i++)
		round_trip(&cc, 1000, &now);
	/* 100 round trips of 1 ms: the curve alone would be at 72. */
	KUNIT_EXPECT_GE(test, cc.cwnd, 140U);
	KUNIT_EXPECT_LE(test, cc.cwnd, 146U);
}

static void tcpfsm_cubic__rto_to_one_segment_ssthresh_by_beta(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_cubic, 100);
	tcpfsm_cc_on_rto(&cc, 100, false, false);
	KUNIT_EXPECT_EQ(test, 1U, cc.cwnd);
	KUNIT_EXPECT_EQ(test, 70U, cc.ssthresh);
}

/* A pause does not count as time on the curve: no jump when sending resumes. */
static void tcpfsm_cubic__idle_time_moves_the_epoch(struct kunit *test)
{
	struct tcpfsm_cc cc;
	u64 now = 1000000;
	u32 i, before;

	cc_at(&cc, &tcpfsm_cubic, 100);
	tcpfsm_cc_enter_recovery(&cc, 100);
	tcpfsm_cc_exit_recovery(&cc, 100);
	for (i = 0; i < 10; i++)
		round_trip(&cc, 100000, &now);
	before = cc.cwnd;
	now += 10000000;			/* 10 s idle, the RTO 60 s */
	tcpfsm_cc_after_idle(&cc, 1000, 1000 + msecs_to_jiffies(10000),
			     60000000, MSS);
	round_trip(&cc, 100000, &now);
	KUNIT_EXPECT_LE(test, cc.cwnd, before + 3);
}

static struct kunit_case tcpfsm_cong_cases[] = {
	KUNIT_CASE(tcpfsm_cong_find__linux_names_and_the_default),
	KUNIT_CASE(tcpfsm_cc_init__ten_segments_and_no_threshold),
	KUNIT_CASE(tcpfsm_cc_slow_start__one_ack_grows_it_by_two_at_most),
	KUNIT_CASE(tcpfsm_cc_slow_start__stops_at_ssthresh_with_the_rest),
	KUNIT_CASE(tcpfsm_cc_on_ack__slow_start_doubles_a_round_trip),
	KUNIT_CASE(tcpfsm_cc_on_ack__reno_adds_a_segment_a_round_trip),
	KUNIT_CASE(tcpfsm_cc_on_ack__held_in_recovery_or_when_not_full),
	KUNIT_CASE(tcpfsm_cc_enter_recovery__reno_halves_the_flight),
	KUNIT_CASE(tcpfsm_cc_prr__keeps_the_pipe_full_during_recovery),
	KUNIT_CASE(tcpfsm_cc_exit_recovery__one_segment_beyond_the_flight_at_most),
	KUNIT_CASE(tcpfsm_cc_pipe__after_rto_only_what_was_sent_again),
	KUNIT_CASE(tcpfsm_cc_on_rto__one_segment_and_ssthresh_held_on_a_repeat),
	KUNIT_CASE(tcpfsm_cc_after_idle__restart_window_after_an_rto_idle),
	KUNIT_CASE(tcpfsm_cbrt__cubes_and_between),
	KUNIT_CASE(tcpfsm_cubic_ssthresh__beta_and_fast_convergence),
	KUNIT_CASE(tcpfsm_cubic__concave_to_w_max_at_k_then_convex),
	KUNIT_CASE(tcpfsm_cubic__reno_friendly_when_the_curve_is_slow),
	KUNIT_CASE(tcpfsm_cubic__rto_to_one_segment_ssthresh_by_beta),
	KUNIT_CASE(tcpfsm_cubic__idle_time_moves_the_epoch),
	KUNIT_CASE(tcpfsm_cc_on_rto__a_lost_syn_sets_only_the_initial_window_to_one),
	KUNIT_CASE(tcpfsm_cc_on_rto__in_fast_recovery_keeps_its_ssthresh),
	KUNIT_CASE(tcpfsm_cubic_on_rto__resets_w_max),
	KUNIT_CASE(tcpfsm_cc_on_ack__partial_acks_count_their_bytes),
	KUNIT_CASE(tcpfsm_cc_slow_start__one_segment_an_ack_after_rto),
	KUNIT_CASE(tcpfsm_cc_after_idle__an_idle_of_hours_restarts),
	KUNIT_CASE(tcpfsm_cubic_cong_avoid__reno_alpha_once_past_cwnd_prior),
	KUNIT_CASE(tcpfsm_cc_after_idle__ssthresh_keeps_three_quarters),
	KUNIT_CASE(tcpfsm_cc_iw__rfc6928_never_more_than_14600_bytes),
	KUNIT_CASE(tcpfsm_cc_set_ops__keeps_the_window_starts_the_algorithm_afresh),
	KUNIT_CASE(tcpfsm_cc_fast_retransmit__only_once_past_recover),
	KUNIT_CASE(tcpfsm_cc_pipe__limited_transmit_on_two_dupacks),
	{}
};

static struct kunit_suite tcpfsm_cong_suite = {
	.name = "tcpfsm_cong",
	.test_cases = tcpfsm_cong_cases,
};

kunit_test_suite(tcpfsm_cong_suite);
