// SPDX-License-Identifier: GPL-2.0
/* ports.c: the bind table: who owns which local port, ephemeral port choice, walking for /proc. */
#include <linux/hash.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/spinlock.h>
#include <net/ip.h>
#include <kunit/visibility.h>

#include "tcpfsm.h"

#define TCPFSM_BIND_BITS	14
#define TCPFSM_BIND_SIZE	BIT(TCPFSM_BIND_BITS)

/**
 * struct tcpfsm_bind_head - one chain of the bind table.
 * @lock: protects @chain; taken with BHs off, since softirq code (TIME_WAIT
 *	  expiry, a listener's new child) adds and removes entries too.
 * @chain: the entries bound to ports that hash here.
 */
struct tcpfsm_bind_head {
	spinlock_t lock;		/* protects chain */
	struct hlist_head chain;
};

static struct tcpfsm_bind_head *tcpfsm_bind_table;

static struct tcpfsm_bind_head *tcpfsm_bind_head(const struct net *net,
						 u16 port)
{
	u32 h = net_hash_mix(net) + port;

	return &tcpfsm_bind_table[hash_32(h, TCPFSM_BIND_BITS)];
}

/**
 * tcpfsm_ports_init() - allocate the bind table.
 *
 * Return: 0 or -ENOMEM.
 */
int tcpfsm_ports_init(void)
{
	unsigned int i;

	tcpfsm_bind_table = kvcalloc(TCPFSM_BIND_SIZE,
				     sizeof(*tcpfsm_bind_table), GFP_KERNEL);
	if (!tcpfsm_bind_table)
		return -ENOMEM;
	for (i = 0; i < TCPFSM_BIND_SIZE; i++) {
		spin_lock_init(&tcpfsm_bind_table[i].lock);
		INIT_HLIST_HEAD(&tcpfsm_bind_table[i].chain);
	}
	return 0;
}

/**
 * tcpfsm_ports_exit() - free the bind table, which must be empty.
 */
void tcpfsm_ports_exit(void)
{
	kvfree(tcpfsm_bind_table);
	tcpfsm_bind_table = NULL;
}

/* Whether two local addresses overlap: equal, or either the wildcard. */
static bool tcpfsm_addr_overlap(__be32 a, __be32 b)
{
	return !a || !b || a == b;
}

/*
 * Whether @sk may not share @port with @other, already bound to it, the
 * addresses overlapping.  With SO_REUSEADDR on the new socket a TIME_WAIT
 * entry gives way; a bound but unconnected owner gives way only if it too
 * set SO_REUSEADDR; a listener (from the moment it claimed the port) or a
 * live connection never does.
 */
static bool tcpfsm_bind_conflict(const struct sock *sk, __be32 addr,
				 const struct tcpfsm_hent *other)
{
	int ostate = tcpfsm_hent_state(other);

	if (!tcpfsm_addr_overlap(addr, other->laddr))
		return false;
	if (other->listener)
		return true;
	if (sk->sk_reuse) {
		if (ostate == TCPFSM_TIME_WAIT)
			return false;
		if (ostate == TCPFSM_CLOSE && other->kind == TCPFSM_HENT_SOCK &&
		    tcpfsm_hent_sk((struct tcpfsm_hent *)other)->inet.sk.sk_reuse)
			return false;
	}
	return true;
}

/*
 * Whether @port (of @sk's namespace) is taken for @sk at @addr: by an entry
 * it conflicts with, or, for a socket about to listen on a port it already
 * holds (@listeners), by another listener.  @sk's own entry does not count.
 */
static bool tcpfsm_port_in_use(struct tcpfsm_bind_head *head,
			       const struct sock *sk, __be32 addr, u16 port,
			       bool listeners)
{
	const struct tcpfsm_hent *self = &tcpfsm_sk(sk)->h;
	struct tcpfsm_hent *h;

	hlist_for_each_entry(h, &head->chain, bind_node) {
		if (h == self || h->lport != port ||
		    !net_eq(read_pnet(&h->net), sock_net(sk)))
			continue;
		if (listeners) {
			if (h->listener && tcpfsm_addr_overlap(addr, h->laddr))
				return true;
		} else if (tcpfsm_bind_conflict(sk, addr, h)) {
			return true;
		}
	}
	return false;
}

/*
 * In TCP wire mode a port is reserved in Linux TCP's bind table before
 * tcpfsm takes it (wire.c): one that Linux TCP holds is not tcpfsm's to
 * take, and Linux TCP cannot take one of tcpfsm's.  The reservation is
 * held as long as the entry is in the bind table (@h->shadow).
 */
static int tcpfsm_port_reserve(struct sock *sk, u16 port)
{
	if (tcpfsm_sk(sk)->h.proto != IPPROTO_TCP)
		return 0;
	return tcpfsm_shadow_get(sock_net(sk), port);
}

static void tcpfsm_port_unreserve(struct sock *sk, u16 port)
{
	if (tcpfsm_sk(sk)->h.proto == IPPROTO_TCP)
		tcpfsm_shadow_put(sock_net(sk), port);
}

/*
 * Enter @sk in the chain of @port; its addresses are the caller's to set.
 * In wire mode the caller got @sk the port's reservation.
 */
static void tcpfsm_port_link(struct tcpfsm_bind_head *head, struct sock *sk,
			     u16 port)
{
	struct tcpfsm_hent *h = &tcpfsm_sk(sk)->h;

	h->shadow = h->proto == IPPROTO_TCP;
	inet_sk(sk)->inet_num = port;
	inet_sk(sk)->inet_sport = htons(port);
	h->lport = port;
	sock_hold(sk);
	hlist_add_head(&h->bind_node, &head->chain);
}

static bool tcpfsm_port_try(struct sock *sk, __be32 addr, u16 port,
			    bool listener)
{
	struct tcpfsm_bind_head *head = tcpfsm_bind_head(sock_net(sk), port);
	struct tcpfsm_hent *h = &tcpfsm_sk(sk)->h;
	bool taken;

	spin_lock_bh(&head->lock);
	taken = tcpfsm_port_in_use(head, sk, addr, port, false);
	if (!taken) {
		sk->sk_rcv_saddr = addr;
		inet_sk(sk)->inet_saddr = addr;
		h->laddr = addr;
		h->listener = listener;
		tcpfsm_port_link(head, sk, port);
	}
	spin_unlock_bh(&head->lock);
	return !taken;
}

static int __tcpfsm_port_get(struct sock *sk, __be32 addr, u16 port,
			     bool listener)
{
	int low, high;
	u32 span, offset, i;

	if (port) {
		int err = tcpfsm_port_reserve(sk, port);

		if (err)
			return err;
		if (tcpfsm_port_try(sk, addr, port, listener))
			return 0;
		tcpfsm_port_unreserve(sk, port);
		return -EADDRINUSE;
	}

	inet_get_local_port_range(sock_net(sk), &low, &high);
	span = high - low + 1;
	offset = get_random_u32_below(span);
	for (i = 0; i < span; i++) {
		port = low + (offset + i) % span;
		if (inet_is_local_reserved_port(sock_net(sk), port))
			continue;
		if (tcpfsm_port_reserve(sk, port))
			continue;
		if (tcpfsm_port_try(sk, addr, port, listener))
			return 0;
		tcpfsm_port_unreserve(sk, port);
		if (!in_softirq())
			cond_resched();
	}
	return -EADDRINUSE;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_port_get);

/**
 * tcpfsm_port_get() - bind @sk to @addr and @port.
 * @sk: an unbound socket, owned by the caller
 * @addr: the local address, or INADDR_ANY
 * @port: the port, or 0 to pick one from net.ipv4.ip_local_port_range
 *
 * The port is the socket's alone, within the conflict rules above: never
 * shared with a live connection, unlike tcpfsm_port_connect()'s.  The bind
 * table holds a reference on @sk until tcpfsm_port_put().
 *
 * Return: 0, or -EADDRINUSE when the port (or every ephemeral port) is taken.
 */
int tcpfsm_port_get(struct sock *sk, __be32 addr, u16 port)
{
	return __tcpfsm_port_get(sk, addr, port, false);
}

/**
 * tcpfsm_port_listen() - claim the port of @sk for a listener.
 * @sk: the socket, in CLOSE, owned by the caller
 *
 * SO_REUSEADDR lets bound, unconnected sockets share a port, but never
 * two listeners (as Linux checks at listen(): EADDRINUSE).  A bound
 * socket keeps its port unless another listener overlaps its address; one
 * whose port went with a failed connect() takes it again, as bind() would;
 * an unbound one takes an ephemeral port of its own.  The check and the
 * claim are one hold of the chain's lock, so of two sockets that listen()
 * at once on one port only one can win.  The claim goes with the port
 * (tcpfsm_port_put()).
 *
 * Return: 0, or -EADDRINUSE.
 */
int tcpfsm_port_listen(struct sock *sk)
{
	struct tcpfsm_hent *h = &tcpfsm_sk(sk)->h;
	struct tcpfsm_bind_head *head;
	bool taken;

	if (hlist_unhashed(&h->bind_node))
		return __tcpfsm_port_get(sk, sk->sk_rcv_saddr, sk->sk_num,
					 true);
	head = tcpfsm_bind_head(sock_net(sk), h->lport);
	spin_lock_bh(&head->lock);
	taken = tcpfsm_port_in_use(head, sk, h->laddr, h->lport, true);
	if (!taken)
		h->listener = 1;
	spin_unlock_bh(&head->lock);
	return taken ? -EADDRINUSE : 0;
}

/*
 * Whether connect() may share @port: everything on it was put there by
 * connect() too (connections and their TIME_WAIT records), never by
 * bind(), listen() or a listener's child.
 */
static bool tcpfsm_port_shareable(struct tcpfsm_bind_head *head,
				  const struct net *net, u16 port)
{
	struct tcpfsm_hent *h;

	hlist_for_each_entry(h, &head->chain, bind_node)
		if (h->lport == port && net_eq(read_pnet(&h->net), net) &&
		    !h->shared)
			return false;
	return true;
}

/**
 * tcpfsm_port_connect() - the local port of connect() on an unbound socket.
 * @sk: the socket, unbound, owned by the caller; h.laddr, h.raddr and
 *	h.rport hold the connection's addresses and remote port
 *
 * As Linux's __inet_hash_connect(): a port of net.ipv4.ip_local_port_range
 * is shared by connections to different destinations, so the range bounds
 * the connections to one remote address and port, not all of them.  A port
 * qualifies when only such connections (or their TIME_WAIT records) hold
 * it and the 4-tuple is free in the connection table; a TIME_WAIT record
 * of the very same 4-tuple is not taken over (Linux does that only with
 * timestamps, which tcpfsm does not have), another port is.  The socket
 * enters the connection table and the bind table under the port's lock,
 * so that two connect()s cannot take one 4-tuple, nor a bind() the port
 * in between.  bind() never shares (tcpfsm_port_get()).
 *
 * The caller gives the connection table its reference on @sk; the bind
 * table's is taken here.
 *
 * Return: 0, or -EADDRNOTAVAIL when no port of the range is free toward
 * this destination (Linux's errno).
 */
int tcpfsm_port_connect(struct sock *sk)
{
	struct tcpfsm_hent *h = &tcpfsm_sk(sk)->h;
	struct net *net = sock_net(sk);
	u32 span, offset, i;
	int low, high;

	inet_get_local_port_range(net, &low, &high);
	span = high - low + 1;
	offset = get_random_u32_below(span);
	for (i = 0; i < span; i++) {
		u16 port = low + (offset + i) % span;
		struct tcpfsm_bind_head *head;
		bool done = false;

		if (inet_is_local_reserved_port(net, port))
			continue;
		if (tcpfsm_port_reserve(sk, port))
			continue;
		head = tcpfsm_bind_head(net, port);
		spin_lock_bh(&head->lock);
		if (tcpfsm_port_shareable(head, net, port)) {
			h->lport = port;
			if (!tcpfsm_ehash_insert(h)) {
				h->shared = 1;
				tcpfsm_port_link(head, sk, port);
				done = true;
			}
		}
		spin_unlock_bh(&head->lock);
		if (done)
			return 0;
		tcpfsm_port_unreserve(sk, port);
		cond_resched();
	}
	h->lport = 0;
	return -EADDRNOTAVAIL;
}

/**
 * tcpfsm_port_inherit() - give a listener's new child the listener's port.
 * @child: the child, not yet visible to anyone
 * @addr: the local address the SYN came to
 * @port: the listener's port
 *
 * No conflict check: a connection shares the port of its listener, and in
 * wire mode a reference on the listener's reservation, which outlives the
 * listener if the child does.
 */
void tcpfsm_port_inherit(struct sock *child, __be32 addr, u16 port)
{
	struct tcpfsm_bind_head *head = tcpfsm_bind_head(sock_net(child), port);
	struct tcpfsm_hent *h = &tcpfsm_sk(child)->h;
	bool held = h->proto == IPPROTO_TCP &&
		    tcpfsm_shadow_hold(sock_net(child), port);

	child->sk_rcv_saddr = addr;
	inet_sk(child)->inet_saddr = addr;
	tcpfsm_sk(child)->h.laddr = addr;
	spin_lock_bh(&head->lock);
	tcpfsm_port_link(head, child, port);
	h->shadow = held;
	spin_unlock_bh(&head->lock);
}

/**
 * tcpfsm_port_put() - release the port of @sk, if it holds one.
 * @sk: the socket
 *
 * An ephemeral port is forgotten; a port bound by the user stays the
 * socket's, to be taken again if it connects or listens again.  A
 * listener's claim goes with the port.
 */
void tcpfsm_port_put(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct tcpfsm_bind_head *head;
	bool reserved;

	if (hlist_unhashed(&ts->h.bind_node))
		return;
	head = tcpfsm_bind_head(sock_net(sk), ts->h.lport);
	spin_lock_bh(&head->lock);
	hlist_del_init(&ts->h.bind_node);
	ts->h.listener = 0;
	ts->h.shared = 0;
	reserved = ts->h.shadow;
	ts->h.shadow = 0;
	spin_unlock_bh(&head->lock);
	if (reserved)
		tcpfsm_shadow_put(sock_net(sk), ts->h.lport);
	/* A port the user did not ask for goes with it, as in Linux. */
	if (!(sk->sk_userlocks & SOCK_BINDPORT_LOCK)) {
		inet_sk(sk)->inet_num = 0;
		inet_sk(sk)->inet_sport = 0;
		ts->h.lport = 0;
	}
	__sock_put(sk);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_port_put);

/**
 * tcpfsm_port_replace() - hand a socket's port over to its TIME_WAIT record.
 * @sk: the socket, holding the port
 * @tw: the record, which takes @sk's place in the chain
 *
 * One lock hold, so that the port is never free in between.  The table's
 * reference moves from @sk (dropped here) to @tw (taken by the caller).
 */
void tcpfsm_port_replace(struct sock *sk, struct tcpfsm_tw *tw)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct tcpfsm_bind_head *head;

	head = tcpfsm_bind_head(sock_net(sk), ts->h.lport);
	spin_lock_bh(&head->lock);
	hlist_replace_rcu(&ts->h.bind_node, &tw->h.bind_node);
	INIT_HLIST_NODE(&ts->h.bind_node);
	ts->h.shadow = 0;	/* the record has it (tcpfsm_tw_enter()) */
	spin_unlock_bh(&head->lock);
	__sock_put(sk);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_port_replace);

/**
 * tcpfsm_port_put_tw() - release the port of a TIME_WAIT record.
 * @tw: the record
 *
 * Return: whether the record was in the table (and the caller owns the
 * table's reference now).
 */
bool tcpfsm_port_put_tw(struct tcpfsm_tw *tw)
{
	struct tcpfsm_bind_head *head;
	bool was;

	head = tcpfsm_bind_head(read_pnet(&tw->h.net), tw->h.lport);
	spin_lock_bh(&head->lock);
	was = !hlist_unhashed(&tw->h.bind_node);
	if (was)
		hlist_del_init(&tw->h.bind_node);
	spin_unlock_bh(&head->lock);
	if (was && tw->h.shadow)
		tcpfsm_shadow_put(read_pnet(&tw->h.net), tw->h.lport);
	return was;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_port_put_tw);

/**
 * tcpfsm_ports_walk() - the next entry of @net in the bind table.
 * @net: the namespace
 * @bucket: chain to look in; advanced as chains are used up
 * @offset: entries of @net already returned from chain @bucket
 *
 * Resuming from (@bucket, @offset) keeps a walk over n entries O(n) however
 * the reader splits it, as long as chains stay short.  The entry comes back
 * held; the caller puts it with tcpfsm_hent_put().
 *
 * Return: an entry, or NULL at the end of the table.
 */
struct tcpfsm_hent *tcpfsm_ports_walk(struct net *net, unsigned int *bucket,
				      unsigned int *offset)
{
	for (; *bucket < TCPFSM_BIND_SIZE; (*bucket)++, *offset = 0) {
		struct tcpfsm_bind_head *head = &tcpfsm_bind_table[*bucket];
		struct tcpfsm_hent *h;
		unsigned int seen = 0;

		if (hlist_empty(&head->chain))
			continue;
		spin_lock_bh(&head->lock);
		hlist_for_each_entry(h, &head->chain, bind_node) {
			if (!net_eq(read_pnet(&h->net), net))
				continue;
			if (seen++ < *offset)
				continue;
			(*offset)++;
			if (!tcpfsm_hent_hold(h))
				continue;
			spin_unlock_bh(&head->lock);
			return h;
		}
		spin_unlock_bh(&head->lock);
	}
	return NULL;
}
