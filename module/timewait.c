// SPDX-License-Identifier: GPL-2.0
/* timewait.c: TIME_WAIT records: what is left of a closed connection, 2*MSL on an hrtimer. */
#include <linux/hrtimer.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <net/sock.h>

#include "tcpfsm.h"

static struct kmem_cache *tcpfsm_tw_cache;

static void tcpfsm_tw_free_rcu(struct rcu_head *head)
{
	struct tcpfsm_tw *tw = container_of(head, struct tcpfsm_tw, rcu);

	kmem_cache_free(tcpfsm_tw_cache, tw);
	module_put(THIS_MODULE);
}

/**
 * tcpfsm_tw_put() - drop a reference on a TIME_WAIT record.
 * @tw: the record
 *
 * The last one frees it after an RCU grace period (lookups may still be
 * looking at it); the module reference it held goes with it, from the RCU
 * callback, which module exit waits for with rcu_barrier().
 */
void tcpfsm_tw_put(struct tcpfsm_tw *tw)
{
	if (refcount_dec_and_test(&tw->refcnt))
		call_rcu(&tw->rcu, tcpfsm_tw_free_rcu);
}

/* Take the record out of both tables and drop their references. */
static void tcpfsm_tw_unhash(struct tcpfsm_tw *tw)
{
	if (tcpfsm_ehash_remove(&tw->h))
		tcpfsm_tw_put(tw);
	if (tcpfsm_port_put_tw(tw))
		tcpfsm_tw_put(tw);
}

/* TIME_WAIT -> CLOSED: counted and traced as any transition. */
static void tcpfsm_tw_close(struct tcpfsm_tw *tw)
{
	tcpfsm_tw_set_closed(tw);
	tcpfsm_tw_unhash(tw);
}

static enum hrtimer_restart tcpfsm_tw_timer(struct hrtimer *timer)
{
	struct tcpfsm_tw *tw = container_of(timer, struct tcpfsm_tw, timer);

	tcpfsm_tw_close(tw);
	tcpfsm_tw_put(tw);	/* the timer's */
	return HRTIMER_NORESTART;
}

static u64 tcpfsm_tw_len_ns(const struct net *net)
{
	return 2ULL * READ_ONCE(tcpfsm_pernet(net)->cfg.msl_ms) * NSEC_PER_MSEC;
}

/**
 * tcpfsm_tw_enter() - replace a connection entering TIME_WAIT by a record.
 * @sk: the socket, just set to TIME_WAIT, locked, in both tables
 *
 * The record takes the socket's place in the bind and connection tables in
 * one step each, and arms 2*MSL.  The socket is left unhashed, for the
 * caller to move to CLOSE.  When no memory is to be had the connection
 * just closes, as Linux's does.
 */
void tcpfsm_tw_enter(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct net *net = sock_net(sk);
	struct tcpfsm_tw *tw;

	tw = kmem_cache_alloc(tcpfsm_tw_cache, GFP_ATOMIC);
	if (!tw || !ts->h.hashed || hlist_unhashed(&ts->h.bind_node)) {
		if (tw)
			kmem_cache_free(tcpfsm_tw_cache, tw);
		return;
	}
	__module_get(THIS_MODULE);
	memset(&tw->h, 0, sizeof(tw->h));
	tw->h.kind = TCPFSM_HENT_TW;
	write_pnet(&tw->h.net, net);
	tw->h.laddr = ts->h.laddr;
	tw->h.raddr = ts->h.raddr;
	tw->h.lport = ts->h.lport;
	tw->h.rport = ts->h.rport;
	tw->h.shared = ts->h.shared;	/* still shareable by connect() */
	tw->h.proto = ts->h.proto;
	tw->h.shadow = ts->h.shadow;	/* the port's reservation moves too */
	tw->snd_nxt = ts->tcb.snd_nxt;
	tw->rcv_nxt = ts->tcb.rcv_nxt;
	tw->reuse = sk->sk_reuse;
	tw->last_oow_ack = 0;
	tw->ts_ok = !!(ts->opts & TCPFSM_OPTF_TS);
	tw->ts_recent = ts->tcb.ts_recent;
	tw->ts_recent_stamp = ts->ts_recent_stamp;
	tw->ts_offset = ts->ts_offset;
	refcount_set(&tw->refcnt, 3);	/* connection table, bind table, timer */
	hrtimer_init(&tw->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	tw->timer.function = tcpfsm_tw_timer;

	tcpfsm_ehash_replace(&ts->h, &tw->h);
	__sock_put(sk);			/* the connection table's */
	tcpfsm_port_replace(sk, tw);	/* drops the bind table's */
	tw->expires = ktime_get_ns() + tcpfsm_tw_len_ns(net);
	hrtimer_start(&tw->timer, ns_to_ktime(tcpfsm_tw_len_ns(net)),
		      HRTIMER_MODE_REL_SOFT);
}

/* Restart 2*MSL; a record whose timer already fired is on its way out. */
static void tcpfsm_tw_rearm(struct tcpfsm_tw *tw)
{
	struct net *net = read_pnet(&tw->h.net);

	if (hrtimer_try_to_cancel(&tw->timer) != 1)
		return;
	WRITE_ONCE(tw->expires, ktime_get_ns() + tcpfsm_tw_len_ns(net));
	hrtimer_start(&tw->timer, ns_to_ktime(tcpfsm_tw_len_ns(net)),
		      HRTIMER_MODE_REL_SOFT);
}

/* Kill a record now (a RST with rfc1337 off): as if its timer fired. */
static void tcpfsm_tw_kill(struct tcpfsm_tw *tw)
{
	if (hrtimer_try_to_cancel(&tw->timer) != 1)
		return;
	tcpfsm_tw_close(tw);
	tcpfsm_tw_put(tw);	/* the timer's */
}

/**
 * tcpfsm_tw_rcv() - a segment for a connection in TIME_WAIT.
 * @tw: the record, held by the caller
 * @skb: the segment (its parsed header in skb->cb)
 *
 * Runs the segment through the state table as TIME_WAIT: the peer's FIN
 * again is re-ACKed and restarts 2*MSL, strays get an ACK, SYNs and
 * in-window RSTs a challenge ACK, an exact RST (with rfc1337 off) ends it.
 * With timestamps, PAWS judges as it did for the connection, the ACKs
 * carry them, and the FIN again records its TSval (records are not
 * locked: TS.Recent is read and written once).
 */
void tcpfsm_tw_rcv(struct tcpfsm_tw *tw, struct sk_buff *skb)
{
	const struct tcpfsm_seg *seg = TCPFSM_RX_SEG(skb);
	struct net *net = read_pnet(&tw->h.net);
	struct tcpfsm_tcb tcb = {
		.state = TCPFSM_TIME_WAIT,
		.fin_sent = true,
		.snd_una = tw->snd_nxt,
		.snd_nxt = tw->snd_nxt,
		.rcv_nxt = tw->rcv_nxt,
		.rcv_wnd = TCPFSM_TW_WINDOW,
		.rfc1337 = READ_ONCE(tcpfsm_pernet(net)->cfg.rfc1337),
	};
	struct tcpfsm_opts_tx tx = {};
	struct tcpfsm_result res;
	enum tcpfsm_event ev;

	if (tw->ts_ok) {
		tcb.ts_recent = READ_ONCE(tw->ts_recent);
		tcb.paws = tcpfsm_ts_recent_ok(tcb.ts_recent,
					       READ_ONCE(tw->ts_recent_stamp),
					       ktime_get_seconds());
	}
	ev = tcpfsm_classify(&tcb, seg);
	tcpfsm_step(&tcb, ev, seg, &res);
	if (ev == TCPFSM_EV_UNACCEPTABLE && tcpfsm_paws_reject(&tcb, seg))
		TCPFSM_INC_STATS(net, TCPFSM_MIB_PAWSESTAB);
	if (tw->ts_ok && (res.cmds & TCPFSM_CMD_ARM_TIME_WAIT) &&
	    (seg->opts & TCPFSM_OPTF_TS)) {
		tcb.ts_recent = seg->tsval;
		WRITE_ONCE(tw->ts_recent, seg->tsval);
		WRITE_ONCE(tw->ts_recent_stamp, (u32)ktime_get_seconds());
	}

	if (res.cmds & TCPFSM_CMD_SEND_ACK ||
	    (res.cmds & TCPFSM_CMD_CHALLENGE_ACK &&
	     tcpfsm_oow_allow(&tw->last_oow_ack, jiffies, tcpfsm_oow_gap(net)))) {
		if (tw->ts_ok) {
			tx.opts = TCPFSM_OPTF_TS;
			tx.tsval = tcpfsm_ts_clock() + tw->ts_offset;
			tx.tsecr = tcb.ts_recent;
		}
		tcpfsm_send_reply(net, tw->h.proto, tw->h.laddr, tw->h.raddr,
				  htons(tw->h.lport), tw->h.rport, tw->snd_nxt,
				  tw->rcv_nxt, TCPFSM_ACK, TCPFSM_TW_WINDOW, &tx);
	}
	if (res.cmds & TCPFSM_CMD_ARM_TIME_WAIT)
		tcpfsm_tw_rearm(tw);
	if (res.cmds & TCPFSM_CMD_DELETE_TCB)
		tcpfsm_tw_kill(tw);
}

/**
 * tcpfsm_tw_purge_net() - end every TIME_WAIT record of a dying namespace.
 * @net: the namespace
 *
 * Records do not pin their namespace (as Linux's do not); it is gone only
 * after its last socket, so no record can appear during or after this.
 */
void tcpfsm_tw_purge_net(struct net *net)
{
	unsigned int bucket = 0, offset = 0;
	struct tcpfsm_hent *h;

	while ((h = tcpfsm_ports_walk(net, &bucket, &offset))) {
		if (h->kind == TCPFSM_HENT_TW) {
			struct tcpfsm_tw *tw = tcpfsm_hent_tw(h);

			if (hrtimer_cancel(&tw->timer)) {
				tcpfsm_tw_close(tw);
				tcpfsm_tw_put(tw);
			}
			offset--;	/* it left the chain */
		}
		tcpfsm_hent_put(h);
	}
}

/**
 * tcpfsm_tw_init() - create the TIME_WAIT record cache.
 *
 * Return: 0 or -ENOMEM.
 */
int tcpfsm_tw_init(void)
{
	tcpfsm_tw_cache = KMEM_CACHE(tcpfsm_tw, 0);
	return tcpfsm_tw_cache ? 0 : -ENOMEM;
}

/**
 * tcpfsm_tw_exit() - destroy the cache once every record is freed.
 */
void tcpfsm_tw_exit(void)
{
	rcu_barrier();
	kmem_cache_destroy(tcpfsm_tw_cache);
}
