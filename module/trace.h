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
 * The format that tracefs shows must be one that user-space parsers
 * (libtraceevent in perf, trace-cmd) can evaluate: the state names'
 * enum values are given to the tracing core, which writes them as numbers,
 * and the addresses are printed octet by octet with shifts and masks
 * (libtraceevent has no unary '&' for %pI4 of a u32 field).
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

/* Octet @n (0 first) of the IPv4 address @a, a u32 in network order. */
#ifdef __LITTLE_ENDIAN
#define tcpfsm_ip4_octet(a, n)	(((a) >> (8 * (n))) & 0xff)
#else
#define tcpfsm_ip4_octet(a, n)	(((a) >> (24 - 8 * (n))) & 0xff)
#endif

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
			     __field(__u32, saddr)	/* network order */
			     __field(__u32, daddr)),
	    TP_fast_assign(__entry->skaddr = obj;
		__entry->oldstate = oldstate;
		__entry->newstate = newstate;
		__entry->sport = ntohs(sport);
		__entry->dport = ntohs(dport);
		__entry->saddr = (__force __u32)saddr;
		__entry->daddr = (__force __u32)daddr;),
	    TP_printk("sk=%p %u.%u.%u.%u:%u -> %u.%u.%u.%u:%u %s -> %s",
		      __entry->skaddr,
		      tcpfsm_ip4_octet(__entry->saddr, 0),
		      tcpfsm_ip4_octet(__entry->saddr, 1),
		      tcpfsm_ip4_octet(__entry->saddr, 2),
		      tcpfsm_ip4_octet(__entry->saddr, 3), __entry->sport,
		      tcpfsm_ip4_octet(__entry->daddr, 0),
		      tcpfsm_ip4_octet(__entry->daddr, 1),
		      tcpfsm_ip4_octet(__entry->daddr, 2),
		      tcpfsm_ip4_octet(__entry->daddr, 3), __entry->dport,
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
