// SPDX-License-Identifier: GPL-2.0
/* cong.c: congestion control: slow start, loss and idle responses, NewReno and CUBIC (pure). */
#include <linux/build_bug.h>
#include <linux/export.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "cong.h"

/*
 * Every function here reads and writes a struct tcpfsm_cc and nothing else,
 * as the segment rules do: the interpreter calls them with the counts it
 * has (segments acknowledged, segments in flight, the smoothed RTT, the
 * time), and KUnit calls them the same way.
 */

/* The first is the default. */
static const struct tcpfsm_cong_ops *const tcpfsm_cong_all[] = {
	&tcpfsm_cubic,
	&tcpfsm_reno,
};

/**
 * tcpfsm_cong_find() - an algorithm by its name.
 * @name: "cubic" or "reno", Linux's names; NULL for the default
 *
 * Return: the algorithm, or NULL if there is none of that name.
 */
const struct tcpfsm_cong_ops *tcpfsm_cong_find(const char *name)
{
	unsigned int i;

	if (!name)
		return tcpfsm_cong_all[0];
	for (i = 0; i < ARRAY_SIZE(tcpfsm_cong_all); i++)
		if (!strncmp(name, tcpfsm_cong_all[i]->name, TCPFSM_CC_NAME_MAX))
			return tcpfsm_cong_all[i];
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cong_find);

/**
 * tcpfsm_cc_init() - the congestion state of a new socket.
 * @cc: the state
 * @ops: its algorithm
 *
 * ssthresh starts arbitrarily high (RFC 5681 3.1), so that slow start
 * runs until the first loss; cwnd is the initial window of the typical
 * MSS until the connection is established (tcpfsm_cc_established()).
 */
void tcpfsm_cc_init(struct tcpfsm_cc *cc, const struct tcpfsm_cong_ops *ops)
{
	memset(cc, 0, sizeof(*cc));
	cc->cwnd = TCPFSM_CC_INIT_CWND;
	cc->ssthresh = U32_MAX;
	cc->ops = ops;
	if (ops->init)
		ops->init(cc);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_init);

/**
 * tcpfsm_cc_set_ops() - another algorithm for a connection (TCP_CONGESTION).
 * @cc: the state
 * @ops: the algorithm
 *
 * As Linux's tcp_reinit_congestion_control(): cwnd, ssthresh and the
 * recovery state stay; the new algorithm starts its own state afresh.
 */
void tcpfsm_cc_set_ops(struct tcpfsm_cc *cc, const struct tcpfsm_cong_ops *ops)
{
	if (cc->ops == ops)
		return;
	cc->ops = ops;
	cc->cwnd_cnt = 0;
	memset(cc->priv, 0, sizeof(cc->priv));
	if (ops->init)
		ops->init(cc);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_set_ops);

/**
 * tcpfsm_cc_iw() - the initial window for an MSS.
 * @mss: the MSS we send
 *
 * RFC 6928 2: min(10 * MSS, max(2 * MSS, 14600)) bytes, whole segments:
 * ten of 1460, two of 9000.
 *
 * Return: the initial window, segments.
 */
u32 tcpfsm_cc_iw(u32 mss)
{
	return clamp_t(u32, 14600 / max(mss, 1U), 2, TCPFSM_CC_INIT_CWND);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_iw);

/**
 * tcpfsm_cc_established() - the handshake is done: the transfer starts.
 * @cc: the state
 * @mss: the MSS we send
 *
 * As Linux's tcp_init_transfer(): cwnd is the initial window of the MSS,
 * or one segment if a SYN or SYN-ACK was lost (RFC 6928 2, RFC 5681 3.1;
 * Linux waits for a second loss, for the 1 s initial RTO).  ssthresh is
 * what it was: a lost SYN says nothing of the path's capacity.
 */
void tcpfsm_cc_established(struct tcpfsm_cc *cc, u32 mss)
{
	cc->state = TCPFSM_CA_OPEN;
	cc->cwnd = cc->syn_lost ? 1 : tcpfsm_cc_iw(mss);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_established);

/* RFC 3465's L, in segments: 1 in the slow start after a timeout, else 2. */
static u32 tcpfsm_cc_abc_l(const struct tcpfsm_cc *cc)
{
	return cc->rto_ss ? 1 : TCPFSM_CC_ABC_L;
}

/**
 * tcpfsm_cc_slow_start() - grow cwnd in slow start.
 * @cc: the state, cwnd below ssthresh
 * @acked: segments newly acknowledged
 *
 * cwnd grows by what was acknowledged, at most TCPFSM_CC_ABC_L segments
 * for one ACK (RFC 3465 2.2, L = 2), one in the slow start that follows a
 * timeout (RFC 3465 2.3), and not past ssthresh.
 *
 * Return: what of @acked is left for congestion avoidance once cwnd has
 * reached ssthresh, else 0.
 */
u32 tcpfsm_cc_slow_start(struct tcpfsm_cc *cc, u32 acked)
{
	u32 room = cc->ssthresh > cc->cwnd ? cc->ssthresh - cc->cwnd : 0;
	u32 grow = min3(acked, tcpfsm_cc_abc_l(cc), room);

	cc->cwnd += grow;
	if (cc->cwnd < cc->ssthresh)
		return 0;
	cc->rto_ss = false;
	return acked - grow;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_slow_start);

/**
 * tcpfsm_cc_ai() - additive increase: one segment for every @w acknowledged.
 * @cc: the state
 * @w: segments to acknowledge for cwnd to grow by one (at least 1)
 * @acked: segments newly acknowledged
 *
 * As Linux's tcp_cong_avoid_ai(): with @w = cwnd, one segment a round
 * trip (RFC 5681 3.1, counted in segments as RFC 3465 does in bytes).
 */
void tcpfsm_cc_ai(struct tcpfsm_cc *cc, u32 w, u32 acked)
{
	w = max(w, 1U);
	/* A window that shrank meanwhile: the count is of a larger one. */
	if (cc->cwnd_cnt >= w) {
		cc->cwnd_cnt = 0;
		cc->cwnd++;
	}
	cc->cwnd_cnt += acked;
	if (cc->cwnd_cnt >= w) {
		u32 delta = cc->cwnd_cnt / w;

		cc->cwnd_cnt -= delta * w;
		cc->cwnd += delta;
	}
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_ai);

/**
 * tcpfsm_cc_on_ack() - an ACK of new data.
 * @cc: the state
 * @bytes: bytes it acknowledged; the caller passes 0 when the window was
 *	not full when they were sent (an application-limited sender does
 *	not grow cwnd: RFC 7661, tcpfsm_cc_cwnd_limited())
 * @mss: the MSS we send
 * @srtt_us: the smoothed RTT
 * @now_us: the time
 *
 * In fast recovery cwnd is PRR's (tcpfsm_cc_prr()); otherwise it grows by
 * the bytes acknowledged (RFC 3465, appropriate byte counting): in slow
 * start by min(@bytes, L * MSS), and a part of a segment is carried to the
 * next ACK in @cc->acked_bytes, never rounded up to a whole one.
 */
void tcpfsm_cc_on_ack(struct tcpfsm_cc *cc, u32 bytes, u32 mss, u32 srtt_us,
		      u64 now_us)
{
	u32 acked;

	if (!bytes || !mss || cc->state == TCPFSM_CA_RECOVERY)
		return;
	if (cc->cwnd >= cc->ssthresh)
		cc->rto_ss = false;	/* that slow start is over */
	else
		bytes = min_t(u64, bytes, (u64)tcpfsm_cc_abc_l(cc) * mss);
	cc->acked_bytes = min_t(u64, (u64)cc->acked_bytes + bytes, U32_MAX);
	acked = cc->acked_bytes / mss;
	cc->acked_bytes -= acked * mss;
	if (!acked)
		return;
	if (cc->cwnd < cc->ssthresh) {
		acked = tcpfsm_cc_slow_start(cc, acked);
		if (!acked)
			return;
	}
	cc->ops->cong_avoid(cc, acked, srtt_us, now_us);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_on_ack);

/* Sequence numbers compared modulo 2^32 (RFC 9293 3.4). */
static bool tcpfsm_cc_after(u32 a, u32 b)
{
	return (s32)(a - b) > 0;
}

/* Segments of @bytes, a part of one counted whole (FlightSize). */
static u32 tcpfsm_cc_segs(u32 bytes, u32 mss)
{
	return DIV_ROUND_UP(bytes, max(mss, 1U));
}

/* cwnd in bytes, for the send window's arithmetic. */
static u32 tcpfsm_cc_bytes(const struct tcpfsm_cc *cc, u32 mss)
{
	return min_t(u64, (u64)cc->cwnd * mss, U32_MAX >> 1);
}

/**
 * tcpfsm_cc_cwnd_limited() - whether the window in flight was full enough
 *	for its ACKs to grow cwnd.
 * @cc: the state
 * @pipe: bytes in flight (tcpfsm_cc_pipe()) when the ACK came
 * @mss: the MSS we send
 *
 * Within a segment of cwnd, or, in slow start, half of it (as Linux's
 * tcp_is_cwnd_limited()); an application that sends less does not probe
 * the path (RFC 7661).
 *
 * Return: whether the ACK may grow cwnd.
 */
bool tcpfsm_cc_cwnd_limited(const struct tcpfsm_cc *cc, u32 pipe, u32 mss)
{
	u32 cwnd = tcpfsm_cc_bytes(cc, mss);

	if (cc->cwnd < cc->ssthresh)
		return 2 * (u64)pipe >= cwnd;
	return (u64)pipe + mss > cwnd;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_cwnd_limited);

/**
 * tcpfsm_cc_pipe() - the bytes in the network (RFC 6675's pipe).
 * @cc: the state
 * @una: SND.UNA
 * @nxt: SND.NXT
 * @mss: the MSS we send
 *
 * With SACK, outside a timeout's recovery, RFC 6675's pipe, in octets:
 * in flight less what is SACKed and what is taken as lost, plus the lost
 * segments sent again (Linux's tcp_packets_in_flight(), in segments).  Without it, in fast
 * recovery, the segments duplicate ACKs reported are out of the network
 * (Linux's tcp_packets_in_flight() without SACK).  After
 * a timeout, all that was in flight up to @cc->recover is taken as lost:
 * only what was sent again (up to @cc->rtx_nxt) and what was sent new
 * after @cc->recover is in the network.
 *
 * Return: bytes in flight, as cwnd counts them.
 */
u32 tcpfsm_cc_pipe(const struct tcpfsm_cc *cc, u32 una, u32 nxt, u32 mss)
{
	u32 flight = nxt - una;

	if (cc->sack && cc->state != TCPFSM_CA_LOSS) {
		u64 out = (u64)cc->sacked_bytes + cc->lost_bytes -
			  min(cc->retrans_bytes, cc->lost_bytes);

		return flight - min_t(u64, out, flight);
	}
	if (cc->state == TCPFSM_CA_RECOVERY)
		return flight - min_t(u64, (u64)cc->sacked * mss, flight);
	if (cc->state == TCPFSM_CA_LOSS) {
		u32 resent = tcpfsm_cc_after(cc->rtx_nxt, una) ?
			     cc->rtx_nxt - una : 0;
		u32 beyond = tcpfsm_cc_after(nxt, cc->recover) ?
			     nxt - cc->recover : 0;

		return min(resent + beyond, flight);
	}
	/*
	 * Limited transmit (RFC 3042, RFC 5681 3.2 step 1): the first two
	 * duplicate ACKs each let one new segment go, cwnd unchanged.
	 */
	return flight - min_t(u64, (u64)min(cc->sacked, 2U) * mss, flight);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_pipe);

/**
 * tcpfsm_cc_may_send() - whether a segment fits in cwnd.
 * @cc: the state
 * @pipe: bytes in flight (tcpfsm_cc_pipe())
 * @len: the segment's length
 * @mss: the MSS we send
 *
 * No more in flight than cwnd (RFC 5681, RFC 9293 3.8.2 MUST-19); with
 * nothing in flight one segment always goes.
 *
 * Return: whether it may go.
 */
bool tcpfsm_cc_may_send(const struct tcpfsm_cc *cc, u32 pipe, u32 len,
			u32 mss)
{
	return !pipe || (u64)pipe + len <= tcpfsm_cc_bytes(cc, mss);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_may_send);

/**
 * tcpfsm_cc_room() - how much more cwnd lets go now.
 * @cc: the state
 * @pipe: bytes in flight (tcpfsm_cc_pipe())
 * @mss: the MSS we send
 *
 * What tcpfsm_cc_may_send() allows, in bytes: cwnd less what is in
 * flight; with nothing in flight, one segment at least.
 *
 * Return: the bytes.
 */
u32 tcpfsm_cc_room(const struct tcpfsm_cc *cc, u32 pipe, u32 mss)
{
	u32 cwnd = tcpfsm_cc_bytes(cc, mss);

	if (!pipe)
		return max(cwnd, mss);
	return pipe < cwnd ? cwnd - pipe : 0;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_room);

/**
 * tcpfsm_cc_delivered() - what an ACK says left the network.
 * @cc: the state
 * @acked: segments it acknowledged newly (0 for a duplicate ACK)
 * @flight: segments in flight before it
 *
 * Without SACK, as Linux's tcp_add_reno_sack() and tcp_remove_reno_sacks():
 * a duplicate ACK stands for one segment after the hole, counted in
 * @cc->sacked (at most all in flight but the hole); an ACK of new data
 * delivered what it acknowledged less what duplicate ACKs counted
 * already, one segment at least (RFC 6937 3, DeliveredData).  With SACK,
 * tcpfsm_cc_sack_delivered() counts it instead.
 *
 * Return: segments delivered (PRR's DeliveredData).
 */
u32 tcpfsm_cc_delivered(struct tcpfsm_cc *cc, u32 acked, u32 flight)
{
	u32 prior = cc->sacked, delivered;

	if (!acked) {
		cc->sacked = min(cc->sacked + 1, flight ? flight - 1 : 0);
		return cc->sacked > prior ? cc->sacked - prior : 0;
	}
	if (cc->state != TCPFSM_CA_RECOVERY) {
		cc->sacked = 0;
		cc->lt_out = 0;
		return acked;
	}
	delivered = acked > prior ? acked - prior : 1;
	cc->sacked = acked - 1 >= prior ? 0 : prior - (acked - 1);
	return delivered;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_delivered);

/**
 * tcpfsm_cc_sack_delivered() - with SACK, what an ACK says left the network.
 * @cc: the state; @cc->sack_new and @cc->sack_acked are consumed
 * @acked_bytes: bytes it acknowledged newly (0 for a duplicate ACK)
 * @mss: the MSS we send
 *
 * RFC 6937's DeliveredData exactly: the bytes the ACK SACKed, and those
 * it acknowledged that were not SACKed before; in segments, rounded up.
 *
 * Return: segments delivered.
 */
u32 tcpfsm_cc_sack_delivered(struct tcpfsm_cc *cc, u32 acked_bytes, u32 mss)
{
	u32 bytes = acked_bytes - min(cc->sack_acked, acked_bytes) +
		    cc->sack_new;

	cc->sack_new = 0;
	cc->sack_acked = 0;
	if (acked_bytes && cc->state == TCPFSM_CA_OPEN)
		cc->lt_out = 0;
	return tcpfsm_cc_segs(bytes, mss);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_sack_delivered);

/**
 * tcpfsm_cc_prr() - cwnd for one ACK of a fast recovery.
 * @cc: the state
 * @delivered: segments the ACK says left the network
 *	(tcpfsm_cc_delivered())
 * @pipe: segments in flight after it, a hole to be sent again not counted
 *
 * Proportional rate reduction (RFC 6937), as Linux's tcp_cwnd_reduction():
 * while the pipe is above ssthresh, ssthresh/RecoverFS of what is
 * delivered is sent, so the window comes down to ssthresh over the round
 * trip instead of at once; below it, slow start back up to it, bounded by
 * what was delivered (PRR-SSRB; no extra segment, as a partial ACK of a
 * connection without SACK always marks a new loss).  The first ACK sends
 * the retransmission at least, even one that delivered nothing (with
 * SACK, a duplicate ACK that SACKs nothing new can be the one that
 * starts the recovery: as Linux forces the fast retransmit).  cwnd is the
 * pipe plus what may go.
 */
void tcpfsm_cc_prr(struct tcpfsm_cc *cc, u32 delivered, u32 pipe)
{
	u32 sndcnt;

	if (cc->state != TCPFSM_CA_RECOVERY || (!delivered && cc->prr_out))
		return;
	cc->prr_delivered += delivered;
	if (pipe > cc->ssthresh) {
		u64 due = div_u64((u64)cc->ssthresh * cc->prr_delivered +
				  cc->prior_cwnd - 1, max(cc->prior_cwnd, 1U));

		sndcnt = due > cc->prr_out ? due - cc->prr_out : 0;
	} else {
		u32 owed = cc->prr_delivered > cc->prr_out ?
			   cc->prr_delivered - cc->prr_out : 0;

		sndcnt = min(cc->ssthresh - pipe, max(owed, delivered));
	}
	if (!cc->prr_out)
		sndcnt = max(sndcnt, 1U);
	cc->cwnd = pipe + sndcnt;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_prr);

/**
 * tcpfsm_cc_sent() - segments sent, new or again.
 * @cc: the state
 * @segs: how many
 */
void tcpfsm_cc_sent(struct tcpfsm_cc *cc, u32 segs)
{
	if (cc->state == TCPFSM_CA_RECOVERY)
		cc->prr_out += segs;
	else if (cc->state == TCPFSM_CA_OPEN && cc->sacked)
		cc->lt_out += segs;	/* limited transmit */
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_sent);

/**
 * tcpfsm_cc_fast_retransmit() - whether a duplicate ACK starts fast recovery.
 * @cc: the state, @cc->dupacks counting this one, @cc->recover SND.NXT
 *	when the last loss recovery began (the ISS at first)
 * @una: SND.UNA
 *
 * The third, outside a loss recovery, and only once SND.UNA has passed
 * recover (RFC 6582 3.2 step 1): duplicate ACKs at recover answer
 * retransmissions of data the peer had already (go-back-N after a
 * timeout), not a new loss (Linux's tcp_is_non_sack_preventing_reopen()).
 * With SACK, the third or later, or a segment taken as lost (RFC 6675 5:
 * IsLost(HighACK + 1), the lowest being lost whenever any is); a loss
 * the blocks show starts a recovery even at recover itself (the ACK that
 * ended the last one), as Linux's: SACK tells new losses from the
 * duplicates a go-back-N draws, which the hold is for.
 *
 * Return: whether to retransmit and enter fast recovery.
 */
bool tcpfsm_cc_fast_retransmit(const struct tcpfsm_cc *cc, u32 una)
{
	if (cc->state != TCPFSM_CA_OPEN)
		return false;
	if (cc->sack && cc->lost)
		return true;
	if (!tcpfsm_cc_after(una, cc->recover))
		return false;
	return cc->sack ? cc->dupacks >= 3 : cc->dupacks == 3;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_fast_retransmit);

/**
 * tcpfsm_cc_enter_recovery() - the third duplicate ACK: a loss.
 * @cc: the state
 * @flight: segments in flight (FlightSize)
 *
 * ssthresh from the algorithm (RFC 5681 3.2 step 2 for NewReno); cwnd
 * comes down to it by PRR, ACK by ACK (tcpfsm_cc_prr(), Linux's
 * tcp_init_cwnd_reduction()).
 */
void tcpfsm_cc_enter_recovery(struct tcpfsm_cc *cc, u32 flight)
{
	cc->state = TCPFSM_CA_RECOVERY;
	cc->rto_ss = false;
	cc->prior_cwnd = cc->cwnd;
	cc->prr_delivered = 0;
	cc->prr_out = 0;
	/* RFC 5681 3.2 step 2: limited transmit not counted in FlightSize */
	cc->ssthresh = cc->ops->ssthresh(cc, flight - min(cc->lt_out, flight));
	cc->lt_out = 0;
	cc->cwnd_cnt = 0;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_enter_recovery);

/**
 * tcpfsm_cc_exit_recovery() - an ACK of all that was in flight when the
 *	loss recovery began ends it (RFC 6582 3.2 step 3).
 * @cc: the state
 * @flight: segments in flight after that ACK
 *
 * A fast recovery leaves cwnd at ssthresh, but no more than one segment
 * beyond what is in flight (RFC 6582 3.2 step 3, option 1), so that the
 * ACK sends no burst; slow start takes it the rest of the way.  After a
 * timeout cwnd stays what slow start made it: each segment it grew by was
 * sent.
 */
void tcpfsm_cc_exit_recovery(struct tcpfsm_cc *cc, u32 flight)
{
	if (cc->state == TCPFSM_CA_RECOVERY)
		cc->cwnd = min(cc->ssthresh, max(flight, 1U) + 1);
	cc->state = TCPFSM_CA_OPEN;
	if (!cc->sack)
		cc->sacked = 0;	/* SACKed segments after recover stay so */
	cc->cwnd_cnt = 0;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_exit_recovery);

/**
 * tcpfsm_cc_on_rto() - a retransmission timeout.
 * @cc: the state
 * @una: SND.UNA
 * @nxt: SND.NXT
 * @mss: the MSS we send
 * @handshake: it is our SYN or SYN-ACK
 *
 * cwnd drops to the loss window, one segment (RFC 5681 3.1, eq. 4), and
 * all in flight is taken as lost, to be sent again from SND.UNA
 * (tcpfsm_cc_loss_next()); the duplicate ACKs counted are forgotten (as
 * Linux's tcp_timeout_mark_lost()).  ssthresh is cut once a window, as
 * Linux's tcp_enter_loss() has it: not again in a fast recovery, which
 * cut it already, nor by a timeout with no ACK of new data since the last
 * one ("ssthresh is held constant"; @cc->stalled, which a window probe
 * answered or a window that opens leaves alone); a timeout after the ACKs
 * of a loss recovery made progress cuts it anew, from the pipe, not from
 * SND.NXT - SND.UNA, most of which was taken as lost already (Linux cuts
 * from cwnd).  A SYN or SYN-ACK lost only makes the initial window one
 * segment (tcpfsm_cc_established()).
 */
void tcpfsm_cc_on_rto(struct tcpfsm_cc *cc, u32 una, u32 nxt, u32 mss,
		      bool handshake)
{
	u32 flight = nxt - una;

	if (handshake) {
		cc->syn_lost = true;
		return;
	}
	if (cc->state == TCPFSM_CA_LOSS)
		flight = tcpfsm_cc_pipe(cc, una, nxt, mss);
	if (cc->state == TCPFSM_CA_OPEN ||
	    (cc->state == TCPFSM_CA_LOSS && !cc->stalled))
		cc->ssthresh = cc->ops->ssthresh(cc, tcpfsm_cc_segs(flight, mss));
	cc->state = TCPFSM_CA_LOSS;
	cc->stalled = true;
	cc->rto_ss = true;
	cc->cwnd = 1;
	cc->cwnd_cnt = 0;
	cc->dupacks = 0;
	cc->sacked = 0;
	cc->lost = 0;
	cc->retrans = 0;
	cc->sacked_bytes = 0;
	cc->lost_bytes = 0;
	cc->retrans_bytes = 0;
	cc->sack_new = 0;
	cc->sack_acked = 0;
	cc->lt_out = 0;
	cc->recover = nxt;
	cc->rtx_nxt = una;
	if (cc->ops->on_rto)
		cc->ops->on_rto(cc);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_on_rto);

/**
 * tcpfsm_cc_loss_next() - after a timeout, whether a segment goes again.
 * @cc: the state, in TCPFSM_CA_LOSS
 * @seq: the segment's first sequence number
 * @end_seq: its end
 * @len: its text, bytes
 * @una: SND.UNA
 * @nxt: SND.NXT
 * @wnd: SND.WND
 * @mss: the MSS we send
 *
 * The segments sent up to @cc->recover are offered in order from SND.UNA:
 * go-back-N, as cwnd lets it, so that each ACK that grows cwnd clocks out
 * as many as it grew by.  One beyond the peer's window waits, unless it is
 * the one at SND.UNA, which probes a shut window (as Linux's
 * tcp_retransmit_skb()).  A segment that goes moves @cc->rtx_nxt past it.
 *
 * Return: TCPFSM_CC_RTX_SEND, TCPFSM_CC_RTX_SKIP (sent again already), or
 * TCPFSM_CC_RTX_STOP (none after it goes either).
 */
enum tcpfsm_cc_rtx tcpfsm_cc_loss_next(struct tcpfsm_cc *cc, u32 seq,
				       u32 end_seq, u32 len, u32 una, u32 nxt,
				       u32 wnd, u32 mss)
{
	if (cc->state != TCPFSM_CA_LOSS || !tcpfsm_cc_after(cc->recover, seq))
		return TCPFSM_CC_RTX_STOP;
	if (!tcpfsm_cc_after(end_seq, cc->rtx_nxt))
		return TCPFSM_CC_RTX_SKIP;
	if (seq != una && !tcpfsm_cc_after(una + wnd, seq))
		return TCPFSM_CC_RTX_STOP;
	if (!tcpfsm_cc_may_send(cc, tcpfsm_cc_pipe(cc, una, nxt, mss), len,
				mss))
		return TCPFSM_CC_RTX_STOP;
	cc->rtx_nxt = end_seq;
	return TCPFSM_CC_RTX_SEND;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_loss_next);

/**
 * tcpfsm_cc_dupack() - a duplicate ACK.
 * @cc: the state
 * @una: SND.UNA, which the ACK acknowledges
 * @nxt: SND.NXT
 * @mss: the MSS we send
 *
 * The caller judged it one (RFC 5681 2): data in flight, no text, no SYN
 * or FIN, the window unchanged.  It says a segment after a hole left the
 * network (tcpfsm_cc_delivered()): outside a loss recovery, the first two
 * let new segments go (limited transmit, tcpfsm_cc_pipe()); the third
 * starts fast recovery (tcpfsm_cc_fast_retransmit()), its cwnd by PRR;
 * in fast recovery each lets PRR send.  After a timeout they change
 * nothing: what is in flight was taken as lost.
 *
 * Return: whether the segment at SND.UNA goes again now (the fast
 * retransmit).
 */
bool tcpfsm_cc_dupack(struct tcpfsm_cc *cc, u32 una, u32 nxt, u32 mss)
{
	u32 flight = tcpfsm_cc_segs(nxt - una, mss), delivered, pipe;

	if (cc->dupacks < U32_MAX)
		cc->dupacks++;
	if (cc->state == TCPFSM_CA_LOSS)
		return false;
	delivered = cc->sack ? tcpfsm_cc_sack_delivered(cc, 0, mss) :
			       tcpfsm_cc_delivered(cc, 0, flight);
	if (cc->state == TCPFSM_CA_RECOVERY) {
		tcpfsm_cc_prr(cc, delivered,
			      tcpfsm_cc_segs(tcpfsm_cc_pipe(cc, una, nxt, mss),
					     mss));
		return false;
	}
	if (!tcpfsm_cc_fast_retransmit(cc, una))
		return false;
	tcpfsm_cc_enter_recovery(cc, flight);
	cc->recover = nxt;
	pipe = tcpfsm_cc_segs(tcpfsm_cc_pipe(cc, una, nxt, mss), mss);
	/*
	 * The head is lost: out of the pipe until it is sent again (with
	 * SACK, the pipe left it out already if it was marked lost).
	 */
	if (pipe && !(cc->sack && cc->lost))
		pipe--;
	tcpfsm_cc_prr(cc, delivered, pipe);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_dupack);

/**
 * tcpfsm_cc_ack() - an ACK of new data: cwnd, and what goes again.
 * @cc: the state
 * @una: SND.UNA before it
 * @ack: its acknowledgment number, after @una, not after @nxt
 * @nxt: SND.NXT
 * @head_sent: the segment at @ack was sent (so, in fast recovery, it is
 *	the next hole)
 * @mss: the MSS we send
 * @srtt_us: the smoothed RTT
 * @now_us: the time
 *
 * cwnd grows by what the ACK acknowledged only if the window was full
 * when it came (tcpfsm_cc_cwnd_limited(), RFC 7661).  An ACK of all that
 * was in flight when the loss recovery began ends it (RFC 6582 3.2 step
 * 3, tcpfsm_cc_exit_recovery()); the one ending a fast recovery grows
 * cwnd no further (the exit's cwnd is its answer).  Outside a
 * recovery, recover trails SND.UNA, so that it is always just passed.  A
 * partial ACK of a fast recovery sends the next hole (RFC 6582 3.2 step
 * 4), cwnd by PRR; after a timeout, go-back-N goes on.  With SACK, an ACK
 * after which a segment is taken as lost starts a fast recovery too (RFC
 * 6675 5), and in one the segments taken as lost go again, a partial
 * ACK's head among them.
 *
 * Return: TCPFSM_CC_RESEND_HEAD: the segment at @ack goes again;
 * TCPFSM_CC_RESEND_LOSS: those tcpfsm_cc_loss_next() lets go;
 * TCPFSM_CC_RESEND_SACK: the segments taken as lost go again (the one at
 * @ack taken as lost first if it was sent); TCPFSM_CC_RESEND_NONE.
 */
enum tcpfsm_cc_resend tcpfsm_cc_ack(struct tcpfsm_cc *cc, u32 una, u32 ack,
				    u32 nxt, bool head_sent, u32 mss,
				    u32 srtt_us, u64 now_us)
{
	u32 acked = ack - una, delivered, pipe;
	bool ended = false;
	bool full = tcpfsm_cc_cwnd_limited(cc, tcpfsm_cc_pipe(cc, una, nxt, mss),
					   mss);

	cc->dupacks = 0;
	cc->stalled = false;
	delivered = cc->sack ? tcpfsm_cc_sack_delivered(cc, acked, mss) :
			       tcpfsm_cc_delivered(cc, tcpfsm_cc_segs(acked, mss),
						   tcpfsm_cc_segs(nxt - una, mss));
	if (cc->state != TCPFSM_CA_OPEN && !tcpfsm_cc_after(cc->recover, ack)) {
		ended = cc->state == TCPFSM_CA_RECOVERY;
		tcpfsm_cc_exit_recovery(cc, tcpfsm_cc_segs(nxt - ack, mss));
	}
	if (cc->state == TCPFSM_CA_OPEN && tcpfsm_cc_after(ack, cc->recover))
		cc->recover = ack - 1;
	/*
	 * The cwnd a fast recovery ends with is its ACK's whole answer:
	 * slow start on the same ACK would send the burst after all.
	 */
	if (ended)
		return TCPFSM_CC_RESEND_NONE;
	if (cc->sack && tcpfsm_cc_fast_retransmit(cc, ack)) {
		tcpfsm_cc_enter_recovery(cc, tcpfsm_cc_segs(nxt - ack, mss));
		cc->recover = nxt;
		pipe = tcpfsm_cc_segs(tcpfsm_cc_pipe(cc, ack, nxt, mss), mss);
		tcpfsm_cc_prr(cc, delivered, pipe);
		return TCPFSM_CC_RESEND_SACK;
	}
	if (cc->state == TCPFSM_CA_RECOVERY) {
		bool hole = head_sent && ack != nxt;

		pipe = tcpfsm_cc_segs(tcpfsm_cc_pipe(cc, ack, nxt, mss), mss);
		if (cc->sack) {
			/* A head not yet taken as lost leaves the pipe now. */
			tcpfsm_cc_prr(cc, delivered,
				      pipe - (hole && pipe && !cc->lost));
			return hole ? TCPFSM_CC_RESEND_SACK :
				      TCPFSM_CC_RESEND_NONE;
		}
		tcpfsm_cc_prr(cc, delivered, pipe - (hole && pipe));
		return hole ? TCPFSM_CC_RESEND_HEAD : TCPFSM_CC_RESEND_NONE;
	}
	tcpfsm_cc_on_ack(cc, full ? acked : 0, mss, srtt_us, now_us);
	if (cc->state == TCPFSM_CA_LOSS && ack != nxt)
		return TCPFSM_CC_RESEND_LOSS;
	return TCPFSM_CC_RESEND_NONE;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_ack);

/**
 * tcpfsm_cc_ca_state() - the state as TCP_INFO reports it.
 * @cc: the state
 *
 * Linux's numbers (enum tcp_ca_state): TCPFSM_CA_DISORDER in
 * TCPFSM_CA_OPEN while duplicate ACKs are counted, as Linux's
 * tcp_try_to_open() has it for a connection without SACK.
 *
 * Return: an enum tcpfsm_ca_state.
 */
u8 tcpfsm_cc_ca_state(const struct tcpfsm_cc *cc)
{
	if (cc->state == TCPFSM_CA_OPEN && (cc->dupacks || cc->sacked))
		return TCPFSM_CA_DISORDER;
	return cc->state;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_ca_state);

/**
 * tcpfsm_cc_after_idle() - sending again with nothing in flight.
 * @cc: the state
 * @last_send: jiffies when data was last sent
 * @now: jiffies now
 * @now_us: the time, as the ACKs give it to tcpfsm_cc_on_ack()
 * @rto_us: the retransmission timeout
 * @mss: the MSS we send
 *
 * After more than an RTO idle, cwnd is no more than the restart window,
 * min(IW, cwnd) (RFC 5681 4.1): what it measured of the path is stale.
 * ssthresh keeps three quarters of the cwnd it had, so that slow start
 * takes it most of the way back (Linux's tcp_cwnd_restart()).
 * The idle time is measured in 64 bits (jiffies_to_usecs() is an unsigned
 * int, which wraps after 71 minutes at HZ=1000: the restart was skipped).
 */
void tcpfsm_cc_after_idle(struct tcpfsm_cc *cc, unsigned long last_send,
			  unsigned long now, u64 now_us, u32 rto_us, u32 mss)
{
	u64 idle_us = div_u64(jiffies64_to_nsecs(now - last_send),
			      NSEC_PER_USEC);

	if (cc->ops->on_idle)
		cc->ops->on_idle(cc, idle_us, now_us);
	if (!time_after(now, last_send + usecs_to_jiffies(rto_us)))
		return;
	cc->ssthresh = max(cc->ssthresh, (cc->cwnd >> 1) + (cc->cwnd >> 2));
	cc->cwnd = min(cc->cwnd, tcpfsm_cc_iw(mss));
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cc_after_idle);

/* ---- NewReno (RFC 5681, RFC 6582) ---- */

static void tcpfsm_reno_cong_avoid(struct tcpfsm_cc *cc, u32 acked,
				   u32 srtt_us, u64 now_us)
{
	tcpfsm_cc_ai(cc, cc->cwnd, acked);
}

/* RFC 5681 3.1 eq. 4: ssthresh = max(FlightSize / 2, 2 * SMSS). */
static u32 tcpfsm_reno_ssthresh(struct tcpfsm_cc *cc, u32 flight)
{
	return max(flight / 2, 2U);
}

const struct tcpfsm_cong_ops tcpfsm_reno = {
	.name		= "reno",
	.cong_avoid	= tcpfsm_reno_cong_avoid,
	.ssthresh	= tcpfsm_reno_ssthresh,
};
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_reno);

/* ---- CUBIC (RFC 9438) ---- */

/*
 * C = 0.4 segments/s^3, beta_cubic = 0.7 (717/1024), alpha_cubic =
 * 3 * (1 - beta) / (1 + beta) in units of 2^-20 segment, the Reno-friendly
 * estimate's unit.  Time is in ms: C * t^3 = t_ms^3 * 4 / 10^10 segments.
 */
#define CUBIC_BETA		717U
#define CUBIC_BETA_SCALE	1024U
#define CUBIC_EST_SHIFT		20
#define CUBIC_ALPHA		555128ULL
#define CUBIC_K_FACTOR		2500000000ULL	/* 10^9 / C: ms^3 a segment */
#define CUBIC_T_MAX_MS		1000000LL	/* |t - K| counted up to 1000 s */

/**
 * struct tcpfsm_cubic - CUBIC's own state, in struct tcpfsm_cc's priv.
 * @epoch_us: start of the current congestion avoidance epoch, 0 if none
 * @est: W_est, the Reno-friendly window, in 2^-20 segments
 * @w_max: W_max, cwnd just before the last reduction
 * @k_ms: K, the time W_cubic takes to come back to W_max
 * @origin: the window the curve is centred on (W_max, or cwnd if above it)
 * @cnt: segments to acknowledge for cwnd to grow by one
 * @prior: cwnd_prior, cwnd when ssthresh was last set (0: never)
 */
struct tcpfsm_cubic {
	u64 epoch_us;
	u64 est;
	u32 w_max;
	u32 k_ms;
	u32 origin;
	u32 cnt;
	u32 prior;
};

static struct tcpfsm_cubic *tcpfsm_cubic_of(struct tcpfsm_cc *cc)
{
	BUILD_BUG_ON(sizeof(struct tcpfsm_cubic) > sizeof(cc->priv));
	return (struct tcpfsm_cubic *)cc->priv;
}

/**
 * tcpfsm_cbrt() - the integer cube root, rounded down.
 * @x: any u64
 *
 * Return: the largest r with r^3 <= @x.
 */
u32 tcpfsm_cbrt(u64 x)
{
	u32 lo = 0, hi = 2642245;	/* 2642245^3 < 2^64 <= 2642246^3 */

	while (lo < hi) {
		u32 mid = lo + (hi - lo + 1) / 2;

		if ((u64)mid * mid * mid <= x)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cbrt);

/* W_cubic(t) = C * (t - K)^3 + origin (RFC 9438 4.2), in segments. */
static u32 tcpfsm_cubic_window(const struct tcpfsm_cubic *ca, u64 t_ms)
{
	s64 d = clamp_t(s64, (s64)t_ms - ca->k_ms, -CUBIC_T_MAX_MS,
			CUBIC_T_MAX_MS);
	u64 m = abs(d);
	u64 delta = div64_u64(m * m * m * 4, 10000000000ULL);

	if (d >= 0)
		return min_t(u64, (u64)ca->origin + delta, U32_MAX);
	return delta < ca->origin ? ca->origin - delta : 0;
}

static void tcpfsm_cubic_cong_avoid(struct tcpfsm_cc *cc, u32 acked,
				    u32 srtt_us, u64 now_us)
{
	struct tcpfsm_cubic *ca = tcpfsm_cubic_of(cc);
	u32 target, cnt, est;
	u64 t_ms, alpha;

	if (!ca->epoch_us) {
		/* A new epoch (RFC 9438 4.2): K from how far below W_max. */
		ca->epoch_us = now_us ?: 1;
		if (cc->cwnd < ca->w_max) {
			ca->k_ms = tcpfsm_cbrt((u64)(ca->w_max - cc->cwnd) *
					       CUBIC_K_FACTOR);
			ca->origin = ca->w_max;
		} else {
			ca->k_ms = 0;
			ca->origin = cc->cwnd;
		}
		ca->est = (u64)cc->cwnd << CUBIC_EST_SHIFT;
	}
	/* The window one RTT from now is the target (RFC 9438 4.2). */
	t_ms = div_u64(now_us - min(now_us, ca->epoch_us) + srtt_us, 1000);
	target = tcpfsm_cubic_window(ca, t_ms);
	/* At most half again as much in a round trip (RFC 9438 4.2). */
	target = min(target, cc->cwnd + cc->cwnd / 2);
	if (target > cc->cwnd)
		cnt = cc->cwnd / (target - cc->cwnd);
	else
		cnt = 100 * cc->cwnd;	/* near W_max: barely grow */

	/*
	 * The Reno-friendly region (RFC 9438 4.3): never slower than Reno.
	 * W_est grows by alpha_cubic a round trip, and by one (Reno's own
	 * rate) once it is back at cwnd_prior, as the RFC says it SHOULD.
	 */
	est = min_t(u64, ca->est >> CUBIC_EST_SHIFT, U32_MAX);
	alpha = est >= ca->prior ? 1ULL << CUBIC_EST_SHIFT : CUBIC_ALPHA;
	ca->est += div_u64((u64)acked * alpha, max(cc->cwnd, 1U));
	est = min_t(u64, ca->est >> CUBIC_EST_SHIFT, U32_MAX);
	if (est > cc->cwnd)
		cnt = min(cnt, cc->cwnd / (est - cc->cwnd));
	ca->cnt = max(cnt, 2U);
	tcpfsm_cc_ai(cc, ca->cnt, acked);
}

/*
 * RFC 9438 4.6, 4.7: ssthresh = cwnd * beta; W_max is cwnd, or, with fast
 * convergence, less when the window is below the last W_max (another flow
 * came: leave it room).
 */
static u32 tcpfsm_cubic_ssthresh(struct tcpfsm_cc *cc, u32 flight)
{
	struct tcpfsm_cubic *ca = tcpfsm_cubic_of(cc);

	ca->epoch_us = 0;
	ca->prior = cc->cwnd;
	if (cc->cwnd < ca->w_max)
		ca->w_max = div_u64((u64)cc->cwnd *
				    (CUBIC_BETA_SCALE + CUBIC_BETA),
				    2 * CUBIC_BETA_SCALE);
	else
		ca->w_max = cc->cwnd;
	return max_t(u32, div_u64((u64)cc->cwnd * CUBIC_BETA,
				  CUBIC_BETA_SCALE), 2U);
}

/*
 * RFC 9438 4.8: after a timeout, the first congestion avoidance takes K =
 * 0 and W_max = the cwnd it starts at: W_max is forgotten (Linux's
 * bictcp_reset() on TCP_CA_Loss), with the epoch and W_est.
 */
static void tcpfsm_cubic_on_rto(struct tcpfsm_cc *cc)
{
	struct tcpfsm_cubic *ca = tcpfsm_cubic_of(cc);

	ca->epoch_us = 0;
	ca->est = 0;
	ca->w_max = 0;
	ca->k_ms = 0;
	ca->origin = 0;
	ca->cnt = 0;
}

/*
 * Idle time is not growth time: the epoch moves by the pause (as Linux's
 * bictcp_cwnd_event(CA_EVENT_TX_START)), so the curve goes on where it was;
 * never past now (the epoch may have started after the last send, with
 * the ACK of it).
 */
static void tcpfsm_cubic_on_idle(struct tcpfsm_cc *cc, u64 idle_us,
				 u64 now_us)
{
	struct tcpfsm_cubic *ca = tcpfsm_cubic_of(cc);

	if (ca->epoch_us)
		ca->epoch_us = min_t(u64, ca->epoch_us + idle_us,
				     max_t(u64, now_us, 1));
}

const struct tcpfsm_cong_ops tcpfsm_cubic = {
	.name		= "cubic",
	.cong_avoid	= tcpfsm_cubic_cong_avoid,
	.ssthresh	= tcpfsm_cubic_ssthresh,
	.on_rto		= tcpfsm_cubic_on_rto,
	.on_idle	= tcpfsm_cubic_on_idle,
};
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cubic);
