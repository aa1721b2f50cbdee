// SPDX-License-Identifier: GPL-2.0
/* lookup_test.c: KUnit cases for module/lookup.c: the 4-tuple and listener tables, per netns. */
#include <kunit/test.h>
#include <linux/hrtimer.h>
#include <linux/net.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <net/sock.h>

#include "tables_test.h"

/*
 * Addresses of TEST-NET-1 (RFC 5737), which nothing in the test VM sends
 * from or to, and ports no other user of init_net holds while KUnit runs.
 */
static const __be32 addr_a = cpu_to_be32(0xc0000201);	/* 192.0.2.1, ours */
static const __be32 addr_b = cpu_to_be32(0xc0000202);	/* 192.0.2.2, ours */
static const __be32 addr_peer = cpu_to_be32(0xc0000263);	/* 192.0.2.99 */
static const __be32 any_addr = htonl(INADDR_ANY);
static const __be16 peer_port = cpu_to_be16(50101);
static const __be16 peer_port2 = cpu_to_be16(50102);
#define LPORT		40101

KUNIT_DEFINE_ACTION_WRAPPER(sock_release_action, sock_release, struct socket *);

/*
 * A real AF_TCPFSM socket of init_net, in CLOSE.  It is released at the end
 * of the test even if an assertion fails: tcpfsm_release() takes it out of
 * whatever table it is still in, dropping the references the tables hold
 * (which is why the cases give the tables theirs, as the module does).
 */
static struct sock *new_sock(struct kunit *test)
{
	struct socket *sock;

	KUNIT_ASSERT_EQ(test, 0, sock_create_kern(&init_net, tcpfsm_family,
						  SOCK_STREAM, 0, &sock));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   sock_release_action,
							   sock));
	return sock->sk;
}

static struct tcpfsm_hent *hent(struct sock *sk)
{
	return &tcpfsm_sk(sk)->h;
}

static void set_tuple(struct tcpfsm_hent *h, __be32 laddr, u16 lport,
		      __be32 raddr, __be16 rport)
{
	h->laddr = laddr;
	h->lport = lport;
	h->raddr = raddr;
	h->rport = rport;
}

/* Enter a socket as tcpfsm_connect_prepare() does: the table gets a reference. */
static int ehash_insert(struct sock *sk)
{
	int err = tcpfsm_ehash_insert(hent(sk));

	if (!err)
		sock_hold(sk);
	return err;
}

/* Take it out as tcpfsm_done() does: the table's reference goes. */
static bool ehash_remove(struct sock *sk)
{
	bool was = tcpfsm_ehash_remove(hent(sk));

	if (was)
		__sock_put(sk);
	return was;
}

/*
 * What a segment to @laddr:@lport from @raddr:@rport would find.  The
 * lookup's reference is dropped at once (the test holds its entries), so the
 * result is only compared, never used.
 */
static struct tcpfsm_hent *ehash_find(const struct net *net, __be32 laddr,
				      u16 lport, __be32 raddr, __be16 rport)
{
	struct tcpfsm_hent *h;

	rcu_read_lock();
	h = tcpfsm_ehash_lookup(net, laddr, lport, raddr, rport);
	rcu_read_unlock();
	if (h)
		tcpfsm_hent_put(h);
	return h;
}

/* The listener a SYN to @laddr:@lport would find, compared only, as above. */
static struct sock *lhash_find(const struct net *net, __be32 laddr, u16 lport)
{
	struct sock *sk;

	rcu_read_lock();
	sk = tcpfsm_lhash_lookup(net, laddr, lport);
	rcu_read_unlock();
	if (sk)
		sock_put(sk);
	return sk;
}

/* Make @sk a listener on @addr:@port as bind() then listen() would leave it. */
static void lhash_add(struct sock *sk, __be32 addr, u16 port)
{
	sk->sk_rcv_saddr = addr;
	inet_sk(sk)->inet_saddr = addr;
	inet_sk(sk)->inet_num = port;
	inet_sk(sk)->inet_sport = htons(port);
	hent(sk)->laddr = addr;
	hent(sk)->lport = port;
	tcpfsm_lhash_add(sk);
}

/*
 * Unlink an other_sock() from every table and free it once no reader can be
 * on it.  Were a reference besides the test's left (a case's bug), it would
 * not be freed but leaked, for kmemleak to tell.
 */
static void other_sock_free(void *data)
{
	struct sock *sk = data;

	ehash_remove(sk);
	tcpfsm_lhash_del(sk);
	synchronize_rcu();
	if (refcount_read(&sk->sk_refcnt) == 1)
		kfree(tcpfsm_sk(sk));
}

/*
 * Unlink a test_tw() from the 4-tuple table and free it once no reader can be
 * on it, and none holds it: a walk of /proc/net/tcpfsm might have, in
 * init_net.  What is still held is leaked rather than freed.
 */
static void test_tw_free(void *data)
{
	struct tcpfsm_tw *tw = data;

	if (tcpfsm_ehash_remove(&tw->h))
		refcount_dec(&tw->refcnt);
	synchronize_rcu();
	if (refcount_read(&tw->refcnt) == 1)
		kfree(tw);
}

static void tcpfsm_ehash_insert__then_lookup_finds_it(struct kunit *test)
{
	struct sock *sk = new_sock(test);
	struct tcpfsm_hent *found;
	unsigned int refs;

	set_tuple(hent(sk), addr_a, LPORT, addr_peer, peer_port);
	KUNIT_ASSERT_EQ(test, 0, ehash_insert(sk));
	KUNIT_EXPECT_TRUE(test, hent(sk)->hashed);

	/* Found, and held for the caller. */
	refs = refcount_read(&sk->sk_refcnt);
	rcu_read_lock();
	found = tcpfsm_ehash_lookup(&init_net, addr_a, LPORT, addr_peer, peer_port);
	rcu_read_unlock();
	KUNIT_EXPECT_PTR_EQ(test, found, hent(sk));
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), refs + 1);
	if (found)
		tcpfsm_hent_put(found);
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), refs);

	KUNIT_EXPECT_TRUE(test, ehash_remove(sk));
}

static void tcpfsm_ehash_lookup__other_tuple_finds_nothing(struct kunit *test)
{
	struct sock *sk = new_sock(test);

	set_tuple(hent(sk), addr_a, LPORT, addr_peer, peer_port);
	KUNIT_ASSERT_EQ(test, 0, ehash_insert(sk));

	/* Each of the four differs in turn; then the segment we send. */
	KUNIT_EXPECT_NULL(test, ehash_find(&init_net, addr_b, LPORT,
					   addr_peer, peer_port));
	KUNIT_EXPECT_NULL(test, ehash_find(&init_net, addr_a, LPORT + 1,
					   addr_peer, peer_port));
	KUNIT_EXPECT_NULL(test, ehash_find(&init_net, addr_a, LPORT,
					   addr_b, peer_port));
	KUNIT_EXPECT_NULL(test, ehash_find(&init_net, addr_a, LPORT,
					   addr_peer, peer_port2));
	KUNIT_EXPECT_NULL(test, ehash_find(&init_net, addr_peer,
					   be16_to_cpu(peer_port), addr_a,
					   cpu_to_be16(LPORT)));
	KUNIT_EXPECT_PTR_EQ(test, ehash_find(&init_net, addr_a, LPORT,
					     addr_peer, peer_port), hent(sk));

	KUNIT_EXPECT_TRUE(test, ehash_remove(sk));
}

static void tcpfsm_ehash_insert__taken_tuple_is_eaddrinuse(struct kunit *test)
{
	struct sock *first = new_sock(test), *second = new_sock(test);
	struct sock *other_rport = new_sock(test);
	unsigned int refs = refcount_read(&second->sk_refcnt);

	set_tuple(hent(first), addr_a, LPORT, addr_peer, peer_port);
	set_tuple(hent(second), addr_a, LPORT, addr_peer, peer_port);
	set_tuple(hent(other_rport), addr_a, LPORT, addr_peer,
		  peer_port2);
	KUNIT_ASSERT_EQ(test, 0, ehash_insert(first));

	KUNIT_EXPECT_EQ(test, -EADDRINUSE, ehash_insert(second));
	KUNIT_EXPECT_FALSE(test, hent(second)->hashed);
	KUNIT_EXPECT_TRUE(test, hlist_nulls_unhashed(&hent(second)->ehash_node));
	KUNIT_EXPECT_EQ(test, refcount_read(&second->sk_refcnt), refs);
	KUNIT_EXPECT_PTR_EQ(test, ehash_find(&init_net, addr_a, LPORT,
					     addr_peer, peer_port), hent(first));

	/* Only the whole 4-tuple is taken. */
	KUNIT_EXPECT_EQ(test, 0, ehash_insert(other_rport));

	KUNIT_EXPECT_TRUE(test, ehash_remove(other_rport));
	KUNIT_EXPECT_TRUE(test, ehash_remove(first));
	KUNIT_EXPECT_FALSE(test, ehash_remove(second));
}

static void tcpfsm_ehash_replace__lookup_finds_the_record(struct kunit *test)
{
	struct sock *sk = new_sock(test), *again = new_sock(test);
	struct tcpfsm_tw *tw;
	unsigned int refs;

	set_tuple(hent(sk), addr_a, LPORT, addr_peer, peer_port);
	set_tuple(hent(again), addr_a, LPORT, addr_peer, peer_port);
	KUNIT_ASSERT_EQ(test, 0, ehash_insert(sk));
	tw = test_tw(test, hent(sk), test_tw_free);

	/* The table's reference moves from the socket to the record. */
	refs = refcount_read(&sk->sk_refcnt);
	refcount_inc(&tw->refcnt);
	tcpfsm_ehash_replace(hent(sk), &tw->h);
	__sock_put(sk);
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), refs - 1);

	KUNIT_EXPECT_PTR_EQ(test, ehash_find(&init_net, addr_a, LPORT,
					     addr_peer, peer_port), &tw->h);
	KUNIT_EXPECT_TRUE(test, tw->h.hashed);
	KUNIT_EXPECT_FALSE(test, hent(sk)->hashed);
	KUNIT_EXPECT_TRUE(test, hlist_nulls_unhashed(&hent(sk)->ehash_node));
	KUNIT_EXPECT_FALSE(test, ehash_remove(sk));
	/* The record holds the 4-tuple as the socket did. */
	KUNIT_EXPECT_EQ(test, -EADDRINUSE, ehash_insert(again));

	KUNIT_EXPECT_TRUE(test, tcpfsm_ehash_remove(&tw->h));
	refcount_dec(&tw->refcnt);
	KUNIT_EXPECT_NULL(test, ehash_find(&init_net, addr_a, LPORT,
					   addr_peer, peer_port));
	KUNIT_EXPECT_EQ(test, refcount_read(&tw->refcnt), 1);
}

static void tcpfsm_ehash_remove__lookup_finds_nothing(struct kunit *test)
{
	struct sock *sk = new_sock(test);
	unsigned int refs = refcount_read(&sk->sk_refcnt);

	set_tuple(hent(sk), addr_a, LPORT, addr_peer, peer_port);
	KUNIT_ASSERT_EQ(test, 0, ehash_insert(sk));
	KUNIT_EXPECT_TRUE(test, ehash_remove(sk));

	KUNIT_EXPECT_NULL(test, ehash_find(&init_net, addr_a, LPORT,
					   addr_peer, peer_port));
	KUNIT_EXPECT_FALSE(test, hent(sk)->hashed);
	KUNIT_EXPECT_TRUE(test, hlist_nulls_unhashed(&hent(sk)->ehash_node));
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), refs);
	/* A second remove finds nothing to do, and the 4-tuple is free. */
	KUNIT_EXPECT_FALSE(test, ehash_remove(sk));
	KUNIT_EXPECT_EQ(test, 0, ehash_insert(sk));
	KUNIT_EXPECT_TRUE(test, ehash_remove(sk));
}

static void tcpfsm_ehash_lookup__netns_separate(struct kunit *test)
{
	struct net *other = other_net(test);
	struct sock *sk = new_sock(test);
	struct sock *osk = other_sock(test, other, other_sock_free);
	struct sock *osk2 = other_sock(test, other, other_sock_free);

	set_tuple(hent(sk), addr_a, LPORT, addr_peer, peer_port);
	set_tuple(hent(osk), addr_a, LPORT, addr_peer, peer_port);
	set_tuple(hent(osk2), addr_a, LPORT, addr_peer, peer_port);

	/* The same 4-tuple in two namespaces is two entries... */
	KUNIT_ASSERT_EQ(test, 0, ehash_insert(sk));
	KUNIT_ASSERT_EQ(test, 0, ehash_insert(osk));
	/* ...and within the other namespace it is taken as in init_net. */
	KUNIT_EXPECT_EQ(test, -EADDRINUSE, ehash_insert(osk2));

	KUNIT_EXPECT_PTR_EQ(test, ehash_find(&init_net, addr_a, LPORT,
					     addr_peer, peer_port), hent(sk));
	KUNIT_EXPECT_PTR_EQ(test, ehash_find(other, addr_a, LPORT,
					     addr_peer, peer_port), hent(osk));

	/* With one of them gone, a lookup never finds the other namespace's. */
	KUNIT_EXPECT_TRUE(test, ehash_remove(sk));
	KUNIT_EXPECT_NULL(test, ehash_find(&init_net, addr_a, LPORT,
					   addr_peer, peer_port));
	KUNIT_EXPECT_PTR_EQ(test, ehash_find(other, addr_a, LPORT,
					     addr_peer, peer_port), hent(osk));
	KUNIT_EXPECT_EQ(test, 0, ehash_insert(sk));
	KUNIT_EXPECT_TRUE(test, ehash_remove(osk));
	KUNIT_EXPECT_NULL(test, ehash_find(other, addr_a, LPORT,
					   addr_peer, peer_port));
	KUNIT_EXPECT_PTR_EQ(test, ehash_find(&init_net, addr_a, LPORT,
					     addr_peer, peer_port), hent(sk));

	KUNIT_EXPECT_TRUE(test, ehash_remove(sk));
	KUNIT_EXPECT_EQ(test, refcount_read(&osk->sk_refcnt), 1);
	KUNIT_EXPECT_EQ(test, refcount_read(&osk2->sk_refcnt), 1);
}

static void tcpfsm_lhash_lookup__exact_address_beats_wildcard(struct kunit *test)
{
	struct sock *wild = new_sock(test), *exact = new_sock(test);
	int order;

	/* Either order of listen(): the chain's order must not matter. */
	for (order = 0; order < 2; order++) {
		if (order == 0) {
			lhash_add(wild, any_addr, LPORT);
			lhash_add(exact, addr_a, LPORT);
		} else {
			lhash_add(exact, addr_a, LPORT);
			lhash_add(wild, any_addr, LPORT);
		}
		KUNIT_EXPECT_PTR_EQ_MSG(test, lhash_find(&init_net, addr_a,
							 LPORT), exact,
					"order %d", order);
		KUNIT_EXPECT_PTR_EQ_MSG(test, lhash_find(&init_net, addr_b,
							 LPORT), wild,
					"order %d", order);
		tcpfsm_lhash_del(exact);
		tcpfsm_lhash_del(wild);
	}
	KUNIT_EXPECT_NULL(test, lhash_find(&init_net, addr_a, LPORT));
}

static void tcpfsm_lhash_lookup__bound_address_and_port_only(struct kunit *test)
{
	struct sock *sk = new_sock(test);
	unsigned int refs;
	struct sock *found;

	lhash_add(sk, addr_a, LPORT);
	KUNIT_EXPECT_NULL(test, lhash_find(&init_net, addr_b, LPORT));
	KUNIT_EXPECT_NULL(test, lhash_find(&init_net, addr_a, LPORT + 1));

	/* Found, and held for the caller. */
	refs = refcount_read(&sk->sk_refcnt);
	rcu_read_lock();
	found = tcpfsm_lhash_lookup(&init_net, addr_a, LPORT);
	rcu_read_unlock();
	KUNIT_EXPECT_PTR_EQ(test, found, sk);
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), refs + 1);
	if (found)
		sock_put(found);

	tcpfsm_lhash_del(sk);
}

static void tcpfsm_lhash_del__lookup_finds_nothing(struct kunit *test)
{
	struct sock *sk = new_sock(test);
	unsigned int refs = refcount_read(&sk->sk_refcnt);

	lhash_add(sk, any_addr, LPORT);
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), refs + 1);
	KUNIT_EXPECT_PTR_EQ(test, lhash_find(&init_net, addr_a, LPORT), sk);

	tcpfsm_lhash_del(sk);
	KUNIT_EXPECT_NULL(test, lhash_find(&init_net, addr_a, LPORT));
	KUNIT_EXPECT_TRUE(test, hlist_unhashed(&tcpfsm_sk(sk)->lnode));
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), refs);
	/* Undoing what was not done does nothing. */
	tcpfsm_lhash_del(sk);
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), refs);
}

static void tcpfsm_lhash_lookup__netns_separate(struct kunit *test)
{
	struct net *other = other_net(test);
	struct sock *sk = new_sock(test);
	struct sock *osk = other_sock(test, other, other_sock_free);

	/*
	 * init_net listens on the wildcard, the other namespace on addr_a:
	 * the other's exact match must not win over init_net's wildcard.
	 */
	lhash_add(sk, any_addr, LPORT);
	lhash_add(osk, addr_a, LPORT);

	KUNIT_EXPECT_PTR_EQ(test, lhash_find(&init_net, addr_a, LPORT), sk);
	KUNIT_EXPECT_PTR_EQ(test, lhash_find(other, addr_a, LPORT), osk);
	KUNIT_EXPECT_NULL(test, lhash_find(other, addr_b, LPORT));

	tcpfsm_lhash_del(sk);
	KUNIT_EXPECT_NULL(test, lhash_find(&init_net, addr_a, LPORT));
	KUNIT_EXPECT_PTR_EQ(test, lhash_find(other, addr_a, LPORT), osk);

	tcpfsm_lhash_del(osk);
	KUNIT_EXPECT_NULL(test, lhash_find(other, addr_a, LPORT));
	KUNIT_EXPECT_EQ(test, refcount_read(&osk->sk_refcnt), 1);
}

static struct kunit_case lookup_test_cases[] = {
	KUNIT_CASE(tcpfsm_ehash_insert__then_lookup_finds_it),
	KUNIT_CASE(tcpfsm_ehash_lookup__other_tuple_finds_nothing),
	KUNIT_CASE(tcpfsm_ehash_insert__taken_tuple_is_eaddrinuse),
	KUNIT_CASE(tcpfsm_ehash_replace__lookup_finds_the_record),
	KUNIT_CASE(tcpfsm_ehash_remove__lookup_finds_nothing),
	KUNIT_CASE(tcpfsm_ehash_lookup__netns_separate),
	KUNIT_CASE(tcpfsm_lhash_lookup__exact_address_beats_wildcard),
	KUNIT_CASE(tcpfsm_lhash_lookup__bound_address_and_port_only),
	KUNIT_CASE(tcpfsm_lhash_del__lookup_finds_nothing),
	KUNIT_CASE(tcpfsm_lhash_lookup__netns_separate),
	{}
};

static struct kunit_suite lookup_test_suite = {
	.name = "tcpfsm_lookup",
	.test_cases = lookup_test_cases,
};

kunit_test_suites(&lookup_test_suite);
