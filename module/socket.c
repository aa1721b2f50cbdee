// SPDX-License-Identifier: GPL-2.0
/* socket.c: the AF_TCPFSM family: socket creation and the system calls into the machine. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/sockios.h>
#include <asm/ioctls.h>
#include <linux/net.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <net/inet_common.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <uapi/linux/tcp.h>

#include "tcpfsm.h"

/**
 * tcpfsm_write_space() - wake a writer once a third of the buffer is free.
 * @sk: the socket
 *
 * ACKs freed write-queue memory.  The queue is charged to sk_wmem_queued,
 * not sk_wmem_alloc, so sock_def_write_space() would wake a writer at
 * every ACK to copy one segment; a writer is woken when a third of the
 * buffer is free, which is when poll() says writable
 * (sk_stream_is_writeable()), as Linux's stream sockets do.
 */
void tcpfsm_write_space(struct sock *sk)
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
 * tcpfsm_conn_reset() - forget the last connection: a fresh socket's state.
 * @sk: the socket, in CLOSE (its timers stopped), locked
 *
 * Every per-connection field of the socket and its TCB goes back to what
 * a new socket has, and what is left in its queues goes, as Linux's
 * tcp_disconnect() does: a connect() after one that failed starts with
 * the initial RTO, no backoff, no retries or retransmissions counted, no
 * RTT estimate of another path.  The options the user set (TCP_NODELAY,
 * TCP_MAXSEG, keepalive, TCP_LINGER2, TCP_USER_TIMEOUT) stay.
 */
void tcpfsm_conn_reset(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	tcpfsm_wq_purge(sk);
	__skb_queue_purge(&ts->ooo_queue);
	__skb_queue_purge(&sk->sk_receive_queue);
	__sk_dst_reset(sk);
	memset(&ts->tcb, 0, sizeof(ts->tcb));
	ts->tcb.state = sk->sk_state;
	ts->rtx_count = 0;
	ts->probes = 0;
	ts->backoff = 0;
	tcpfsm_cc_init(&ts->cc, ts->cc.ops);
	ts->snd_sml = 0;
	ts->rcv_wup = 0;
	ts->rcv_edge = 0;
	ts->ack_now = 0;
	ts->rcv_seg_max = 0;
	ts->rto = READ_ONCE(tcpfsm_sk_pernet(sk)->cfg.rto_initial_ms) *
		  USEC_PER_MSEC;
	ts->srtt = 0;
	ts->rttvar = 0;
	ts->rtt_seq = 0;
	ts->rtt_start = 0;
	ts->retrans_start = 0;
	ts->rtx_due = 0;
	ts->total_retrans = 0;
	ts->write_seq = 0;
	ts->copied_seq = 0;
	ts->snd_mss = 536;
	ts->rcv_mss = 536;
	ts->last_send = 0;
	ts->last_recv = jiffies;
	ts->last_recv_data = 0;
	ts->last_oow_ack = 0;
	ts->opts = 0;
	ts->snd_wscale = 0;
	ts->rcv_wscale = 0;
	ts->rtt_karn = false;
	ts->ts_offset = 0;
	ts->ts_recent_stamp = 0;
	ts->rcvq_start = 0;
	ts->rcvq_copied = 0;
	ts->rcvq_prev = 0;
}

static int tcpfsm_bind_locked(struct sock *sk, __be32 addr, u16 port)
{
	if (sk->sk_state != TCPFSM_CLOSE ||
	    !hlist_unhashed(&tcpfsm_sk(sk)->h.bind_node))
		return -EINVAL;
	return tcpfsm_port_get(sk, addr, port);
}

static int tcpfsm_bind(struct socket *sock, struct sockaddr *uaddr, int len)
{
	DECLARE_SOCKADDR(struct sockaddr_tcpfsm *, addr, uaddr);
	struct sock *sk = sock->sk;
	struct net *net = sock_net(sk);
	u16 port;
	int err;

	if (len < (int)sizeof(*addr))
		return -EINVAL;
	if (addr->stf_family != tcpfsm_family)
		return -EAFNOSUPPORT;
	if (addr->stf_addr != htonl(INADDR_ANY) &&
	    inet_addr_type(net, addr->stf_addr) != RTN_LOCAL)
		return -EADDRNOTAVAIL;
	port = ntohs(addr->stf_port);
	if (port && inet_port_requires_bind_service(net, port) &&
	    !ns_capable(net->user_ns, CAP_NET_BIND_SERVICE))
		return -EACCES;

	lock_sock(sk);
	err = tcpfsm_bind_locked(sk, addr->stf_addr, port);
	if (!err && port)
		sk->sk_userlocks |= SOCK_BINDPORT_LOCK;
	release_sock(sk);
	return err;
}

static int tcpfsm_getname(struct socket *sock, struct sockaddr *uaddr,
			  int peer)
{
	DECLARE_SOCKADDR(struct sockaddr_tcpfsm *, addr, uaddr);
	struct sock *sk = sock->sk;
	const struct inet_sock *inet = inet_sk(sk);
	int err = sizeof(*addr);

	memset(addr, 0, sizeof(*addr));
	addr->stf_family = tcpfsm_family;
	lock_sock(sk);
	if (peer) {
		if (!inet->inet_dport ||
		    ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_SYN_SENT)))
			err = -ENOTCONN;
		addr->stf_port = inet->inet_dport;
		addr->stf_addr = inet->inet_daddr;
	} else {
		addr->stf_port = inet->inet_sport;
		addr->stf_addr = inet->inet_saddr ?: inet->inet_rcv_saddr;
	}
	release_sock(sk);
	return err;
}

/* Connect's route, source address and port, and the 4-tuple's entry. */
static int tcpfsm_connect_prepare(struct sock *sk, __be32 daddr, __be16 dport)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct inet_sock *inet = inet_sk(sk);
	struct flowi4 *fl4 = &inet->cork.fl.u.ip4;
	bool unbound = hlist_unhashed(&ts->h.bind_node) && !sk->sk_num;
	struct rtable *rt;
	__be32 saddr;
	int err;

	/* Unbound: a source an earlier attempt chose is not the socket's. */
	if (unbound)
		inet->inet_saddr = sk->sk_rcv_saddr;
	/* The protocol on the wire: policy routing and IPsec see it. */
	rt = ip_route_connect(fl4, daddr, inet->inet_saddr,
			      sk->sk_bound_dev_if, ts->h.proto,
			      inet->inet_sport, dport, sk);
	if (IS_ERR(rt))
		return PTR_ERR(rt) == -ENETUNREACH ? -ENETUNREACH :
						     PTR_ERR(rt);
	if (rt->rt_flags & (RTCF_MULTICAST | RTCF_BROADCAST)) {
		ip_rt_put(rt);
		return -ENETUNREACH;
	}
	/* The route's destination: 0.0.0.0 is this host, as in Linux. */
	daddr = fl4->daddr;
	/* A port the user bound, given back when an earlier attempt closed. */
	if (hlist_unhashed(&ts->h.bind_node) && !unbound) {
		err = tcpfsm_port_get(sk, sk->sk_rcv_saddr, sk->sk_num);
		if (err) {
			ip_rt_put(rt);
			return err;
		}
	}
	saddr = inet->inet_saddr ?: fl4->saddr;
	ts->h.laddr = saddr;
	ts->h.raddr = daddr;
	ts->h.rport = dport;
	/* Unbound: a port shared with connections to other destinations. */
	err = unbound ? tcpfsm_port_connect(sk) : tcpfsm_ehash_insert(&ts->h);
	if (err) {
		ip_rt_put(rt);
		return err;
	}
	sock_hold(sk);		/* the connection table's */
	inet->inet_saddr = saddr;
	inet->inet_daddr = daddr;
	inet->inet_dport = dport;
	sk_setup_caps(sk, &rt->dst);
	ts->rcv_mss = tcpfsm_route_mss(dst_mtu(&rt->dst));
	tcpfsm_opts_offer(sk);
	return 0;
}

static long tcpfsm_wait_connected(struct sock *sk, long timeo)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);

	add_wait_queue(sk_sleep(sk), &wait);
	while ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		if (!timeo || signal_pending(current))
			break;
		sk_wait_event(sk, &timeo,
			      !((1 << READ_ONCE(sk->sk_state)) &
				(TCPF_SYN_SENT | TCPF_SYN_RECV)), &wait);
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	return timeo;
}

static int tcpfsm_connect(struct socket *sock, struct sockaddr *uaddr,
			  int len, int flags)
{
	DECLARE_SOCKADDR(struct sockaddr_tcpfsm *, addr, uaddr);
	struct sock *sk = sock->sk;
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	long timeo;
	int err;

	if (len < (int)sizeof(*addr))
		return -EINVAL;
	if (addr->stf_family != tcpfsm_family)
		return -EAFNOSUPPORT;

	lock_sock(sk);
	switch (sock->state) {
	case SS_CONNECTED:
		err = -EISCONN;
		goto out;
	case SS_CONNECTING:
		if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
			err = -EALREADY;
			if (flags & O_NONBLOCK)
				goto out;
			break;	/* a blocking call waits for the first */
		}
		goto settle;
	default:
		/* A listener too: EISCONN, as Linux (fsm.c). */
		if (sk->sk_state != TCPFSM_CLOSE) {
			err = tcpfsm_event(sk, TCPFSM_EV_ACTIVE_OPEN);
			goto out;
		}
		/* Nothing of an earlier attempt carries over. */
		tcpfsm_conn_reset(sk);
		err = tcpfsm_connect_prepare(sk, addr->stf_addr,
					     addr->stf_port);
		if (err)
			goto out;
		tcpfsm_seq_init(sk);
		ts->tcb.passive = false;
		WRITE_ONCE(sk->sk_err, 0);
		WRITE_ONCE(sk->sk_shutdown, 0);
		sock_reset_flag(sk, SOCK_DONE);
		err = tcpfsm_event(sk, TCPFSM_EV_ACTIVE_OPEN);
		if (err)
			goto out;
		if (sk->sk_state == TCPFSM_CLOSE) {
			/* No memory for the SYN: ENOBUFS, as Linux. */
			err = sock_error(sk) ?: -ECONNABORTED;
			goto out;
		}
		sock->state = SS_CONNECTING;
		if (flags & O_NONBLOCK) {
			err = -EINPROGRESS;
			goto out;
		}
		break;
	}

	timeo = tcpfsm_wait_connected(sk, sock_sndtimeo(sk, flags & O_NONBLOCK));
	if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		err = signal_pending(current) ? sock_intr_errno(timeo) :
						 -EINPROGRESS;
		goto out;
	}
settle:
	if (sk->sk_state == TCPFSM_CLOSE) {
		err = sock_error(sk) ?: -ECONNABORTED;
		sock->state = SS_UNCONNECTED;
		goto out;
	}
	sock->state = SS_CONNECTED;
	err = 0;
out:
	release_sock(sk);
	return err;
}

static int tcpfsm_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;
	int err = 0;

	lock_sock(sk);
	if (sock->state != SS_UNCONNECTED ||
	    !((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN))) {
		err = -EINVAL;
		goto out;
	}
	WRITE_ONCE(sk->sk_max_ack_backlog, max(backlog, 0));
	if (sk->sk_state == TCPFSM_LISTEN)
		goto out;
	/* No other listener on the port (SO_REUSEADDR or not), as Linux. */
	err = tcpfsm_port_listen(sk);
	if (err)
		goto out;
	/* CLOSE -> LISTEN: the table gives no error. */
	err = tcpfsm_event(sk, TCPFSM_EV_PASSIVE_OPEN);
	if (!err)
		tcpfsm_lhash_add(sk);
out:
	release_sock(sk);
	return err;
}

static int tcpfsm_accept(struct socket *sock, struct socket *newsock,
			 struct proto_accept_arg *arg)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct sock *lsk = sock->sk, *child;
	struct tcpfsm_sock *cts = NULL;
	long timeo;
	int err = 0;

	lock_sock(lsk);
	timeo = sock_rcvtimeo(lsk, arg->flags & O_NONBLOCK);
	add_wait_queue(sk_sleep(lsk), &wait);
	for (;;) {
		if (lsk->sk_state != TCPFSM_LISTEN) {
			err = -EINVAL;
			break;
		}
		cts = tcpfsm_accept_dequeue(lsk);
		if (cts)
			break;
		if (!timeo) {
			err = -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			err = sock_intr_errno(timeo);
			break;
		}
		sk_wait_event(lsk, &timeo,
			      !list_empty(&tcpfsm_sk(lsk)->accept_queue) ||
			      READ_ONCE(lsk->sk_state) != TCPFSM_LISTEN,
			      &wait);
	}
	remove_wait_queue(sk_sleep(lsk), &wait);
	release_sock(lsk);
	if (!cts) {
		arg->err = err;
		return err;
	}

	child = &cts->inet.sk;
	lock_sock(child);
	cts->parent = NULL;
	sock_graft(child, newsock);
	newsock->ops = sock->ops;
	newsock->state = (1 << child->sk_state) &
			 (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT | TCPF_FIN_WAIT1 |
			  TCPF_FIN_WAIT2 | TCPF_CLOSING | TCPF_LAST_ACK) ?
			 SS_CONNECTED : SS_UNCONNECTED;
	release_sock(child);
	sock_put(lsk);		/* the child's hold on its listener */
	return 0;
}

static int tcpfsm_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk;
	int err = 0;

	how++;	/* SHUT_RD (0) -> RCV_SHUTDOWN (1), and so on */
	if ((how & ~SHUTDOWN_MASK) || !how)
		return -EINVAL;

	lock_sock(sk);
	if ((1 << sk->sk_state) & TCPF_CLOSE) {
		err = -ENOTCONN;
		goto out;
	}
	if (how & SEND_SHUTDOWN && !(sk->sk_shutdown & SEND_SHUTDOWN)) {
		err = tcpfsm_event(sk, TCPFSM_EV_SHUTDOWN);
		if (sk->sk_state != TCPFSM_CLOSE)
			WRITE_ONCE(sk->sk_shutdown,
				   sk->sk_shutdown | SEND_SHUTDOWN);
	}
	if (how & RCV_SHUTDOWN)
		WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | RCV_SHUTDOWN);
	sk->sk_state_change(sk);
out:
	release_sock(sk);
	return err;
}

static int tcpfsm_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (!sk)
		return 0;
	lock_sock(sk);
	/*
	 * Nothing more is read or written, from now on: text that comes
	 * while close() lingers is answered with a RST (RFC 1122 4.2.2.13),
	 * as Linux's __tcp_close() does.
	 */
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);
	if (sk->sk_state == TCPFSM_LISTEN) {
		tcpfsm_event(sk, TCPFSM_EV_CLOSE);
		tcpfsm_listen_stop(sk);
	} else if (!skb_queue_empty(&sk->sk_receive_queue) ||
		   (sock_flag(sk, SOCK_LINGER) && !sk->sk_lingertime)) {
		/* Unread data or SO_LINGER {1, 0}: abort, as Linux does. */
		__skb_queue_purge(&sk->sk_receive_queue);
		tcpfsm_event(sk, TCPFSM_EV_ABORT);
	} else {
		tcpfsm_event(sk, TCPFSM_EV_CLOSE);
		/*
		 * SO_LINGER with a time: wait for the FIN to be acked, or the
		 * time to pass, as Linux's tcp_close() does.  A FIN_WAIT2
		 * reached meanwhile, not yet as an orphan, gets the orphan's
		 * timeout now, as a close() in FIN_WAIT2 does.
		 */
		if (sock_flag(sk, SOCK_LINGER) && !(current->flags & PF_EXITING)) {
			sk_stream_wait_close(sk, sk->sk_lingertime);
			if (sk->sk_state == TCPFSM_FIN_WAIT2)
				tcpfsm_event(sk, TCPFSM_EV_CLOSE);
		}
	}
	sock_orphan(sk);
	if (sk->sk_state == TCPFSM_CLOSE)
		tcpfsm_done(sk);
	sock->sk = NULL;
	release_sock(sk);
	sock_put(sk);
	return 0;
}

static __poll_t tcpfsm_poll(struct file *file, struct socket *sock,
			    poll_table *wait)
{
	struct sock *sk = sock->sk;
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	__poll_t mask = 0;
	int state;

	sock_poll_wait(file, sock, wait);
	state = inet_sk_state_load(sk);
	if (state == TCPFSM_LISTEN)
		return list_empty_careful(&ts->accept_queue) ? 0 :
		       EPOLLIN | EPOLLRDNORM;

	if (READ_ONCE(sk->sk_shutdown) == SHUTDOWN_MASK ||
	    state == TCPFSM_CLOSE)
		mask |= EPOLLHUP;
	if (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN)
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;
	if (!((1 << state) & (TCPF_SYN_SENT | TCPF_SYN_RECV))) {
		if (!skb_queue_empty_lockless(&sk->sk_receive_queue))
			mask |= EPOLLIN | EPOLLRDNORM;
		if (!(READ_ONCE(sk->sk_shutdown) & SEND_SHUTDOWN)) {
			if (sk_stream_is_writeable(sk)) {
				mask |= EPOLLOUT | EPOLLWRNORM;
			} else {
				sk_set_bit(SOCKWQ_ASYNC_NOSPACE, sk);
				set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
				/* Pairs with the barrier in sk_stream_write_space(). */
				smp_mb__after_atomic();
				if (sk_stream_is_writeable(sk))
					mask |= EPOLLOUT | EPOLLWRNORM;
			}
		} else {
			mask |= EPOLLOUT | EPOLLWRNORM;
		}
	}
	/* sk_err is set before the state; read them in the other order. */
	smp_rmb();
	if (READ_ONCE(sk->sk_err) ||
	    !skb_queue_empty_lockless(&sk->sk_error_queue))
		mask |= EPOLLERR;
	return mask;
}

/* ---- data ---- */

/*
 * How much text one queued segment holds: one GSO train where the route
 * takes them (tcpfsm_push() cuts it as it goes), else one MSS.
 */
static u32 tcpfsm_size_goal(struct sock *sk)
{
	return tcpfsm_train_max(sk) * tcpfsm_sk(sk)->snd_mss;
}

/*
 * The tail of the write queue if more text may join it: a data segment
 * not yet sent, shorter than @goal, with a fragment slot left.
 */
static struct sk_buff *tcpfsm_write_tail(struct sock *sk, u32 goal)
{
	struct sk_buff *skb = skb_peek_tail(&sk->sk_write_queue);

	if (!skb || TCPFSM_SKB_CB(skb)->sent || !skb->len ||
	    (TCPFSM_SKB_CB(skb)->flags & (TCPFSM_SYN | TCPFSM_FIN)) ||
	    skb->len >= goal)
		return NULL;
	return skb;
}

/*
 * Copy up to @len bytes of @msg into the page fragment @pfrag and add
 * them to @skb's text: to its last fragment when they follow it in the
 * same page.  The queue is charged for them.
 *
 * Return: the bytes added, 0 when @skb has no fragment slot left, or
 * -EFAULT.
 */
static int tcpfsm_add_text(struct sock *sk, struct sk_buff *skb,
			   struct page_frag *pfrag, struct msghdr *msg,
			   u32 len)
{
	int i = skb_shinfo(skb)->nr_frags;
	bool merge = skb_can_coalesce(skb, i, pfrag->page, pfrag->offset);
	size_t n;

	if (!merge && i >= MAX_SKB_FRAGS)
		return 0;
	len = min_t(u32, len, pfrag->size - pfrag->offset);
	n = copy_page_from_iter(pfrag->page, pfrag->offset, len,
				&msg->msg_iter);
	if (n != len) {
		iov_iter_revert(&msg->msg_iter, n);
		return -EFAULT;
	}
	if (merge) {
		skb_frag_size_add(&skb_shinfo(skb)->frags[i - 1], len);
	} else {
		skb_fill_page_desc(skb, i, pfrag->page, pfrag->offset, len);
		get_page(pfrag->page);
	}
	pfrag->offset += len;
	skb->len += len;
	skb->data_len += len;
	skb->truesize += len;
	sk_wmem_queued_add(sk, len);
	return len;
}

static int tcpfsm_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct sock *sk = sock->sk;
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	int flags = msg->msg_flags;
	size_t copied = 0;
	long timeo;
	int err;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;	/* no urgent data (RFC 9293 3.8.5) */
	lock_sock(sk);
	timeo = sock_sndtimeo(sk, flags & MSG_DONTWAIT);
	if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		err = sk_stream_wait_connect(sk, &timeo);
		if (err)
			goto error;
	}
	err = sock_error(sk);
	if (err)
		goto error;
	if (sk->sk_shutdown & SEND_SHUTDOWN) {
		err = -EPIPE;
		goto error;
	}
	err = tcpfsm_event(sk, TCPFSM_EV_SEND);
	if (err)
		goto error;

	while (copied < len) {
		struct page_frag *pfrag = sk_page_frag(sk);
		u32 goal = tcpfsm_size_goal(sk);
		struct sk_buff *skb;
		int n;

		if (!sk_stream_memory_free(sk) ||
		    !sk_page_frag_refill(sk, pfrag)) {
			set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
			/* A held tail goes: it may be what fills the buffer. */
			ts->push_once = true;
			tcpfsm_push(sk);
			err = sk_stream_wait_memory(sk, &timeo);
			if (err)
				goto partial;
			if (sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN) ||
			    !((1 << sk->sk_state) &
			      (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT))) {
				err = sock_error(sk) ?: -EPIPE;
				goto partial;
			}
			continue;
		}
		/* Fill the tail: the short segment Nagle holds back too. */
		skb = tcpfsm_write_tail(sk, goal);
		n = skb ? tcpfsm_add_text(sk, skb, pfrag, msg,
					  min_t(size_t, len - copied,
						goal - skb->len)) : 0;
		if (!n) {
			skb = tcpfsm_alloc_text(sk->sk_allocation);
			if (!skb) {
				err = -ENOBUFS;
				goto partial;
			}
			TCPFSM_SKB_CB(skb)->seq = ts->write_seq;
			TCPFSM_SKB_CB(skb)->end_seq = ts->write_seq;
			TCPFSM_SKB_CB(skb)->flags = TCPFSM_ACK;
			tcpfsm_wq_link(sk, NULL, skb);
			/* A push asked for covers what was queued before. */
			ts->push_once = false;
			n = tcpfsm_add_text(sk, skb, pfrag, msg,
					    min_t(size_t, len - copied, goal));
		}
		if (n < 0) {
			if (!skb->len)
				tcpfsm_wq_free(sk, skb);
			err = n;
			goto partial;
		}
		TCPFSM_SKB_CB(skb)->end_seq += n;
		ts->write_seq += n;
		copied += n;
	}
	/* PSH on the last segment of a write. */
	if (!skb_queue_empty(&sk->sk_write_queue))
		TCPFSM_SKB_CB(skb_peek_tail(&sk->sk_write_queue))->flags |=
			TCPFSM_PSH;
	tcpfsm_push(sk);
	release_sock(sk);
	return copied;

partial:
	tcpfsm_push(sk);
	if (copied) {
		release_sock(sk);
		return copied;
	}
error:
	err = sk_stream_error(sk, flags, err);
	release_sock(sk);
	return err;
}

static int tcpfsm_recvmsg(struct socket *sock, struct msghdr *msg, size_t len,
			  int flags)
{
	struct sock *sk = sock->sk;
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	int target, copied = 0, err = 0;
	long timeo;

	if (flags & (MSG_OOB | MSG_ERRQUEUE))
		return -EOPNOTSUPP;
	lock_sock(sk);
	if (sk->sk_state == TCPFSM_LISTEN) {
		err = -ENOTCONN;
		goto out;
	}
	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	target = sock_rcvlowat(sk, flags & MSG_WAITALL, len);

	while (copied < len) {
		u32 skip = (flags & MSG_PEEK) ? copied : 0;
		struct sk_buff *skb;
		bool found = false;

		skb_queue_walk(&sk->sk_receive_queue, skb) {
			struct tcpfsm_skb_cb *cb = TCPFSM_SKB_CB(skb);
			u32 off = cb->used, avail = skb->len - cb->used, n;

			if (skip >= avail) {
				skip -= avail;
				continue;
			}
			off += skip;
			avail -= skip;
			n = min_t(u32, avail, len - copied);
			if (skb_copy_datagram_msg(skb, off, msg, n)) {
				err = copied ? 0 : -EFAULT;
				goto out;
			}
			copied += n;
			if (!(flags & MSG_PEEK)) {
				cb->used += n;
				WRITE_ONCE(ts->copied_seq, ts->copied_seq + n);
				if (cb->used >= skb->len) {
					__skb_unlink(skb, &sk->sk_receive_queue);
					consume_skb(skb);
				}
			}
			found = true;
			break;
		}
		if (found)
			continue;
		if (copied >= target)
			break;
		if (sk->sk_err) {
			err = copied ? 0 : sock_error(sk);
			break;
		}
		if (sk->sk_shutdown & RCV_SHUTDOWN)
			break;
		if (sk->sk_state == TCPFSM_CLOSE) {
			if (!sock_flag(sk, SOCK_DONE))
				err = copied ? 0 : -ENOTCONN;
			break;
		}
		if (!timeo) {
			err = copied ? 0 : -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			err = copied ? 0 : sock_intr_errno(timeo);
			break;
		}
		/*
		 * Wait for text beyond what is queued now: a peek has seen
		 * all of it and must not take the queue for news (as Linux's
		 * tcp_recvmsg(); at the timeout it returns what it has).
		 */
		sk_wait_data(sk, &timeo, skb_peek_tail(&sk->sk_receive_queue));
	}
	/*
	 * Reading opened the window: tell the peer once it has grown by a
	 * segment, or by half of what it can be (RFC 9293 3.8.6.2.2).
	 */
	if (copied && !(flags & MSG_PEEK))
		tcpfsm_rcv_space_adjust(sk, copied);
	if (copied && !(flags & MSG_PEEK) &&
	    ((1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_FIN_WAIT1 |
				    TCPF_FIN_WAIT2))) {
		/* As it would go on the wire: in the scale's unit. */
		u32 now = round_down(tcpfsm_rcv_window(sk),
				     1U << ts->rcv_wscale);
		u32 was = ts->tcb.rcv_wnd;

		if (now > was && (now - was >= min_t(u32, ts->rcv_mss, 32768) ||
				  !was))
			tcpfsm_send_ack(sk);
	}
out:
	release_sock(sk);
	return err ? err : copied;
}

/* ---- options ---- */

/*
 * TCP_CONGESTION: a name, not an int, at any time, as Linux's: at most
 * TCPFSM_CC_NAME_MAX - 1 bytes of it are read; ENOENT for a name no
 * algorithm has.
 */
static int tcpfsm_setsockopt_cong(struct sock *sk, sockptr_t optval,
				  unsigned int optlen)
{
	const struct tcpfsm_cong_ops *ops;
	char name[TCPFSM_CC_NAME_MAX];
	long n;

	if (optlen < 1)
		return -EINVAL;
	n = strncpy_from_sockptr(name, optval,
				 min_t(long, TCPFSM_CC_NAME_MAX - 1, optlen));
	if (n < 0)
		return -EFAULT;
	name[n] = 0;
	ops = tcpfsm_cong_find(name);
	if (!ops)
		return -ENOENT;
	lock_sock(sk);
	tcpfsm_cc_set_ops(&tcpfsm_sk(sk)->cc, ops);
	tcpfsm_sk(sk)->cc_set = true;
	release_sock(sk);
	return 0;
}

static int tcpfsm_setsockopt(struct socket *sock, int level, int optname,
			     sockptr_t optval, unsigned int optlen)
{
	struct sock *sk = sock->sk;
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	int val, err = 0;

	if (level != SOL_TCPFSM)
		return -ENOPROTOOPT;
	switch (optname) {
	case TCPFSM_CONGESTION:
		return tcpfsm_setsockopt_cong(sk, optval, optlen);
	}
	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;

	lock_sock(sk);
	switch (optname) {
	case TCPFSM_NODELAY:
		ts->nodelay = !!val;
		/*
		 * Setting it pushes what is queued, corked or not, as
		 * Linux's __tcp_sock_set_nodelay().
		 */
		if (val) {
			ts->push_once = true;
			tcpfsm_push(sk);
		}
		break;
	case TCPFSM_CORK:
		ts->cork = !!val;
		/*
		 * Uncorked: the held tail goes as Nagle lets it, at once
		 * with TCP_NODELAY, as Linux's __tcp_sock_set_cork().
		 */
		if (!val) {
			if (ts->nodelay)
				ts->push_once = true;
			tcpfsm_push(sk);
		}
		break;
	case TCPFSM_MAXSEG:
		if (val && (val < 88 || val > TCPFSM_MSS_MAX))
			err = -EINVAL;
		else
			ts->user_mss = val;
		break;
	case TCPFSM_KEEPIDLE:
		if (val < 1 || val > 32767) {
			err = -EINVAL;
			break;
		}
		ts->keepidle = val;
		/* A running keepalive timer follows the new idle time. */
		if (sock_flag(sk, SOCK_KEEPOPEN))
			tcpfsm_keepalive(sk, 1);
		break;
	case TCPFSM_KEEPINTVL:
		if (val < 1 || val > 32767)
			err = -EINVAL;
		else
			ts->keepintvl = val;
		break;
	case TCPFSM_KEEPCNT:
		if (val < 1 || val > 127)
			err = -EINVAL;
		else
			ts->keepcnt = val;
		break;
	case TCPFSM_LINGER2:
		ts->linger2 = val < 0 ? -1 : min(val, 120);
		break;
	case TCPFSM_USER_TIMEOUT:
		if (val < 0)
			err = -EINVAL;
		else
			ts->user_timeout = val;
		break;
	default:
		err = -ENOPROTOOPT;
	}
	release_sock(sk);
	return err;
}

/*
 * TCP_INFO in Linux's struct tcp_info, for programs written for TCP: what
 * tcpfsm keeps, in Linux's units (times in microseconds, windows in
 * bytes, cwnd and ssthresh in segments); what it does not keep is 0.  A
 * listener's tcpi_unacked and tcpi_sacked are its accept queue's length
 * and bound, as Linux's tcp_get_info() gives them (ss shows them).
 * tcpi_rcv_mss is, as Linux's, the largest segment received (up to the
 * MSS announced), the announced MSS before the first.
 */
static void tcpfsm_get_tcp_info(struct sock *sk, struct tcp_info *info)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	unsigned long now = jiffies;
	struct dst_entry *dst;
	u8 opts = ts->opts;

	memset(info, 0, sizeof(*info));
	info->tcpi_state = sk->sk_state;
	info->tcpi_ca_state = tcpfsm_cc_ca_state(&ts->cc);
	info->tcpi_retransmits = ts->rtx_count;
	info->tcpi_probes = ts->probes;
	info->tcpi_backoff = ts->backoff;
	info->tcpi_rto = div_u64(tcpfsm_rto_ns(sk), NSEC_PER_USEC);
	/* Before the peer's SYN, opts is only what our SYN offers. */
	if (sk->sk_state == TCPFSM_SYN_SENT)
		opts = 0;
	if (opts & TCPFSM_OPTF_TS)
		info->tcpi_options |= TCPI_OPT_TIMESTAMPS;
	if (opts & TCPFSM_OPTF_SACK)
		info->tcpi_options |= TCPI_OPT_SACK;
	if (opts & TCPFSM_OPTF_WSCALE) {
		info->tcpi_options |= TCPI_OPT_WSCALE;
		info->tcpi_snd_wscale = ts->snd_wscale;
		info->tcpi_rcv_wscale = ts->rcv_wscale;
	}
	info->tcpi_snd_mss = ts->snd_mss;
	info->tcpi_rcv_mss = ts->rcv_seg_max ?: ts->rcv_mss;
	info->tcpi_advmss = ts->rcv_mss;
	if (sk->sk_state == TCPFSM_LISTEN) {
		info->tcpi_unacked = READ_ONCE(sk->sk_ack_backlog);
		info->tcpi_sacked = READ_ONCE(sk->sk_max_ack_backlog);
	} else if (ts->snd_mss) {
		info->tcpi_unacked = DIV_ROUND_UP(ts->tcb.snd_nxt - ts->tcb.snd_una,
						  ts->snd_mss);
		/* The scoreboard's counts, as Linux's (without SACK: 0). */
		if (ts->cc.sack) {
			info->tcpi_sacked = ts->cc.sacked;
			info->tcpi_lost = ts->cc.lost;
			info->tcpi_retrans = ts->cc.retrans;
		}
	}
	if (ts->last_send)
		info->tcpi_last_data_sent = jiffies_to_msecs(now - ts->last_send);
	if (ts->last_recv_data)
		info->tcpi_last_data_recv =
			jiffies_to_msecs(now - ts->last_recv_data);
	if (ts->last_recv && ((1 << sk->sk_state) &
			      ~(TCPF_CLOSE | TCPF_LISTEN | TCPF_SYN_SENT)))
		info->tcpi_last_ack_recv = jiffies_to_msecs(now - ts->last_recv);
	dst = __sk_dst_get(sk);
	if (dst)
		info->tcpi_pmtu = dst_mtu(dst);
	info->tcpi_rtt = ts->srtt;
	info->tcpi_rttvar = ts->rttvar;
	info->tcpi_snd_ssthresh = min_t(u32, ts->cc.ssthresh,
					TCPFSM_INFINITE_SSTHRESH);
	info->tcpi_snd_cwnd = ts->cc.cwnd;
	info->tcpi_reordering = 3;	/* duplicate ACKs to fast retransmit */
	info->tcpi_total_retrans = ts->total_retrans;
	info->tcpi_bytes_acked = ts->tcb.bytes_acked;
	info->tcpi_notsent_bytes = ts->write_seq - ts->tcb.snd_nxt;
	info->tcpi_snd_wnd = ts->tcb.snd_wnd;
	info->tcpi_rcv_wnd = ts->tcb.rcv_wnd;
}

/*
 * TCPFSM_INFO: tcpfsm's own struct, the members Linux's has taken from
 * tcpfsm_get_tcp_info() (@t, filled already), and the sequence numbers.
 */
static void tcpfsm_get_info(struct sock *sk, const struct tcp_info *t,
			    struct tcpfsm_info *info)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	memset(info, 0, sizeof(*info));
	info->tcpi_state = t->tcpi_state;
	info->tcpi_retransmits = t->tcpi_retransmits;
	info->tcpi_probes = t->tcpi_probes;
	info->tcpi_backoff = t->tcpi_backoff;
	info->tcpi_rto = t->tcpi_rto;
	info->tcpi_snd_mss = t->tcpi_snd_mss;
	info->tcpi_rcv_mss = t->tcpi_advmss;
	info->tcpi_last_data_sent = t->tcpi_last_data_sent;
	info->tcpi_last_data_recv = t->tcpi_last_data_recv;
	info->tcpi_rtt = t->tcpi_rtt;
	info->tcpi_rttvar = t->tcpi_rttvar;
	info->tcpi_snd_una = ts->tcb.snd_una;
	info->tcpi_snd_nxt = ts->tcb.snd_nxt;
	info->tcpi_rcv_nxt = ts->tcb.rcv_nxt;
	info->tcpi_snd_wnd = t->tcpi_snd_wnd;
	info->tcpi_rcv_wnd = t->tcpi_rcv_wnd;
	info->tcpi_total_retrans = t->tcpi_total_retrans;
	info->tcpi_snd_ssthresh = t->tcpi_snd_ssthresh;
	info->tcpi_snd_cwnd = t->tcpi_snd_cwnd;
	info->tcpi_ca_state = t->tcpi_ca_state;
}

/* Copy @size bytes of @src out, at most the caller's @len, as Linux does. */
static int tcpfsm_put_opt(char __user *optval, int __user *optlen,
			  unsigned int len, const void *src, unsigned int size)
{
	len = min(len, size);
	if (put_user(len, optlen) || copy_to_user(optval, src, len))
		return -EFAULT;
	return 0;
}

static int tcpfsm_getsockopt(struct socket *sock, int level, int optname,
			     char __user *optval, int __user *optlen)
{
	struct sock *sk = sock->sk;
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	char name[TCPFSM_CC_NAME_MAX] = {};
	struct tcpfsm_info info;
	struct tcp_info tinfo;
	int len, val;

	if (level != SOL_TCPFSM)
		return -ENOPROTOOPT;
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;

	lock_sock(sk);
	switch (optname) {
	case TCPFSM_INFO:
		tcpfsm_get_tcp_info(sk, &tinfo);
		tcpfsm_get_info(sk, &tinfo, &info);
		release_sock(sk);
		return tcpfsm_put_opt(optval, optlen, len, &info, sizeof(info));
	case TCPFSM_TCP_INFO:
		tcpfsm_get_tcp_info(sk, &tinfo);
		release_sock(sk);
		return tcpfsm_put_opt(optval, optlen, len, &tinfo, sizeof(tinfo));
	case TCPFSM_CONGESTION:
		/* As Linux: up to TCP_CA_NAME_MAX bytes, NUL-padded. */
		strscpy(name, ts->cc.ops->name, sizeof(name));
		release_sock(sk);
		return tcpfsm_put_opt(optval, optlen, len, name, sizeof(name));
	case TCPFSM_CORK:
		val = ts->cork;
		break;
	case TCPFSM_NODELAY:
		val = ts->nodelay;
		break;
	case TCPFSM_MAXSEG:
		/* Linux's rule: the bound set, until a connection has an MSS. */
		val = ts->user_mss &&
		      ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN)) ?
		      ts->user_mss : ts->snd_mss;
		break;
	case TCPFSM_KEEPIDLE:
		val = ts->keepidle ?: READ_ONCE(tcpfsm_sk_pernet(sk)->cfg.keepalive_time);
		break;
	case TCPFSM_KEEPINTVL:
		val = ts->keepintvl ?: READ_ONCE(tcpfsm_sk_pernet(sk)->cfg.keepalive_intvl);
		break;
	case TCPFSM_KEEPCNT:
		val = ts->keepcnt ?: READ_ONCE(tcpfsm_sk_pernet(sk)->cfg.keepalive_probes);
		break;
	case TCPFSM_LINGER2:
		val = ts->linger2 ?: READ_ONCE(tcpfsm_sk_pernet(sk)->cfg.fin_timeout);
		break;
	case TCPFSM_USER_TIMEOUT:
		val = ts->user_timeout;
		break;
	default:
		release_sock(sk);
		return -ENOPROTOOPT;
	}
	release_sock(sk);
	return tcpfsm_put_opt(optval, optlen, len, &val, sizeof(val));
}

/*
 * The last reference went (after an RCU grace period): what the socket
 * still holds goes with it, its cached route too (sk_setup_caps() stored
 * one at connect() or for a listener's child), as inet_sock_destruct()
 * lets AF_INET's go; nothing else would release it.
 */
static void tcpfsm_destruct(struct sock *sk)
{
	__skb_queue_purge(&tcpfsm_sk(sk)->ooo_queue);
	__skb_queue_purge(&sk->sk_receive_queue);
	__skb_queue_purge(&sk->sk_write_queue);
	sk_mem_reclaim_final(sk);
	dst_release(rcu_dereference_protected(sk->sk_dst_cache, 1));
	RCU_INIT_POINTER(sk->sk_dst_cache, NULL);
}

static struct proto tcpfsm_prot = {
	.name		= "TCPFSM",
	.owner		= THIS_MODULE,
	.obj_size	= sizeof(struct tcpfsm_sock),
	.release_cb	= tcpfsm_release_cb,
	.keepalive	= tcpfsm_keepalive,
};

/* Text received and not yet read: what recv() would return now. */
static int tcpfsm_inq(struct sock *sk)
{
	struct sk_buff *skb;
	int n = 0;

	skb_queue_walk(&sk->sk_receive_queue, skb)
		n += skb->len - TCPFSM_SKB_CB(skb)->used;
	return n;
}

/*
 * ioctl(): the queue sizes, as Linux's tcp_ioctl(): SIOCINQ (FIONREAD)
 * bytes readable, SIOCOUTQ bytes not yet acknowledged, SIOCOUTQNSD bytes
 * not yet sent; EINVAL on a listener, 0 before the handshake is done.
 * Other commands go to the core's (ENOIOCTLCMD), which knows devices.
 */
static int tcpfsm_ioctl(struct socket *sock, unsigned int cmd,
			unsigned long arg)
{
	struct sock *sk = sock->sk;
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	int answ;

	switch (cmd) {
	case SIOCINQ:
	case SIOCOUTQ:
	case SIOCOUTQNSD:
		break;
	default:
		return -ENOIOCTLCMD;
	}
	lock_sock(sk);
	if (sk->sk_state == TCPFSM_LISTEN) {
		release_sock(sk);
		return -EINVAL;
	}
	if (sk->sk_state == TCPFSM_SYN_SENT || sk->sk_state == TCPFSM_SYN_RECV)
		answ = 0;
	else if (cmd == SIOCINQ)
		answ = tcpfsm_inq(sk);
	else if (cmd == SIOCOUTQ)
		answ = ts->write_seq - ts->tcb.snd_una;
	else
		answ = ts->write_seq - ts->tcb.snd_nxt;
	release_sock(sk);
	return put_user(answ, (int __user *)arg);
}

/*
 * The socket calls.  .family is informational (the core only ever compares
 * it with PF_UNIX), so the default number stands even under family=.
 */
static const struct proto_ops tcpfsm_ops = {
	.family		= PF_TCPFSM,
	.owner		= THIS_MODULE,
	.release	= tcpfsm_release,
	.bind		= tcpfsm_bind,
	.connect	= tcpfsm_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= tcpfsm_accept,
	.getname	= tcpfsm_getname,
	.poll		= tcpfsm_poll,
	.ioctl		= tcpfsm_ioctl,
	.listen		= tcpfsm_listen,
	.shutdown	= tcpfsm_shutdown,
	.setsockopt	= tcpfsm_setsockopt,
	.getsockopt	= tcpfsm_getsockopt,
	.sendmsg	= tcpfsm_sendmsg,
	.recvmsg	= tcpfsm_recvmsg,
	.mmap		= sock_no_mmap,
};

static int tcpfsm_create(struct net *net, struct socket *sock, int protocol,
			 int kern)
{
	struct sock *sk;

	if (sock->type != SOCK_STREAM)
		return -ESOCKTNOSUPPORT;
	if (protocol && protocol != tcpfsm_ipproto)
		return -EPROTONOSUPPORT;

	sk = sk_alloc(net, tcpfsm_family, GFP_KERNEL, &tcpfsm_prot, kern);
	if (!sk)
		return -ENOBUFS;
	sock->ops = &tcpfsm_ops;
	sock->state = SS_UNCONNECTED;
	sock_init_data(sock, sk);
	sk->sk_protocol = tcpfsm_ipproto;
	sk->sk_state = TCPFSM_CLOSE;
	sk->sk_destruct = tcpfsm_destruct;
	inet_sk(sk)->uc_ttl = -1;
	tcpfsm_init_sock(sk);
	return 0;
}

/* Not const: .family is the module parameter. */
static struct net_proto_family tcpfsm_family_ops = {
	.create	= tcpfsm_create,
	.owner	= THIS_MODULE,
};

/**
 * tcpfsm_socket_register() - register struct proto and the address family.
 *
 * Return: 0, or a negative errno; -EEXIST when the family slot is taken.
 */
int tcpfsm_socket_register(void)
{
	int err;

	err = proto_register(&tcpfsm_prot, 1);
	if (err)
		return err;
	tcpfsm_family_ops.family = tcpfsm_family;
	err = sock_register(&tcpfsm_family_ops);
	if (err) {
		pr_err("address family %d is taken (%d); load with family=<free slot>\n",
		       tcpfsm_family, err);
		proto_unregister(&tcpfsm_prot);
	}
	return err;
}

/**
 * tcpfsm_socket_unregister() - undo tcpfsm_socket_register().
 */
void tcpfsm_socket_unregister(void)
{
	sock_unregister(tcpfsm_family);
	proto_unregister(&tcpfsm_prot);
}
