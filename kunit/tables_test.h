/* SPDX-License-Identifier: GPL-2.0 */
/* tables_test.h: what the table suites share: a second namespace, its entries, TW records. */
#ifndef _TCPFSM_TABLES_TEST_H
#define _TCPFSM_TABLES_TEST_H

#include <kunit/test.h>
#include <linux/hrtimer.h>
#include <linux/slab.h>
#include <net/sock.h>

#include "tcpfsm.h"

/*
 * A second namespace.  KUnit runs in init_net, and a module cannot make a
 * namespace (copy_net_ns() is not exported), so the second one is a struct
 * net used only as an identity.  The tables read nothing of a namespace but
 * its address (net_eq()) and net->hash_mix (net_hash_mix()); it gets
 * init_net's hash_mix, so that its entries share chains with init_net's and
 * only the namespace comparison keeps them apart.  Nothing that reads more of
 * a namespace is given it: no socket is created in it, no tcpfsm_pernet(),
 * no sysctl, no ephemeral port; its entries are other_sock()s, which no
 * segment can reach.
 */
static inline struct net *other_net(struct kunit *test)
{
	struct net *net = kunit_kzalloc(test, sizeof(*net), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, net);
	net->hash_mix = init_net.hash_mix;
	return net;
}

/*
 * An entry of the other namespace: not a socket, only what the tables read
 * of one (namespace, reference count, state, links).  The test's reference is
 * never dropped, so neither the tables' puts nor the lookups' can take the
 * count to zero and sk_free() it.  @free, the suite's, unlinks it at the end
 * of the test, even if an assertion failed, and only then frees it (were a
 * reference besides the test's left, a case's bug, it is leaked instead, for
 * kmemleak to tell).
 */
static inline struct sock *other_sock(struct kunit *test, struct net *net,
				      kunit_action_t *free)
{
	struct tcpfsm_sock *ts = kzalloc(sizeof(*ts), GFP_KERNEL);
	struct sock *sk;

	KUNIT_ASSERT_NOT_NULL(test, ts);
	sk = &ts->inet.sk;
	sock_net_set(sk, net);
	refcount_set(&sk->sk_refcnt, 1);
	sk->sk_state = TCPFSM_CLOSE;
	ts->h.kind = TCPFSM_HENT_SOCK;
	write_pnet(&ts->h.net, net);
	INIT_HLIST_NODE(&ts->h.bind_node);
	ts->h.ehash_node.pprev = NULL;	/* unhashed (a nulls node) */
	INIT_HLIST_NODE(&ts->lnode);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, free, sk));
	return sk;
}

static enum hrtimer_restart tw_timer_never(struct hrtimer *timer)
{
	return HRTIMER_NORESTART;
}

/*
 * A TIME_WAIT record as tcpfsm_tw_enter() fills one in, with @of's
 * namespace and addresses, but the test's own: it is not from the module's
 * cache, so the last tcpfsm_tw_put() must never come.  The test keeps a
 * reference throughout, and drops the table's with refcount_dec(), which
 * would warn rather than free.  Its timer is initialised but never
 * started, so that even a stray segment for its 4-tuple (tcpfsm_tw_rcv()
 * cancels and restarts it) would find a timer.  @free, the suite's,
 * unlinks and frees it at the end of the test.
 */
static inline struct tcpfsm_tw *test_tw(struct kunit *test,
					const struct tcpfsm_hent *of,
					kunit_action_t *free)
{
	struct tcpfsm_tw *tw = kzalloc(sizeof(*tw), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, tw);
	tw->h.kind = TCPFSM_HENT_TW;
	write_pnet(&tw->h.net, read_pnet(&of->net));
	tw->h.laddr = of->laddr;
	tw->h.lport = of->lport;
	tw->h.raddr = of->raddr;
	tw->h.rport = of->rport;
	refcount_set(&tw->refcnt, 1);
	hrtimer_init(&tw->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	tw->timer.function = tw_timer_never;
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, free, tw));
	return tw;
}

#endif /* _TCPFSM_TABLES_TEST_H */
