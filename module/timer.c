// SPDX-License-Identifier: GPL-2.0
/* timer.c: every per-socket timer: arming with references, RTO and RTT, expiry, deferral. */
#include <linux/hrtimer.h>
#include <linux/jiffies.h>
#include <net/sock.h>
#include <net/tcp_states.h>

#include "tcpfsm.h"

/*
 * Three hrtimers per socket, each in softirq context:
 *
 *   rtx_timer     retransmission (RFC 6298), and the persist timer that
 *                 probes a shut window (RFC 9293 3.8.6.1)
 *   ka_timer      keepalive (RFC 9293 3.8.4); for an orphan in FIN_WAIT2,
 *                 the fin_timeout
 *   delack_timer  the delayed ACK (RFC 9293 3.8.6.3)
 *
 * What an expiry means is decided by the pure verdicts of rules.c from
 * the fields read here; what follows from it is an event fed to the state
 * machine (tcpfsm_event()) or a re-arm.
 */

static struct tcpfsm_net *tn_of(const struct sock *sk)
{
	return tcpfsm_pernet(sock_net(sk));
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

/*
 * ---- arming: each timer holds a reference on the socket while armed ----
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

	return tcpfsm_rto_backoff((u64)ts->rto * NSEC_PER_USEC, ts->backoff, max);
}

/**
 * tcpfsm_rtx_arm_within() - (re)start the retransmission timer for one
 *	RTO, or @limit if that is sooner.
 * @sk: the socket, locked
 * @limit: the longest wait, ns
 *
 * Once timeouts have begun, for no longer than TCP_USER_TIMEOUT has left.
 */
void tcpfsm_rtx_arm_within(struct sock *sk, u64 limit)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	u64 now = ktime_get_ns();
	u64 rto = tcpfsm_rto_clamp(tcpfsm_rto_ns(sk), ts->user_timeout,
				   ts->retrans_start, now, sk->sk_state);

	rto = min(rto, limit);
	ts->rtx_due = now + rto;
	tcpfsm_timer_arm(sk, &ts->rtx_timer, TCPFSM_DEFER_RTX, rto);
}

/**
 * tcpfsm_rtx_arm() - (re)start the retransmission timer for one RTO.
 * @sk: the socket, locked
 *
 * Once timeouts have begun, for no longer than TCP_USER_TIMEOUT has left.
 */
void tcpfsm_rtx_arm(struct sock *sk)
{
	tcpfsm_rtx_arm_within(sk, U64_MAX);
}

/**
 * tcpfsm_rtx_restart() - restart the RTO: an ACK of new data (RFC 6298 5.3),
 * or a fast retransmission (as Linux).
 * @sk: the socket, locked
 *
 * Moving a queued hrtimer takes its base lock and updates its tree, once
 * per ACK; while the timer is queued no later than the new due time, only
 * rtx_due moves, and the expiry, come early, re-arms for the rest.
 */
void tcpfsm_rtx_restart(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	u64 due = ktime_get_ns() + tcpfsm_rto_ns(sk);

	if (hrtimer_is_queued(&ts->rtx_timer) &&
	    ktime_to_ns(hrtimer_get_expires(&ts->rtx_timer)) <= due) {
		ts->rtx_due = due;
		return;
	}
	tcpfsm_rtx_arm(sk);
}

/**
 * tcpfsm_rtx_armed() - whether the retransmission timer is queued.
 * @sk: the socket
 *
 * Return: true while it is.
 */
bool tcpfsm_rtx_armed(const struct sock *sk)
{
	return hrtimer_is_queued(&tcpfsm_sk(sk)->rtx_timer);
}

/**
 * tcpfsm_rtx_stop() - stop the retransmission timer.
 * @sk: the socket, locked
 */
void tcpfsm_rtx_stop(struct sock *sk)
{
	tcpfsm_timer_stop(sk, &tcpfsm_sk(sk)->rtx_timer, TCPFSM_DEFER_RTX);
}

static void tcpfsm_ka_arm(struct sock *sk, u64 ns)
{
	tcpfsm_timer_arm(sk, &tcpfsm_sk(sk)->ka_timer, TCPFSM_DEFER_KEEPALIVE,
			 ns);
}

/**
 * tcpfsm_ka_start() - arm the keepalive timer for keepidle, if it is on.
 * @sk: the socket, locked
 */
void tcpfsm_ka_start(struct sock *sk)
{
	if (sock_flag(sk, SOCK_KEEPOPEN))
		tcpfsm_ka_arm(sk, (u64)tcpfsm_keep_idle(sk) * NSEC_PER_SEC);
}

/**
 * tcpfsm_fin_wait2_start() - arm an orphan's FIN_WAIT2 timeout.
 * @sk: the socket, locked
 *
 * It runs on the keepalive timer, which an orphan has no other use for.
 * A negative TCP_LINGER2 makes it expire at once.
 */
void tcpfsm_fin_wait2_start(struct sock *sk)
{
	tcpfsm_ka_arm(sk, tcpfsm_fin_wait2_ns(tcpfsm_sk(sk)->linger2,
					      READ_ONCE(tn_of(sk)->cfg.fin_timeout)));
}

/**
 * tcpfsm_delack_start() - text came in order and its ACK may wait.
 * @sk: the socket, locked
 *
 * The ACK goes now if two full segments are unacknowledged, else within
 * TCPFSM_DELACK_NS (RFC 9293 3.8.6.3, RFC 1122 4.2.3.2).  Anything we send
 * meanwhile carries it.
 */
void tcpfsm_delack_start(struct sock *sk)
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

/**
 * tcpfsm_rtt_sample() - fold one RTT sample into SRTT, RTTVAR and the RTO.
 * @sk: the socket, locked
 * @r: the sample, microseconds
 *
 * RFC 6298 2.2-2.4, the RTO bounded by rto_min_ms and rto_max_ms.
 */
void tcpfsm_rtt_sample(struct sock *sk, u32 r)
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

/* ---- expiry: the verdict of rules.c, then what it asks for ---- */

static void tcpfsm_rtx_timeout(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct tcpfsm_rtx_view v = {
		.now		= ktime_get_ns(),
		.due		= ts->rtx_due,
		.retrans_start	= ts->retrans_start,
		.since_recv	= tcpfsm_since_ns(ts->last_recv, jiffies),
		.rto_max	= (u64)READ_ONCE(tn_of(sk)->cfg.rto_max_ms) *
				  NSEC_PER_MSEC,
		.user_timeout	= ts->user_timeout,
		.state		= sk->sk_state,
		.retries	= ts->rtx_count,
		.limit		= tcpfsm_retry_limit(sk),
		.outstanding	= tcpfsm_seq_lt(ts->tcb.snd_una, ts->tcb.snd_nxt) ||
				  !skb_queue_empty(&sk->sk_write_queue),
		.wnd_zero	= !ts->tcb.snd_wnd,
		.orphan		= sock_flag(sk, SOCK_DEAD),
	};
	struct tcpfsm_timer_verdict vd = tcpfsm_rtx_verdict(&v);

	if (vd.rearm_ns)
		tcpfsm_timer_arm(sk, &ts->rtx_timer, TCPFSM_DEFER_RTX,
				 vd.rearm_ns);
	if (vd.ev == TCPFSM_EV_NONE)
		return;
	if (!ts->retrans_start)
		ts->retrans_start = v.now;
	tcpfsm_event(sk, vd.ev);
}

static void tcpfsm_ka_timeout(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct tcpfsm_ka_view v = {
		.idle_ms	= div_u64(tcpfsm_since_ns(ts->last_recv, jiffies),
					  NSEC_PER_MSEC),
		.keepidle	= tcpfsm_keep_idle(sk),
		.keepintvl	= tcpfsm_keep_intvl(sk),
		.keepcnt	= tcpfsm_keep_cnt(sk),
		.probes		= ts->probes,
		.state		= sk->sk_state,
		.keepopen	= sock_flag(sk, SOCK_KEEPOPEN),
		.orphan		= sock_flag(sk, SOCK_DEAD),
	};
	struct tcpfsm_timer_verdict vd = tcpfsm_ka_verdict(&v);

	if (vd.ev == TCPFSM_EV_KEEPALIVE_TIMEOUT)
		ts->probes++;
	if (vd.ev != TCPFSM_EV_NONE)
		tcpfsm_event(sk, vd.ev);
	/* After a probe, which re-armed for keepidle: keepintvl. */
	if (vd.rearm_ns)
		tcpfsm_ka_arm(sk, vd.rearm_ns);
}

static void tcpfsm_delack_timeout(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	if (tcpfsm_delack_due(sk->sk_state, ts->tcb.rcv_nxt, ts->rcv_wup))
		tcpfsm_send_ack(sk);
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
		tcpfsm_ka_arm(sk, (u64)tcpfsm_keep_idle(sk) * NSEC_PER_SEC);
	else if (!(sk->sk_state == TCPFSM_FIN_WAIT2 &&
		   sock_flag(sk, SOCK_DEAD)))
		tcpfsm_timer_stop(sk, &tcpfsm_sk(sk)->ka_timer,
				  TCPFSM_DEFER_KEEPALIVE);
}

/**
 * tcpfsm_timers_init() - set up the timers of a new socket.
 * @sk: the socket
 */
void tcpfsm_timers_init(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	spin_lock_init(&ts->timer_lock);
	hrtimer_init(&ts->rtx_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	ts->rtx_timer.function = tcpfsm_rtx_timer;
	hrtimer_init(&ts->ka_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	ts->ka_timer.function = tcpfsm_ka_timer;
	hrtimer_init(&ts->delack_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	ts->delack_timer.function = tcpfsm_delack_timer;
	ts->rto = READ_ONCE(tn_of(sk)->cfg.rto_initial_ms) * USEC_PER_MSEC;
}
