/* SPDX-License-Identifier: GPL-2.0 */
/* trace.h: the tcpfsm tracepoints: tcpfsm:tcpfsm_state_change. */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM tcpfsm

#if !defined(_TCPFSM_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TCPFSM_TRACE_H

#include <linux/tracepoint.h>
#include <net/inet_sock.h>

#define tcpfsm_show_state(s)					\
	__print_symbolic(s,					\
		{ TCPFSM_ESTABLISHED,	"ESTABLISHED" },	\
		{ TCPFSM_SYN_SENT,	"SYN_SENT" },		\
		{ TCPFSM_SYN_RECV,	"SYN_RECV" },		\
		{ TCPFSM_FIN_WAIT1,	"FIN_WAIT1" },		\
		{ TCPFSM_FIN_WAIT2,	"FIN_WAIT2" },		\
		{ TCPFSM_TIME_WAIT,	"TIME_WAIT" },		\
		{ TCPFSM_CLOSE,		"CLOSE" },		\
		{ TCPFSM_CLOSE_WAIT,	"CLOSE_WAIT" },		\
		{ TCPFSM_LAST_ACK,	"LAST_ACK" },		\
		{ TCPFSM_LISTEN,	"LISTEN" },		\
		{ TCPFSM_CLOSING,	"CLOSING" })

TRACE_EVENT(tcpfsm_state_change,
	    TP_PROTO(const struct sock *sk, int oldstate, int newstate),
	    TP_ARGS(sk, oldstate, newstate),
	    TP_STRUCT__entry(__field(const void *, skaddr)
			     __field(int, oldstate)
			     __field(int, newstate)
			     __field(__u16, sport)
			     __field(__u16, dport)
			     __field(__u32, saddr)	/* network order */
			     __field(__u32, daddr)),
	    TP_fast_assign(const struct inet_sock *inet = inet_sk(sk);

		__entry->skaddr = sk;
		__entry->oldstate = oldstate;
		__entry->newstate = newstate;
		__entry->sport = ntohs(inet->inet_sport);
		__entry->dport = ntohs(inet->inet_dport);
		__entry->saddr = (__force __u32)inet->inet_rcv_saddr;
		__entry->daddr = (__force __u32)inet->inet_daddr;),
	    TP_printk("sk=%p %pI4:%u -> %pI4:%u %s -> %s",
		      __entry->skaddr, &__entry->saddr, __entry->sport,
		      &__entry->daddr, __entry->dport,
		      tcpfsm_show_state(__entry->oldstate),
		      tcpfsm_show_state(__entry->newstate))
);

#endif /* _TCPFSM_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
