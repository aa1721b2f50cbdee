// SPDX-License-Identifier: GPL-2.0
/* conn.c: the interpreter of the state table: segments in, commands out, timers, children. */
#include <linux/hrtimer.h>
#include <linux/jiffies.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/sock.h>
#include <net/tcp_states.h>

#include "tcpfsm.h"

static siphash_aligned_key_t tcpfsm_isn_key;

/* ---- small helpers ---- */

static struct tcpfsm_net *tn_of(const struct sock *sk)
{
	return tcpfsm_pernet(sock_net(sk));
}

/**
 * tcpfsm_challenge_ok() - take one challenge ACK from the namespace budget.
 * @net: the namespace
 *
 * RFC 5961 7: challenge ACKs are rate-limited (here 1000 per second per
 * namespace) so that they cannot be turned into an amplifier.
 *
 * Return: whether one may be sent.
 */
bool tcpfsm_challenge_ok(struct net *net)
{
	return tcpfsm_ratelimit_allow(&tcpfsm_pernet(net)->challenge, jiffies,
				      HZ, TCPFSM_CHALLENGE_LIMIT);
}

/**
 * tcpfsm_isn_for() - the ISN of a connection, by its 4-tuple and the clock.
 * @sk: the socket, addresses and ports set
 *
 * Return: the ISN (RFC 6528).
 */
u32 tcpfsm_isn_for(const struct sock *sk)
{
	const struct inet_sock *inet = inet_sk(sk);

	return tcpfsm_isn(&tcpfsm_isn_key, inet->inet_saddr, inet->inet_daddr,
			  inet->inet_sport, inet->inet_dport,
			  ktime_get_real_ns());
}

/* The number of retransmissions allowed in the current state. */
static int tcpfsm_retry_limit(const struct sock *sk)
{
	const struct tcpfsm_sysctl *cfg = &tn_of(sk)->cfg;

	switch (sk->sk_state) {
	case TCPFSM_SYN_SENT:
		return READ_ONCE(cfg->syn_retries);
	case TCPFSM_SYN_RECV:
		return READ_ONCE(cfg->synack_retries);
	default:
		return READ_ONCE(cfg->retries2);
	}
}

static int tcpfsm_keep_idle(const struct sock *sk)
{
	int v = tcpfsm_sk(sk)->keepidle;

	return v ? v : READ_ONCE(tn_of(sk)->cfg.keepalive_time);
}

static int tcpfsm_keep_intvl(const struct sock *sk)
{
	int v = tcpfsm_sk(sk)->keepintvl;

	return v ? v : READ_ONCE(tn_of(sk)->cfg.keepalive_intvl);
}

static int tcpfsm_keep_cnt(const struct sock *sk)
{
	int v = tcpfsm_sk(sk)->keepcnt;

	return v ? v : READ_ONCE(tn_of(sk)->cfg.keepalive_probes);
}

static int tcpfsm_fin_timeout(const struct sock *sk)
{
	int v = tcpfsm_sk(sk)->linger2;

	return v > 0 ? v : READ_ONCE(tn_of(sk)->cfg.fin_timeout);
}

/*
 * ---- timers: each holds a reference on the socket while armed ----
 *
 * Bit @bit of timer_pending says the timer owns a reference.  It is set,
 * with the reference taken, by the first arm; it is cleared by a cancel
 * that dequeued the timer, or by the callback, which then puts the
 * reference.  timer_lock makes "is it queued, who owns the reference" one
 * question: a timer re-armed between its expiry and its callback keeps the
 * reference and that callback does nothing.
 */
static void tcpfsm_timer_arm(struct sock *sk, struct hrtimer *t, int bit,
			     u64 ns)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	spin_lock_bh(&ts->timer_lock);
	if (!__test_and_set_bit(bit, &ts->timer_pending))
		sock_hold(sk);
	hrtimer_start(t, ns_to_ktime(ns), HRTIMER_MODE_REL_SOFT);
	spin_unlock_bh(&ts->timer_lock);
}

static void tcpfsm_timer_stop(struct sock *sk, struct hrtimer *t, int bit)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	bool put = false;

	spin_lock_bh(&ts->timer_lock);
	if (test_bit(bit, &ts->timer_pending) && hrtimer_try_to_cancel(t) == 1) {
		__clear_bit(bit, &ts->timer_pending);
		put = true;
	}
	spin_unlock_bh(&ts->timer_lock);
	if (put)
		__sock_put(sk);	/* the caller still holds one */
}

/* The callback's half: does this expiry own the reference? */
static bool tcpfsm_timer_expired(struct sock *sk, struct hrtimer *t, int bit)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	bool mine;

	spin_lock(&ts->timer_lock);
	mine = !hrtimer_is_queued(t);
	if (mine)
		__clear_bit(bit, &ts->timer_pending);
	spin_unlock(&ts->timer_lock);
	return mine;
}

/**
 * tcpfsm_rto_ns() - the retransmission timeout now in force, backed off.
 * @sk: the socket
 *
 * Return: RTO << backoff, bounded by rto_max_ms.
 */
u64 tcpfsm_rto_ns(const struct sock *sk)
{
	const struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	u64 max = (u64)READ_ONCE(tn_of(sk)->cfg.rto_max_ms) * NSEC_PER_MSEC;
	u64 rto = (u64)ts->rto * NSEC_PER_USEC;

	rto <<= min_t(u8, ts->backoff, 31);
	return min(rto, max);
}

static void tcpfsm_arm_rtx(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	u64 rto = tcpfsm_rto_ns(sk);

	ts->rtx_due = ktime_get_ns() + rto;
	tcpfsm_timer_arm(sk, &ts->rtx_timer, TCPFSM_DEFER_RTX, rto);
}

/*
 * An ACK of new data restarts the retransmission timer (RFC 6298 5.3).
 * Moving a queued hrtimer takes its base lock and updates its tree, once
 * per ACK; while the timer is queued no later than the new due time, only
 * rtx_due moves, and the expiry, come early, re-arms for the rest.
 */
static void tcpfsm_restart_rtx(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	u64 due = ktime_get_ns() + tcpfsm_rto_ns(sk);

	if (hrtimer_is_queued(&ts->rtx_timer) &&
	    ktime_to_ns(hrtimer_get_expires(&ts->rtx_timer)) <= due) {
		ts->rtx_due = due;
		return;
	}
	tcpfsm_arm_rtx(sk);
}

static void tcpfsm_arm_keepalive(struct sock *sk, u64 secs)
{
	tcpfsm_timer_arm(sk, &tcpfsm_sk(sk)->ka_timer, TCPFSM_DEFER_KEEPALIVE,
			 secs * NSEC_PER_SEC);
}

/*
 * Text came in order and its ACK may wait: send it now if two full
 * segments are unacknowledged, else within TCPFSM_DELACK_NS (RFC 9293
 * 3.8.6.3, RFC 1122 4.2.3.2).  Anything we send carries the ACK.
 */
static void tcpfsm_delay_ack(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	if (ts->tcb.rcv_nxt - ts->rcv_wup >= 2U * ts->rcv_seg_max) {
		tcpfsm_send_ack(sk);
		return;
	}
	if (!hrtimer_is_queued(&ts->delack_timer))
		tcpfsm_timer_arm(sk, &ts->delack_timer, TCPFSM_DEFER_DELACK,
				 TCPFSM_DELACK_NS);
}

/**
 * tcpfsm_timers_stop() - stop the timers of a socket.
 * @sk: the socket
 */
void tcpfsm_timers_stop(struct sock *sk)
{
	tcpfsm_timer_stop(sk, &tcpfsm_sk(sk)->rtx_timer, TCPFSM_DEFER_RTX);
	tcpfsm_timer_stop(sk, &tcpfsm_sk(sk)->ka_timer, TCPFSM_DEFER_KEEPALIVE);
	tcpfsm_timer_stop(sk, &tcpfsm_sk(sk)->delack_timer,
			  TCPFSM_DEFER_DELACK);
}

/* RFC 6298 2.2-2.4: fold one RTT sample (microseconds) into SRTT/RTTVAR. */
static void tcpfsm_rtt_sample(struct sock *sk, u32 r)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	const struct tcpfsm_sysctl *cfg = &tn_of(sk)->cfg;
	u32 lo = READ_ONCE(cfg->rto_min_ms) * USEC_PER_MSEC;
	u32 hi = READ_ONCE(cfg->rto_max_ms) * USEC_PER_MSEC;
	u64 rto;

	if (!r)
		r = 1;
	if (!ts->srtt) {
		ts->srtt = r;
		ts->rttvar = r / 2;
	} else {
		u32 delta = ts->srtt > r ? ts->srtt - r : r - ts->srtt;

		ts->rttvar = (3 * ts->rttvar + delta) / 4;
		ts->srtt = (7 * ts->srtt + r) / 8;
	}
	rto = (u64)ts->srtt + max_t(u32, 4 * ts->rttvar, 1000);
	ts->rto = clamp_t(u64, rto, lo, hi);
}

/* ---- the send side ---- */

/* Add a segment to the write queue and account for it. */
static void tcpfsm_queue_tail(struct sock *sk, struct sk_buff *skb)
{
	__skb_queue_tail(&sk->sk_write_queue, skb);
	sk_wmem_queued_add(sk, skb->truesize);
}

static void tcpfsm_queue_free(struct sock *sk, struct sk_buff *skb)
{
	sk_wmem_queued_add(sk, -skb->truesize);
	kfree_skb(skb);
}

/* Queue a SYN, SYN-ACK or FIN: one sequence number, no data. */
static int tcpfsm_queue_ctl(struct sock *sk, u8 flags)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct sk_buff *skb = tcpfsm_alloc_text(0, GFP_ATOMIC);

	if (!skb)
		return -ENOBUFS;
	TCPFSM_SKB_CB(skb)->flags = flags;
	TCPFSM_SKB_CB(skb)->seq = ts->write_seq;
	TCPFSM_SKB_CB(skb)->end_seq = ts->write_seq + 1;
	ts->write_seq++;
	tcpfsm_queue_tail(sk, skb);
	return 0;
}

static int tcpfsm_send_queued(struct sock *sk, struct sk_buff *skb)
{
	struct tcpfsm_skb_cb *cb = TCPFSM_SKB_CB(skb);
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	int err;

	err = tcpfsm_xmit(sk, skb, cb->flags, cb->seq);
	if (skb->len)
		ts->last_send = jiffies;
	return err;
}

/*
 * Nagle (RFC 9293 3.8.6.2.1) with Minshall's refinement, as Linux has it:
 * a short segment at the tail of the queue waits while an earlier short
 * segment is unacknowledged, unless TCP_NODELAY.  More writes fill it.
 */
static bool tcpfsm_nagle_holds(const struct sock *sk, const struct sk_buff *skb)
{
	const struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	return !ts->nodelay && skb->len < ts->snd_mss &&
	       skb_queue_is_last(&sk->sk_write_queue, skb) &&
	       tcpfsm_seq_gt(ts->snd_sml, ts->tcb.snd_una) &&
	       !tcpfsm_seq_gt(ts->snd_sml, ts->tcb.snd_nxt);
}

/**
 * tcpfsm_push() - send what the write queue holds and the window allows.
 * @sk: the socket, locked
 *
 * Segments leave in order while they fit in SND.UNA + SND.WND; a FIN or a
 * SYN goes as soon as what precedes it has gone.  The first segment that
 * leaves with nothing in flight starts the retransmission timer and, if no
 * RTT measurement runs, is timed (Karn: never a retransmission).
 *
 * Return: how many segments left.
 */
int tcpfsm_push(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct sk_buff *skb;
	int sent = 0;

	skb_queue_walk(&sk->sk_write_queue, skb) {
		struct tcpfsm_skb_cb *cb = TCPFSM_SKB_CB(skb);
		u32 wnd_end = ts->tcb.snd_una + ts->tcb.snd_wnd;

		if (cb->sent)
			continue;
		/*
		 * Data beyond the window waits.  With nothing in flight the
		 * retransmission timer runs as the persist timer and probes
		 * the window (RFC 9293 3.8.6.1).
		 */
		if (skb->len && tcpfsm_seq_gt(cb->end_seq, wnd_end)) {
			if (ts->tcb.snd_una == ts->tcb.snd_nxt &&
			    !hrtimer_is_queued(&ts->rtx_timer))
				tcpfsm_arm_rtx(sk);
			break;
		}
		if (skb->len && tcpfsm_nagle_holds(sk, skb))
			break;
		cb->sent = 1;
		if (skb->len && skb->len < ts->snd_mss)
			ts->snd_sml = cb->end_seq;
		if (!ts->rtt_start) {
			ts->rtt_seq = cb->end_seq;
			ts->rtt_start = ktime_get_ns();
		}
		if (tcpfsm_seq_gt(cb->end_seq, ts->tcb.snd_nxt))
			ts->tcb.snd_nxt = cb->end_seq;
		if (cb->flags & TCPFSM_FIN)
			ts->tcb.fin_sent = true;
		tcpfsm_send_queued(sk, skb);
		sent++;
		if (!hrtimer_is_queued(&ts->rtx_timer))
			tcpfsm_arm_rtx(sk);
	}
	return sent;
}

/*
 * Cut the unsent data segment @skb after @len bytes; the rest becomes the
 * next segment of the write queue.
 */
static int tcpfsm_split(struct sock *sk, struct sk_buff *skb, u32 len)
{
	struct tcpfsm_skb_cb *cb = TCPFSM_SKB_CB(skb);
	u32 rest = skb->len - len;
	struct sk_buff *tail = tcpfsm_alloc_text(rest, GFP_ATOMIC);

	if (!tail)
		return -ENOBUFS;
	skb_copy_bits(skb, len, skb_put(tail, rest), rest);
	__skb_trim(skb, len);
	*TCPFSM_SKB_CB(tail) = *cb;
	TCPFSM_SKB_CB(tail)->seq = cb->seq + len;
	cb->end_seq = cb->seq + len;
	cb->flags &= ~TCPFSM_PSH;
	__skb_queue_after(&sk->sk_write_queue, skb, tail);
	sk_wmem_queued_add(sk, tail->truesize);
	return 0;
}

/* Send the oldest unacknowledged segment again. */
static void tcpfsm_resend_head(struct sock *sk, struct sk_buff *skb)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	ts->rtt_start = 0;		/* Karn */
	ts->total_retrans++;
	TCPFSM_INC_STATS(sock_net(sk), TCPFSM_MIB_RETRANSSEGS);
	tcpfsm_send_queued(sk, skb);
}

/*
 * A loss: resend the head, and repair what follows it up to the SND.NXT
 * of now, one hole per partial ACK (RFC 6582).
 */
static void tcpfsm_enter_recovery(struct sock *sk, struct sk_buff *skb)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	ts->in_recovery = true;
	ts->recover = ts->tcb.snd_nxt;
	tcpfsm_resend_head(sk, skb);
}

/*
 * The retransmission timer fired: resend the oldest unacknowledged segment
 * and back off (RFC 6298 5.4-5.6); each partial ACK then resends the next
 * hole.  With nothing in flight it is the persist timer: a zero window is
 * probed with <SEQ=SND.UNA-1> (which the peer must ACK with its window), a
 * window too small for the next segment gets what fits of it.
 */
static void tcpfsm_retransmit(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct sk_buff *skb = skb_peek(&sk->sk_write_queue);

	if (!skb)
		return;
	ts->rtt_start = 0;		/* Karn */
	ts->dupacks = 0;
	ts->rtx_count++;
	ts->backoff++;
	if (!TCPFSM_SKB_CB(skb)->sent) {
		if (!ts->tcb.snd_wnd) {
			ts->probes++;
			tcpfsm_xmit(sk, NULL, TCPFSM_ACK,
				    ts->tcb.snd_una - 1);
			return;
		}
		/* Send what the window takes of the segment (RFC 9293 3.8.6.1). */
		if (ts->tcb.snd_wnd < skb->len &&
		    tcpfsm_split(sk, skb, ts->tcb.snd_wnd))
			return;		/* no memory: the timer tries again */
		tcpfsm_push(sk);
		return;
	}
	/* What followed it is likely lost too. */
	tcpfsm_enter_recovery(sk, skb);
}

/**
 * tcpfsm_send_ack() - send a bare ACK: SND.NXT, RCV.NXT, our window.
 * @sk: the socket, locked
 */
void tcpfsm_send_ack(struct sock *sk)
{
	tcpfsm_xmit(sk, NULL, TCPFSM_ACK, tcpfsm_sk(sk)->tcb.snd_nxt);
}

/* An active reset: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>. */
static void tcpfsm_send_rst(struct sock *sk)
{
	tcpfsm_xmit(sk, NULL, TCPFSM_RST | TCPFSM_ACK,
		    tcpfsm_sk(sk)->tcb.snd_nxt);
}

/* ---- the receive side ---- */

/*
 * An ACK that acknowledges nothing new, carries no text and no window
 * change while data is in flight says a segment after a hole arrived.
 * The third in a row retransmits the hole at once (RFC 5681 3.2).
 */
static void tcpfsm_dup_ack(struct sock *sk, const struct tcpfsm_seg *seg)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct sk_buff *skb = skb_peek(&sk->sk_write_queue);

	if (ts->tcb.snd_una == ts->tcb.snd_nxt || seg->datalen ||
	    (seg->flags & (TCPFSM_SYN | TCPFSM_FIN)) ||
	    seg->wnd != ts->tcb.snd_wnd || !skb || !TCPFSM_SKB_CB(skb)->sent) {
		ts->dupacks = 0;
		return;
	}
	if (++ts->dupacks == 3 && !ts->in_recovery)
		tcpfsm_enter_recovery(sk, skb);
}

/* The ACK field: SND.UNA advances, acked segments leave the queue. */
static void tcpfsm_take_ack(struct sock *sk, const struct tcpfsm_seg *seg)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct sk_buff *skb;
	u32 ack = seg->ack;

	if (!(seg->flags & TCPFSM_ACK))
		return;
	if (ack == ts->tcb.snd_una)
		tcpfsm_dup_ack(sk, seg);
	if (tcpfsm_seq_ge(ack, ts->tcb.snd_una) &&
	    tcpfsm_seq_le(ack, ts->tcb.snd_nxt)) {
		if (!ts->tcb.snd_wnd && seg->wnd) {
			/* The window opened: the persist episode is over. */
			tcpfsm_timer_stop(sk, &ts->rtx_timer, TCPFSM_DEFER_RTX);
			ts->rtx_count = 0;
			ts->backoff = 0;
			ts->probes = 0;
			/*
			 * What was in flight when it shut was not kept: send
			 * it again now, not after a backed-off timeout.
			 */
			skb = skb_peek(&sk->sk_write_queue);
			if (skb && TCPFSM_SKB_CB(skb)->sent)
				tcpfsm_resend_head(sk, skb);
			if (ts->tcb.snd_una != ts->tcb.snd_nxt)
				tcpfsm_arm_rtx(sk);
		} else if (!seg->wnd && ts->tcb.snd_una == ts->tcb.snd_nxt) {
			/*
			 * A window probe answered: the peer is alive, only
			 * slow to read.  Probing goes on, backed off, for as
			 * long as it answers (RFC 9293 3.8.6.1).
			 */
			ts->rtx_count = 0;
		}
		ts->tcb.snd_wnd = seg->wnd;
	}
	if (!tcpfsm_seq_gt(ack, ts->tcb.snd_una) ||
	    tcpfsm_seq_gt(ack, ts->tcb.snd_nxt))
		return;

	if (ts->rtt_start && tcpfsm_seq_ge(ack, ts->rtt_seq)) {
		tcpfsm_rtt_sample(sk, div_u64(ktime_get_ns() - ts->rtt_start,
					      NSEC_PER_USEC));
		ts->rtt_start = 0;
	}
	while ((skb = skb_peek(&sk->sk_write_queue)) &&
	       tcpfsm_seq_le(TCPFSM_SKB_CB(skb)->end_seq, ack)) {
		__skb_unlink(skb, &sk->sk_write_queue);
		tcpfsm_queue_free(sk, skb);
	}
	ts->tcb.snd_una = ack;
	ts->rtx_count = 0;
	ts->backoff = 0;
	ts->retrans_start = 0;
	ts->dupacks = 0;
	if (ts->in_recovery && tcpfsm_seq_ge(ack, ts->recover))
		ts->in_recovery = false;
	if (ts->tcb.snd_una == ts->tcb.snd_nxt) {
		tcpfsm_timer_stop(sk, &ts->rtx_timer, TCPFSM_DEFER_RTX);
	} else {
		skb = skb_peek(&sk->sk_write_queue);
		/* A partial ACK: the next hole is the new head (RFC 6582). */
		if (ts->in_recovery && skb && TCPFSM_SKB_CB(skb)->sent)
			tcpfsm_resend_head(sk, skb);
		tcpfsm_restart_rtx(sk);
	}
	sk->sk_write_space(sk);
}

/* Whether the receive buffer can take @skb. */
static bool tcpfsm_rmem_room(const struct sock *sk, const struct sk_buff *skb)
{
	return atomic_read(&sk->sk_rmem_alloc) + skb->truesize <=
	       READ_ONCE(sk->sk_rcvbuf);
}

/*
 * A segment after a hole waits in the out-of-order queue, sorted by
 * sequence number, whole (header and parsed header kept), charged to the
 * receive buffer.  A duplicate of a waiting segment is dropped.
 */
static bool tcpfsm_ooo_queue(struct sock *sk, struct sk_buff *skb, u32 start)
{
	struct sk_buff_head *q = &tcpfsm_sk(sk)->ooo_queue;
	struct sk_buff *pos;

	skb_queue_walk(q, pos) {
		u32 s = TCPFSM_RX_SEG(pos)->seq;

		if (s == TCPFSM_RX_SEG(skb)->seq)
			return false;
		if (tcpfsm_seq_gt(s, start))
			break;
	}
	skb_dst_drop(skb);
	skb_set_owner_r(skb, sk);
	/* Before the first later segment; at the tail when there is none. */
	__skb_queue_before(q, pos, skb);
	return true;
}

/* The first waiting segment once nothing is missing before it, unlinked. */
static struct sk_buff *tcpfsm_ooo_ready(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct sk_buff *skb = skb_peek(&ts->ooo_queue);

	if (!skb || tcpfsm_seq_gt(TCPFSM_RX_SEG(skb)->seq, ts->tcb.rcv_nxt) ||
	    sk->sk_state == TCPFSM_CLOSE)
		return NULL;
	__skb_unlink(skb, &ts->ooo_queue);
	skb_orphan(skb);
	return skb;
}

/*
 * Text in sequence goes to the receive queue; text before RCV.NXT is
 * trimmed; text after a hole waits in the out-of-order queue until the
 * hole is filled.  Nothing is taken beyond SO_RCVBUF, but text in order
 * makes room by dropping what waits after a hole, the highest first.
 * Returns whether @skb was taken.
 */
static bool tcpfsm_take_text(struct sock *sk, struct sk_buff *skb,
			     const struct tcpfsm_seg *seg)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	u32 start = seg->seq + !!(seg->flags & TCPFSM_SYN);
	u32 end = start + seg->datalen;
	u32 skip;

	if (!seg->datalen || (sk->sk_shutdown & RCV_SHUTDOWN))
		return false;
	if (tcpfsm_seq_gt(start, ts->tcb.rcv_nxt)) {
		if (!tcpfsm_rmem_room(sk, skb))
			return false;	/* the peer cannot make us hold more */
		return tcpfsm_ooo_queue(sk, skb, start);
	}
	if (!tcpfsm_seq_gt(end, ts->tcb.rcv_nxt))
		return false;	/* all of it came before */
	/* Text in order goes before text after a hole (RFC 9293 3.10.7.4). */
	while (!tcpfsm_rmem_room(sk, skb) && !skb_queue_empty(&ts->ooo_queue))
		kfree_skb(__skb_dequeue_tail(&ts->ooo_queue));
	if (!tcpfsm_rmem_room(sk, skb))
		return false;
	skip = seg->hdrlen + (ts->tcb.rcv_nxt - start);
	if (!pskb_pull(skb, skip))
		return false;
	skb_dst_drop(skb);
	skb_set_owner_r(skb, sk);
	TCPFSM_SKB_CB(skb)->seq = ts->tcb.rcv_nxt;
	TCPFSM_SKB_CB(skb)->end_seq = end;
	TCPFSM_SKB_CB(skb)->used = 0;
	__skb_queue_tail(&sk->sk_receive_queue, skb);
	ts->tcb.rcv_nxt = end;
	ts->rcv_seg_max = max_t(u16, ts->rcv_seg_max,
				min_t(u32, seg->datalen, ts->rcv_mss));
	ts->last_recv_data = jiffies;
	sk->sk_data_ready(sk);
	return true;
}

static void tcpfsm_take_syn(struct sock *sk, const struct tcpfsm_seg *seg)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	u16 mss = seg->mss ? seg->mss : 536;

	ts->tcb.irs = seg->seq;
	ts->tcb.rcv_nxt = seg->seq + 1;
	ts->copied_seq = ts->tcb.rcv_nxt;
	ts->rcv_edge = ts->tcb.rcv_nxt;
	ts->tcb.snd_wnd = seg->wnd;
	ts->snd_mss = min_t(u16, min_t(u16, mss, ts->rcv_mss), TCPFSM_MSS_MAX);
	if (ts->user_mss)
		ts->snd_mss = min(ts->snd_mss, ts->user_mss);
}

/* ---- children of a listener ---- */

/*
 * A SYN came to listener @lsk: make a child, enter it in the tables and the
 * SYN queue, and carry out the rest of the step (take the SYN, go to @next,
 * send <SYN,ACK>) on it, under its own lock so that its next segment,
 * which may come on another CPU, waits for all of that.
 */
static void tcpfsm_child_spawn(struct sock *lsk, struct sk_buff *skb,
			       const struct tcpfsm_seg *seg, int next)
{
	struct tcpfsm_sock *lts = tcpfsm_sk(lsk);
	const struct iphdr *iph = ip_hdr(skb);
	struct tcpfsm_sock *cts;
	struct flowi4 *fl4;
	struct sock *child;
	struct rtable *rt;

	if (lts->syn_count + READ_ONCE(lsk->sk_ack_backlog) >=
	    max_t(u32, READ_ONCE(lsk->sk_max_ack_backlog), 1))
		return;		/* backlog full: the peer will try again */

	child = sk_alloc(sock_net(lsk), lsk->sk_family, GFP_ATOMIC,
			 lsk->sk_prot, 0);
	if (!child)
		return;
	sock_init_data(NULL, child);
	tcpfsm_init_sock(child);
	cts = tcpfsm_sk(child);
	child->sk_state = TCPFSM_LISTEN;	/* so LISTEN -> SYN_RECV is counted */
	child->sk_protocol = lsk->sk_protocol;
	child->sk_type = lsk->sk_type;
	child->sk_destruct = lsk->sk_destruct;
	inet_sk(child)->uc_ttl = -1;
	child->sk_rcvbuf = READ_ONCE(lsk->sk_rcvbuf);
	child->sk_sndbuf = READ_ONCE(lsk->sk_sndbuf);
	child->sk_reuse = lsk->sk_reuse;
	child->sk_mark = lsk->sk_mark;
	child->sk_userlocks = lsk->sk_userlocks;
	sock_copy_flags(child, lsk);
	sock_reset_flag(child, SOCK_DEAD);
	cts->keepidle = lts->keepidle;
	cts->keepintvl = lts->keepintvl;
	cts->keepcnt = lts->keepcnt;
	cts->linger2 = lts->linger2;
	cts->user_timeout = lts->user_timeout;
	cts->nodelay = lts->nodelay;
	cts->user_mss = lts->user_mss;

	inet_sk(child)->inet_saddr = iph->daddr;
	child->sk_rcv_saddr = iph->daddr;
	child->sk_daddr = iph->saddr;
	child->sk_dport = htons(seg->sport);
	inet_sk(child)->inet_num = seg->dport;
	inet_sk(child)->inet_sport = htons(seg->dport);
	cts->h.laddr = iph->daddr;
	cts->h.raddr = iph->saddr;
	cts->h.lport = seg->dport;
	cts->h.rport = htons(seg->sport);

	/* ip_queue_xmit() takes the addresses from the cached flow. */
	fl4 = &inet_sk(child)->cork.fl.u.ip4;
	flowi4_init_output(fl4, 0, child->sk_mark, 0, RT_SCOPE_UNIVERSE,
			   child->sk_protocol, 0, iph->saddr, iph->daddr,
			   child->sk_dport, inet_sk(child)->inet_sport,
			   sock_net_uid(sock_net(child), child));
	rt = ip_route_output_flow(sock_net(child), fl4, child);
	if (IS_ERR(rt))
		goto free;
	sk_setup_caps(child, &rt->dst);
	cts->rcv_mss = tcpfsm_route_mss(dst_mtu(&rt->dst));

	cts->tcb.passive = true;
	cts->tcb.iss = tcpfsm_isn_for(child);
	cts->tcb.snd_una = cts->tcb.iss;
	cts->tcb.snd_nxt = cts->tcb.iss;
	cts->write_seq = cts->tcb.iss;
	cts->snd_sml = cts->tcb.iss;

	bh_lock_sock_nested(child);
	if (tcpfsm_ehash_insert(&cts->h)) {
		bh_unlock_sock(child);
		goto free;
	}
	sock_hold(child);			/* the connection table's */
	tcpfsm_port_inherit(child, iph->daddr, seg->dport);

	sock_hold(lsk);
	cts->parent = lsk;
	spin_lock(&lts->accept_lock);
	list_add_tail(&cts->child_node, &lts->syn_queue);
	lts->syn_count++;
	spin_unlock(&lts->accept_lock);
	/* sk_alloc()'s reference stands for the queue, then for accept(). */

	tcpfsm_take_syn(child, seg);
	tcpfsm_set_state(child, next);
	tcpfsm_queue_ctl(child, TCPFSM_SYN | TCPFSM_ACK);
	tcpfsm_push(child);
	bh_unlock_sock(child);
	return;

free:
	sk_free(child);
}

/*
 * A child established: from the SYN queue to the accept queue, unless its
 * listener is closing, which then owns the child and will abort it.
 */
static void tcpfsm_child_to_accept_queue(struct sock *child)
{
	struct tcpfsm_sock *cts = tcpfsm_sk(child);
	struct sock *lsk = cts->parent;
	struct tcpfsm_sock *lts;

	if (!lsk)
		return;
	lts = tcpfsm_sk(lsk);
	spin_lock(&lts->accept_lock);
	if (READ_ONCE(lsk->sk_state) == TCPFSM_LISTEN) {
		list_move_tail(&cts->child_node, &lts->accept_queue);
		cts->acceptable = true;
		lts->syn_count--;
		sk_acceptq_added(lsk);
	}
	spin_unlock(&lts->accept_lock);
	lsk->sk_data_ready(lsk);
}

/*
 * A child died before accept(): out of its listener's queues, and its
 * queue reference and its hold on the listener go.  If the listener is
 * closing, it owns the queues and does this itself.
 */
static void tcpfsm_child_unlink(struct sock *child, bool drop_queue_ref)
{
	struct tcpfsm_sock *cts = tcpfsm_sk(child);
	struct sock *lsk = cts->parent;
	struct tcpfsm_sock *lts;
	bool mine = false;

	if (!lsk)
		return;
	lts = tcpfsm_sk(lsk);
	spin_lock_bh(&lts->accept_lock);
	if (READ_ONCE(lsk->sk_state) == TCPFSM_LISTEN &&
	    !list_empty(&cts->child_node)) {
		if (cts->acceptable)
			sk_acceptq_removed(lsk);
		else
			lts->syn_count--;
		list_del_init(&cts->child_node);
		mine = true;
	}
	spin_unlock_bh(&lts->accept_lock);
	if (!mine)
		return;
	cts->parent = NULL;
	sock_put(lsk);
	if (drop_queue_ref)
		sock_put(child);
}

/* ---- the end of a connection ---- */

/**
 * tcpfsm_done() - a connection reached CLOSED: unhash it, stop its timers.
 * @sk: the socket, locked
 *
 * The port is released at once (as Linux's tcp_done() does), the queues
 * are purged, and a child not yet accepted leaves its listener.  An orphan
 * is freed when the last reference goes.
 */
void tcpfsm_done(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	tcpfsm_timers_stop(sk);
	if (tcpfsm_ehash_remove(&ts->h))
		__sock_put(sk);
	tcpfsm_lhash_del(sk);
	tcpfsm_port_put(sk);
	__skb_queue_purge(&sk->sk_write_queue);
	__skb_queue_purge(&ts->ooo_queue);
	sk_wmem_queued_add(sk, -sk->sk_wmem_queued);
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);
	if (ts->parent)
		tcpfsm_child_unlink(sk, true);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_state_change(sk);
}

/* ---- the interpreter ---- */

/**
 * tcpfsm_run() - carry out what one step of the table decided.
 * @sk: the socket, locked (by its owner or bh_lock_sock())
 * @skb: the segment of a segment event, else NULL
 * @seg: its parsed header, else NULL
 * @res: the step's result
 *
 * The commands are done in the order of enum tcpfsm_cmd: the peer's ACK
 * and text first, then what we send, then timers, then the state change
 * and the wake-ups.  Entering TIME_WAIT hands the connection to a small
 * record and closes the socket.
 *
 * Return: whether @skb was taken (queued for the reader).
 */
bool tcpfsm_run(struct sock *sk, struct sk_buff *skb,
		const struct tcpfsm_seg *seg, const struct tcpfsm_result *res)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	u32 cmds = res->cmds;
	bool taken = false;
	int sent = 0;

	if (cmds & TCPFSM_CMD_SPAWN_CHILD) {
		tcpfsm_child_spawn(sk, skb, seg, res->next);
		return false;
	}

	if (cmds & TCPFSM_CMD_TAKE_SYN)
		tcpfsm_take_syn(sk, seg);
	if (cmds & TCPFSM_CMD_TAKE_ACK)
		tcpfsm_take_ack(sk, seg);
	if (cmds & TCPFSM_CMD_DELIVER)
		taken = tcpfsm_take_text(sk, skb, seg);
	if (cmds & TCPFSM_CMD_DELIVER_EOF) {
		ts->tcb.rcv_nxt++;
		ts->copied_seq++;	/* the FIN is nothing to read */
		WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | RCV_SHUTDOWN);
		sock_set_flag(sk, SOCK_DONE);
	}

	if (res->next != TCPFSM_SAME && res->next != TCPFSM_TIME_WAIT &&
	    !(cmds & TCPFSM_CMD_DELETE_TCB))
		tcpfsm_set_state(sk, res->next);

	if (cmds & TCPFSM_CMD_SEND_SYN) {
		tcpfsm_queue_ctl(sk, TCPFSM_SYN);
		tcpfsm_push(sk);
	}
	if (cmds & TCPFSM_CMD_SEND_SYN_ACK) {
		struct sk_buff *head = skb_peek(&sk->sk_write_queue);

		/* Simultaneous open re-sends its SYN, now with ACK. */
		if (head && (TCPFSM_SKB_CB(head)->flags & TCPFSM_SYN)) {
			TCPFSM_SKB_CB(head)->flags |= TCPFSM_ACK;
			tcpfsm_send_queued(sk, head);
		} else {
			tcpfsm_queue_ctl(sk, TCPFSM_SYN | TCPFSM_ACK);
			tcpfsm_push(sk);
		}
	}
	if (cmds & TCPFSM_CMD_SEND_FIN) {
		tcpfsm_queue_ctl(sk, TCPFSM_FIN | TCPFSM_ACK);
		tcpfsm_push(sk);
	}
	if (cmds & TCPFSM_CMD_SEND_DATA)
		sent = tcpfsm_push(sk);
	if (cmds & TCPFSM_CMD_SEND_ACK) {
		/*
		 * With a hole, a bare ACK goes at once even if data went: it
		 * is the duplicate ACK that tells the sender (RFC 5681 4.2);
		 * tcpfsm_sk_rcv() sends it after the segments the hole held
		 * back, if it was just filled, so that one ACK covers all.
		 * Text that came in order, no hole behind it, may wait.
		 */
		bool hole = !skb_queue_empty(&ts->ooo_queue);

		if (hole)
			ts->ack_now = 1;	/* once the hole is looked at */
		else if (taken && !sent && !(cmds & TCPFSM_CMD_DELIVER_EOF) &&
			 tcpfsm_seq_gt(ts->tcb.rcv_nxt, ts->rcv_wup))
			tcpfsm_delay_ack(sk);
		else if (!sent)
			tcpfsm_send_ack(sk);
	}
	if ((cmds & TCPFSM_CMD_CHALLENGE_ACK) &&
	    tcpfsm_challenge_ok(sock_net(sk)))
		tcpfsm_send_ack(sk);
	if (cmds & TCPFSM_CMD_SEND_RST)
		tcpfsm_send_rst(sk);
	if ((cmds & TCPFSM_CMD_REPLY_RST) && seg)
		tcpfsm_reply_rst(sock_net(sk), skb, seg);
	if (cmds & TCPFSM_CMD_SEND_PROBE)
		tcpfsm_xmit(sk, NULL, TCPFSM_ACK, ts->tcb.snd_nxt - 1);
	if (cmds & TCPFSM_CMD_RETRANSMIT)
		tcpfsm_retransmit(sk);

	if (cmds & TCPFSM_CMD_STOP_TIMERS)
		tcpfsm_timers_stop(sk);
	/*
	 * Started if not running (RFC 6298 5.1): more data to send must not
	 * push back the timeout of what is in flight, or the persist probe.
	 */
	if ((cmds & TCPFSM_CMD_ARM_RETRANS) &&
	    !hrtimer_is_queued(&ts->rtx_timer) &&
	    (tcpfsm_seq_lt(ts->tcb.snd_una, ts->tcb.snd_nxt) ||
	     !skb_queue_empty(&sk->sk_write_queue)))
		tcpfsm_arm_rtx(sk);
	if ((cmds & TCPFSM_CMD_STOP_RETRANS) &&
	    ts->tcb.snd_una == ts->tcb.snd_nxt)
		tcpfsm_timer_stop(sk, &ts->rtx_timer, TCPFSM_DEFER_RTX);
	if ((cmds & TCPFSM_CMD_ARM_KEEPALIVE) && sock_flag(sk, SOCK_KEEPOPEN))
		tcpfsm_arm_keepalive(sk, tcpfsm_keep_idle(sk));
	if (cmds & TCPFSM_CMD_ARM_FIN_WAIT2)
		tcpfsm_arm_keepalive(sk, tcpfsm_fin_timeout(sk));

	if (cmds & TCPFSM_CMD_TO_ACCEPT_QUEUE)
		tcpfsm_child_to_accept_queue(sk);
	if (res->sk_err) {
		WRITE_ONCE(sk->sk_err, res->sk_err);
		sk_error_report(sk);
	}

	if (res->next == TCPFSM_TIME_WAIT) {
		tcpfsm_set_state(sk, TCPFSM_TIME_WAIT);
		tcpfsm_tw_enter(sk);
		/* The record carries on; the socket itself is done. */
		sk->sk_state = TCPFSM_CLOSE;
		tcpfsm_done(sk);
	} else if (cmds & TCPFSM_CMD_DELETE_TCB) {
		if (res->next != TCPFSM_SAME)
			tcpfsm_set_state(sk, res->next);
		if (sk->sk_state == TCPFSM_LISTEN && ts->parent)
			sk->sk_state = TCPFSM_CLOSE;	/* a child back to LISTEN */
		tcpfsm_done(sk);
	}
	if ((cmds & TCPFSM_CMD_WAKE) && !sock_flag(sk, SOCK_DEAD))
		sk->sk_state_change(sk);
	return taken;
}

/**
 * tcpfsm_event() - feed an application or timer event to the machine.
 * @sk: the socket, locked
 * @ev: the event
 *
 * Return: the errno the step decided for the caller (0 or negative).
 */
int tcpfsm_event(struct sock *sk, enum tcpfsm_event ev)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct tcpfsm_result res;

	tcpfsm_tcb_sync(sk);
	tcpfsm_step(&ts->tcb, ev, NULL, &res);
	tcpfsm_run(sk, NULL, NULL, &res);
	return res.err;
}

/**
 * tcpfsm_tcb_sync() - bring the TCB's view of the socket up to date.
 * @sk: the socket
 */
void tcpfsm_tcb_sync(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	ts->tcb.state = sk->sk_state;
	ts->tcb.orphan = sock_flag(sk, SOCK_DEAD);
	ts->tcb.rfc1337 = READ_ONCE(tn_of(sk)->cfg.rfc1337);
	ts->tcb.rcv_wnd = max_t(u32, ts->tcb.rcv_wnd, tcpfsm_rcv_window(sk));
}

/* One segment through the machine. */
static void tcpfsm_sk_rcv_one(struct sock *sk, struct sk_buff *skb)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct tcpfsm_seg seg = *TCPFSM_RX_SEG(skb);
	struct tcpfsm_result res;
	enum tcpfsm_event ev;

	tcpfsm_tcb_sync(sk);
	ev = tcpfsm_classify(&ts->tcb, &seg);
	if (ev != TCPFSM_EV_DROP && ev != TCPFSM_EV_UNACCEPTABLE) {
		ts->last_recv = jiffies;
		ts->probes = 0;
	}
	tcpfsm_step(&ts->tcb, ev, &seg, &res);
	if (!tcpfsm_run(sk, skb, &seg, &res))
		consume_skb(skb);
}

/**
 * tcpfsm_sk_rcv() - a segment for a socket: classify, step, run.
 * @sk: the socket, locked (softirq with bh_lock_sock(), or the owner
 *	draining its backlog)
 * @skb: the segment, its parsed header in skb->cb; consumed
 *
 * Segments that were waiting behind a hole this one filled go through
 * the machine next, in order, as if they had just come (in a loop, not
 * by recursion); then the ACK a hole calls for goes, covering them all.
 *
 * Return: 0.
 */
int tcpfsm_sk_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	tcpfsm_sk_rcv_one(sk, skb);
	while ((skb = tcpfsm_ooo_ready(sk)))
		tcpfsm_sk_rcv_one(sk, skb);
	if (ts->ack_now) {
		ts->ack_now = 0;
		if (sk->sk_state != TCPFSM_CLOSE)
			tcpfsm_send_ack(sk);
	}
	return 0;
}

/*
 * The backlog is drained by the owner in process context with BHs on; the
 * receive path takes locks that softirqs take too, so run it as softirq
 * code would.
 */
static int tcpfsm_backlog_rcv(struct sock *sk, struct sk_buff *skb)
{
	local_bh_disable();
	tcpfsm_sk_rcv(sk, skb);
	local_bh_enable();
	return 0;
}

/* ---- timer callbacks (softirq) and their deferral to the owner ---- */

/*
 * The peer shut its window on data in flight (it could not keep it) and
 * still answers: the retransmissions are window probes, which do not end
 * a connection whose peer was heard from within rto_max_ms, as Linux
 * has it.  An orphan gets no such grace.
 */
static bool tcpfsm_window_shut(const struct sock *sk)
{
	const struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	unsigned long max = msecs_to_jiffies(READ_ONCE(tn_of(sk)->cfg.rto_max_ms));

	return !ts->tcb.snd_wnd && !sock_flag(sk, SOCK_DEAD) &&
	       !((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) &&
	       time_before(jiffies, ts->last_recv + max);
}

static void tcpfsm_rtx_timeout(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	enum tcpfsm_event ev = TCPFSM_EV_RETRANS_TIMEOUT;
	u64 now = ktime_get_ns();

	if (!tcpfsm_seq_lt(ts->tcb.snd_una, ts->tcb.snd_nxt) &&
	    skb_queue_empty(&sk->sk_write_queue))
		return;
	if (now < ts->rtx_due) {	/* ACKs moved it on */
		tcpfsm_timer_arm(sk, &ts->rtx_timer, TCPFSM_DEFER_RTX,
				 ts->rtx_due - now);
		return;
	}
	if (!ts->retrans_start)
		ts->retrans_start = now;
	if (ts->rtx_count >= tcpfsm_retry_limit(sk) && !tcpfsm_window_shut(sk))
		ev = TCPFSM_EV_RETRANS_GIVE_UP;
	if (ts->user_timeout && sk->sk_state != TCPFSM_SYN_RECV &&
	    now - ts->retrans_start >= (u64)ts->user_timeout * NSEC_PER_MSEC)
		ev = TCPFSM_EV_RETRANS_GIVE_UP;
	tcpfsm_event(sk, ev);
}

static void tcpfsm_ka_timeout(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	unsigned long idle;
	int idle_s;

	if (sk->sk_state == TCPFSM_FIN_WAIT2 && sock_flag(sk, SOCK_DEAD)) {
		tcpfsm_event(sk, TCPFSM_EV_FIN_WAIT2_TIMEOUT);
		return;
	}
	if (!sock_flag(sk, SOCK_KEEPOPEN))
		return;
	switch (sk->sk_state) {
	case TCPFSM_ESTABLISHED:
	case TCPFSM_FIN_WAIT1:
	case TCPFSM_FIN_WAIT2:
	case TCPFSM_CLOSE_WAIT:
		break;
	default:
		return;
	}
	idle = jiffies - ts->last_recv;
	idle_s = tcpfsm_keep_idle(sk);
	if (!ts->probes && time_before(jiffies, ts->last_recv + idle_s * HZ)) {
		tcpfsm_arm_keepalive(sk, max_t(unsigned long, 1,
					       (idle_s * HZ - idle) / HZ));
		return;
	}
	if (ts->probes >= tcpfsm_keep_cnt(sk)) {
		tcpfsm_event(sk, TCPFSM_EV_KEEPALIVE_GIVE_UP);
		return;
	}
	ts->probes++;
	tcpfsm_event(sk, TCPFSM_EV_KEEPALIVE_TIMEOUT);
	/* The probe re-armed for keepidle; the next comes after keepintvl. */
	tcpfsm_arm_keepalive(sk, tcpfsm_keep_intvl(sk));
}

static enum hrtimer_restart tcpfsm_timer_fired(struct sock *sk,
					       struct hrtimer *t, int bit,
					       void (*handler)(struct sock *))
{
	/* Re-armed since it expired: the queued timer keeps the reference. */
	if (!tcpfsm_timer_expired(sk, t, bit))
		return HRTIMER_NORESTART;
	bh_lock_sock(sk);
	if (sock_owned_by_user(sk)) {
		/* The owner runs it from release_cb, with its own reference. */
		if (!test_and_set_bit(bit, &tcpfsm_sk(sk)->deferred))
			sock_hold(sk);
	} else {
		handler(sk);
	}
	bh_unlock_sock(sk);
	sock_put(sk);		/* the armed timer's */
	return HRTIMER_NORESTART;
}

static enum hrtimer_restart tcpfsm_rtx_timer(struct hrtimer *t)
{
	struct tcpfsm_sock *ts = container_of(t, struct tcpfsm_sock, rtx_timer);

	return tcpfsm_timer_fired(&ts->inet.sk, t, TCPFSM_DEFER_RTX,
				  tcpfsm_rtx_timeout);
}

/* The delayed ACK is due, unless something we sent has carried it. */
static void tcpfsm_delack_timeout(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	if (ts->tcb.rcv_nxt != ts->rcv_wup &&
	    ((1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_FIN_WAIT1 |
				    TCPF_FIN_WAIT2)))
		tcpfsm_send_ack(sk);
}

static enum hrtimer_restart tcpfsm_delack_timer(struct hrtimer *t)
{
	struct tcpfsm_sock *ts = container_of(t, struct tcpfsm_sock,
					      delack_timer);

	return tcpfsm_timer_fired(&ts->inet.sk, t, TCPFSM_DEFER_DELACK,
				  tcpfsm_delack_timeout);
}

static enum hrtimer_restart tcpfsm_ka_timer(struct hrtimer *t)
{
	struct tcpfsm_sock *ts = container_of(t, struct tcpfsm_sock, ka_timer);

	return tcpfsm_timer_fired(&ts->inet.sk, t, TCPFSM_DEFER_KEEPALIVE,
				  tcpfsm_ka_timeout);
}

/**
 * tcpfsm_release_cb() - run timer work that found the socket owned.
 * @sk: the socket, still owned, at release_sock()
 */
void tcpfsm_release_cb(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	if (test_and_clear_bit(TCPFSM_DEFER_RTX, &ts->deferred)) {
		tcpfsm_rtx_timeout(sk);
		__sock_put(sk);
	}
	if (test_and_clear_bit(TCPFSM_DEFER_KEEPALIVE, &ts->deferred)) {
		tcpfsm_ka_timeout(sk);
		__sock_put(sk);
	}
	if (test_and_clear_bit(TCPFSM_DEFER_DELACK, &ts->deferred)) {
		tcpfsm_delack_timeout(sk);
		__sock_put(sk);
	}
}

/**
 * tcpfsm_keepalive() - SO_KEEPALIVE was switched: arm or stop the timer.
 * @sk: the socket, locked
 * @on: the new value
 */
void tcpfsm_keepalive(struct sock *sk, int on)
{
	if ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN))
		return;
	if (on)
		tcpfsm_arm_keepalive(sk, tcpfsm_keep_idle(sk));
	else if (!(sk->sk_state == TCPFSM_FIN_WAIT2 &&
		   sock_flag(sk, SOCK_DEAD)))
		tcpfsm_timer_stop(sk, &tcpfsm_sk(sk)->ka_timer,
				  TCPFSM_DEFER_KEEPALIVE);
}

/**
 * tcpfsm_route_mss() - the MSS we can take for a path MTU.
 * @mtu: the path MTU
 *
 * Return: MTU less the IPv4 and our header, within 88..TCPFSM_MSS_MAX.
 */
u16 tcpfsm_route_mss(unsigned int mtu)
{
	return clamp_t(unsigned int, mtu - 40, 88, TCPFSM_MSS_MAX);
}

/*
 * ACKs freed write-queue memory.  The queue is charged to sk_wmem_queued,
 * not sk_wmem_alloc, so sock_def_write_space() would wake a writer at
 * every ACK to copy one segment; a writer is woken when a third of the
 * buffer is free, which is when poll() says writable
 * (sk_stream_is_writeable()), as Linux's stream sockets do.
 */
static void tcpfsm_write_space(struct sock *sk)
{
	struct socket *sock = sk->sk_socket;
	struct socket_wq *wq;

	if (!sock || !sk_stream_is_writeable(sk))
		return;
	clear_bit(SOCK_NOSPACE, &sock->flags);
	rcu_read_lock();
	wq = rcu_dereference(sk->sk_wq);
	if (skwq_has_sleeper(wq))
		wake_up_interruptible_poll(&wq->wait, EPOLLOUT | EPOLLWRNORM |
						      EPOLLWRBAND);
	if (wq && wq->fasync_list && !(sk->sk_shutdown & SEND_SHUTDOWN))
		sock_wake_async(wq, SOCK_WAKE_SPACE, POLL_OUT);
	rcu_read_unlock();
}

/**
 * tcpfsm_init_sock() - the protocol part of a new socket.
 * @sk: the socket
 */
void tcpfsm_init_sock(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	/* sk_alloc() zeroed the whole object. */
	ts->h.kind = TCPFSM_HENT_SOCK;
	write_pnet(&ts->h.net, sock_net(sk));
	INIT_HLIST_NODE(&ts->h.bind_node);
	INIT_HLIST_NODE(&ts->h.ehash_node);
	INIT_HLIST_NODE(&ts->lnode);
	hrtimer_init(&ts->rtx_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	ts->rtx_timer.function = tcpfsm_rtx_timer;
	hrtimer_init(&ts->ka_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	ts->ka_timer.function = tcpfsm_ka_timer;
	hrtimer_init(&ts->delack_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	ts->delack_timer.function = tcpfsm_delack_timer;
	spin_lock_init(&ts->accept_lock);
	spin_lock_init(&ts->timer_lock);
	INIT_LIST_HEAD(&ts->accept_queue);
	INIT_LIST_HEAD(&ts->syn_queue);
	INIT_LIST_HEAD(&ts->child_node);
	skb_queue_head_init(&ts->ooo_queue);
	sk->sk_write_space = tcpfsm_write_space;
	ts->rto = READ_ONCE(tn_of(sk)->cfg.rto_initial_ms) * USEC_PER_MSEC;
	ts->snd_mss = 536;
	ts->rcv_mss = 536;
	ts->last_recv = jiffies;
	sk->sk_backlog_rcv = tcpfsm_backlog_rcv;
	sock_set_flag(sk, SOCK_RCU_FREE);
}

/**
 * tcpfsm_conn_init() - the boot-time secret of the ISN generator.
 */
void tcpfsm_conn_init(void)
{
	get_random_bytes(&tcpfsm_isn_key, sizeof(tcpfsm_isn_key));
}
