// SPDX-License-Identifier: GPL-2.0
/* ports.c: the bind table: who owns which local port, ephemeral port choice, walking for /proc. */
#include <linux/hash.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/spinlock.h>
#include <net/ip.h>

#include "tcpfsm.h"

#define TCPFSM_BIND_BITS	12
#define TCPFSM_BIND_SIZE	BIT(TCPFSM_BIND_BITS)

/**
 * struct tcpfsm_bind_head - one chain of the bind table.
 * @lock: protects @chain; taken with BHs off, since softirq code (TIME_WAIT
 *	  expiry) releases ports too.
 * @chain: the sockets bound to ports that hash here.
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
	unsigned int i;

	for (i = 0; i < TCPFSM_BIND_SIZE; i++)
		WARN_ON_ONCE(!hlist_empty(&tcpfsm_bind_table[i].chain));
	kvfree(tcpfsm_bind_table);
	tcpfsm_bind_table = NULL;
}

/*
 * Whether @sk may not share @port with @other, already bound to it.  The
 * addresses conflict when equal or when either is the wildcard.  With
 * SO_REUSEADDR on the new socket a TIME_WAIT owner gives way; a bound but
 * unconnected owner gives way only if it too set SO_REUSEADDR; a listener or
 * a live connection never does.
 */
static bool tcpfsm_bind_conflict(const struct sock *sk, __be32 addr,
				 const struct sock *other)
{
	__be32 oaddr = other->sk_rcv_saddr;
	int ostate = READ_ONCE(other->sk_state);

	if (addr && oaddr && addr != oaddr)
		return false;
	if (sk->sk_reuse) {
		if (ostate == TCPFSM_TIME_WAIT)
			return false;
		if (ostate == TCPFSM_CLOSE && other->sk_reuse)
			return false;
	}
	return true;
}

static bool tcpfsm_port_in_use(struct tcpfsm_bind_head *head,
			       const struct sock *sk, __be32 addr, u16 port)
{
	struct tcpfsm_sock *ts;

	hlist_for_each_entry(ts, &head->chain, bind_node) {
		struct sock *other = &ts->inet.sk;

		if (other->sk_num != port ||
		    !net_eq(sock_net(other), sock_net(sk)))
			continue;
		if (tcpfsm_bind_conflict(sk, addr, other))
			return true;
	}
	return false;
}

static bool tcpfsm_port_try(struct sock *sk, __be32 addr, u16 port)
{
	struct tcpfsm_bind_head *head = tcpfsm_bind_head(sock_net(sk), port);
	bool taken;

	spin_lock_bh(&head->lock);
	taken = tcpfsm_port_in_use(head, sk, addr, port);
	if (!taken) {
		sk->sk_rcv_saddr = addr;
		inet_sk(sk)->inet_saddr = addr;
		inet_sk(sk)->inet_num = port;
		inet_sk(sk)->inet_sport = htons(port);
		sock_hold(sk);
		hlist_add_head(&tcpfsm_sk(sk)->bind_node, &head->chain);
	}
	spin_unlock_bh(&head->lock);
	return !taken;
}

/**
 * tcpfsm_port_get() - bind @sk to @addr and @port.
 * @sk: an unbound socket, owned by the caller
 * @addr: the local address, or INADDR_ANY
 * @port: the port, or 0 to pick one from net.ipv4.ip_local_port_range
 *
 * The bind table holds a reference on @sk until tcpfsm_port_put().
 *
 * Return: 0, or -EADDRINUSE when the port (or every ephemeral port) is taken.
 */
int tcpfsm_port_get(struct sock *sk, __be32 addr, u16 port)
{
	int low, high;
	u32 span, offset, i;

	if (port)
		return tcpfsm_port_try(sk, addr, port) ? 0 : -EADDRINUSE;

	inet_get_local_port_range(sock_net(sk), &low, &high);
	span = high - low + 1;
	offset = get_random_u32_below(span);
	for (i = 0; i < span; i++) {
		port = low + (offset + i) % span;
		if (inet_is_local_reserved_port(sock_net(sk), port))
			continue;
		if (tcpfsm_port_try(sk, addr, port))
			return 0;
		cond_resched();
	}
	return -EADDRINUSE;
}

/**
 * tcpfsm_port_put() - release the port of @sk, if it holds one.
 * @sk: the socket
 */
void tcpfsm_port_put(struct sock *sk)
{
	struct tcpfsm_bind_head *head;

	if (!sk->sk_num)
		return;
	head = tcpfsm_bind_head(sock_net(sk), sk->sk_num);
	spin_lock_bh(&head->lock);
	hlist_del_init(&tcpfsm_sk(sk)->bind_node);
	spin_unlock_bh(&head->lock);
	inet_sk(sk)->inet_num = 0;
	inet_sk(sk)->inet_sport = 0;
	__sock_put(sk);
}

/**
 * tcpfsm_ports_walk() - the next socket of @net in the bind table.
 * @net: the namespace
 * @bucket: chain to look in; advanced as chains are used up
 * @offset: sockets of @net already returned from chain @bucket
 *
 * Resuming from (@bucket, @offset) keeps a walk over n sockets O(n) however
 * the reader splits it.  The socket comes back held; the caller puts it.
 *
 * Return: a socket, or NULL at the end of the table.
 */
struct sock *tcpfsm_ports_walk(struct net *net, unsigned int *bucket,
			       unsigned int *offset)
{
	for (; *bucket < TCPFSM_BIND_SIZE; (*bucket)++, *offset = 0) {
		struct tcpfsm_bind_head *head = &tcpfsm_bind_table[*bucket];
		struct tcpfsm_sock *ts;
		unsigned int seen = 0;

		if (hlist_empty(&head->chain))
			continue;
		spin_lock_bh(&head->lock);
		hlist_for_each_entry(ts, &head->chain, bind_node) {
			struct sock *sk = &ts->inet.sk;

			if (!net_eq(sock_net(sk), net))
				continue;
			if (seen++ < *offset)
				continue;
			sock_hold(sk);
			spin_unlock_bh(&head->lock);
			(*offset)++;
			return sk;
		}
		spin_unlock_bh(&head->lock);
	}
	return NULL;
}
