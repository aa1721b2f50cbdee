/* SPDX-License-Identifier: GPL-2.0 */
/* trace.h: the tcpfsm tracepoints: tcpfsm:tcpfsm_state_change, tcpfsm:tcpfsm_cong. */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM tcpfsm

#if !defined(_TCPFSM_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TCPFSM_TRACE_H

#include <linux/tracepoint.h>
#include <linux/types.h>

#include "cong.h"

/*
 * The format is read by user space (perf's libtraceevent, trace-cmd): an
 * enum's names must be exported with TRACE_DEFINE_ENUM() for it to print
 * them, and TP_printk() takes no unary '&'.
 */
TRACE_DEFINE_ENUM(TCPFSM_CA_OPEN);
TRACE_DEFINE_ENUM(TCPFSM_CA_DISORDER);
TRACE_DEFINE_ENUM(TCPFSM_CA_RECOVERY);
TRACE_DEFINE_ENUM(TCPFSM_CA_LOSS);

#define tcpfsm_show_ca_state(s)					\
	__print_symbolic(s,					\
		{ TCPFSM_CA_OPEN,	"Open" },		\
		{ TCPFSM_CA_DISORDER,	"Disorder" },		\
		{ TCPFSM_CA_RECOVERY,	"Recovery" },		\
		{ TCPFSM_CA_LOSS,	"Loss" })

TRACE_DEFINE_ENUM(TCPFSM_ESTABLISHED);
TRACE_DEFINE_ENUM(TCPFSM_SYN_SENT);
TRACE_DEFINE_ENUM(TCPFSM_SYN_RECV);
TRACE_DEFINE_ENUM(TCPFSM_FIN_WAIT1);
TRACE_DEFINE_ENUM(TCPFSM_FIN_WAIT2);
TRACE_DEFINE_ENUM(TCPFSM_TIME_WAIT);
TRACE_DEFINE_ENUM(TCPFSM_CLOSE);
TRACE_DEFINE_ENUM(TCPFSM_CLOSE_WAIT);
TRACE_DEFINE_ENUM(TCPFSM_LAST_ACK);
TRACE_DEFINE_ENUM(TCPFSM_LISTEN);
TRACE_DEFINE_ENUM(TCPFSM_CLOSING);

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

/*
 * One event for sockets and TIME_WAIT records alike: @obj is the socket or
 * the record, the tuple is ours then the peer's, ports in network order.
 */
TRACE_EVENT(tcpfsm_state_change,
	    TP_PROTO(const void *obj, __be32 saddr, __be16 sport, __be32 daddr,
		     __be16 dport, int oldstate, int newstate),
	    TP_ARGS(obj, saddr, sport, daddr, dport, oldstate, newstate),
	    TP_STRUCT__entry(__field(const void *, skaddr)
			     __field(int, oldstate)
			     __field(int, newstate)
			     __field(__u16, sport)
			     __field(__u16, dport)
			     __array(__u8, saddr, 4)	/* network order */
			     __array(__u8, daddr, 4)),
	    TP_fast_assign(__entry->skaddr = obj;
		__entry->oldstate = oldstate;
		__entry->newstate = newstate;
		__entry->sport = ntohs(sport);
		__entry->dport = ntohs(dport);
		memcpy(__entry->saddr, &saddr, 4);
		memcpy(__entry->daddr, &daddr, 4);),
	    TP_printk("sk=%p %pI4:%u -> %pI4:%u %s -> %s",
		      __entry->skaddr, __entry->saddr, __entry->sport,
		      __entry->daddr, __entry->dport,
		      tcpfsm_show_state(__entry->oldstate),
		      tcpfsm_show_state(__entry->newstate))
);

/*
 * Congestion control: the loss recovery starts (three duplicate ACKs,
 * Open -> Recovery; a timeout, -> Loss, again on each timeout) or ends
 * (-> Open), with cwnd and ssthresh after it, in segments (ssthresh
 * 4294967295 before the first loss); not on every ACK.  Ports in host
 * order.
 */
TRACE_EVENT(tcpfsm_cong,
	    TP_PROTO(const void *sk, __be16 sport, __be16 dport, int oldstate,
		     int newstate, u32 cwnd, u32 ssthresh),
	    TP_ARGS(sk, sport, dport, oldstate, newstate, cwnd, ssthresh),
	    TP_STRUCT__entry(__field(const void *, skaddr)
			     __field(__u16, sport)
			     __field(__u16, dport)
			     __field(int, old_ca_state)
			     __field(int, ca_state)
			     __field(__u32, snd_cwnd)
			     __field(__u32, snd_ssthresh)),
	    TP_fast_assign(__entry->skaddr = sk;
		__entry->sport = ntohs(sport);
		__entry->dport = ntohs(dport);
		__entry->old_ca_state = oldstate;
		__entry->ca_state = newstate;
		__entry->snd_cwnd = cwnd;
		__entry->snd_ssthresh = ssthresh;),
	    TP_printk("sk=%p sport=%u dport=%u %s -> %s snd_cwnd=%u snd_ssthresh=%u",
		      __entry->skaddr, __entry->sport, __entry->dport,
		      tcpfsm_show_ca_state(__entry->old_ca_state),
		      tcpfsm_show_ca_state(__entry->ca_state),
		      __entry->snd_cwnd, __entry->snd_ssthresh)
);

#endif /* _TCPFSM_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
