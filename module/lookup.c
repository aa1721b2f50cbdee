// SPDX-License-Identifier: GPL-2.0
/* lookup.c: the connection table (4-tuple) and the listener table (port), RCU for readers. */
#include <linux/jhash.h>
#include <linux/mm.h>
#include <linux/rculist.h>
#include <linux/rculist_nulls.h>
#include <linux/spinlock.h>
#include <net/sock.h>
#include <kunit/visibility.h>

#include "tcpfsm.h"

#define TCPFSM_EHASH_BITS	17
#define TCPFSM_EHASH_SIZE	BIT(TCPFSM_EHASH_BITS)
#define TCPFSM_LHASH_BITS	10
#define TCPFSM_LHASH_SIZE	BIT(TCPFSM_LHASH_BITS)

/**
 * struct tcpfsm_chain - one chain of the listener table.
 * @lock: serializes writers; readers walk under RCU
 * @head: the entries
 */
struct tcpfsm_chain {
	spinlock_t lock;		/* serializes writers */
	struct hlist_head head;
};

/**
 * struct tcpfsm_echain - one chain of the connection table.
 * @lock: serializes writers; readers walk under RCU
 * @head: the entries; the list ends in the chain's own index (nulls)
 *
 * An entry can move to another chain while a reader walks it: a socket
 * whose connect() failed is unhashed (tcpfsm_done()) and may connect()
 * again at once, under a new 4-tuple, without waiting for a grace period;
 * a reader still on it then follows it into its new chain and would miss
 * the rest of the old one (a segment of a live connection answered by a
 * RST).  So the list ends in a nulls marker, the chain's index, and a
 * reader that ends on another chain's marker starts again, as Linux's
 * __inet_lookup_established() does.  Entries are unlinked with their next
 * pointer kept (hlist_nulls_del_init_rcu()), so a reader on one goes on
 * along its old chain; and freed after a grace period (SOCK_RCU_FREE,
 * call_rcu() for TIME_WAIT records).
 *
 * The listener table needs none of this: a socket leaves LISTEN only to
 * close for good (release; connect() on a listener is refused), so its
 * node never joins another chain.
 */
struct tcpfsm_echain {
	spinlock_t lock;		/* serializes writers */
	struct hlist_nulls_head head;
};

static struct tcpfsm_echain *tcpfsm_ehash;
static struct tcpfsm_chain *tcpfsm_lhash;
static u32 tcpfsm_hash_seed __read_mostly;

static u32 tcpfsm_ehash_slot(const struct net *net, __be32 laddr, u16 lport,
			     __be32 raddr, __be16 rport)
{
	u32 h = jhash_3words((__force u32)laddr, (__force u32)raddr,
			     (u32)lport << 16 | (__force u16)rport,
			     tcpfsm_hash_seed + net_hash_mix(net));

	return h & (TCPFSM_EHASH_SIZE - 1);
}

static struct tcpfsm_echain *tcpfsm_ehash_chain(const struct tcpfsm_hent *h)
{
	return &tcpfsm_ehash[tcpfsm_ehash_slot(read_pnet(&h->net), h->laddr,
					       h->lport, h->raddr, h->rport)];
}

static struct tcpfsm_chain *tcpfsm_lhash_chain(const struct net *net, u16 port)
{
	u32 h = jhash_1word(port, tcpfsm_hash_seed + net_hash_mix(net));

	return &tcpfsm_lhash[h & (TCPFSM_LHASH_SIZE - 1)];
}

static struct tcpfsm_chain *tcpfsm_chains_alloc(unsigned int n)
{
	struct tcpfsm_chain *t = kvcalloc(n, sizeof(*t), GFP_KERNEL);
	unsigned int i;

	if (!t)
		return NULL;
	for (i = 0; i < n; i++) {
		spin_lock_init(&t[i].lock);
		INIT_HLIST_HEAD(&t[i].head);
	}
	return t;
}

/**
 * tcpfsm_lookup_init() - allocate the connection and listener tables.
 *
 * Return: 0 or -ENOMEM.
 */
int tcpfsm_lookup_init(void)
{
	unsigned int i;

	tcpfsm_hash_seed = get_random_u32();
	tcpfsm_ehash = kvcalloc(TCPFSM_EHASH_SIZE, sizeof(*tcpfsm_ehash),
				GFP_KERNEL);
	if (!tcpfsm_ehash)
		return -ENOMEM;
	for (i = 0; i < TCPFSM_EHASH_SIZE; i++) {
		spin_lock_init(&tcpfsm_ehash[i].lock);
		INIT_HLIST_NULLS_HEAD(&tcpfsm_ehash[i].head, i);
	}
	tcpfsm_lhash = tcpfsm_chains_alloc(TCPFSM_LHASH_SIZE);
	if (!tcpfsm_lhash) {
		kvfree(tcpfsm_ehash);
		return -ENOMEM;
	}
	return 0;
}

/**
 * tcpfsm_lookup_exit() - free the tables, which must be empty.
 */
void tcpfsm_lookup_exit(void)
{
	kvfree(tcpfsm_lhash);
	kvfree(tcpfsm_ehash);
}

static bool tcpfsm_hent_match(const struct tcpfsm_hent *h,
			      const struct net *net, __be32 laddr, u16 lport,
			      __be32 raddr, __be16 rport)
{
	return h->laddr == laddr && h->raddr == raddr && h->lport == lport &&
	       h->rport == rport && net_eq(read_pnet(&h->net), net);
}

/**
 * tcpfsm_ehash_insert() - enter a connection in the 4-tuple table.
 * @h: its entry; laddr, raddr, lport, rport and net filled in
 *
 * The caller gives the table a reference of its own on the owner.
 *
 * Return: 0, or -EADDRINUSE when the 4-tuple is taken.
 */
int tcpfsm_ehash_insert(struct tcpfsm_hent *h)
{
	struct net *net = read_pnet(&h->net);
	struct tcpfsm_echain *c = tcpfsm_ehash_chain(h);
	struct hlist_nulls_node *node;
	struct tcpfsm_hent *o;

	spin_lock_bh(&c->lock);
	hlist_nulls_for_each_entry(o, node, &c->head, ehash_node) {
		if (tcpfsm_hent_match(o, net, h->laddr, h->lport, h->raddr,
				      h->rport)) {
			spin_unlock_bh(&c->lock);
			return -EADDRINUSE;
		}
	}
	hlist_nulls_add_head_rcu(&h->ehash_node, &c->head);
	h->hashed = 1;
	spin_unlock_bh(&c->lock);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_ehash_insert);

/**
 * tcpfsm_ehash_remove() - take a connection out of the 4-tuple table.
 * @h: its entry
 *
 * Return: whether it was there (the caller then drops the table's reference).
 */
bool tcpfsm_ehash_remove(struct tcpfsm_hent *h)
{
	struct tcpfsm_echain *c = tcpfsm_ehash_chain(h);
	bool was;

	spin_lock_bh(&c->lock);
	was = h->hashed;
	if (was) {
		hlist_nulls_del_init_rcu(&h->ehash_node);
		h->hashed = 0;
	}
	spin_unlock_bh(&c->lock);
	return was;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_ehash_remove);

/**
 * tcpfsm_ehash_replace() - put a TIME_WAIT record where its socket was.
 * @old: the socket's entry, hashed
 * @new: the record's entry, same 4-tuple
 *
 * Readers see one or the other (or both), never neither: the record goes
 * in at the head first, then the socket comes out, keeping its next
 * pointer, so that a reader on the socket goes on along the chain (as
 * Linux's inet_twsk_hashdance_schedule()).
 */
void tcpfsm_ehash_replace(struct tcpfsm_hent *old, struct tcpfsm_hent *new)
{
	struct tcpfsm_echain *c = tcpfsm_ehash_chain(old);

	spin_lock_bh(&c->lock);
	hlist_nulls_add_head_rcu(&new->ehash_node, &c->head);
	hlist_nulls_del_init_rcu(&old->ehash_node);
	old->hashed = 0;
	new->hashed = 1;
	spin_unlock_bh(&c->lock);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_ehash_replace);

/**
 * tcpfsm_hent_hold() - take a reference on an entry found in a table.
 * @h: the entry
 *
 * Return: false if it is already on its way out.
 */
bool tcpfsm_hent_hold(struct tcpfsm_hent *h)
{
	if (h->kind == TCPFSM_HENT_TW)
		return refcount_inc_not_zero(&tcpfsm_hent_tw(h)->refcnt);
	return refcount_inc_not_zero(&tcpfsm_hent_sk(h)->inet.sk.sk_refcnt);
}

/**
 * tcpfsm_ehash_lookup() - find the connection a segment belongs to.
 * @net: the namespace it arrived in
 * @laddr: its destination address (ours)
 * @lport: its destination port (ours), host order
 * @raddr: its source address
 * @rport: its source port, network order
 *
 * Called under rcu_read_lock().  Entries are freed after a grace period,
 * but may move to another chain meanwhile (struct tcpfsm_echain): a match
 * is checked again once held, and a walk that ends on another chain's
 * nulls marker starts again.
 *
 * Return: the entry, held (tcpfsm_hent_put()), or NULL.
 */
struct tcpfsm_hent *tcpfsm_ehash_lookup(const struct net *net, __be32 laddr,
					u16 lport, __be32 raddr, __be16 rport)
{
	u32 slot = tcpfsm_ehash_slot(net, laddr, lport, raddr, rport);
	struct tcpfsm_echain *c = &tcpfsm_ehash[slot];
	struct hlist_nulls_node *node;
	struct tcpfsm_hent *h;

begin:
	hlist_nulls_for_each_entry_rcu(h, node, &c->head, ehash_node) {
		if (!tcpfsm_hent_match(h, net, laddr, lport, raddr, rport))
			continue;
		if (!tcpfsm_hent_hold(h))
			continue;
		/*
		 * Still in the table, still the same 4-tuple (as Linux's
		 * __inet_lookup_established()): a socket just replaced by its
		 * TIME_WAIT record is out, and the record is what answers.
		 */
		if (!hlist_nulls_unhashed_lockless(&h->ehash_node) &&
		    tcpfsm_hent_match(h, net, laddr, lport, raddr, rport))
			return h;
		/* It moved on under us: its next pointer may too. */
		tcpfsm_hent_put(h);
		goto begin;
	}
	if (get_nulls_value(node) != slot)
		goto begin;
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_ehash_lookup);

/**
 * tcpfsm_hent_put() - drop a reference taken by a lookup.
 * @h: the entry
 */
void tcpfsm_hent_put(struct tcpfsm_hent *h)
{
	if (h->kind == TCPFSM_HENT_TW)
		tcpfsm_tw_put(tcpfsm_hent_tw(h));
	else
		sock_put(&tcpfsm_hent_sk(h)->inet.sk);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_hent_put);

/**
 * tcpfsm_lhash_add() - make a bound socket findable as a listener.
 * @sk: the socket, bound, owned by the caller
 */
void tcpfsm_lhash_add(struct sock *sk)
{
	struct tcpfsm_chain *c = tcpfsm_lhash_chain(sock_net(sk), sk->sk_num);

	sock_hold(sk);
	spin_lock_bh(&c->lock);
	hlist_add_head_rcu(&tcpfsm_sk(sk)->lnode, &c->head);
	spin_unlock_bh(&c->lock);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_lhash_add);

/**
 * tcpfsm_lhash_del() - undo tcpfsm_lhash_add(), if it was done.
 * @sk: the socket
 */
void tcpfsm_lhash_del(struct sock *sk)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct tcpfsm_chain *c = tcpfsm_lhash_chain(sock_net(sk), ts->h.lport);
	bool was;

	spin_lock_bh(&c->lock);
	was = !hlist_unhashed(&ts->lnode);
	if (was)
		hlist_del_init_rcu(&ts->lnode);
	spin_unlock_bh(&c->lock);
	if (was)
		__sock_put(sk);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_lhash_del);

/**
 * tcpfsm_lhash_lookup() - the listener for a SYN to @laddr:@lport.
 * @net: the namespace
 * @laddr: the destination address
 * @lport: the destination port, host order
 *
 * A listener bound to @laddr is preferred to one bound to the wildcard.
 * Called under rcu_read_lock().
 *
 * Return: the listener, held, or NULL.
 */
struct sock *tcpfsm_lhash_lookup(const struct net *net, __be32 laddr,
				 u16 lport)
{
	struct tcpfsm_chain *c = tcpfsm_lhash_chain(net, lport);
	struct tcpfsm_sock *ts, *best = NULL;

	hlist_for_each_entry_rcu(ts, &c->head, lnode) {
		if (ts->h.lport != lport || !net_eq(read_pnet(&ts->h.net), net))
			continue;
		if (ts->h.laddr == laddr) {
			best = ts;
			break;
		}
		if (!ts->h.laddr && !best)
			best = ts;
	}
	if (best && refcount_inc_not_zero(&best->inet.sk.sk_refcnt))
		return &best->inet.sk;
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_lhash_lookup);

/**
 * tcpfsm_lookup_walk() - the next listener or connection of @net.
 * @net: the namespace
 * @bucket: cursor: listener chains first, then connection chains
 * @offset: entries of @net already returned from chain @bucket
 *
 * What /proc/net/tcpfsm lists: listeners, then every hashed connection
 * (SYN_RECV children, orphans still closing, TIME_WAIT records).  Chains
 * are short, so resuming from (@bucket, @offset) keeps a full read O(n)
 * however the reader splits it.  The entry comes back held
 * (tcpfsm_hent_put()).
 *
 * Return: an entry, or NULL at the end.
 */
struct tcpfsm_hent *tcpfsm_lookup_walk(struct net *net, unsigned int *bucket,
				       unsigned int *offset)
{
	struct tcpfsm_hent *h;

	/* Listeners, linked by their lnode. */
	for (; *bucket < TCPFSM_LHASH_SIZE; (*bucket)++, *offset = 0) {
		struct tcpfsm_chain *c = &tcpfsm_lhash[*bucket];
		unsigned int seen = 0;
		struct tcpfsm_sock *ts;

		if (hlist_empty(&c->head))
			continue;
		spin_lock_bh(&c->lock);
		hlist_for_each_entry(ts, &c->head, lnode) {
			h = &ts->h;
			if (!net_eq(read_pnet(&h->net), net) || seen++ < *offset)
				continue;
			(*offset)++;
			if (!tcpfsm_hent_hold(h))
				continue;
			spin_unlock_bh(&c->lock);
			return h;
		}
		spin_unlock_bh(&c->lock);
	}
	/* Connections, linked by their entry's ehash_node. */
	for (; *bucket < TCPFSM_LHASH_SIZE + TCPFSM_EHASH_SIZE;
	     (*bucket)++, *offset = 0) {
		struct tcpfsm_echain *c = &tcpfsm_ehash[*bucket - TCPFSM_LHASH_SIZE];
		struct hlist_nulls_node *node;
		unsigned int seen = 0;

		if (hlist_nulls_empty(&c->head))
			continue;
		spin_lock_bh(&c->lock);
		hlist_nulls_for_each_entry(h, node, &c->head, ehash_node) {
			if (!net_eq(read_pnet(&h->net), net) || seen++ < *offset)
				continue;
			(*offset)++;
			if (!tcpfsm_hent_hold(h))
				continue;
			spin_unlock_bh(&c->lock);
			return h;
		}
		spin_unlock_bh(&c->lock);
	}
	return NULL;
}
