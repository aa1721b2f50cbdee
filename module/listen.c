// SPDX-License-Identifier: GPL-2.0
/* listen.c: a listener's children from SYN to accept(): spawn, queues, unlink, listen_stop. */
#include <linux/net.h>
#include <linux/skbuff.h>
#include <linux/timekeeping.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/sock.h>

#include "tcpfsm.h"

/*
 * A child lives on its listener's SYN queue while in SYN_RECV and on its
 * accept queue once established, until accept() takes it.  The listener's
 * accept_lock guards both queues and the counts; a child on a queue holds
 * a reference on its listener (@parent), and the queue holds the child's
 * first reference, which accept() hands to the new socket.  Once the
 * listener leaves LISTEN, tcpfsm_listen_stop() owns every child still
 * queued.
 *
 * When the SYN queue is full, a SYN gets a SYN cookie instead (RFC 4987
 * 3.6): a SYN-ACK whose ISN encodes the connection, and no state at all;
 * the ACK that brings the cookie back makes the child, established.  A
 * flood of SYNs then costs a hash and a reply each, never memory.
 */

static siphash_aligned_key_t tcpfsm_cookie_key[2];

/*
 * The cookie keys, random, drawn at their first use.  One call site: each
 * net_get_random_once() has its own "done" flag, so a second site would
 * draw the keys again at its own first use, and the first cookie checked
 * would fail against keys drawn after it was made.
 */
static const siphash_key_t *tcpfsm_cookie_keys(void)
{
	net_get_random_once(tcpfsm_cookie_key, sizeof(tcpfsm_cookie_key));
	return tcpfsm_cookie_key;
}

/* The SYN queue and the accept queue together hold the backlog. */
static bool tcpfsm_listen_full(const struct sock *lsk)
{
	return tcpfsm_sk(lsk)->syn_count + READ_ONCE(lsk->sk_ack_backlog) >=
	       max_t(u32, READ_ONCE(lsk->sk_max_ack_backlog), 1);
}

static bool tcpfsm_acceptq_full(const struct sock *lsk)
{
	return READ_ONCE(lsk->sk_ack_backlog) >=
	       max_t(u32, READ_ONCE(lsk->sk_max_ack_backlog), 1);
}

/* A SYN's or its ACK's addresses and ports, the peer's first. */
static struct tcpfsm_tuple tcpfsm_tuple_of(const struct sk_buff *skb,
					   const struct tcpfsm_seg *seg)
{
	return (struct tcpfsm_tuple){
		.saddr = ip_hdr(skb)->saddr,
		.daddr = ip_hdr(skb)->daddr,
		.sport = htons(seg->sport),
		.dport = htons(seg->dport),
	};
}

static u32 tcpfsm_cookie_minute(void)
{
	return (u32)(ktime_get_seconds() / 60);
}

/* A new socket that takes the listener's options and the SYN's 4-tuple. */
static struct sock *tcpfsm_child_alloc(struct sock *lsk, struct sk_buff *skb,
				       const struct tcpfsm_seg *seg)
{
	const struct tcpfsm_sock *lts = tcpfsm_sk(lsk);
	const struct iphdr *iph = ip_hdr(skb);
	struct tcpfsm_sock *cts;
	struct sock *child;

	child = sk_alloc(sock_net(lsk), lsk->sk_family, GFP_ATOMIC,
			 lsk->sk_prot, 0);
	if (!child)
		return NULL;
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
	/* What Linux's clone of the listener carries too. */
	child->sk_lingertime = READ_ONCE(lsk->sk_lingertime);
	child->sk_rcvtimeo = READ_ONCE(lsk->sk_rcvtimeo);
	child->sk_sndtimeo = READ_ONCE(lsk->sk_sndtimeo);
	child->sk_rcvlowat = READ_ONCE(lsk->sk_rcvlowat);
	child->sk_priority = READ_ONCE(lsk->sk_priority);
	sock_copy_flags(child, lsk);
	sock_reset_flag(child, SOCK_DEAD);
	cts->keepidle = lts->keepidle;
	cts->keepintvl = lts->keepintvl;
	cts->keepcnt = lts->keepcnt;
	cts->linger2 = lts->linger2;
	cts->user_timeout = lts->user_timeout;
	cts->nodelay = lts->nodelay;
	cts->cork = lts->cork;
	cts->user_mss = lts->user_mss;
	/*
	 * The listener's algorithm if TCP_CONGESTION chose it, else the
	 * namespace's default of now (Linux's tcp_ca_openreq_child()).
	 */
	cts->cc_set = lts->cc_set;
	tcpfsm_cc_init(&cts->cc, lts->cc_set ? lts->cc.ops :
		       READ_ONCE(tcpfsm_sk_pernet(child)->cfg.congestion_control));

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
	cts->h.proto = lts->h.proto;
	child->sk_gso_type = lsk->sk_gso_type;
	cts->tcb.passive = true;
	return child;
}

/* The child's route; ip_queue_xmit() takes the addresses from the flow. */
static int tcpfsm_child_route(struct sock *child)
{
	struct flowi4 *fl4 = &inet_sk(child)->cork.fl.u.ip4;
	struct rtable *rt;

	flowi4_init_output(fl4, 0, child->sk_mark, 0, RT_SCOPE_UNIVERSE,
			   tcpfsm_sk(child)->h.proto, 0, child->sk_daddr,
			   child->sk_rcv_saddr, child->sk_dport,
			   inet_sk(child)->inet_sport,
			   sock_net_uid(sock_net(child), child));
	rt = ip_route_output_flow(sock_net(child), fl4, child);
	if (IS_ERR(rt))
		return PTR_ERR(rt);
	sk_setup_caps(child, &rt->dst);
	tcpfsm_sk(child)->rcv_mss = tcpfsm_route_mss(dst_mtu(&rt->dst));
	tcpfsm_opts_offer(child);
	return 0;
}

/**
 * tcpfsm_child_spawn() - a SYN came to a listener: make its child.
 * @lsk: the listener, locked
 * @skb: the SYN
 * @seg: its parsed header
 *
 * The child has the listener's options, the SYN's 4-tuple, a route and
 * its ISN, and is in no table yet.  Nothing is made when the backlog is
 * full (tcpfsm_listen_overflow() has answered the SYN then).
 *
 * Return: the child, or NULL.
 */
struct sock *tcpfsm_child_spawn(struct sock *lsk, struct sk_buff *skb,
				const struct tcpfsm_seg *seg)
{
	struct sock *child;

	if (tcpfsm_listen_full(lsk))
		return NULL;

	child = tcpfsm_child_alloc(lsk, skb, seg);
	if (!child)
		return NULL;
	if (tcpfsm_child_route(child)) {
		sk_free(child);
		return NULL;
	}
	tcpfsm_seq_init(child);
	return child;
}

/**
 * tcpfsm_child_link() - enter a new child in the tables and the SYN queue.
 * @lsk: the listener, locked
 * @child: the child from tcpfsm_child_spawn(), locked by the caller so
 *	that its first segment, which may come on another CPU as soon as it
 *	is in the connection table, waits for the rest of the step
 *
 * Return: 0, or -EADDRINUSE when the 4-tuple is taken (the caller frees
 * the child).
 */
int tcpfsm_child_link(struct sock *lsk, struct sock *child)
{
	struct tcpfsm_sock *lts = tcpfsm_sk(lsk);
	struct tcpfsm_sock *cts = tcpfsm_sk(child);
	int err;

	err = tcpfsm_ehash_insert(&cts->h);
	if (err)
		return err;
	sock_hold(child);			/* the connection table's */
	tcpfsm_port_inherit(child, cts->h.laddr, cts->h.lport);

	sock_hold(lsk);
	cts->parent = lsk;
	spin_lock(&lts->accept_lock);
	list_add_tail(&cts->child_node, &lts->syn_queue);
	lts->syn_count++;
	spin_unlock(&lts->accept_lock);
	/* sk_alloc()'s reference stands for the queue, then for accept(). */
	return 0;
}

/**
 * tcpfsm_listen_overflow() - answer a SYN without a child, if it must be.
 * @lsk: the listener, locked
 * @skb: the SYN
 * @seg: its parsed header
 *
 * With the accept queue full the SYN is dropped, as Linux does: the peer
 * tries again.  With the SYN queue full too (or syncookies = 2, always),
 * it gets a SYN cookie; with syncookies = 0 it is dropped.  Drops count
 * in ListenOverflows.
 *
 * Return: whether the SYN was dealt with (no child is to be made).
 */
bool tcpfsm_listen_overflow(struct sock *lsk, struct sk_buff *skb,
			    const struct tcpfsm_seg *seg)
{
	struct net *net = sock_net(lsk);
	int mode = READ_ONCE(tcpfsm_pernet(net)->cfg.syncookies);
	struct tcpfsm_tuple t;
	u32 cookie;

	if (!tcpfsm_acceptq_full(lsk) &&
	    (mode == 2 || (mode == 1 && tcpfsm_listen_full(lsk)))) {
		t = tcpfsm_tuple_of(skb, seg);
		cookie = tcpfsm_cookie_make(tcpfsm_cookie_keys(), &t, seg->seq,
					    tcpfsm_cookie_minute(),
					    seg->mss ?: 536);
		tcpfsm_send_syn_cookie(net, tcpfsm_sk(lsk)->h.proto, t.daddr,
				       t.saddr, t.dport, t.sport, cookie,
				       seg->seq + 1,
				       min(tcpfsm_rcv_window(lsk), 65535U));
		WRITE_ONCE(tcpfsm_sk(lsk)->cookie_sent, jiffies | 1);
		TCPFSM_INC_STATS(net, TCPFSM_MIB_SYNCOOKIESSENT);
		return true;
	}
	if (!tcpfsm_acceptq_full(lsk) && !tcpfsm_listen_full(lsk))
		return false;
	TCPFSM_INC_STATS(net, TCPFSM_MIB_LISTENOVERFLOWS);
	return true;
}

/*
 * The child of a good cookie: the state of the handshake it never kept,
 * from the ACK and the cookie; SYN_RECV and ESTABLISHED at once.
 */
static void tcpfsm_cookie_child_init(struct sock *child,
				     const struct tcpfsm_seg *seg, u16 mss)
{
	struct tcpfsm_sock *cts = tcpfsm_sk(child);
	u32 iss = seg->ack - 1;

	/* The cookie's SYN-ACK offered no options: none are in use. */
	cts->opts = 0;
	cts->snd_wscale = 0;
	cts->rcv_wscale = 0;

	cts->tcb.iss = iss;
	cts->tcb.snd_una = seg->ack;
	cts->cc.recover = iss;		/* RFC 6582 3.2: recover = ISS */
	cts->tcb.snd_nxt = seg->ack;
	cts->write_seq = seg->ack;
	cts->snd_sml = seg->ack;
	cts->tcb.irs = seg->seq - 1;
	cts->tcb.rcv_nxt = seg->seq;
	cts->copied_seq = seg->seq;
	cts->rcv_wup = seg->seq;
	cts->rcv_edge = seg->seq;
	/* SYN-RECEIVED's ACK (RFC 9293 3.10.7.4): SND.WL1, SND.WL2 from it. */
	tcpfsm_set_snd_wnd(cts, tcpfsm_seg_wnd(cts, seg));
	cts->tcb.snd_wl1 = seg->seq;
	cts->tcb.snd_wl2 = seg->ack;
	cts->snd_mss = min(mss, cts->rcv_mss);
	if (cts->user_mss)
		cts->snd_mss = min(cts->snd_mss, cts->user_mss);
	tcpfsm_set_state(child, TCPFSM_SYN_RECV);
	tcpfsm_cc_established(&cts->cc, cts->snd_mss);
	tcpfsm_set_state(child, TCPFSM_ESTABLISHED);
	tcpfsm_ka_start(child);
}

/**
 * tcpfsm_cookie_ack() - a listener's ACK that may bring back a SYN cookie.
 * @lsk: the listener, locked
 * @skb: the segment; taken when this returns true
 * @seg: its parsed header
 *
 * Looked at only if the listener sent a cookie within their lifetime (or
 * syncookies = 2), and only an ACK without SYN or RST.  A good cookie
 * makes an established child on the accept queue, which then takes the
 * segment itself (its text, if any); with the accept queue full it is
 * dropped (ListenOverflows).  A bad one is left to the table, which
 * answers with a RST (SyncookiesFailed).
 *
 * Return: whether @skb was taken.
 */
bool tcpfsm_cookie_ack(struct sock *lsk, struct sk_buff *skb,
		       const struct tcpfsm_seg *seg)
{
	struct net *net = sock_net(lsk);
	int mode = READ_ONCE(tcpfsm_pernet(net)->cfg.syncookies);
	struct tcpfsm_tuple t;
	struct sock *child;
	u16 mss;

	unsigned long sent = READ_ONCE(tcpfsm_sk(lsk)->cookie_sent);

	if ((seg->flags & (TCPFSM_ACK | TCPFSM_SYN | TCPFSM_RST)) != TCPFSM_ACK ||
	    !mode || (mode == 1 &&
		      (!sent || time_after(jiffies, sent +
					   TCPFSM_COOKIE_AGE * 60 * HZ))))
		return false;
	t = tcpfsm_tuple_of(skb, seg);
	mss = tcpfsm_cookie_check(tcpfsm_cookie_keys(), &t, seg->seq - 1,
				  seg->ack - 1, tcpfsm_cookie_minute());
	if (!mss) {
		TCPFSM_INC_STATS(net, TCPFSM_MIB_SYNCOOKIESFAILED);
		return false;
	}
	TCPFSM_INC_STATS(net, TCPFSM_MIB_SYNCOOKIESRECV);
	if (tcpfsm_acceptq_full(lsk)) {
		TCPFSM_INC_STATS(net, TCPFSM_MIB_LISTENOVERFLOWS);
		kfree_skb(skb);
		return true;
	}
	child = tcpfsm_child_alloc(lsk, skb, seg);
	if (!child) {
		kfree_skb(skb);
		return true;
	}
	if (tcpfsm_child_route(child)) {
		sk_free(child);
		kfree_skb(skb);
		return true;
	}
	bh_lock_sock_nested(child);
	if (tcpfsm_child_link(lsk, child)) {
		bh_unlock_sock(child);
		sk_free(child);
		kfree_skb(skb);
		return true;
	}
	tcpfsm_cookie_child_init(child, seg, mss);
	tcpfsm_child_to_accept_queue(child);
	tcpfsm_sk_rcv(child, skb);
	bh_unlock_sock(child);
	return true;
}

/**
 * tcpfsm_child_to_accept_queue() - a child is established.
 * @child: the child, locked
 *
 * From the SYN queue to the accept queue, unless its listener is closing,
 * which then owns the child and will abort it.
 */
void tcpfsm_child_to_accept_queue(struct sock *child)
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

/**
 * tcpfsm_child_unlink() - a child died before accept().
 * @child: the child, locked
 * @drop_queue_ref: also drop the queue's reference on @child
 *
 * Out of its listener's queues; its queue reference and its hold on the
 * listener go.  If the listener is closing, it owns the queues and does
 * this itself.
 */
void tcpfsm_child_unlink(struct sock *child, bool drop_queue_ref)
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

/**
 * tcpfsm_listen_stop() - drop a listener's children.
 * @lsk: the listener, locked, no longer in LISTEN
 *
 * The SYN queue and the unaccepted are aborted (a RST each).
 */
void tcpfsm_listen_stop(struct sock *lsk)
{
	struct tcpfsm_sock *lts = tcpfsm_sk(lsk), *cts, *tmp;
	LIST_HEAD(children);

	spin_lock_bh(&lts->accept_lock);
	list_splice_init(&lts->syn_queue, &children);
	list_splice_init(&lts->accept_queue, &children);
	lts->syn_count = 0;
	WRITE_ONCE(lsk->sk_ack_backlog, 0);
	spin_unlock_bh(&lts->accept_lock);

	list_for_each_entry_safe(cts, tmp, &children, child_node) {
		struct sock *child = &cts->inet.sk;

		list_del_init(&cts->child_node);
		local_bh_disable();
		bh_lock_sock(child);
		cts->parent = NULL;
		sock_set_flag(child, SOCK_DEAD);
		tcpfsm_event(child, TCPFSM_EV_ABORT);
		bh_unlock_sock(child);
		local_bh_enable();
		sock_put(lsk);		/* the child's hold on its listener */
		sock_put(child);	/* the queue's */
	}
}

/**
 * tcpfsm_accept_dequeue() - the first established child, off the queue.
 * @lsk: the listener, locked
 *
 * Return: the child, whose queue reference passes to the caller, or NULL.
 */
struct tcpfsm_sock *tcpfsm_accept_dequeue(struct sock *lsk)
{
	struct tcpfsm_sock *lts = tcpfsm_sk(lsk), *cts = NULL;

	spin_lock_bh(&lts->accept_lock);
	if (!list_empty(&lts->accept_queue)) {
		cts = list_first_entry(&lts->accept_queue, struct tcpfsm_sock,
				       child_node);
		list_del_init(&cts->child_node);
		cts->acceptable = false;
		sk_acceptq_removed(lsk);
	}
	spin_unlock_bh(&lts->accept_lock);
	return cts;
}
