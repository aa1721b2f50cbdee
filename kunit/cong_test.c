// SPDX-License-Identifier: GPL-2.0
/* cong_test.c: KUnit cases for module/cong.c: slow start, loss, idle, NewReno, CUBIC, SACK. */
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

/*
 * A sender as module/conn.c drives cong.c: the decisions are cong.c's
 * (tcpfsm_cc_dupack(), tcpfsm_cc_ack(), tcpfsm_cc_loss_next()), these only
 * carry them out, as tcpfsm_dup_ack(), tcpfsm_take_ack(), tcpfsm_push()
 * and tcpfsm_loss_resend() do, a segment being MSS bytes.
 */
struct snd {
	struct tcpfsm_cc cc;
	u32 una;
	u32 nxt;
	u32 wnd;	/* the peer's window, bytes */
	u32 resent;	/* segments sent again */
};

static void snd_at(struct snd *s, const struct tcpfsm_cong_ops *ops,
		   u32 cwnd, u32 flight)
{
	cc_at(&s->cc, ops, cwnd);
	s->una = 0;
	s->nxt = flight * MSS;
	s->wnd = U32_MAX >> 1;
	s->resent = 0;
	s->cc.recover = U32_MAX;	/* the ISS: just before 0 */
}

/* tcpfsm_push(): new segments while cwnd lets them go. */
static u32 snd_push(struct snd *s)
{
	u32 n = 0;

	while (tcpfsm_cc_may_send(&s->cc, tcpfsm_cc_pipe(&s->cc, s->una,
							 s->nxt, MSS),
				  MSS, MSS)) {
		s->nxt += MSS;
		tcpfsm_cc_sent(&s->cc, 1);
		n++;
	}
	return n;
}

/* tcpfsm_loss_resend(): what go-back-N lets go again. */
static u32 snd_loss(struct snd *s)
{
	u32 seq, n = 0;

	for (seq = s->una; seq != s->nxt; seq += MSS) {
		enum tcpfsm_cc_rtx r;

		r = tcpfsm_cc_loss_next(&s->cc, seq, seq + MSS, MSS, s->una,
					s->nxt, s->wnd, MSS);
		if (r == TCPFSM_CC_RTX_STOP)
			break;
		if (r == TCPFSM_CC_RTX_SEND) {
			tcpfsm_cc_sent(&s->cc, 1);
			s->resent++;
			n++;
		}
	}
	return n;
}

/* tcpfsm_dup_ack(): whether the head went again. */
static bool snd_dupack(struct snd *s)
{
	if (!tcpfsm_cc_dupack(&s->cc, s->una, s->nxt, MSS))
		return false;
	tcpfsm_cc_sent(&s->cc, 1);
	s->resent++;
	return true;
}

/* tcpfsm_take_ack(): an ACK of new data; segments sent again. */
static u32 snd_ack(struct snd *s, u32 ack, u64 now)
{
	enum tcpfsm_cc_resend r;

	r = tcpfsm_cc_ack(&s->cc, s->una, ack, s->nxt, ack != s->nxt, MSS,
			  100000, now);
	s->una = ack;
	if (r == TCPFSM_CC_RESEND_HEAD) {
		tcpfsm_cc_sent(&s->cc, 1);
		s->resent++;
		return 1;
	}
	return r == TCPFSM_CC_RESEND_LOSS ? snd_loss(s) : 0;
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

static void tcpfsm_cc_on_ack__held_in_recovery(struct kunit *test)
{
	struct tcpfsm_cc cc;

	tcpfsm_cc_init(&cc, &tcpfsm_reno);
	cc.state = TCPFSM_CA_RECOVERY;
	tcpfsm_cc_on_ack(&cc, 2 * MSS, MSS, 100000, 1000000);
	KUNIT_EXPECT_EQ(test, 10U, cc.cwnd);
}

/*
 * RFC 7661: an application that keeps the window far from full does not
 * grow cwnd; one that fills it does (in slow start, half of it is enough,
 * as Linux's tcp_is_cwnd_limited()).
 */
static void tcpfsm_cc_ack__grows_cwnd_only_when_cwnd_limited(struct kunit *test)
{
	struct snd s;

	snd_at(&s, &tcpfsm_reno, 10, 2);	/* 2 of 10 in flight */
	s.cc.ssthresh = U32_MAX;
	snd_ack(&s, 2 * MSS, 1000000);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.cwnd);
	snd_at(&s, &tcpfsm_reno, 10, 5);	/* half: limited */
	s.cc.ssthresh = U32_MAX;
	snd_ack(&s, 2 * MSS, 1000000);
	KUNIT_EXPECT_EQ(test, 12U, s.cc.cwnd);
	/* Congestion avoidance: within a segment of cwnd. */
	KUNIT_EXPECT_TRUE(test,
			  tcpfsm_cc_cwnd_limited(&s.cc, 11 * MSS + 1, MSS));
	s.cc.ssthresh = 12;
	KUNIT_EXPECT_TRUE(test,
			  tcpfsm_cc_cwnd_limited(&s.cc, 11 * MSS + 1, MSS));
	KUNIT_EXPECT_FALSE(test, tcpfsm_cc_cwnd_limited(&s.cc, 11 * MSS, MSS));
	KUNIT_EXPECT_FALSE(test, tcpfsm_cc_cwnd_limited(&s.cc, 6 * MSS, MSS));
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
 * One lost segment of 20 (NewReno): the first two duplicate ACKs send a
 * new segment each (limited transmit, RFC 3042), the third the hole again
 * (ssthresh 10 of the 20 before them); the 19 that follow in all each
 * deliver a segment, and PRR (RFC 6937) sends new data for them, about
 * ssthresh/RecoverFS of what they deliver, instead of nothing until the
 * ACK of the retransmission; that ACK then finds the pipe near ssthresh.
 */
static void tcpfsm_cc_dupack__prr_keeps_the_pipe_full_during_recovery(struct kunit *test)
{
	u32 i, lt = 0, sent = 0, recover;
	struct snd s;

	snd_at(&s, &tcpfsm_reno, 20, 20);
	for (i = 1; i <= 21; i++) {
		KUNIT_EXPECT_EQ(test, i == 3, snd_dupack(&s));
		if (i < 3)
			lt += snd_push(&s);
		else
			sent += snd_push(&s);
	}
	KUNIT_EXPECT_EQ(test, 2U, lt);
	KUNIT_EXPECT_EQ(test, 1U, s.resent);
	KUNIT_EXPECT_EQ(test, TCPFSM_CA_RECOVERY, s.cc.state);
	KUNIT_EXPECT_EQ(test, 10U, s.cc.ssthresh);
	/* 19 delivered in recovery: 19 * 10 / 20, less the retransmission. */
	KUNIT_EXPECT_GE(test, sent, 8U);
	KUNIT_EXPECT_LE(test, sent, 9U);
	/* The ACK of the retransmission acknowledges all up to recover. */
	recover = s.cc.recover;
	KUNIT_EXPECT_EQ(test, 22 * MSS, recover);
	KUNIT_EXPECT_EQ(test, 0U, snd_ack(&s, recover, 1000000));
	KUNIT_EXPECT_EQ(test, TCPFSM_CA_OPEN, s.cc.state);
	/* No burst: what is in flight and one more at most. */
	KUNIT_EXPECT_GE(test, s.cc.cwnd, sent);
	KUNIT_EXPECT_LE(test, s.cc.cwnd, sent + 1);
	KUNIT_EXPECT_LE(test, snd_push(&s), 1U);
}

/*
 * Three segments lost of 10: the retransmission of the first is acked
 * alone (a partial ACK, RFC 6582 3.2 step 4), which sends the next hole at
 * once, and so on; the ACK of recover ends the recovery.
 */
static void tcpfsm_cc_ack__a_partial_ack_sends_the_next_hole(struct kunit *test)
{
	struct snd s;
	u32 i;

	snd_at(&s, &tcpfsm_reno, 10, 10);
	for (i = 1; i <= 7; i++) {
		snd_dupack(&s);
		snd_push(&s);
	}
	KUNIT_EXPECT_EQ(test, TCPFSM_CA_RECOVERY, s.cc.state);
	KUNIT_EXPECT_EQ(test, 1U, s.resent);
	KUNIT_EXPECT_EQ(test, 1U, snd_ack(&s, 1 * MSS, 1000000));
	KUNIT_EXPECT_EQ(test, 1U, snd_ack(&s, 2 * MSS, 1000000));
	KUNIT_EXPECT_EQ(test, TCPFSM_CA_RECOVERY, s.cc.state);
	KUNIT_EXPECT_EQ(test, 0U, snd_ack(&s, s.cc.recover, 1000000));
	KUNIT_EXPECT_EQ(test, TCPFSM_CA_OPEN, s.cc.state);
	KUNIT_EXPECT_EQ(test, 3U, s.resent);
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

/*
 * A timeout with 30 segments in flight, all lost: each round trip sends
 * again from SND.UNA as many as cwnd holds, and each ACK grows cwnd by what
 * was sent (go-back-N, as Linux's tcp_enter_loss()): 1, 2, 4, 8, then 15,
 * five round trips, not one hole per round trip.
 */
static void tcpfsm_cc_loss_next__go_back_n_as_cwnd_grows(struct kunit *test)
{
	u32 round, next, rounds = 0, recover;
	u64 now = 1000000;
	struct snd s;

	snd_at(&s, &tcpfsm_reno, 30, 30);
	tcpfsm_cc_on_rto(&s.cc, s.una, s.nxt, MSS, false);
	recover = s.nxt;
	KUNIT_EXPECT_EQ(test, 0U, tcpfsm_cc_pipe(&s.cc, s.una, s.nxt, MSS));
	round = snd_loss(&s);
	KUNIT_EXPECT_EQ(test, 1U, round);
	/* A round trip: what went is acknowledged, each ACK sends more. */
	while (s.una != recover && rounds < 40) {
		for (next = 0; round; round--) {
			now += 1000;
			next += snd_ack(&s, s.una + MSS, now);
		}
		round = next;
		rounds++;
	}
	KUNIT_EXPECT_EQ(test, 5U, rounds);
	KUNIT_EXPECT_EQ(test, 30U, s.resent);
	KUNIT_EXPECT_EQ(test, 15U, s.cc.ssthresh);
	KUNIT_EXPECT_EQ(test, TCPFSM_CA_OPEN, s.cc.state);
	KUNIT_EXPECT_GE(test, s.cc.cwnd, 15U);
	KUNIT_EXPECT_LE(test, s.cc.cwnd, 17U);
}

/*
 * The go-back-N does not send past the peer's window, but the segment at
 * SND.UNA goes even into a shut window: it probes it (as Linux's
 * tcp_retransmit_skb()).
 */
static void tcpfsm_cc_loss_next__within_the_peer_window(struct kunit *test)
{
	struct snd s;

	snd_at(&s, &tcpfsm_reno, 30, 30);
	tcpfsm_cc_on_rto(&s.cc, s.una, s.nxt, MSS, false);
	s.cc.cwnd = 10;
	s.wnd = 2 * MSS;
	KUNIT_EXPECT_EQ(test, 2U, snd_loss(&s));
	KUNIT_EXPECT_EQ(test, 2 * MSS, s.cc.rtx_nxt);
	snd_at(&s, &tcpfsm_reno, 30, 30);
	tcpfsm_cc_on_rto(&s.cc, s.una, s.nxt, MSS, false);
	s.cc.cwnd = 10;
	s.wnd = 0;
	KUNIT_EXPECT_EQ(test, 1U, snd_loss(&s));
	/* Sent again already: skipped; past recover: not its business. */
	KUNIT_EXPECT_EQ(test, TCPFSM_CC_RTX_SKIP,
			tcpfsm_cc_loss_next(&s.cc, 0, MSS, MSS, 0, s.nxt,
					    30 * MSS, MSS));
	KUNIT_EXPECT_EQ(test, TCPFSM_CC_RTX_STOP,
			tcpfsm_cc_loss_next(&s.cc, 30 * MSS, 31 * MSS, MSS, 0,
					    31 * MSS, 40 * MSS, MSS));
}

static void tcpfsm_cc_on_rto__one_segment_and_ssthresh_held_on_a_repeat(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_reno, 40);
	tcpfsm_cc_on_rto(&cc, 0, 40 * MSS, MSS, false);
	KUNIT_EXPECT_EQ(test, 1U, cc.cwnd);
	KUNIT_EXPECT_EQ(test, 20U, cc.ssthresh);
	tcpfsm_cc_on_rto(&cc, 0, 40 * MSS, MSS, false);
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
	tcpfsm_cc_after_idle(&cc, 1000, 1000 + msecs_to_jiffies(100), 0, 200000,
			     MSS);
	KUNIT_EXPECT_EQ(test, 50U, cc.cwnd);
	tcpfsm_cc_after_idle(&cc, 1000, 1000 + msecs_to_jiffies(300), 0, 200000,
			     MSS);
	KUNIT_EXPECT_EQ(test, 10U, cc.cwnd);
	cc.cwnd = 4;
	tcpfsm_cc_after_idle(&cc, 1000, 1000 + msecs_to_jiffies(300), 0, 200000,
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
	tcpfsm_cc_on_rto(&cc, 0, 1, MSS, true);
	tcpfsm_cc_on_rto(&cc, 0, 1, MSS, true);
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
	tcpfsm_cc_on_rto(&cc, 0, 100 * MSS, MSS, false);
	KUNIT_EXPECT_EQ(test, 70U, cc.ssthresh);
	KUNIT_EXPECT_EQ(test, 1U, cc.cwnd);
	KUNIT_EXPECT_EQ(test, TCPFSM_CA_LOSS, cc.state);
	/* Progress, then a new timeout: a new loss, cut again. */
	tcpfsm_cc_ack(&cc, 0, MSS, 100 * MSS, true, MSS, 100000, 1000000);
	cc.cwnd = 40;
	tcpfsm_cc_on_rto(&cc, MSS, 100 * MSS, MSS, false);
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
	tcpfsm_cc_on_rto(&cc, 0, 100 * MSS, MSS, false);
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
	tcpfsm_cc_on_rto(&cc, 0, 40 * MSS, MSS, false);
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
	tcpfsm_cc_after_idle(&cc, 1000, 1000 + msecs_to_jiffies(4295000), 0,
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
	tcpfsm_cc_after_idle(&cc, 1000, 1000 + msecs_to_jiffies(300), 0, 200000,
			     MSS);
	KUNIT_EXPECT_EQ(test, 10U, cc.cwnd);
	KUNIT_EXPECT_EQ(test, 30U, cc.ssthresh);
	/* A higher one stays. */
	cc.cwnd = 40;
	cc.ssthresh = 35;
	tcpfsm_cc_after_idle(&cc, 1000, 1000 + msecs_to_jiffies(300), 0, 200000,
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
/* ---- with SACK (RFC 6675): the counts the interpreter keeps ---- */

/* RFC 6675's pipe: in flight less SACKed and lost, plus lost sent again. */
static void tcpfsm_cc_pipe__sack_counts_sacked_lost_and_retrans(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_reno, 10);
	cc.sack = true;
	cc.sacked = 3;
	cc.sacked_bytes = 3 * MSS;
	KUNIT_EXPECT_EQ(test, 7 * MSS, tcpfsm_cc_pipe(&cc, 0, 10 * MSS, MSS));
	cc.lost = 2;
	cc.lost_bytes = 2 * MSS;
	KUNIT_EXPECT_EQ(test, 5 * MSS, tcpfsm_cc_pipe(&cc, 0, 10 * MSS, MSS));
	cc.retrans = 1;
	cc.retrans_bytes = MSS;
	KUNIT_EXPECT_EQ(test, 6 * MSS, tcpfsm_cc_pipe(&cc, 0, 10 * MSS, MSS));
	cc.state = TCPFSM_CA_RECOVERY;
	KUNIT_EXPECT_EQ(test, 6 * MSS, tcpfsm_cc_pipe(&cc, 0, 10 * MSS, MSS));
	/* After a timeout the go-back-N's own pipe, SACK or not. */
	cc.state = TCPFSM_CA_LOSS;
	cc.rtx_nxt = 2 * MSS;
	cc.recover = 10 * MSS;
	KUNIT_EXPECT_EQ(test, 2 * MSS, tcpfsm_cc_pipe(&cc, 0, 10 * MSS, MSS));
}

/*
 * The pipe counts octets: twenty 100-byte segments in flight, three
 * SACKed and one lost leave 1600 bytes, not 20 * 100 - 4 * MSS (below
 * zero, which would let anything go).
 */
static void tcpfsm_cc_pipe__sack_short_segments_by_their_bytes(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_reno, 10);
	cc.sack = true;
	cc.sacked = 3;
	cc.sacked_bytes = 300;
	cc.lost = 1;
	cc.lost_bytes = 100;
	KUNIT_EXPECT_EQ(test, 1600U, tcpfsm_cc_pipe(&cc, 0, 2000, MSS));
	/* So a cwnd of one segment lets no more go. */
	cc.cwnd = 1;
	KUNIT_EXPECT_FALSE(test, tcpfsm_cc_may_send(&cc, tcpfsm_cc_pipe(&cc, 0, 2000, MSS),
						    100, MSS));
}

/*
 * What cwnd lets go, in bytes (tcpfsm_push() cuts trains by it): cwnd
 * less the pipe, none when full, one segment with nothing in flight.
 */
static void tcpfsm_cc_room__cwnd_less_pipe_one_segment_when_idle(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_reno, 10);
	KUNIT_EXPECT_EQ(test, tcpfsm_cc_room(&cc, 0, MSS), 10 * MSS);
	KUNIT_EXPECT_EQ(test, tcpfsm_cc_room(&cc, 3 * MSS + 1, MSS), 7 * MSS - 1);
	KUNIT_EXPECT_EQ(test, tcpfsm_cc_room(&cc, 10 * MSS, MSS), 0U);
	KUNIT_EXPECT_EQ(test, tcpfsm_cc_room(&cc, 12 * MSS, MSS), 0U);
	/* It agrees with tcpfsm_cc_may_send() at the edge. */
	KUNIT_EXPECT_TRUE(test, tcpfsm_cc_may_send(&cc, 3 * MSS, 7 * MSS, MSS));
	KUNIT_EXPECT_FALSE(test, tcpfsm_cc_may_send(&cc, 3 * MSS, 7 * MSS + 1, MSS));
	cc.cwnd = 0;
	KUNIT_EXPECT_EQ(test, tcpfsm_cc_room(&cc, 0, MSS), MSS);
}

/* DeliveredData (RFC 6937): SACKed now, plus acknowledged not SACKed before. */
static void tcpfsm_cc_sack_delivered__sacked_plus_newly_acked(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_reno, 10);
	cc.sack = true;
	cc.sack_new = 2 * MSS;
	KUNIT_EXPECT_EQ(test, 2U, tcpfsm_cc_sack_delivered(&cc, 0, MSS));
	KUNIT_EXPECT_EQ(test, 0U, cc.sack_new);
	/* 4 acknowledged, 3 of them SACKed before; 1 SACKed now. */
	cc.sack_acked = 3 * MSS;
	cc.sack_new = MSS;
	KUNIT_EXPECT_EQ(test, 2U, tcpfsm_cc_sack_delivered(&cc, 4 * MSS, MSS));
	KUNIT_EXPECT_EQ(test, 0U, cc.sack_acked);
	/* Duplicate ACKs without blocks deliver nothing with SACK. */
	KUNIT_EXPECT_EQ(test, 0U, tcpfsm_cc_sack_delivered(&cc, 0, MSS));
	/* Short segments: 250 bytes SACKed are one segment delivered. */
	cc.sack_new = 250;
	KUNIT_EXPECT_EQ(test, 1U, tcpfsm_cc_sack_delivered(&cc, 0, MSS));
}

/* RFC 6675 5: a lost segment starts recovery before three dupacks. */
static void tcpfsm_cc_fast_retransmit__sack_on_a_lost_segment(struct kunit *test)
{
	struct tcpfsm_cc cc;

	tcpfsm_cc_init(&cc, &tcpfsm_reno);
	cc.recover = 0;
	cc.sack = true;
	cc.dupacks = 1;
	KUNIT_EXPECT_FALSE(test, tcpfsm_cc_fast_retransmit(&cc, 1000));
	cc.lost = 1;
	KUNIT_EXPECT_TRUE(test, tcpfsm_cc_fast_retransmit(&cc, 1000));
	/* At recover itself (the ACK that ended the last recovery). */
	cc.recover = 1000;
	KUNIT_EXPECT_TRUE(test, tcpfsm_cc_fast_retransmit(&cc, 1000));
	cc.lost = 0;
	cc.dupacks = 4;		/* with SACK, the third or any later one */
	KUNIT_EXPECT_FALSE(test, tcpfsm_cc_fast_retransmit(&cc, 1000));
	KUNIT_EXPECT_TRUE(test, tcpfsm_cc_fast_retransmit(&cc, 1001));
	cc.sack = false;
	KUNIT_EXPECT_FALSE(test, tcpfsm_cc_fast_retransmit(&cc, 1001));
}

/*
 * An ACK of new data after which a segment is taken as lost starts the
 * fast recovery (ssthresh halved, recover SND.NXT) and asks for the lost
 * segments; a partial ACK in it asks again, the head being the next hole.
 */
static void tcpfsm_cc_ack__sack_loss_starts_recovery_and_partial_acks_resend(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_reno, 10);
	cc.recover = U32_MAX;
	cc.sack = true;
	cc.sacked = 3;
	cc.sacked_bytes = 3 * MSS;
	cc.lost = 1;
	cc.lost_bytes = MSS;
	cc.sack_new = 3 * MSS;
	KUNIT_EXPECT_EQ(test, TCPFSM_CC_RESEND_SACK,
			tcpfsm_cc_ack(&cc, 0, MSS, 10 * MSS, true, MSS, 100000,
				      1000000));
	KUNIT_EXPECT_EQ(test, TCPFSM_CA_RECOVERY, cc.state);
	KUNIT_EXPECT_EQ(test, 10 * MSS, cc.recover);
	KUNIT_EXPECT_EQ(test, 4U, cc.ssthresh);	/* half of 9 in flight */
	/* The lost one and the three SACKed are acknowledged: partial. */
	cc.lost = 0;
	cc.lost_bytes = 0;
	cc.sacked = 0;
	cc.sacked_bytes = 0;
	cc.sack_acked = 3 * MSS;
	KUNIT_EXPECT_EQ(test, TCPFSM_CC_RESEND_SACK,
			tcpfsm_cc_ack(&cc, MSS, 5 * MSS, 10 * MSS, true, MSS,
				      100000, 1000000));
	KUNIT_EXPECT_EQ(test, TCPFSM_CA_RECOVERY, cc.state);
	/* All up to recover: it ends; SACKed segments beyond stay counted. */
	cc.sacked = 2;
	cc.sacked_bytes = 2 * MSS;
	KUNIT_EXPECT_EQ(test, TCPFSM_CC_RESEND_NONE,
			tcpfsm_cc_ack(&cc, 5 * MSS, 10 * MSS, 12 * MSS, true,
				      MSS, 100000, 1000000));
	KUNIT_EXPECT_EQ(test, TCPFSM_CA_OPEN, cc.state);
	KUNIT_EXPECT_EQ(test, 2U, cc.sacked);
}

/* RFC 2018 8: a timeout forgets the scoreboard. */
static void tcpfsm_cc_on_rto__sack_counts_cleared(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_reno, 10);
	cc.sack = true;
	cc.sacked = 3;
	cc.lost = 2;
	cc.retrans = 1;
	cc.sacked_bytes = 3 * MSS;
	tcpfsm_cc_on_rto(&cc, 0, 10 * MSS, MSS, false);
	KUNIT_EXPECT_EQ(test, 0U, cc.sacked_bytes);
	KUNIT_EXPECT_EQ(test, 0U, cc.sacked);
	KUNIT_EXPECT_EQ(test, 0U, cc.lost);
	KUNIT_EXPECT_EQ(test, 0U, cc.retrans);
	KUNIT_EXPECT_TRUE(test, cc.sack);
}

static void tcpfsm_cc_fast_retransmit__only_once_past_recover(struct kunit *test)
{
	struct tcpfsm_cc cc;

	tcpfsm_cc_init(&cc, &tcpfsm_reno);
	cc.recover = 13000;
	cc.dupacks = 3;
	KUNIT_EXPECT_FALSE(test, tcpfsm_cc_fast_retransmit(&cc, 13000));
	KUNIT_EXPECT_TRUE(test, tcpfsm_cc_fast_retransmit(&cc, 13001));
	cc.dupacks = 2;
	KUNIT_EXPECT_FALSE(test, tcpfsm_cc_fast_retransmit(&cc, 13001));
	/* recover = ISS: the first data byte is past it, across the wrap. */
	cc.dupacks = 3;
	cc.recover = U32_MAX;
	KUNIT_EXPECT_TRUE(test, tcpfsm_cc_fast_retransmit(&cc, 0));
	cc.state = TCPFSM_CA_LOSS;
	KUNIT_EXPECT_FALSE(test, tcpfsm_cc_fast_retransmit(&cc, 1));
}

/*
 * Limited transmit (RFC 3042): a window of 3 loses its first segment; the
 * two duplicate ACKs each let a new segment go, so that a third can come;
 * the ssthresh of the loss leaves those two out (RFC 5681 3.2 step 2).
 */
static void tcpfsm_cc_pipe__limited_transmit_on_two_dupacks(struct kunit *test)
{
	u32 una = 0, nxt = 3 * MSS, pipe;
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_reno, 3);
	pipe = tcpfsm_cc_pipe(&cc, una, nxt, MSS);
	KUNIT_EXPECT_FALSE(test, tcpfsm_cc_may_send(&cc, pipe, MSS, MSS));
	tcpfsm_cc_delivered(&cc, 0, 3);
	pipe = tcpfsm_cc_pipe(&cc, una, nxt, MSS);
	KUNIT_EXPECT_TRUE(test, tcpfsm_cc_may_send(&cc, pipe, MSS, MSS));
	nxt += MSS;
	tcpfsm_cc_sent(&cc, 1);
	tcpfsm_cc_delivered(&cc, 0, 4);
	pipe = tcpfsm_cc_pipe(&cc, una, nxt, MSS);
	KUNIT_EXPECT_TRUE(test, tcpfsm_cc_may_send(&cc, pipe, MSS, MSS));
	nxt += MSS;
	tcpfsm_cc_sent(&cc, 1);
	tcpfsm_cc_delivered(&cc, 0, 5);
	/* Not a third. */
	pipe = tcpfsm_cc_pipe(&cc, una, nxt, MSS);
	KUNIT_EXPECT_FALSE(test, tcpfsm_cc_may_send(&cc, pipe, MSS, MSS));
	tcpfsm_cc_enter_recovery(&cc, 5);
	KUNIT_EXPECT_EQ(test, 2U, cc.ssthresh);		/* of 3, not of 5 */
}

/*
 * After a timeout the go-back-N resends what the peer may have had; its
 * duplicate ACKs at recover start no fast retransmit (RFC 6582 3.2 step
 * 1); once SND.UNA has passed recover, three do.
 */
static void tcpfsm_cc_dupack__none_from_the_go_back_n(struct kunit *test)
{
	struct snd s;
	u32 i;

	snd_at(&s, &tcpfsm_reno, 10, 10);
	tcpfsm_cc_on_rto(&s.cc, s.una, s.nxt, MSS, false);
	snd_loss(&s);
	snd_ack(&s, 10 * MSS, 1000000);		/* all up to recover */
	KUNIT_EXPECT_EQ(test, TCPFSM_CA_OPEN, s.cc.state);
	s.nxt += 4 * MSS;			/* new data */
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_FALSE(test, snd_dupack(&s));
	KUNIT_EXPECT_EQ(test, TCPFSM_CA_OPEN, s.cc.state);
	snd_ack(&s, 11 * MSS, 1000000);
	for (i = 1; i <= 3; i++)
		KUNIT_EXPECT_EQ(test, i == 3, snd_dupack(&s));
	KUNIT_EXPECT_EQ(test, TCPFSM_CA_RECOVERY, s.cc.state);
}

/*
 * Without SACK a duplicate ACK stands for one segment delivered (at most
 * all in flight but the hole); the ACK that follows delivered what it
 * acknowledges less those, one segment at least (RFC 6937's DeliveredData,
 * Linux's tcp_add_reno_sack() and tcp_remove_reno_sacks()).
 */
static void tcpfsm_cc_delivered__dupacks_each_one_then_the_rest(struct kunit *test)
{
	struct tcpfsm_cc cc;
	u32 i;

	cc_at(&cc, &tcpfsm_reno, 10);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, 1U, tcpfsm_cc_delivered(&cc, 0, 10));
	KUNIT_EXPECT_EQ(test, 3U, cc.sacked);
	tcpfsm_cc_enter_recovery(&cc, 10);
	KUNIT_EXPECT_EQ(test, 2U, tcpfsm_cc_delivered(&cc, 5, 10));
	KUNIT_EXPECT_EQ(test, 0U, cc.sacked);
	KUNIT_EXPECT_EQ(test, 1U, tcpfsm_cc_delivered(&cc, 0, 5));
	KUNIT_EXPECT_EQ(test, 1U, tcpfsm_cc_delivered(&cc, 1, 5));
	/* Not more than in flight but the hole. */
	for (i = 0; i < 6; i++)
		tcpfsm_cc_delivered(&cc, 0, 5);
	KUNIT_EXPECT_EQ(test, 4U, cc.sacked);
	KUNIT_EXPECT_EQ(test, 0U, tcpfsm_cc_delivered(&cc, 0, 5));
}

/* With nothing in flight a segment goes, even one longer than cwnd. */
static void tcpfsm_cc_may_send__one_segment_with_nothing_in_flight(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_reno, 1);
	KUNIT_EXPECT_TRUE(test, tcpfsm_cc_may_send(&cc, 0, 3 * MSS / 2, MSS));
	KUNIT_EXPECT_FALSE(test, tcpfsm_cc_may_send(&cc, 1, MSS, MSS));
	cc.cwnd = 0;
	KUNIT_EXPECT_TRUE(test, tcpfsm_cc_may_send(&cc, 0, MSS, MSS));
}

/* In fast recovery the duplicate ACKs' segments are out of the pipe. */
static void tcpfsm_cc_pipe__in_recovery_less_the_dupacks(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_reno, 10);
	cc.state = TCPFSM_CA_RECOVERY;
	cc.sacked = 3;
	KUNIT_EXPECT_EQ(test, 7 * MSS, tcpfsm_cc_pipe(&cc, 0, 10 * MSS, MSS));
	cc.sacked = 30;
	KUNIT_EXPECT_EQ(test, 0U, tcpfsm_cc_pipe(&cc, 0, 10 * MSS, MSS));
}

/*
 * The first ACK of a fast recovery sends the retransmission, even when the
 * pipe is at ssthresh already (RFC 6937: "ensure at least one segment is
 * sent"); later ones with the pipe at ssthresh send nothing.
 */
static void tcpfsm_cc_prr__the_first_ack_sends_one_at_least(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_reno, 20);
	tcpfsm_cc_enter_recovery(&cc, 20);
	KUNIT_EXPECT_EQ(test, 10U, cc.ssthresh);
	tcpfsm_cc_prr(&cc, 1, 10);
	KUNIT_EXPECT_EQ(test, 11U, cc.cwnd);
	tcpfsm_cc_sent(&cc, 1);
	tcpfsm_cc_prr(&cc, 1, 10);
	KUNIT_EXPECT_EQ(test, 10U, cc.cwnd);
}

/*
 * Below ssthresh (more losses than the window can take), PRR's slow start
 * sends no more than was delivered (PRR-SSRB), not the whole way up to
 * ssthresh at once.
 */
static void tcpfsm_cc_prr__below_ssthresh_no_more_than_delivered(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_reno, 20);
	tcpfsm_cc_enter_recovery(&cc, 20);
	tcpfsm_cc_prr(&cc, 1, 2);
	KUNIT_EXPECT_EQ(test, 3U, cc.cwnd);
	tcpfsm_cc_sent(&cc, 1);
	tcpfsm_cc_prr(&cc, 1, 3);
	KUNIT_EXPECT_EQ(test, 4U, cc.cwnd);
	tcpfsm_cc_sent(&cc, 1);
	tcpfsm_cc_prr(&cc, 2, 4);
	KUNIT_EXPECT_EQ(test, 6U, cc.cwnd);
}

/*
 * A fast recovery whose duplicate ACKs came for the new segments PRR sent
 * too: the ACK of recover leaves none of them counted (Linux's
 * tcp_reset_reno_sack()): in Open again, the pipe is all in flight and
 * limited transmit starts from zero; and it grows cwnd only by what the
 * duplicate ACKs had not delivered already (Linux's acked_sacked), not
 * past ssthresh.
 */
static void tcpfsm_cc_ack__ending_recovery_forgets_the_dupacks(struct kunit *test)
{
	u32 i, sent = 0;
	struct snd s;

	snd_at(&s, &tcpfsm_reno, 20, 20);
	for (i = 1; i <= 30; i++) {	/* and for what PRR sent */
		snd_dupack(&s);
		if (i >= 3)
			sent += snd_push(&s);
		else
			snd_push(&s);
	}
	KUNIT_EXPECT_EQ(test, TCPFSM_CA_RECOVERY, s.cc.state);
	KUNIT_EXPECT_GT(test, sent, 0U);
	snd_ack(&s, s.cc.recover, 1000000);
	KUNIT_EXPECT_EQ(test, TCPFSM_CA_OPEN, s.cc.state);
	KUNIT_EXPECT_EQ(test, s.nxt - s.una,
			tcpfsm_cc_pipe(&s.cc, s.una, s.nxt, MSS));
	KUNIT_EXPECT_EQ(test, TCPFSM_CA_OPEN, tcpfsm_cc_ca_state(&s.cc));
	KUNIT_EXPECT_LE(test, s.cc.cwnd, s.cc.ssthresh);
}

/*
 * The ACK that ends a fast recovery leaves at most one segment beyond the
 * flight for it to send (RFC 6582 3.2 step 3, option 1), and does not
 * slow-start past that on the same ACK: with 20 in flight, five duplicate
 * ACKs and what PRR sent for them, the full ACK leaves one in flight (far
 * below ssthresh) and lets one new segment go, not three.
 */
static void tcpfsm_cc_ack__the_ack_ending_recovery_sends_one_beyond_the_flight(struct kunit *test)
{
	u32 i, sent;
	struct snd s;

	snd_at(&s, &tcpfsm_reno, 20, 20);
	for (i = 0; i < 5; i++) {
		snd_dupack(&s);
		snd_push(&s);
	}
	KUNIT_ASSERT_EQ(test, TCPFSM_CA_RECOVERY, s.cc.state);
	KUNIT_ASSERT_EQ(test, 10U, s.cc.ssthresh);
	KUNIT_ASSERT_EQ(test, 1U, (s.nxt - s.cc.recover) / MSS);
	snd_ack(&s, s.cc.recover, 1000000);
	KUNIT_EXPECT_EQ(test, TCPFSM_CA_OPEN, s.cc.state);
	sent = snd_push(&s);
	KUNIT_EXPECT_EQ(test, 1U, sent);
}

/*
 * A timeout cuts ssthresh once: not again until an ACK of new data, what
 * else came meanwhile (a window probe answered, a window that opened);
 * after progress, a new timeout cuts it anew, for Reno from the pipe
 * (what was sent again), not from all since SND.UNA, taken as lost.
 */
static void tcpfsm_cc_on_rto__held_until_new_data_is_acked(struct kunit *test)
{
	struct snd s;

	snd_at(&s, &tcpfsm_reno, 40, 40);
	tcpfsm_cc_on_rto(&s.cc, s.una, s.nxt, MSS, false);
	KUNIT_EXPECT_EQ(test, 20U, s.cc.ssthresh);
	tcpfsm_cc_on_rto(&s.cc, s.una, s.nxt, MSS, false);
	tcpfsm_cc_on_rto(&s.cc, s.una, s.nxt, MSS, false);
	KUNIT_EXPECT_EQ(test, 20U, s.cc.ssthresh);
	KUNIT_EXPECT_EQ(test, 1U, snd_loss(&s));
	KUNIT_EXPECT_EQ(test, 2U, snd_ack(&s, MSS, 1000000));
	KUNIT_EXPECT_EQ(test, 2U, s.cc.cwnd);
	/* Two segments sent again in the network: ssthresh of them. */
	tcpfsm_cc_on_rto(&s.cc, s.una, s.nxt, MSS, false);
	KUNIT_EXPECT_EQ(test, 2U, s.cc.ssthresh);
	KUNIT_EXPECT_EQ(test, 1U, s.cc.cwnd);
	KUNIT_EXPECT_EQ(test, s.una, s.cc.rtx_nxt);
}

/*
 * Linux's numbers: Disorder while duplicate ACKs are counted in Open,
 * Recovery and Loss as they are.
 */
static void tcpfsm_cc_ca_state__linux_numbers(struct kunit *test)
{
	struct snd s;

	snd_at(&s, &tcpfsm_reno, 10, 10);
	KUNIT_EXPECT_EQ(test, 0, tcpfsm_cc_ca_state(&s.cc));
	snd_dupack(&s);
	KUNIT_EXPECT_EQ(test, 1, tcpfsm_cc_ca_state(&s.cc));
	snd_dupack(&s);
	snd_dupack(&s);
	KUNIT_EXPECT_EQ(test, 3, tcpfsm_cc_ca_state(&s.cc));
	tcpfsm_cc_on_rto(&s.cc, s.una, s.nxt, MSS, false);
	KUNIT_EXPECT_EQ(test, 4, tcpfsm_cc_ca_state(&s.cc));
}

/*
 * An epoch that began after the last send (with the ACK of it) moves by
 * the idle time no further than now (Linux's bictcp_cwnd_event()): else
 * the curve would stand still for a while after the restart.  priv[0] is
 * CUBIC's epoch_us.
 */
static void tcpfsm_cubic_on_idle__the_epoch_never_passes_now(struct kunit *test)
{
	struct tcpfsm_cc cc;
	u64 now = 1000000;

	cc_at(&cc, &tcpfsm_cubic, 100);
	tcpfsm_cc_enter_recovery(&cc, 100);
	tcpfsm_cc_exit_recovery(&cc, 100);
	round_trip(&cc, 100000, &now);		/* the epoch starts */
	KUNIT_EXPECT_NE(test, 0ULL, cc.priv[0]);
	now += 10000000;
	/* Idle 10.5 s by the last send, 10.1 s since the epoch began. */
	tcpfsm_cc_after_idle(&cc, 1000, 1000 + msecs_to_jiffies(10500), now,
			     60000000, MSS);
	KUNIT_EXPECT_LE(test, cc.priv[0], now);
	KUNIT_EXPECT_GE(test, cc.priv[0], now - 1000000);
}

/*
 * recover trails SND.UNA once passed: 3 GiB later, past half the sequence
 * space, a loss is still taken as one (else recover, left behind, would
 * seem ahead of SND.UNA and hold the fast retransmit back).
 */
static void tcpfsm_cc_ack__recover_trails_snd_una_across_the_wrap(struct kunit *test)
{
	struct snd s;
	u32 i;

	snd_at(&s, &tcpfsm_reno, 10, 10);
	for (i = 0; i < 3; i++) {
		s.nxt = s.una + (1U << 30) + 10 * MSS;
		snd_ack(&s, s.una + (1U << 30), 1000000);
	}
	for (i = 1; i <= 3; i++)
		KUNIT_EXPECT_EQ(test, i == 3, snd_dupack(&s));
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
static void tcpfsm_cubic_cong_avoid__concave_to_w_max_at_k_then_convex(struct kunit *test)
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
static void tcpfsm_cubic_cong_avoid__reno_friendly_when_the_curve_is_slow(struct kunit *test)
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

static void tcpfsm_cc_on_rto__cubic_one_segment_ssthresh_by_beta(struct kunit *test)
{
	struct tcpfsm_cc cc;

	cc_at(&cc, &tcpfsm_cubic, 100);
	tcpfsm_cc_on_rto(&cc, 0, 100 * MSS, MSS, false);
	KUNIT_EXPECT_EQ(test, 1U, cc.cwnd);
	KUNIT_EXPECT_EQ(test, 70U, cc.ssthresh);
}

/* A pause does not count as time on the curve: no jump when sending resumes. */
static void tcpfsm_cubic_on_idle__idle_time_moves_the_epoch(struct kunit *test)
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
	tcpfsm_cc_after_idle(&cc, 1000, 1000 + msecs_to_jiffies(10000), now,
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
	KUNIT_CASE(tcpfsm_cc_on_ack__held_in_recovery),
	KUNIT_CASE(tcpfsm_cc_enter_recovery__reno_halves_the_flight),
	KUNIT_CASE(tcpfsm_cc_dupack__prr_keeps_the_pipe_full_during_recovery),
	KUNIT_CASE(tcpfsm_cc_exit_recovery__one_segment_beyond_the_flight_at_most),
	KUNIT_CASE(tcpfsm_cc_loss_next__go_back_n_as_cwnd_grows),
	KUNIT_CASE(tcpfsm_cc_on_rto__one_segment_and_ssthresh_held_on_a_repeat),
	KUNIT_CASE(tcpfsm_cc_after_idle__restart_window_after_an_rto_idle),
	KUNIT_CASE(tcpfsm_cbrt__cubes_and_between),
	KUNIT_CASE(tcpfsm_cubic_ssthresh__beta_and_fast_convergence),
	KUNIT_CASE(tcpfsm_cubic_cong_avoid__concave_to_w_max_at_k_then_convex),
	KUNIT_CASE(tcpfsm_cubic_cong_avoid__reno_friendly_when_the_curve_is_slow),
	KUNIT_CASE(tcpfsm_cc_on_rto__cubic_one_segment_ssthresh_by_beta),
	KUNIT_CASE(tcpfsm_cubic_on_idle__idle_time_moves_the_epoch),
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
	KUNIT_CASE(tcpfsm_cc_pipe__sack_counts_sacked_lost_and_retrans),
	KUNIT_CASE(tcpfsm_cc_pipe__sack_short_segments_by_their_bytes),
	KUNIT_CASE(tcpfsm_cc_sack_delivered__sacked_plus_newly_acked),
	KUNIT_CASE(tcpfsm_cc_fast_retransmit__sack_on_a_lost_segment),
	KUNIT_CASE(tcpfsm_cc_ack__sack_loss_starts_recovery_and_partial_acks_resend),
	KUNIT_CASE(tcpfsm_cc_on_rto__sack_counts_cleared),
	KUNIT_CASE(tcpfsm_cc_ack__grows_cwnd_only_when_cwnd_limited),
	KUNIT_CASE(tcpfsm_cc_ack__the_ack_ending_recovery_sends_one_beyond_the_flight),
	KUNIT_CASE(tcpfsm_cc_ack__a_partial_ack_sends_the_next_hole),
	KUNIT_CASE(tcpfsm_cc_loss_next__within_the_peer_window),
	KUNIT_CASE(tcpfsm_cc_dupack__none_from_the_go_back_n),
	KUNIT_CASE(tcpfsm_cc_delivered__dupacks_each_one_then_the_rest),
	KUNIT_CASE(tcpfsm_cc_may_send__one_segment_with_nothing_in_flight),
	KUNIT_CASE(tcpfsm_cc_pipe__in_recovery_less_the_dupacks),
	KUNIT_CASE(tcpfsm_cc_prr__the_first_ack_sends_one_at_least),
	KUNIT_CASE(tcpfsm_cc_prr__below_ssthresh_no_more_than_delivered),
	KUNIT_CASE(tcpfsm_cc_ack__ending_recovery_forgets_the_dupacks),
	KUNIT_CASE(tcpfsm_cc_on_rto__held_until_new_data_is_acked),
	KUNIT_CASE(tcpfsm_cc_ca_state__linux_numbers),
	KUNIT_CASE(tcpfsm_cubic_on_idle__the_epoch_never_passes_now),
	KUNIT_CASE(tcpfsm_cc_ack__recover_trails_snd_una_across_the_wrap),
	KUNIT_CASE(tcpfsm_cc_room__cwnd_less_pipe_one_segment_when_idle),
	{}
};

static struct kunit_suite tcpfsm_cong_suite = {
	.name = "tcpfsm_cong",
	.test_cases = tcpfsm_cong_cases,
};

kunit_test_suite(tcpfsm_cong_suite);
