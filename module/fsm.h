/* SPDX-License-Identifier: GPL-2.0 */
/* fsm.h: the state machine: events, commands, the TCB, the table, segment rules. */
#ifndef _TCPFSM_FSM_H
#define _TCPFSM_FSM_H

#include <linux/bits.h>
#include <linux/siphash.h>
#include <linux/types.h>
#include <uapi/linux/tcpfsm.h>

#include "segment.h"

/*
 * What can happen to a connection.  Segment events are resolved before the
 * table is consulted (tcpfsm_classify()): acceptability, RST validity and
 * whether an ACK covers our FIN are decided there, so that each cell of the
 * table has one meaning.
 */
enum tcpfsm_event {
	/* the application's calls */
	TCPFSM_EV_ACTIVE_OPEN,		/* connect() */
	TCPFSM_EV_PASSIVE_OPEN,		/* listen() */
	TCPFSM_EV_SEND,			/* send() */
	TCPFSM_EV_CLOSE,		/* close() with nothing unread */
	TCPFSM_EV_SHUTDOWN,		/* shutdown(SHUT_WR) */
	TCPFSM_EV_ABORT,		/* close() with SO_LINGER 0 or unread data */
	/* segments */
	TCPFSM_EV_SYN,			/* SYN, no ACK */
	TCPFSM_EV_SYN_ACK,		/* SYN with an acceptable ACK */
	TCPFSM_EV_ACK,			/* acceptable ACK, no text, FIN not covered */
	TCPFSM_EV_ACK_OF_FIN,		/* acceptable ACK that covers our FIN */
	TCPFSM_EV_DATA,			/* acceptable text, FIN not covered */
	TCPFSM_EV_FIN,			/* FIN; our FIN not covered (or none) */
	TCPFSM_EV_FIN_ACK,		/* FIN whose ACK covers our FIN */
	TCPFSM_EV_RST,			/* valid RST (RFC 5961 3: SEG.SEQ = RCV.NXT) */
	TCPFSM_EV_RST_IN_WINDOW,	/* RST in the window, not exact */
	TCPFSM_EV_UNACCEPTABLE,		/* fails the acceptability test */
	TCPFSM_EV_BAD_ACK,		/* ACK of something never sent */
	TCPFSM_EV_TEXT_AFTER_CLOSE,	/* new text, reading shut, our FIN out */
	TCPFSM_EV_DROP,			/* to be dropped without a word */
	/* timers */
	TCPFSM_EV_RETRANS_TIMEOUT,	/* retransmission timer, retries left */
	TCPFSM_EV_RETRANS_GIVE_UP,	/* retransmission timer, retries spent */
	TCPFSM_EV_TIME_WAIT_TIMEOUT,	/* 2*MSL passed */
	TCPFSM_EV_KEEPALIVE_TIMEOUT,	/* idle long enough: probe */
	TCPFSM_EV_KEEPALIVE_GIVE_UP,	/* probes unanswered */
	TCPFSM_EV_FIN_WAIT2_TIMEOUT,	/* orphan in FIN_WAIT2 for fin_timeout */
	TCPFSM_NR_EVENTS
};

/*
 * What an action asks for; the interpreter carries these out in this order
 * (TAKE_SYN, numbered last, comes first: a SYN's sequence number is needed
 * before anything else is done with the segment).
 */
enum tcpfsm_cmd {
	TCPFSM_CMD_TAKE_ACK		= BIT(0),  /* advance SND.UNA, free what is acked */
	TCPFSM_CMD_DELIVER		= BIT(1),  /* queue the text for the reader */
	TCPFSM_CMD_DELIVER_EOF		= BIT(2),  /* the peer's FIN: RCV.NXT + 1, EOF */
	TCPFSM_CMD_SEND_SYN		= BIT(3),
	TCPFSM_CMD_SEND_SYN_ACK		= BIT(4),
	TCPFSM_CMD_SEND_ACK		= BIT(5),
	TCPFSM_CMD_SEND_FIN		= BIT(6),  /* FIN|ACK after queued data */
	TCPFSM_CMD_SEND_DATA		= BIT(7),  /* push the send queue */
	TCPFSM_CMD_SEND_RST		= BIT(8),  /* RST, seq SND.NXT (abort) */
	TCPFSM_CMD_REPLY_RST		= BIT(9),  /* RST built from the segment (3.10.7.1) */
	TCPFSM_CMD_CHALLENGE_ACK	= BIT(10), /* ACK limited per socket (RFC 5961) */
	TCPFSM_CMD_SEND_PROBE		= BIT(11), /* keepalive: seq SND.NXT - 1 */
	TCPFSM_CMD_RETRANSMIT		= BIT(12), /* resend the oldest unacked, back off */
	TCPFSM_CMD_ARM_RETRANS		= BIT(13),
	TCPFSM_CMD_STOP_RETRANS		= BIT(14),
	TCPFSM_CMD_ARM_TIME_WAIT	= BIT(15), /* (re)start 2*MSL */
	TCPFSM_CMD_ARM_KEEPALIVE	= BIT(16),
	TCPFSM_CMD_ARM_FIN_WAIT2	= BIT(17),
	TCPFSM_CMD_STOP_TIMERS		= BIT(18),
	TCPFSM_CMD_SPAWN_CHILD		= BIT(19), /* a listener's new SYN_RECV child */
	TCPFSM_CMD_TO_ACCEPT_QUEUE	= BIT(20), /* a child is established */
	TCPFSM_CMD_WAIT_CONNECT		= BIT(21), /* send() before ESTABLISHED waits */
	TCPFSM_CMD_WAKE			= BIT(22), /* wake readers, writers, connect() */
	TCPFSM_CMD_DELETE_TCB		= BIT(23), /* into CLOSED: unhash, drop queues */
	TCPFSM_CMD_DISCARD		= BIT(24), /* the segment is not processed further */
	TCPFSM_CMD_TAKE_SYN		= BIT(25), /* IRS, RCV.NXT, the peer's MSS (done first) */
};

/* The next state of a cell that keeps the state. */
#define TCPFSM_SAME	0

/**
 * struct tcpfsm_tcb - the sequence variables of a connection (RFC 9293 3.3.1).
 * @state: enum tcpfsm_state
 * @passive: the connection came from a listener (its SYN_RECV returns there)
 * @fin_sent: our FIN has taken sequence number SND.NXT - 1
 * @orphan: the application has closed its socket
 * @rcv_shut: reading is shut (RCV_SHUTDOWN: close(), shutdown(SHUT_RD) or
 *	the peer's FIN)
 * @rfc1337: ignore RSTs in TIME_WAIT (RFC 1337; sysctl rfc1337)
 * @paws: timestamps are in use and @ts_recent is good: PAWS applies
 *	(RFC 7323 5; options.c)
 * @iss: initial send sequence number
 * @snd_una: oldest unacknowledged sequence number
 * @snd_nxt: next sequence number to send
 * @snd_wnd: send window
 * @max_snd_wnd: the largest window the peer has offered (RFC 5961 5.2)
 * @bytes_acked: sequence space the peer has acknowledged, all told
 * @snd_wl1: SEG.SEQ of the segment that last set @snd_wnd
 * @snd_wl2: SEG.ACK of that segment
 * @irs: initial receive sequence number
 * @rcv_nxt: next sequence number expected
 * @rcv_wnd: receive window
 * @ts_recent: TS.Recent, the TSval to echo (RFC 7323 4.3)
 */
struct tcpfsm_tcb {
	u8 state;
	bool passive;
	bool fin_sent;
	bool orphan;
	bool rcv_shut;
	bool rfc1337;
	bool paws;
	u32 iss;
	u32 snd_una;
	u32 snd_nxt;
	u32 snd_wnd;
	u32 max_snd_wnd;
	u64 bytes_acked;
	u32 snd_wl1;
	u32 snd_wl2;
	u32 irs;
	u32 rcv_nxt;
	u32 rcv_wnd;
	u32 ts_recent;
};

/**
 * struct tcpfsm_result - what one step of the machine decided.
 * @cmds: TCPFSM_CMD_* bits
 * @next: the state to go to, or TCPFSM_SAME
 * @err: errno to return from the system call that caused the event
 * @sk_err: errno to report to the application asynchronously (sk_err)
 * @action: name of the action that decided (for tracing and tests)
 */
struct tcpfsm_result {
	u32 cmds;
	u8 next;
	int err;
	int sk_err;
	const char *action;
};

/**
 * typedef tcpfsm_action_t - an action of the table.
 * @tcb: the connection, read-only
 * @seg: the segment of a segment event, else NULL
 * @res: where the action writes its decision (zeroed by the caller)
 *
 * An action is pure: it touches no skb, no lock, no socket.
 */
typedef void (*tcpfsm_action_t)(const struct tcpfsm_tcb *tcb,
				const struct tcpfsm_seg *seg,
				struct tcpfsm_result *res);

/**
 * struct tcpfsm_cell - one cell of the table.
 * @action: the action, named after the RFC 9293 section it implements
 * @name: the action's name
 * @next: the state after the action, or TCPFSM_SAME
 */
struct tcpfsm_cell {
	tcpfsm_action_t action;
	const char *name;
	u8 next;
};

extern const struct tcpfsm_cell
tcpfsm_table[TCPFSM_NR_EVENTS][TCPFSM_MAX_STATES];
extern const char *const tcpfsm_event_names[TCPFSM_NR_EVENTS];

void tcpfsm_step(const struct tcpfsm_tcb *tcb, enum tcpfsm_event ev,
		 const struct tcpfsm_seg *seg, struct tcpfsm_result *res);

/* Sequence-number arithmetic modulo 2^32 (RFC 9293 3.4). */
static inline bool tcpfsm_seq_lt(u32 a, u32 b)
{
	return (s32)(a - b) < 0;
}

static inline bool tcpfsm_seq_le(u32 a, u32 b)
{
	return (s32)(a - b) <= 0;
}

static inline bool tcpfsm_seq_gt(u32 a, u32 b)
{
	return tcpfsm_seq_lt(b, a);
}

static inline bool tcpfsm_seq_ge(u32 a, u32 b)
{
	return tcpfsm_seq_le(b, a);
}

/* lo <= x < hi, modulo 2^32 */
static inline bool tcpfsm_seq_in(u32 x, u32 lo, u32 hi)
{
	return x - lo < hi - lo;
}

/* How a RST is to be treated (RFC 5961 3.2). */
enum tcpfsm_rst_verdict {
	TCPFSM_RST_RESET,	/* SEG.SEQ = RCV.NXT: reset the connection */
	TCPFSM_RST_CHALLENGE,	/* in the window: challenge ACK */
	TCPFSM_RST_DROP,	/* outside the window: drop */
};

/* What a control segment that finds no memory does (tcpfsm_ctl_nobufs()). */
enum tcpfsm_nobufs {
	TCPFSM_NOBUFS_FAIL,	/* a SYN: connect() fails with ENOBUFS */
	TCPFSM_NOBUFS_TACK,	/* a FIN: on the last segment queued */
	TCPFSM_NOBUFS_LOST,	/* counted as sent and lost: the timer sends it */
};

/* An event that no timer verdict asks for. */
#define TCPFSM_EV_NONE	TCPFSM_NR_EVENTS

/**
 * struct tcpfsm_timer_verdict - what a timer's expiry means.
 * @ev: the event to feed to the machine, or TCPFSM_EV_NONE
 * @rearm_ns: arm the timer again after this long (after @ev), or 0
 */
struct tcpfsm_timer_verdict {
	enum tcpfsm_event ev;
	u64 rearm_ns;
};

/**
 * struct tcpfsm_rtx_view - what the retransmission timer's verdict reads.
 * @now: the monotonic clock, ns
 * @due: when the timeout is due (ACKs move it on without re-arming), ns
 * @retrans_start: the first timeout of this episode, ns; 0 if none yet
 * @since_recv: time since the peer was last heard, ns
 * @rto_max: rto_max_ms, ns
 * @user_timeout: TCP_USER_TIMEOUT, ms; 0 for none
 * @state: the connection's state
 * @retries: consecutive timeouts of the oldest unacknowledged segment
 * @limit: the retransmissions allowed in @state (syn_retries, ...)
 * @outstanding: something is in flight, or queued behind a shut window
 * @wnd_zero: SND.WND is 0
 * @orphan: the application has closed the socket
 */
struct tcpfsm_rtx_view {
	u64 now;
	u64 due;
	u64 retrans_start;
	u64 since_recv;
	u64 rto_max;
	u32 user_timeout;
	u8 state;
	u8 retries;
	u8 limit;
	bool outstanding;
	bool wnd_zero;
	bool orphan;
};

/**
 * struct tcpfsm_ka_view - what the keepalive timer's verdict reads.
 * @idle_ms: time since the peer was last heard, ms
 * @keepidle: TCP_KEEPIDLE (or the sysctl), seconds
 * @keepintvl: TCP_KEEPINTVL (or the sysctl), seconds
 * @keepcnt: TCP_KEEPCNT (or the sysctl)
 * @probes: probes sent and not answered
 * @state: the connection's state
 * @keepopen: SO_KEEPALIVE is on
 * @orphan: the application has closed the socket (the timer is then
 *	the FIN_WAIT2 timeout)
 */
struct tcpfsm_ka_view {
	u64 idle_ms;
	u32 keepidle;
	u32 keepintvl;
	u32 keepcnt;
	u8 probes;
	u8 state;
	bool keepopen;
	bool orphan;
};

bool tcpfsm_seg_acceptable(u32 seq, u32 len, u32 rcv_nxt, u32 rcv_wnd);
enum tcpfsm_rst_verdict tcpfsm_rst_check(u32 seq, u32 rcv_nxt, u32 rcv_wnd);
bool tcpfsm_wnd_update_ok(u32 wl1, u32 wl2, u32 seq, u32 ack);
enum tcpfsm_event tcpfsm_classify(const struct tcpfsm_tcb *tcb,
				  const struct tcpfsm_seg *seg);
u32 tcpfsm_isn(const siphash_key_t *key, __be32 saddr, __be32 daddr,
	       __be16 sport, __be16 dport, u64 now_ns);
u32 tcpfsm_ts_offset(const siphash_key_t *key, __be32 saddr, __be32 daddr,
		     __be16 sport, __be16 dport);
bool tcpfsm_ack_too_old(const struct tcpfsm_tcb *tcb, u32 ack);

/**
 * struct tcpfsm_tuple - a connection's addresses and ports, as the SYN had them.
 * @saddr: the peer's address
 * @daddr: ours
 * @sport: the peer's port
 * @dport: ours
 */
struct tcpfsm_tuple {
	__be32 saddr;
	__be32 daddr;
	__be16 sport;
	__be16 dport;
};

#define TCPFSM_COOKIE_AGE	2	/* minutes a SYN cookie stays good */

u32 tcpfsm_cookie_make(const siphash_key_t key[2],
		       const struct tcpfsm_tuple *t, u32 sseq, u32 minute,
		       u16 mss);
u16 tcpfsm_cookie_check(const siphash_key_t key[2],
			const struct tcpfsm_tuple *t, u32 sseq, u32 cookie,
			u32 minute);
bool tcpfsm_oow_allow(u32 *last, u32 now, u32 gap);
enum tcpfsm_nobufs tcpfsm_ctl_nobufs(u8 flags, bool tail);
u8 tcpfsm_bare_ctl(const struct tcpfsm_tcb *tcb);
u64 tcpfsm_rto_backoff(u64 rto, u8 backoff, u64 max);
struct tcpfsm_timer_verdict tcpfsm_rtx_verdict(const struct tcpfsm_rtx_view *v);
u64 tcpfsm_rto_clamp(u64 rto, u32 user_timeout, u64 retrans_start, u64 now,
		     u8 state);
struct tcpfsm_timer_verdict tcpfsm_ka_verdict(const struct tcpfsm_ka_view *v);
u64 tcpfsm_fin_wait2_ns(int linger2, int fin_timeout);
bool tcpfsm_delack_due(u8 state, u32 rcv_nxt, u32 rcv_wup);
u32 tcpfsm_rcvbuf_tune(u32 rcvbuf, u32 copied, u32 prev, u16 mss, u32 max);
u32 tcpfsm_sndbuf_tune(u32 sndbuf, u32 cwnd, u32 truesize, u32 max);
void tcpfsm_icmp_verdict(const struct tcpfsm_tcb *tcb, u8 type, u8 code,
			 u32 seq, struct tcpfsm_result *res);
/*
 * The IPv4 and TCP headers in front of a GSO train (tcpfsm_train_segs()),
 * at their largest: options included (timestamps make ours 32 bytes).
 */
#define TCPFSM_TRAIN_HEADERS	(20 + TCPFSM_HDR_MAX)
unsigned int tcpfsm_train_segs(unsigned int gso_max_size,
			       unsigned int gso_max_segs, unsigned int mss);
u32 tcpfsm_train_cut(u32 len, u32 mss, u32 room, bool fin);
u64 tcpfsm_since_ns(unsigned long then, unsigned long now);

#endif /* _TCPFSM_FSM_H */
