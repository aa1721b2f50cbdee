// SPDX-License-Identifier: GPL-2.0
/* ports_test.c: KUnit cases for module/ports.c: bind conflicts, ephemeral ports, per netns. */
#include <kunit/test.h>
#include <linux/hrtimer.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <net/ip.h>
#include <net/sock.h>

#include "tables_test.h"

/*
 * Addresses of TEST-NET-1 (RFC 5737), and ports no other user of init_net
 * holds while KUnit runs.  The bind table does not ask whether an address is
 * local; bind() does, before it.  The cases call the table without the
 * socket lock its callers hold: no one else can reach the test's sockets.
 */
static const __be32 addr_a = cpu_to_be32(0xc0000201);	/* 192.0.2.1 */
static const __be32 addr_b = cpu_to_be32(0xc0000202);	/* 192.0.2.2 */
static const __be32 any_addr = htonl(INADDR_ANY);
#define PORT		40201
#define EPH_LOW		40300	/* the narrowed ephemeral range, 4 ports */

/*
 * Release a socket of new_sock().  Cases write the state of a bound socket
 * directly (see set_state()); CLOSE goes back first, so that tcpfsm_release()
 * takes the path of a socket that never connected and gives its port back.
 */
static void sock_release_action(void *data)
{
	struct socket *sock = data;

	WRITE_ONCE(sock->sk->sk_state, TCPFSM_CLOSE);
	sock_release(sock);
}

/* A real AF_TCPFSM socket of init_net, unbound, in CLOSE. */
static struct sock *new_sock(struct kunit *test, bool reuse)
{
	struct socket *sock;

	KUNIT_ASSERT_EQ(test, 0, sock_create_kern(&init_net, tcpfsm_family,
						  SOCK_STREAM, 0, &sock));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   sock_release_action,
							   sock));
	if (reuse)
		sock_set_reuseaddr(sock->sk);
	return sock->sk;
}

/*
 * The bind table judges a conflict by the state of the entry already there
 * and nothing else of it, so a case puts a bound socket in LISTEN or a
 * connection's state by writing sk_state (no transition counted, no table
 * but the bind table involved).
 */
static void set_state(struct sock *sk, int state)
{
	lock_sock(sk);
	WRITE_ONCE(sk->sk_state, state);
	release_sock(sk);
}

static struct tcpfsm_hent *hent(struct sock *sk)
{
	return &tcpfsm_sk(sk)->h;
}

static bool bound(struct sock *sk)
{
	return !hlist_unhashed(&hent(sk)->bind_node);
}

/* The socket's own idea of its port: inet_num, and inet_sport in host order. */
static u16 num(struct sock *sk)
{
	return inet_sk(sk)->inet_num;
}

static u16 sport(struct sock *sk)
{
	return ntohs(inet_sk(sk)->inet_sport);
}

/*
 * Unlink an other_sock() from the bind table, and free it.  The table's
 * readers walk it under the chain's lock, so none can be on it now, and its
 * one walk that holds entries purges a dying real namespace only.  Were a
 * reference besides the test's left (a case's bug), it would not be freed
 * but leaked, for kmemleak to tell.
 */
static void other_sock_free(void *data)
{
	struct sock *sk = data;

	tcpfsm_port_put(sk);
	if (refcount_read(&sk->sk_refcnt) == 1)
		kfree(tcpfsm_sk(sk));
}

/*
 * Unlink a test_tw() from the bind table and free it.  The table's readers
 * walk it under the chain's lock, so none is on it once it is out, and its
 * one walk that holds entries purges dying namespaces only.  Were a
 * reference besides the test's left (a case's bug), it would not be freed
 * but leaked, for kmemleak to tell.
 */
static void test_tw_free(void *data)
{
	struct tcpfsm_tw *tw = data;

	if (tcpfsm_port_put_tw(tw))
		refcount_dec(&tw->refcnt);
	if (refcount_read(&tw->refcnt) == 1)
		kfree(tw);
}

/* Hand @sk's port to a record, as tcpfsm_tw_enter() does. */
static struct tcpfsm_tw *enter_time_wait(struct kunit *test, struct sock *sk)
{
	struct tcpfsm_tw *tw = test_tw(test, hent(sk), test_tw_free);

	refcount_inc(&tw->refcnt);	/* the bind table's */
	tcpfsm_port_replace(sk, tw);
	return tw;
}

static void put_tw(struct kunit *test, struct tcpfsm_tw *tw)
{
	KUNIT_EXPECT_TRUE(test, tcpfsm_port_put_tw(tw));
	refcount_dec(&tw->refcnt);
	KUNIT_EXPECT_EQ(test, refcount_read(&tw->refcnt), 1);
}

static void restore_port_range(void *range)
{
	WRITE_ONCE(init_net.ipv4.ip_local_ports.range, (u32)(uintptr_t)range);
}

/*
 * Set init_net's net.ipv4.ip_local_port_range as the sysctl does (high << 16
 * | low); the old range comes back at the end of the test, failed or not.
 */
static void set_port_range(struct kunit *test, u16 low, u16 high)
{
	u32 was = READ_ONCE(init_net.ipv4.ip_local_ports.range);

	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   restore_port_range,
							   (void *)(uintptr_t)was));
	WRITE_ONCE(init_net.ipv4.ip_local_ports.range, (u32)high << 16 | low);
}

static void tcpfsm_port_get__same_port_same_addr_is_eaddrinuse(struct kunit *test)
{
	static const __be32 addrs[] = { addr_a, any_addr };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(addrs); i++) {
		struct sock *a = new_sock(test, false), *b = new_sock(test, false);

		KUNIT_ASSERT_EQ(test, 0, tcpfsm_port_get(a, addrs[i], PORT));
		KUNIT_EXPECT_EQ_MSG(test, -EADDRINUSE,
				    tcpfsm_port_get(b, addrs[i], PORT),
				    "addr %pI4", &addrs[i]);
		KUNIT_EXPECT_FALSE(test, bound(b));
		KUNIT_EXPECT_EQ(test, num(b), 0);

		/* Given back, the port is b's to take. */
		tcpfsm_port_put(a);
		KUNIT_EXPECT_EQ(test, 0, tcpfsm_port_get(b, addrs[i], PORT));
		tcpfsm_port_put(b);
	}
}

static void tcpfsm_port_get__wildcard_and_specific_conflict(struct kunit *test)
{
	struct sock *wild = new_sock(test, false), *spec = new_sock(test, false);

	KUNIT_ASSERT_EQ(test, 0, tcpfsm_port_get(wild, any_addr, PORT));
	KUNIT_EXPECT_EQ(test, -EADDRINUSE, tcpfsm_port_get(spec, addr_a, PORT));
	tcpfsm_port_put(wild);

	KUNIT_ASSERT_EQ(test, 0, tcpfsm_port_get(spec, addr_a, PORT));
	KUNIT_EXPECT_EQ(test, -EADDRINUSE, tcpfsm_port_get(wild, any_addr, PORT));
	KUNIT_EXPECT_FALSE(test, bound(wild));
	tcpfsm_port_put(spec);
}

static void tcpfsm_port_get__different_specific_addrs_share(struct kunit *test)
{
	struct sock *a = new_sock(test, false), *b = new_sock(test, false);
	struct sock *wild = new_sock(test, false);

	KUNIT_ASSERT_EQ(test, 0, tcpfsm_port_get(a, addr_a, PORT));
	KUNIT_EXPECT_EQ(test, 0, tcpfsm_port_get(b, addr_b, PORT));
	KUNIT_EXPECT_EQ(test, hent(b)->lport, PORT);
	KUNIT_EXPECT_TRUE(test, hent(b)->laddr == addr_b);
	/* The wildcard would take both. */
	KUNIT_EXPECT_EQ(test, -EADDRINUSE, tcpfsm_port_get(wild, any_addr, PORT));

	tcpfsm_port_put(b);
	tcpfsm_port_put(a);
}

static void tcpfsm_port_get__reuse_passes_time_wait(struct kunit *test)
{
	struct sock *old = new_sock(test, true), *plain = new_sock(test, false);
	struct sock *reuse = new_sock(test, true);
	struct tcpfsm_tw *tw;

	KUNIT_ASSERT_EQ(test, 0, tcpfsm_port_get(old, addr_a, PORT));
	tw = enter_time_wait(test, old);

	KUNIT_EXPECT_EQ(test, -EADDRINUSE, tcpfsm_port_get(plain, addr_a, PORT));
	KUNIT_EXPECT_EQ(test, 0, tcpfsm_port_get(reuse, addr_a, PORT));

	tcpfsm_port_put(reuse);
	put_tw(test, tw);
}

static void tcpfsm_port_get__close_gives_way_only_if_both_reuse(struct kunit *test)
{
	static const struct {
		bool old_reuse;
		bool new_reuse;
		int err;
	} cases[] = {
		{ true, true, 0 },
		{ true, false, -EADDRINUSE },
		{ false, true, -EADDRINUSE },
		{ false, false, -EADDRINUSE },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct sock *old = new_sock(test, cases[i].old_reuse);
		struct sock *new = new_sock(test, cases[i].new_reuse);

		KUNIT_ASSERT_EQ(test, 0, tcpfsm_port_get(old, addr_a, PORT));
		KUNIT_EXPECT_EQ_MSG(test, cases[i].err,
				    tcpfsm_port_get(new, addr_a, PORT),
				    "SO_REUSEADDR old %d new %d",
				    cases[i].old_reuse, cases[i].new_reuse);
		tcpfsm_port_put(new);
		tcpfsm_port_put(old);
	}
}

static void tcpfsm_port_get__listener_never_gives_way(struct kunit *test)
{
	struct sock *lsk = new_sock(test, true), *new = new_sock(test, true);

	KUNIT_ASSERT_EQ(test, 0, tcpfsm_port_get(lsk, addr_a, PORT));
	set_state(lsk, TCPFSM_LISTEN);
	KUNIT_EXPECT_EQ(test, -EADDRINUSE, tcpfsm_port_get(new, addr_a, PORT));
	KUNIT_EXPECT_EQ(test, -EADDRINUSE, tcpfsm_port_get(new, any_addr, PORT));
	KUNIT_EXPECT_FALSE(test, bound(new));

	set_state(lsk, TCPFSM_CLOSE);
	tcpfsm_port_put(lsk);
}

static void tcpfsm_port_get__connection_never_gives_way(struct kunit *test)
{
	static const int states[] = {
		TCPFSM_SYN_SENT, TCPFSM_SYN_RECV, TCPFSM_ESTABLISHED,
		TCPFSM_FIN_WAIT1, TCPFSM_FIN_WAIT2, TCPFSM_CLOSE_WAIT,
		TCPFSM_CLOSING, TCPFSM_LAST_ACK,
	};
	struct sock *conn = new_sock(test, true), *new = new_sock(test, true);
	unsigned int i;

	KUNIT_ASSERT_EQ(test, 0, tcpfsm_port_get(conn, addr_a, PORT));
	for (i = 0; i < ARRAY_SIZE(states); i++) {
		set_state(conn, states[i]);
		KUNIT_EXPECT_EQ_MSG(test, -EADDRINUSE,
				    tcpfsm_port_get(new, addr_a, PORT),
				    "owner in state %d", states[i]);
		KUNIT_EXPECT_FALSE(test, bound(new));
	}
	set_state(conn, TCPFSM_CLOSE);
	tcpfsm_port_put(conn);
}

static void tcpfsm_port_get__ephemeral_within_local_port_range(struct kunit *test)
{
	struct sock *sk[8];
	int low, high;
	unsigned int i, j;

	inet_get_local_port_range(&init_net, &low, &high);
	for (i = 0; i < ARRAY_SIZE(sk); i++) {
		u16 port;

		sk[i] = new_sock(test, false);
		KUNIT_ASSERT_EQ(test, 0, tcpfsm_port_get(sk[i], any_addr, 0));
		port = hent(sk[i])->lport;
		KUNIT_EXPECT_GE(test, port, low);
		KUNIT_EXPECT_LE(test, port, high);
		KUNIT_EXPECT_EQ(test, num(sk[i]), port);
		KUNIT_EXPECT_EQ(test, sport(sk[i]), port);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_NE(test, hent(sk[j])->lport, port);
	}
	for (i = 0; i < ARRAY_SIZE(sk); i++)
		tcpfsm_port_put(sk[i]);
}

static void tcpfsm_port_get__ephemeral_skips_taken_ports(struct kunit *test)
{
	struct sock *user1 = new_sock(test, false), *user2 = new_sock(test, false);
	struct sock *e1 = new_sock(test, false), *e2 = new_sock(test, false);
	struct sock *e3 = new_sock(test, false);
	u16 p1, p2;

	set_port_range(test, EPH_LOW, EPH_LOW + 3);
	KUNIT_ASSERT_EQ(test, 0, tcpfsm_port_get(user1, any_addr, EPH_LOW));
	KUNIT_ASSERT_EQ(test, 0, tcpfsm_port_get(user2, any_addr, EPH_LOW + 2));

	/* The two ports left, in whichever order; then none. */
	KUNIT_ASSERT_EQ(test, 0, tcpfsm_port_get(e1, any_addr, 0));
	KUNIT_ASSERT_EQ(test, 0, tcpfsm_port_get(e2, any_addr, 0));
	p1 = hent(e1)->lport;
	p2 = hent(e2)->lport;
	KUNIT_EXPECT_EQ_MSG(test, min(p1, p2), EPH_LOW + 1, "got %u, %u", p1, p2);
	KUNIT_EXPECT_EQ_MSG(test, max(p1, p2), EPH_LOW + 3, "got %u, %u", p1, p2);
	KUNIT_EXPECT_EQ(test, -EADDRINUSE, tcpfsm_port_get(e3, any_addr, 0));
	KUNIT_EXPECT_FALSE(test, bound(e3));
	KUNIT_EXPECT_EQ(test, num(e3), 0);

	tcpfsm_port_put(e2);
	tcpfsm_port_put(e1);
	tcpfsm_port_put(user2);
	tcpfsm_port_put(user1);
}

static void tcpfsm_port_get__netns_separate(struct kunit *test)
{
	struct net *other = other_net(test);
	struct sock *sk = new_sock(test, false), *sk2 = new_sock(test, false);
	struct sock *osk = other_sock(test, other, other_sock_free);
	struct sock *osk2 = other_sock(test, other, other_sock_free);

	/* The same port and address in two namespaces is two entries... */
	KUNIT_ASSERT_EQ(test, 0, tcpfsm_port_get(sk, addr_a, PORT));
	KUNIT_ASSERT_EQ(test, 0, tcpfsm_port_get(osk, addr_a, PORT));
	/* ...each of which conflicts within its own namespace only. */
	KUNIT_EXPECT_EQ(test, -EADDRINUSE, tcpfsm_port_get(osk2, any_addr, PORT));
	KUNIT_EXPECT_EQ(test, -EADDRINUSE, tcpfsm_port_get(sk2, any_addr, PORT));

	/* init_net's given back, the other namespace's does not stand in. */
	tcpfsm_port_put(sk);
	KUNIT_EXPECT_EQ(test, 0, tcpfsm_port_get(sk2, any_addr, PORT));
	KUNIT_EXPECT_EQ(test, -EADDRINUSE, tcpfsm_port_get(osk2, addr_a, PORT));

	tcpfsm_port_put(sk2);
	tcpfsm_port_put(osk);
	KUNIT_EXPECT_EQ(test, refcount_read(&osk->sk_refcnt), 1);
	KUNIT_EXPECT_EQ(test, refcount_read(&osk2->sk_refcnt), 1);
}

static void tcpfsm_port_put__forgets_ephemeral_port(struct kunit *test)
{
	struct sock *sk = new_sock(test, false), *next = new_sock(test, false);
	unsigned int refs = refcount_read(&sk->sk_refcnt);
	u16 port;

	KUNIT_ASSERT_EQ(test, 0, tcpfsm_port_get(sk, any_addr, 0));
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), refs + 1);
	port = hent(sk)->lport;

	tcpfsm_port_put(sk);
	KUNIT_EXPECT_FALSE(test, bound(sk));
	KUNIT_EXPECT_EQ(test, hent(sk)->lport, 0);
	KUNIT_EXPECT_EQ(test, num(sk), 0);
	KUNIT_EXPECT_EQ(test, sport(sk), 0);
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), refs);
	/* Nothing to give back twice; the port is anyone's. */
	tcpfsm_port_put(sk);
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), refs);
	KUNIT_EXPECT_EQ(test, 0, tcpfsm_port_get(next, any_addr, port));
	tcpfsm_port_put(next);
}

static void tcpfsm_port_put__keeps_user_bound_port(struct kunit *test)
{
	struct sock *sk = new_sock(test, false), *next = new_sock(test, false);
	struct sockaddr_tcpfsm addr = {
		.stf_family = tcpfsm_family,
		.stf_port = htons(PORT),
		.stf_addr = any_addr,
	};
	unsigned int refs = refcount_read(&sk->sk_refcnt);

	/* Through bind(), which marks the port as the user's. */
	KUNIT_ASSERT_EQ(test, 0, kernel_bind(sk->sk_socket,
					     (struct sockaddr *)&addr,
					     sizeof(addr)));
	KUNIT_EXPECT_TRUE(test, sk->sk_userlocks & SOCK_BINDPORT_LOCK);
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), refs + 1);

	tcpfsm_port_put(sk);
	KUNIT_EXPECT_FALSE(test, bound(sk));
	KUNIT_EXPECT_EQ(test, hent(sk)->lport, PORT);
	KUNIT_EXPECT_EQ(test, num(sk), PORT);
	KUNIT_EXPECT_EQ(test, sport(sk), PORT);
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), refs);
	/* The socket remembers the port; the table has let it go. */
	KUNIT_EXPECT_EQ(test, 0, tcpfsm_port_get(next, any_addr, PORT));
	tcpfsm_port_put(next);
}

static void tcpfsm_port_replace__record_keeps_the_port(struct kunit *test)
{
	struct sock *sk = new_sock(test, false), *plain = new_sock(test, false);
	unsigned int refs = refcount_read(&sk->sk_refcnt);
	struct tcpfsm_tw *tw;

	KUNIT_ASSERT_EQ(test, 0, tcpfsm_port_get(sk, addr_a, PORT));
	tw = enter_time_wait(test, sk);

	/* The table's reference on the socket is gone with its place. */
	KUNIT_EXPECT_FALSE(test, bound(sk));
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), refs);
	KUNIT_EXPECT_FALSE(test, hlist_unhashed(&tw->h.bind_node));
	KUNIT_EXPECT_EQ(test, refcount_read(&tw->refcnt), 2);
	/* The record holds the port against a socket without SO_REUSEADDR. */
	KUNIT_EXPECT_EQ(test, -EADDRINUSE, tcpfsm_port_get(plain, addr_a, PORT));
	KUNIT_EXPECT_EQ(test, -EADDRINUSE, tcpfsm_port_get(plain, any_addr, PORT));
	/* The socket has nothing left to give back. */
	tcpfsm_port_put(sk);
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), refs);
	KUNIT_EXPECT_EQ(test, -EADDRINUSE, tcpfsm_port_get(plain, addr_a, PORT));

	put_tw(test, tw);
}

static void tcpfsm_port_put_tw__frees_the_port(struct kunit *test)
{
	struct sock *sk = new_sock(test, false), *plain = new_sock(test, false);
	struct tcpfsm_tw *tw;

	KUNIT_ASSERT_EQ(test, 0, tcpfsm_port_get(sk, addr_a, PORT));
	tw = enter_time_wait(test, sk);

	put_tw(test, tw);
	KUNIT_EXPECT_TRUE(test, hlist_unhashed(&tw->h.bind_node));
	KUNIT_EXPECT_EQ(test, 0, tcpfsm_port_get(plain, addr_a, PORT));
	/* A second time the record is not in the table. */
	KUNIT_EXPECT_FALSE(test, tcpfsm_port_put_tw(tw));
	KUNIT_EXPECT_EQ(test, refcount_read(&tw->refcnt), 1);

	tcpfsm_port_put(plain);
}

static struct kunit_case ports_test_cases[] = {
	KUNIT_CASE(tcpfsm_port_get__same_port_same_addr_is_eaddrinuse),
	KUNIT_CASE(tcpfsm_port_get__wildcard_and_specific_conflict),
	KUNIT_CASE(tcpfsm_port_get__different_specific_addrs_share),
	KUNIT_CASE(tcpfsm_port_get__reuse_passes_time_wait),
	KUNIT_CASE(tcpfsm_port_get__close_gives_way_only_if_both_reuse),
	KUNIT_CASE(tcpfsm_port_get__listener_never_gives_way),
	KUNIT_CASE(tcpfsm_port_get__connection_never_gives_way),
	KUNIT_CASE(tcpfsm_port_get__ephemeral_within_local_port_range),
	KUNIT_CASE(tcpfsm_port_get__ephemeral_skips_taken_ports),
	KUNIT_CASE(tcpfsm_port_get__netns_separate),
	KUNIT_CASE(tcpfsm_port_put__forgets_ephemeral_port),
	KUNIT_CASE(tcpfsm_port_put__keeps_user_bound_port),
	KUNIT_CASE(tcpfsm_port_replace__record_keeps_the_port),
	KUNIT_CASE(tcpfsm_port_put_tw__frees_the_port),
	{}
};

static struct kunit_suite ports_test_suite = {
	.name = "tcpfsm_ports",
	.test_cases = ports_test_cases,
};

kunit_test_suites(&ports_test_suite);
