// SPDX-License-Identifier: GPL-2.0
/* state.c: tcpfsm_set_state(), the one place a socket changes state: counters, trace. */
#include <net/sock.h>
#include <kunit/visibility.h>

#include "tcpfsm.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

static bool tcpfsm_is_estab(int state)
{
	return state == TCPFSM_ESTABLISHED || state == TCPFSM_CLOSE_WAIT;
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
	struct net *net = sock_net(sk);
	struct tcpfsm_net *tn = tcpfsm_pernet(net);
	int old = sk->sk_state;

	if (old == new)
		return;
	trace_tcpfsm_state_change(sk, inet_sk(sk)->inet_rcv_saddr,
				  inet_sk(sk)->inet_sport,
				  inet_sk(sk)->inet_daddr,
				  inet_sk(sk)->inet_dport, old, new);
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
	case TCPFSM_CLOSE:
		if (old == TCPFSM_SYN_SENT || old == TCPFSM_SYN_RECV)
			TCPFSM_INC_STATS(net, TCPFSM_MIB_ATTEMPTFAILS);
		else if (tcpfsm_is_estab(old))
			TCPFSM_INC_STATS(net, TCPFSM_MIB_ESTABRESETS);
		break;
	}
	/* Pairs with READ_ONCE() readers such as /proc (lockless). */
	smp_store_release(&sk->sk_state, new);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_set_state);
