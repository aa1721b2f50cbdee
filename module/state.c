// SPDX-License-Identifier: GPL-2.0
/* state.c: tcpfsm_set_state(), the one place a socket changes state: counters, trace. */
#include <net/sock.h>
#include <kunit/visibility.h>

#include "tcpfsm.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

/**
 * tcpfsm_trace_cong() - trace a change of the loss recovery state.
 * @sk: the socket
 * @prior: the state before (enum tcpfsm_ca_state)
 *
 * Called where a loss recovery starts or ends (conn.c), not on every ACK.
 */
void tcpfsm_trace_cong(struct sock *sk, u8 prior)
{
	const struct tcpfsm_sock *ts = tcpfsm_sk(sk);

	trace_tcpfsm_cong(sk, inet_sk(sk)->inet_sport, inet_sk(sk)->inet_dport,
			  prior, ts->cc.state, ts->cc.cwnd, ts->cc.ssthresh);
}

static bool tcpfsm_is_estab(int state)
{
	return state == TCPFSM_ESTABLISHED || state == TCPFSM_CLOSE_WAIT;
}

/*
 * One transition, of a socket or of a TIME_WAIT record (@id, for the
 * trace): traced, counted FROM_TO, and the open, failure and CurrEstab
 * counters kept as Linux TCP defines them.
 */
static void tcpfsm_transition(struct net *net, const void *id, __be32 laddr,
			      __be16 lport, __be32 raddr, __be16 rport,
			      int old, int new)
{
	struct tcpfsm_net *tn = tcpfsm_pernet(net);

	trace_tcpfsm_state_change(id, laddr, lport, raddr, rport, old, new);
	this_cpu_inc(tn->mib->trans[old][new]);

	if (tcpfsm_is_estab(new) && !tcpfsm_is_estab(old))
		atomic_inc(&tn->curr_estab);
	else if (tcpfsm_is_estab(old) && !tcpfsm_is_estab(new))
		atomic_dec(&tn->curr_estab);

	switch (new) {
	case TCPFSM_SYN_SENT:
		if (old == TCPFSM_CLOSE)
			TCPFSM_INC_STATS(net, TCPFSM_MIB_ACTIVEOPENS);
		break;
	case TCPFSM_SYN_RECV:
		if (old == TCPFSM_LISTEN)
			TCPFSM_INC_STATS(net, TCPFSM_MIB_PASSIVEOPENS);
		break;
	case TCPFSM_LISTEN:
		/* RFC 1213 tcpAttemptFails: a half-open child given up. */
		if (old == TCPFSM_SYN_RECV)
			TCPFSM_INC_STATS(net, TCPFSM_MIB_ATTEMPTFAILS);
		break;
	case TCPFSM_CLOSE:
		if (old == TCPFSM_SYN_SENT || old == TCPFSM_SYN_RECV)
			TCPFSM_INC_STATS(net, TCPFSM_MIB_ATTEMPTFAILS);
		else if (tcpfsm_is_estab(old))
			TCPFSM_INC_STATS(net, TCPFSM_MIB_ESTABRESETS);
		break;
	}
}

/**
 * tcpfsm_set_state() - move @sk to @new, counting and tracing the change.
 * @sk: the socket, owned by the caller (socket lock or bh_lock_sock)
 * @new: the new state
 *
 * Counts FROM_TO in /proc/net/tcpfsm_stat, keeps CurrEstab (ESTABLISHED and
 * CLOSE_WAIT) and the open/failure counters as Linux TCP defines them, and
 * fires tcpfsm:tcpfsm_state_change.  A change to the same state is no change.
 */
void tcpfsm_set_state(struct sock *sk, int new)
{
	int old = sk->sk_state;

	if (old == new)
		return;
	/* The routed source address once connected, else the bound one. */
	tcpfsm_transition(sock_net(sk), sk,
			  inet_sk(sk)->inet_saddr ?: inet_sk(sk)->inet_rcv_saddr,
			  inet_sk(sk)->inet_sport, inet_sk(sk)->inet_daddr,
			  inet_sk(sk)->inet_dport, old, new);
	/* Pairs with READ_ONCE() readers such as /proc (lockless). */
	smp_store_release(&sk->sk_state, new);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_set_state);

/**
 * tcpfsm_tw_set_closed() - a TIME_WAIT record's connection reaches CLOSED.
 * @tw: the record, at the end of 2*MSL or killed by a RST
 *
 * Counted and traced as any transition; the record has no state field of
 * its own to change.
 */
void tcpfsm_tw_set_closed(struct tcpfsm_tw *tw)
{
	tcpfsm_transition(read_pnet(&tw->h.net), tw, tw->h.laddr,
			  htons(tw->h.lport), tw->h.raddr, tw->h.rport,
			  TCPFSM_TIME_WAIT, TCPFSM_CLOSE);
}
