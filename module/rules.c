// SPDX-License-Identifier: GPL-2.0
/* rules.c: pure decisions: RFC 9293 3.10.7 segment rules, RFC 5961, ISN, timer verdicts. */
#include <linux/atomic.h>
#include <linux/export.h>
#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/time64.h>
#include <kunit/visibility.h>

#include "fsm.h"

/**
 * tcpfsm_seg_acceptable() - the acceptability test of RFC 9293 3.10.7.4.
 * @seq: SEG.SEQ
 * @len: SEG.LEN (text plus SYN plus FIN)
 * @rcv_nxt: RCV.NXT
 * @rcv_wnd: RCV.WND
 *
 * Return: whether any of the segment lies in the receive window, with the
 * four cases of zero and non-zero length and window.
 */
bool tcpfsm_seg_acceptable(u32 seq, u32 len, u32 rcv_nxt, u32 rcv_wnd)
{
	u32 end = rcv_nxt + rcv_wnd;

	if (!len)
		return rcv_wnd ? tcpfsm_seq_in(seq, rcv_nxt, end) :
				 seq == rcv_nxt;
	if (!rcv_wnd)
		return false;
	return tcpfsm_seq_in(seq, rcv_nxt, end) ||
	       tcpfsm_seq_in(seq + len - 1, rcv_nxt, end);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_seg_acceptable);

/**
 * tcpfsm_rst_check() - what a RST in a synchronized state deserves.
 * @seq: SEG.SEQ of the RST
 * @rcv_nxt: RCV.NXT
 * @rcv_wnd: RCV.WND
 *
 * RFC 5961 3.2: reset only when the sequence number is exactly RCV.NXT;
 * elsewhere in the window answer with a challenge ACK; outside, drop.
 *
 * Return: the verdict.
 */
enum tcpfsm_rst_verdict tcpfsm_rst_check(u32 seq, u32 rcv_nxt, u32 rcv_wnd)
{
	if (seq == rcv_nxt)
		return TCPFSM_RST_RESET;
	if (tcpfsm_seq_in(seq, rcv_nxt, rcv_nxt + rcv_wnd))
		return TCPFSM_RST_CHALLENGE;
	return TCPFSM_RST_DROP;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_rst_check);

/**
 * tcpfsm_wnd_update_ok() - whether a segment may set the send window.
 * @wl1: SND.WL1, SEG.SEQ of the segment that last set it
 * @wl2: SND.WL2, SEG.ACK of that segment
 * @seq: SEG.SEQ
 * @ack: SEG.ACK (within SND.UNA..SND.NXT)
 *
 * RFC 9293 3.10.7.4, fifth check: SND.WND is updated only if SND.WL1 <
 * SEG.SEQ, or SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK, so that an older
 * segment, reordered by the network, does not undo a newer one's window.
 *
 * Return: whether to take SEG.WND (and set SND.WL1, SND.WL2 from it).
 */
bool tcpfsm_wnd_update_ok(u32 wl1, u32 wl2, u32 seq, u32 ack)
{
	return tcpfsm_seq_lt(wl1, seq) ||
	       (wl1 == seq && tcpfsm_seq_le(wl2, ack));
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_wnd_update_ok);

/* CLOSED and LISTEN: no sequence state, the flags alone decide. */
static enum tcpfsm_event tcpfsm_classify_flags(const struct tcpfsm_seg *seg)
{
	if (seg->flags & TCPFSM_RST)
		return TCPFSM_EV_RST;
	if (seg->flags & TCPFSM_SYN)
		return (seg->flags & TCPFSM_ACK) ? TCPFSM_EV_SYN_ACK :
						   TCPFSM_EV_SYN;
	if (seg->flags & TCPFSM_FIN)
		return TCPFSM_EV_FIN;
	if (seg->datalen)
		return TCPFSM_EV_DATA;
	if (seg->flags & TCPFSM_ACK)
		return TCPFSM_EV_ACK;
	return TCPFSM_EV_DROP;
}

/* SYN_SENT: RFC 9293 3.10.7.3. */
static enum tcpfsm_event tcpfsm_classify_syn_sent(const struct tcpfsm_tcb *tcb,
						  const struct tcpfsm_seg *seg)
{
	bool ack = seg->flags & TCPFSM_ACK;

	/* First, the ACK: it must cover our SYN and nothing unsent. */
	if (ack && (tcpfsm_seq_le(seg->ack, tcb->iss) ||
		    tcpfsm_seq_gt(seg->ack, tcb->snd_nxt)))
		return (seg->flags & TCPFSM_RST) ? TCPFSM_EV_DROP :
						   TCPFSM_EV_BAD_ACK;
	/* Second, RST: believed only with an acceptable ACK. */
	if (seg->flags & TCPFSM_RST)
		return ack ? TCPFSM_EV_RST : TCPFSM_EV_DROP;
	/* Fourth, SYN. */
	if (seg->flags & TCPFSM_SYN)
		return ack ? TCPFSM_EV_SYN_ACK : TCPFSM_EV_SYN;
	/* Fifth: neither SYN nor RST. */
	return TCPFSM_EV_DROP;
}

/**
 * tcpfsm_classify() - turn a received segment into the event of the table.
 * @tcb: the connection (its state decides which rules apply)
 * @seg: the segment
 *
 * The checks of RFC 9293 3.10.7, in their order, with RFC 5961's RST and SYN
 * rules for synchronized states: RST first (exact, in window, outside), then
 * SYN (a challenge whatever its sequence number), the acceptability test,
 * the ACK bit and field, new text that no one will read (RFC 1122
 * 4.2.2.13), then FIN and text.
 *
 * Return: the event.
 */
enum tcpfsm_event tcpfsm_classify(const struct tcpfsm_tcb *tcb,
				  const struct tcpfsm_seg *seg)
{
	u32 len = tcpfsm_seg_len(seg);
	bool acks_fin;

	switch (tcb->state) {
	case TCPFSM_CLOSE:
	case TCPFSM_LISTEN:
		return tcpfsm_classify_flags(seg);
	case TCPFSM_SYN_SENT:
		return tcpfsm_classify_syn_sent(tcb, seg);
	}

	if (seg->flags & TCPFSM_RST) {
		if (tcb->state == TCPFSM_TIME_WAIT && tcb->rfc1337)
			return TCPFSM_EV_DROP;	/* RFC 1337: TIME-WAIT assassination */
		switch (tcpfsm_rst_check(seg->seq, tcb->rcv_nxt, tcb->rcv_wnd)) {
		case TCPFSM_RST_RESET:
			return TCPFSM_EV_RST;
		case TCPFSM_RST_CHALLENGE:
			return TCPFSM_EV_RST_IN_WINDOW;
		default:
			return TCPFSM_EV_DROP;
		}
	}
	if (seg->flags & TCPFSM_SYN) {
		/*
		 * Simultaneous open: in SYN_RECV the peer's <SYN,ACK> that
		 * acks our SYN stands for the ACK that completes the
		 * handshake (RFC 9293 figure 8; Linux does the same).
		 */
		if (tcb->state == TCPFSM_SYN_RECV &&
		    (seg->flags & TCPFSM_ACK) && seg->seq + 1 == tcb->rcv_nxt &&
		    seg->ack == tcb->snd_nxt)
			return TCPFSM_EV_ACK;
		if (tcb->state == TCPFSM_SYN_RECV && (seg->flags & TCPFSM_ACK))
			return TCPFSM_EV_SYN_ACK;
		return TCPFSM_EV_SYN;
	}
	if (!tcpfsm_seg_acceptable(seg->seq, len, tcb->rcv_nxt, tcb->rcv_wnd))
		return TCPFSM_EV_UNACCEPTABLE;
	if (!(seg->flags & TCPFSM_ACK))
		return TCPFSM_EV_DROP;

	if (tcb->state == TCPFSM_SYN_RECV) {
		/* SND.UNA < SEG.ACK =< SND.NXT, or a RST is owed. */
		if (!tcpfsm_seq_gt(seg->ack, tcb->snd_una) ||
		    tcpfsm_seq_gt(seg->ack, tcb->snd_nxt))
			return TCPFSM_EV_BAD_ACK;
	} else if (tcpfsm_seq_gt(seg->ack, tcb->snd_nxt)) {
		return TCPFSM_EV_BAD_ACK;	/* acks something not yet sent */
	}

	/*
	 * New text for a user who closed, or shut reading, and sent the FIN
	 * (RFC 1122 4.2.2.13): a RST, whatever the segment acks, as Linux.
	 */
	if ((tcb->state == TCPFSM_FIN_WAIT1 || tcb->state == TCPFSM_FIN_WAIT2) &&
	    tcb->rcv_shut && seg->datalen &&
	    tcpfsm_seq_gt(seg->seq + seg->datalen, tcb->rcv_nxt))
		return TCPFSM_EV_TEXT_AFTER_CLOSE;

	acks_fin = tcb->fin_sent && seg->ack == tcb->snd_nxt;
	/* A FIN counts once everything before it is here (RFC 9293 3.10.7.4). */
	if ((seg->flags & TCPFSM_FIN) && tcpfsm_seq_le(seg->seq, tcb->rcv_nxt))
		return acks_fin ? TCPFSM_EV_FIN_ACK : TCPFSM_EV_FIN;
	if (acks_fin)
		return TCPFSM_EV_ACK_OF_FIN;
	return seg->datalen ? TCPFSM_EV_DATA : TCPFSM_EV_ACK;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_classify);

/**
 * tcpfsm_isn() - an initial sequence number per RFC 6528.
 * @key: the secret key (random, per boot)
 * @saddr: local address
 * @daddr: remote address
 * @sport: local port
 * @dport: remote port
 * @now_ns: a clock in nanoseconds (ktime_get_real_ns())
 *
 * ISN = M + F(4-tuple, key): F is SipHash of the connection's identity, M a
 * timer ticking every 64 ns (about 4 us per 64 ticks, as RFC 6528 asks for a
 * 4 us clock at least), so numbers differ across tuples and advance in time.
 *
 * Return: the ISN.
 */
u32 tcpfsm_isn(const siphash_key_t *key, __be32 saddr, __be32 daddr,
	       __be16 sport, __be16 dport, u64 now_ns)
{
	u32 ports = (__force u32)sport << 16 | (__force u32)dport;
	u32 f = siphash_3u32((__force u32)saddr, (__force u32)daddr, ports, key);

	return f + (u32)(now_ns >> 6);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_isn);

/**
 * tcpfsm_ratelimit_allow() - take one event from a per-second budget.
 * @rl: the budget
 * @now: jiffies now
 * @hz: jiffies per second
 * @limit: events allowed per second
 *
 * Lockless: a race at the turn of a second may let a few more through, as
 * Linux's own challenge-ACK limit does.
 *
 * Return: whether the event may happen.
 */
bool tcpfsm_ratelimit_allow(struct tcpfsm_ratelimit *rl, unsigned long now,
			    unsigned int hz, unsigned int limit)
{
	if (time_after_eq(now, READ_ONCE(rl->window) + hz)) {
		WRITE_ONCE(rl->window, now);
		atomic_set(&rl->count, 0);
	}
	return atomic_inc_return(&rl->count) <= (int)limit;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_ratelimit_allow);

static struct tcpfsm_timer_verdict tcpfsm_verdict(enum tcpfsm_event ev,
						  u64 rearm_ns)
{
	return (struct tcpfsm_timer_verdict){ .ev = ev, .rearm_ns = rearm_ns };
}

/*
 * The peer shut its window on data in flight (it could not keep it) and
 * still answers: the retransmissions are window probes, which do not end
 * a connection whose peer was heard from within rto_max, as Linux has it.
 * An orphan, or a connection still opening, gets no such grace.
 */
static bool tcpfsm_window_shut(const struct tcpfsm_rtx_view *v)
{
	return v->wnd_zero && !v->orphan && v->state != TCPFSM_SYN_SENT &&
	       v->state != TCPFSM_SYN_RECV && v->since_recv < v->rto_max;
}

/**
 * tcpfsm_rtx_verdict() - what an expiry of the retransmission timer means.
 * @v: the connection's timer view
 *
 * Nothing outstanding: nothing to do.  Expired before its due time (ACKs
 * moved the due time on, not the queued timer): arm again for the rest.
 * Otherwise retransmit (RFC 6298 5.4-5.6), or give up once the state's
 * retries are spent (RFC 9293 3.8.3, R2) unless the peer is only keeping
 * its window shut, or once TCP_USER_TIMEOUT has passed since the first
 * timeout of the episode (RFC 5482; not while SYN_RECV, as Linux).
 *
 * Return: the event (TCPFSM_EV_RETRANS_TIMEOUT or _GIVE_UP) or a re-arm.
 */
struct tcpfsm_timer_verdict tcpfsm_rtx_verdict(const struct tcpfsm_rtx_view *v)
{
	u64 start = v->retrans_start ?: v->now;

	if (!v->outstanding)
		return tcpfsm_verdict(TCPFSM_EV_NONE, 0);
	if (v->now < v->due)
		return tcpfsm_verdict(TCPFSM_EV_NONE, v->due - v->now);
	if (v->retries >= v->limit && !tcpfsm_window_shut(v))
		return tcpfsm_verdict(TCPFSM_EV_RETRANS_GIVE_UP, 0);
	if (v->user_timeout && v->state != TCPFSM_SYN_RECV &&
	    v->now - start >= (u64)v->user_timeout * NSEC_PER_MSEC)
		return tcpfsm_verdict(TCPFSM_EV_RETRANS_GIVE_UP, 0);
	return tcpfsm_verdict(TCPFSM_EV_RETRANS_TIMEOUT, 0);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_rtx_verdict);

/**
 * tcpfsm_ka_verdict() - what an expiry of the keepalive timer means.
 * @v: the connection's timer view
 *
 * For an orphan in FIN_WAIT2 the timer is the fin_timeout.  Otherwise,
 * with SO_KEEPALIVE in a synchronized state with the peer (ESTABLISHED,
 * FIN_WAIT1, FIN_WAIT2, CLOSE_WAIT): a connection heard from within
 * keepidle is re-armed for the rest (in whole seconds, at least one); a
 * probe is sent and the next comes after keepintvl; after keepcnt
 * unanswered probes the connection is given up (RFC 9293 3.8.4, RFC 1122
 * 4.2.3.6).
 *
 * Return: the event (and the re-arm after a probe) or a re-arm alone.
 */
struct tcpfsm_timer_verdict tcpfsm_ka_verdict(const struct tcpfsm_ka_view *v)
{
	u64 idle_ms = (u64)v->keepidle * MSEC_PER_SEC;

	if (v->state == TCPFSM_FIN_WAIT2 && v->orphan)
		return tcpfsm_verdict(TCPFSM_EV_FIN_WAIT2_TIMEOUT, 0);
	if (!v->keepopen)
		return tcpfsm_verdict(TCPFSM_EV_NONE, 0);
	switch (v->state) {
	case TCPFSM_ESTABLISHED:
	case TCPFSM_FIN_WAIT1:
	case TCPFSM_FIN_WAIT2:
	case TCPFSM_CLOSE_WAIT:
		break;
	default:
		return tcpfsm_verdict(TCPFSM_EV_NONE, 0);
	}
	if (!v->probes && v->idle_ms < idle_ms)
		return tcpfsm_verdict(TCPFSM_EV_NONE,
				      max_t(u64, 1, div_u64(idle_ms - v->idle_ms,
							    MSEC_PER_SEC)) *
				      NSEC_PER_SEC);
	if (v->probes >= v->keepcnt)
		return tcpfsm_verdict(TCPFSM_EV_KEEPALIVE_GIVE_UP, 0);
	return tcpfsm_verdict(TCPFSM_EV_KEEPALIVE_TIMEOUT,
			      (u64)v->keepintvl * NSEC_PER_SEC);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_ka_verdict);

/**
 * tcpfsm_delack_due() - whether an expired delayed-ACK timer sends an ACK.
 * @state: the connection's state
 * @rcv_nxt: RCV.NXT
 * @rcv_wup: RCV.NXT as last announced
 *
 * Only if nothing sent since has carried the ACK, in a state that still
 * receives text.
 *
 * Return: whether to send it.
 */
bool tcpfsm_delack_due(u8 state, u32 rcv_nxt, u32 rcv_wup)
{
	return rcv_nxt != rcv_wup &&
	       (state == TCPFSM_ESTABLISHED || state == TCPFSM_FIN_WAIT1 ||
		state == TCPFSM_FIN_WAIT2);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_delack_due);
