/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* tcpfsm.h: the user-space ABI of tcpfsm: family, addresses, states, options. */
#ifndef _UAPI_LINUX_TCPFSM_H
#define _UAPI_LINUX_TCPFSM_H

#include <linux/types.h>

/*
 * The address family.  22 is the slot of the never-implemented AF_SNA; the
 * module parameter "family" may move it, and
 * /sys/module/tcpfsm/parameters/family tells the one in use.
 */
#define AF_TCPFSM		22
#define PF_TCPFSM		AF_TCPFSM

/* The IP protocol number on the wire (RFC 3692 experimental); "ipproto=". */
#define IPPROTO_TCPFSM		253

/* Socket option level: the same as TCP's, with Linux's option numbers. */
#define SOL_TCPFSM		6

#define TCPFSM_NODELAY		1
#define TCPFSM_MAXSEG		2
#define TCPFSM_CORK		3
#define TCPFSM_KEEPIDLE		4
#define TCPFSM_KEEPINTVL	5
#define TCPFSM_KEEPCNT		6
#define TCPFSM_LINGER2		8
#define TCPFSM_TCP_INFO		11	/* Linux's struct tcp_info */
#define TCPFSM_CONGESTION	13
#define TCPFSM_USER_TIMEOUT	18

/* tcpfsm's own options: numbers far above Linux's TCP options. */
#define TCPFSM_INFO		100	/* struct tcpfsm_info */

/* The states, numbered as include/net/tcp_states.h numbers them. */
enum tcpfsm_state {
	TCPFSM_ESTABLISHED = 1,
	TCPFSM_SYN_SENT,
	TCPFSM_SYN_RECV,
	TCPFSM_FIN_WAIT1,
	TCPFSM_FIN_WAIT2,
	TCPFSM_TIME_WAIT,
	TCPFSM_CLOSE,
	TCPFSM_CLOSE_WAIT,
	TCPFSM_LAST_ACK,
	TCPFSM_LISTEN,
	TCPFSM_CLOSING,
	TCPFSM_MAX_STATES	/* one past the last state */
};

/*
 * struct sockaddr_tcpfsm - an AF_TCPFSM address; the layout of sockaddr_in.
 * @stf_family: AF_TCPFSM
 * @stf_port: port, network byte order
 * @stf_addr: IPv4 address, network byte order
 * @stf_zero: must be zero
 */
struct sockaddr_tcpfsm {
	unsigned short	stf_family;
	__be16		stf_port;
	__be32		stf_addr;
	unsigned char	stf_zero[8];
};

/* tcpi_snd_ssthresh before the first loss (Linux's TCP_INFINITE_SSTHRESH). */
#define TCPFSM_INFINITE_SSTHRESH	0x7fffffff

/*
 * struct tcpfsm_info - what getsockopt(SOL_TCPFSM, TCPFSM_INFO) returns.
 * Times are in microseconds, sequence numbers as on the wire.  Members
 * are only ever added at the end; a shorter buffer gets the first bytes.
 */
struct tcpfsm_info {
	__u8	tcpi_state;		/* enum tcpfsm_state */
	__u8	tcpi_retransmits;	/* consecutive timeouts of the head */
	__u8	tcpi_probes;		/* unanswered keepalive/zero-window probes */
	__u8	tcpi_backoff;		/* RTO doublings in force */
	__u32	tcpi_rto;
	__u32	tcpi_snd_mss;
	__u32	tcpi_rcv_mss;
	__u32	tcpi_last_data_sent;	/* ms since */
	__u32	tcpi_last_data_recv;	/* ms since */
	__u32	tcpi_rtt;		/* smoothed RTT */
	__u32	tcpi_rttvar;
	__u32	tcpi_snd_una;
	__u32	tcpi_snd_nxt;
	__u32	tcpi_rcv_nxt;
	__u32	tcpi_snd_wnd;
	__u32	tcpi_rcv_wnd;
	__u32	tcpi_total_retrans;
	__u32	tcpi_snd_ssthresh;	/* segments */
	__u32	tcpi_snd_cwnd;		/* segments */
	__u8	tcpi_ca_state;		/* Linux's enum tcp_ca_state numbers */
	__u8	tcpi_reserved[3];	/* zero */
};

#endif /* _UAPI_LINUX_TCPFSM_H */
