// SPDX-License-Identifier: GPL-2.0
/* rules.c: pure decisions: RFC 9293 3.10.7 segments, RFC 5961, ISN, timer and ICMP verdicts. */
#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/icmp.h>
#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/time64.h>
#include <kunit/visibility.h>
#include <net/icmp.h>
#include <net/ip.h>

#include "fsm.h"
#include "options.h"

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
 * tcpfsm_ack_too_old() - the RFC 5961 5.2 check of SEG.ACK.
 * @tcb: the connection, synchronized
 * @ack: SEG.ACK
 *
 * An acceptable ACK lies in [SND.UNA - MAX.SND.WND, SND.NXT]; with less
 * acknowledged so far than MAX.SND.WND, the bound is what was acknowledged
 * (nothing before the ISS was ever sent), counted in 64 bits, as Linux has
 * it.  A segment with an older ACK is an injection or a very old
 * duplicate: it is dropped, text and all, and answered with an ACK.
 *
 * Return: whether @ack is older than that.
 */
bool tcpfsm_ack_too_old(const struct tcpfsm_tcb *tcb, u32 ack)
{
	u32 bound = min_t(u64, tcb->max_snd_wnd, tcb->bytes_acked);

	return tcpfsm_seq_lt(ack, tcb->snd_una - bound);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_ack_too_old);

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
 * SYN (a challenge whatever its sequence number), PAWS (RFC 7323 5.3; a RST
 * or SYN is judged without it, as Linux), the acceptability test,
 * the ACK bit and field (RFC 5961 5.2 too), new text that no one will read
 * (RFC 1122 4.2.2.13), then FIN and text.
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
	/* PAWS (RFC 7323 5.3 R1): an old duplicate is not acceptable. */
	if (tcpfsm_paws_reject(tcb, seg))
		return TCPFSM_EV_UNACCEPTABLE;
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
	} else if (tcb->state != TCPFSM_TIME_WAIT &&
		   tcpfsm_ack_too_old(tcb, seg->ack)) {
		return TCPFSM_EV_BAD_ACK;	/* RFC 5961 5.2 */
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
 * tcpfsm_ts_offset() - a connection's timestamp offset.
 * @key: the secret key (random, per boot)
 * @saddr: local address
 * @daddr: remote address
 * @sport: local port
 * @dport: remote port
 *
 * A keyed hash of the 4-tuple, with no clock (RFC 7323 5.4, 6.1): TSval is
 * the millisecond clock plus this, so it does not tell the uptime, and
 * successive connections of one 4-tuple have growing TSvals.  SipHash of
 * four words where the ISN hashes three, so the two are unrelated.
 *
 * Return: the offset.
 */
u32 tcpfsm_ts_offset(const siphash_key_t *key, __be32 saddr, __be32 daddr,
		     __be16 sport, __be16 dport)
{
	u32 ports = (__force u32)sport << 16 | (__force u32)dport;

	return siphash_4u32((__force u32)saddr, (__force u32)daddr, ports,
			    0x54534f46, key);	/* "TSOF" */
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_ts_offset);

/**
 * tcpfsm_oow_allow() - whether an ACK in answer to an out-of-window segment
 *	may go now.
 * @last: when the socket last sent one (jiffies, 32 bits; 0 for never);
 *	updated when one may go
 * @now: jiffies now
 * @gap: jiffies that must pass between two (invalid_ratelimit_ms)
 *
 * Challenge ACKs (RFC 5961) and the ACKs that answer unacceptable segments
 * are limited per socket, as Linux's tcp_oow_rate_limited() does, so that
 * two ends out of step cannot bounce ACKs forever and an off-path attacker
 * cannot learn about one connection from a budget another one shares
 * (CVE-2016-5696).  Lockless: a race lets one more through.
 *
 * Return: whether the ACK may be sent.
 */
bool tcpfsm_oow_allow(u32 *last, u32 now, u32 gap)
{
	u32 was = READ_ONCE(*last);

	if (was) {
		s32 elapsed = (s32)(now - was);

		if (elapsed >= 0 && elapsed < (s32)gap)
			return false;
	}
	WRITE_ONCE(*last, now);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_oow_allow);

/**
 * tcpfsm_rto_backoff() - the RTO after @backoff doublings, bounded.
 * @rto: the RTO, ns
 * @backoff: doublings in force
 * @max: the bound (rto_max_ms), ns
 *
 * Saturating: a shift that would pass @max (or 64 bits) gives @max, never
 * a product that wrapped around.
 *
 * Return: @rto << @backoff, at most @max.
 */
u64 tcpfsm_rto_backoff(u64 rto, u8 backoff, u64 max)
{
	if (backoff >= 64 || rto > (max >> backoff))
		return max;
	return rto << backoff;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_rto_backoff);

/**
 * tcpfsm_ctl_nobufs() - what to do when a control segment finds no memory.
 * @flags: the segment's TCPFSM_* flags (SYN, SYN|ACK, FIN|ACK)
 * @tail: the write queue ends with a segment a FIN can ride on (not a SYN)
 *
 * As Linux does: a SYN fails the connect() with ENOBUFS (tcp_connect());
 * a FIN rides on the last segment queued (tcp_send_fin()).  A SYN-ACK, or
 * a FIN with nothing to ride on, is counted as sent and lost: the
 * retransmission timer, armed for it, sends it bare (Linux's request
 * socket resends a SYN-ACK its first try could not send the same way).
 * Nothing is left without a timer.
 *
 * Return: the fallback.
 */
enum tcpfsm_nobufs tcpfsm_ctl_nobufs(u8 flags, bool tail)
{
	if ((flags & (TCPFSM_SYN | TCPFSM_ACK)) == TCPFSM_SYN)
		return TCPFSM_NOBUFS_FAIL;
	if ((flags & TCPFSM_FIN) && tail)
		return TCPFSM_NOBUFS_TACK;
	return TCPFSM_NOBUFS_LOST;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_ctl_nobufs);

/**
 * tcpfsm_bare_ctl() - the control segment in flight with no queued segment.
 * @tcb: the connection (its write queue empty)
 *
 * What tcpfsm_ctl_nobufs() counted as sent and lost: our SYN-ACK while
 * SND.UNA is still the ISS, or our FIN once sent.  The retransmission
 * timer resends it bare.
 *
 * Return: its TCPFSM_* flags, or 0 when nothing is in flight.
 */
u8 tcpfsm_bare_ctl(const struct tcpfsm_tcb *tcb)
{
	if (tcb->snd_una == tcb->snd_nxt)
		return 0;
	if (tcb->snd_una == tcb->iss)
		return tcb->state == TCPFSM_SYN_SENT ? TCPFSM_SYN :
						       TCPFSM_SYN | TCPFSM_ACK;
	if (tcb->fin_sent)
		return TCPFSM_FIN | TCPFSM_ACK;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_bare_ctl);

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
 * Nothing outstanding, or the connection is gone: nothing to do.  Expired before its due time (ACKs
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

	if (!v->outstanding || v->state == TCPFSM_CLOSE ||
	    v->state == TCPFSM_LISTEN)
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
 * tcpfsm_rto_clamp() - the RTO to arm, within what is left of the user timeout.
 * @rto: the backed-off RTO, ns
 * @user_timeout: TCP_USER_TIMEOUT, ms; 0 for none
 * @retrans_start: the first timeout of this episode, ns; 0 if none yet
 * @now: the monotonic clock, ns
 * @state: the connection's state
 *
 * Once timeouts have begun, the timer is armed for no longer than the
 * user timeout has left, so that it ends the connection when it runs out,
 * not at the next backed-off timeout after it (Linux's
 * tcp_clamp_rto_to_user_timeout()).  Not in SYN_RECV, where the user
 * timeout does not apply (see tcpfsm_rtx_verdict()).
 *
 * Return: @rto, or the time left if that is less; at least 1 ns.
 */
u64 tcpfsm_rto_clamp(u64 rto, u32 user_timeout, u64 retrans_start, u64 now,
		     u8 state)
{
	u64 limit = (u64)user_timeout * NSEC_PER_MSEC, elapsed;

	if (!user_timeout || !retrans_start || state == TCPFSM_SYN_RECV)
		return rto;
	elapsed = now > retrans_start ? now - retrans_start : 0;
	if (elapsed >= limit)
		return 1;
	return min(rto, limit - elapsed);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_rto_clamp);

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
 * tcpfsm_fin_wait2_ns() - how long an orphan may stay in FIN_WAIT2.
 * @linger2: TCP_LINGER2: seconds, 0 for the sysctl, negative for not at all
 * @fin_timeout: the fin_timeout sysctl, seconds
 *
 * A negative TCP_LINGER2 aborts the orphan at once (with a RST, as the
 * timeout does), as Linux's tcp_close() and tcp_rcv_state_process() do.
 *
 * Return: the time, ns; 0 for at once.
 */
u64 tcpfsm_fin_wait2_ns(int linger2, int fin_timeout)
{
	if (linger2 < 0)
		return 0;
	return (u64)(linger2 ?: fin_timeout) * NSEC_PER_SEC;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_fin_wait2_ns);

/**
 * tcpfsm_since_ns() - the time from @then to @now, in jiffies, as ns.
 * @then: the earlier jiffies
 * @now: the later
 *
 * For the timers' views: how long since the peer was last heard from,
 * which a keepalive idle of hours (7200 s by default) must measure whole.
 *
 * Return: nanoseconds.
 */
u64 tcpfsm_since_ns(unsigned long then, unsigned long now)
{
	/* Not jiffies_to_nsecs(): its microseconds are an unsigned int. */
	return jiffies64_to_nsecs(now - then);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_since_ns);

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

/**
 * tcpfsm_rcvbuf_tune() - receive buffer autotuning: the buffer to have.
 * @rcvbuf: SO_RCVBUF now
 * @copied: bytes the reader took in the last round trip
 * @prev: bytes it took in the round trip before
 * @mss: the MSS we announced
 * @max: the ceiling (TCPFSM_RCVBUF_MAX)
 *
 * Linux's dynamic right-sizing (tcp_rcv_space_adjust()): a reader that
 * took more in a round trip than in the one before is offered a window of
 * twice that plus 16 segments, so the sender's window may grow through
 * slow start without waiting on ours, and more as fast as it is growing.
 * The window is half the buffer (the rest is the buffers' overhead), so
 * the buffer is twice the window.  It only grows.
 *
 * Return: the new SO_RCVBUF, @rcvbuf when it stays.
 */
u32 tcpfsm_rcvbuf_tune(u32 rcvbuf, u32 copied, u32 prev, u16 mss, u32 max)
{
	u64 win;

	if (copied <= prev)
		return rcvbuf;
	win = 2ULL * copied + 16ULL * mss;
	if (prev)	/* growing: as much more again as it grew */
		win += min_t(u64, win, div_u64(2 * win * (copied - prev), prev));
	return clamp_t(u64, 2 * win, rcvbuf, max(max, rcvbuf));
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_rcvbuf_tune);

/**
 * tcpfsm_sndbuf_tune() - send buffer autotuning: the buffer to have.
 * @sndbuf: SO_SNDBUF now
 * @cwnd: the congestion window, segments
 * @truesize: the memory a full segment takes in the write queue
 * @max: the ceiling (TCPFSM_SNDBUF_MAX)
 *
 * Linux's tcp_sndbuf_expand(): room for two congestion windows (what is
 * in flight and as much again being written), at least ten segments'
 * worth.  It only grows.
 *
 * Return: the new SO_SNDBUF, @sndbuf when it stays.
 */
u32 tcpfsm_sndbuf_tune(u32 sndbuf, u32 cwnd, u32 truesize, u32 max)
{
	u64 want = 2ULL * max_t(u32, cwnd, 10) * truesize;

	return clamp_t(u64, want, sndbuf, max(max, sndbuf));
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_sndbuf_tune);

/* The MSS values a SYN cookie can carry, as Linux's (RFC 4987 3.6). */
static const u16 tcpfsm_cookie_mss[] = { 536, 1300, 1440, 1460 };

#define TCPFSM_COOKIE_BITS	24
#define TCPFSM_COOKIE_MASK	((1U << TCPFSM_COOKIE_BITS) - 1)

static u32 tcpfsm_cookie_hash(const siphash_key_t *key,
			      const struct tcpfsm_tuple *t, u32 minute)
{
	return siphash_4u32((__force u32)t->saddr, (__force u32)t->daddr,
			    (__force u32)t->sport << 16 | (__force u32)t->dport,
			    minute, key);
}

/**
 * tcpfsm_cookie_make() - the ISN of a SYN-ACK that keeps no state.
 * @key: two secret keys (random, per boot)
 * @t: the SYN's addresses and ports
 * @sseq: the SYN's sequence number
 * @minute: the time, in minutes
 * @mss: the MSS the SYN announced (536 if none)
 *
 * RFC 4987 3.6, as Linux builds its cookies: a hash of the 4-tuple, plus
 * the peer's ISN, plus the minute in the top 8 bits, plus, in the low 24,
 * a second hash (of the tuple and the minute) plus the index of the
 * largest MSS of a table of four that the SYN's MSS reaches.  The ACK that
 * completes the handshake brings it back as SEG.ACK - 1.
 *
 * Return: the cookie, our ISN.
 */
u32 tcpfsm_cookie_make(const siphash_key_t key[2],
		       const struct tcpfsm_tuple *t, u32 sseq, u32 minute,
		       u16 mss)
{
	u32 idx = ARRAY_SIZE(tcpfsm_cookie_mss) - 1;

	while (idx && tcpfsm_cookie_mss[idx] > mss)
		idx--;
	return tcpfsm_cookie_hash(&key[0], t, 0) + sseq +
	       (minute << TCPFSM_COOKIE_BITS) +
	       ((tcpfsm_cookie_hash(&key[1], t, minute) + idx) &
		TCPFSM_COOKIE_MASK);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cookie_make);

/**
 * tcpfsm_cookie_check() - whether an ACK brings back one of our cookies.
 * @key: the keys it was made with
 * @t: the ACK's addresses and ports (as the SYN's: the peer's first)
 * @sseq: the peer's ISN, SEG.SEQ - 1 of the ACK
 * @cookie: SEG.ACK - 1 of the ACK
 * @minute: the time now, in minutes
 *
 * A cookie is good for TCPFSM_COOKIE_AGE minutes.
 *
 * Return: the MSS it carries, or 0 if it is not a good cookie.
 */
u16 tcpfsm_cookie_check(const siphash_key_t key[2],
			const struct tcpfsm_tuple *t, u32 sseq, u32 cookie,
			u32 minute)
{
	u32 age, idx;

	cookie -= tcpfsm_cookie_hash(&key[0], t, 0) + sseq;
	age = (minute - (cookie >> TCPFSM_COOKIE_BITS)) &
	      ((u32)-1 >> TCPFSM_COOKIE_BITS);
	if (age >= TCPFSM_COOKIE_AGE)
		return 0;
	idx = (cookie - tcpfsm_cookie_hash(&key[1], t, minute - age)) &
	      TCPFSM_COOKIE_MASK;
	return idx < ARRAY_SIZE(tcpfsm_cookie_mss) ? tcpfsm_cookie_mss[idx] : 0;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_cookie_check);

/**
 * tcpfsm_icmp_verdict() - what an ICMP error quoting one of our segments does.
 * @tcb: the connection
 * @type: the ICMP type
 * @code: the ICMP code
 * @seq: the sequence number of the quoted segment
 * @res: the verdict, zeroed here: nothing (no command, no error), a soft
 *	error (@res->err, kept as the socket's soft error), or a hard one
 *	(@res->sk_err, the connection deleted)
 *
 * As RFC 1122 4.2.3.9 and RFC 5927 4.1 and as Linux's tcp_v4_err(): an
 * error that quotes a sequence number we have not sent, or sent and had
 * acknowledged, is forged or stale and ignored.  Destination unreachable
 * (codes 0 to 15; errno as Linux's icmp_err_convert[]), time exceeded
 * (EHOSTUNREACH) and parameter problem (EPROTO) end a connection still in
 * SYN_SENT, or in SYN_RECV after a simultaneous open; later they are soft
 * errors, which ETIMEDOUT reports in their place if the connection times
 * out.  A listener's child in SYN_RECV ignores them, as POSIX wants no
 * network error from accept().  Fragmentation needed and source quench do
 * nothing (tcpfsm does not set DF).
 */
void tcpfsm_icmp_verdict(const struct tcpfsm_tcb *tcb, u8 type, u8 code,
			 u32 seq, struct tcpfsm_result *res)
{
	int err;

	memset(res, 0, sizeof(*res));
	res->next = TCPFSM_SAME;
	if (tcpfsm_seq_lt(seq, tcb->snd_una) || tcpfsm_seq_gt(seq, tcb->snd_nxt))
		return;
	switch (type) {
	case ICMP_DEST_UNREACH:
		if (code > NR_ICMP_UNREACH || code == ICMP_FRAG_NEEDED)
			return;
		err = icmp_err_convert[code].errno;
		break;
	case ICMP_TIME_EXCEEDED:
		err = EHOSTUNREACH;
		break;
	case ICMP_PARAMETERPROB:
		err = EPROTO;
		break;
	default:
		return;
	}
	switch (tcb->state) {
	case TCPFSM_CLOSE:
	case TCPFSM_LISTEN:
	case TCPFSM_TIME_WAIT:
		return;
	case TCPFSM_SYN_RECV:
		if (tcb->passive)
			return;
		fallthrough;
	case TCPFSM_SYN_SENT:
		res->next = TCPFSM_CLOSE;
		res->cmds = TCPFSM_CMD_DELETE_TCB | TCPFSM_CMD_WAKE;
		res->sk_err = err;
		res->action = "icmp_hard_error";
		return;
	default:
		res->err = err;
		return;
	}
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_icmp_verdict);

/**
 * tcpfsm_train_segs() - how many full segments one GSO train may carry.
 * @gso_max_size: the route's GSO size limit, bytes
 * @gso_max_segs: the route's GSO segment limit
 * @mss: the segment size
 *
 * The train with its IPv4 and TCP headers must fit the IPv4 length field
 * (IP_MAX_MTU) and the route's limits.
 *
 * Return: the number, at least 1 (no train).
 */
unsigned int tcpfsm_train_segs(unsigned int gso_max_size,
			       unsigned int gso_max_segs, unsigned int mss)
{
	unsigned int room = min_t(unsigned int, gso_max_size, IP_MAX_MTU);

	if (!mss || room <= TCPFSM_TRAIN_HEADERS)
		return 1;
	return clamp_t(unsigned int, (room - TCPFSM_TRAIN_HEADERS) / mss, 1,
		       max(gso_max_segs, 1U));
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_train_segs);

/**
 * tcpfsm_train_cut() - how much of an unsent segment of the queue goes now.
 * @len: its text, bytes
 * @mss: the MSS we send
 * @room: what cwnd, the peer's window and one GSO train allow now, bytes
 * @fin: it carries a FIN
 *
 * The write queue holds text in segments of up to a train's size, cut when
 * they go (as Linux's tso_fragment()).  A segment of at most one MSS is
 * not cut: the checks of cwnd, the window and Nagle decide whether it
 * goes.  A longer one goes as full segments, as many as @room takes; a
 * short remainder, and a FIN, stay for a segment of their own after them,
 * which Nagle judges as any short segment (trains carry full segments
 * only, as Linux's tcp_mss_split_point() leaves a short tail).  When
 * @room takes no full segment nothing is cut: the checks of cwnd and the
 * window hold the segment back as it is.
 *
 * Return: @len, or the length to cut at: a multiple of @mss below @len.
 */
u32 tcpfsm_train_cut(u32 len, u32 mss, u32 room, bool fin)
{
	u32 full;

	if (!mss || len <= mss || room < mss)
		return len;
	full = len - len % mss;
	if (fin && full == len)
		full -= mss;
	return min(room - room % mss, full);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_train_cut);
