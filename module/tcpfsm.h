/* SPDX-License-Identifier: GPL-2.0 */
/* tcpfsm.h: the module's internal interfaces: sockets, per-netns state, counters. */
#ifndef _TCPFSM_H
#define _TCPFSM_H

#include <linux/hrtimer.h>
#include <linux/ip.h>
#include <linux/list_nulls.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/refcount.h>
#include <linux/tcp.h>
#include <linux/xarray.h>
#include <net/inet_sock.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <uapi/linux/tcpfsm.h>

#include "cong.h"
#include "fsm.h"
#include "options.h"

extern int tcpfsm_family;
extern int tcpfsm_ipproto;

/* What a hashed entry is: a full socket or a TIME_WAIT record. */
enum tcpfsm_hent_kind {
	TCPFSM_HENT_SOCK,
	TCPFSM_HENT_TW,
};

/**
 * struct tcpfsm_hent - what the bind table and the connection table hold.
 * @bind_node: link in the bind table (by local port)
 * @ehash_node: link in the connection table (by 4-tuple), RCU, a nulls list
 * @net: the namespace
 * @laddr: local address (INADDR_ANY for a wildcard bind)
 * @raddr: remote address (0 until connected)
 * @lport: local port, host order (0 when unbound)
 * @rport: remote port, network order
 * @kind: enum tcpfsm_hent_kind
 * @hashed: in the connection table
 * @listener: the port is claimed for a listener (no other may overlap)
 * @shared: connect() chose the port; connections to other destinations
 *	may share it (tcpfsm_port_connect())
 * @proto: the IP protocol its segments travel as: tcpfsm_ipproto, or
 *	IPPROTO_TCP in TCP wire mode (the namespace's wire_proto when the
 *	socket was made; a child and a TIME_WAIT record take their socket's)
 * @shadow: it holds a reference on its port's reservation in Linux TCP's
 *	bind table (wire.c), dropped with the port
 *
 * Full sockets and TIME_WAIT records share the tables through this head,
 * as Linux's sock_common does, so a TIME_WAIT entry keeps its port and
 * answers its segments without the weight of a socket.
 */
struct tcpfsm_hent {
	struct hlist_node bind_node;
	struct hlist_nulls_node ehash_node;
	possible_net_t net;
	__be32 laddr;
	__be32 raddr;
	u16 lport;
	__be16 rport;
	u8 kind;
	u8 hashed;
	u8 listener;
	u8 shared;
	u8 proto;
	u8 shadow;
};

/* Bits of tcpfsm_sock.deferred: timer work that found the socket owned. */
enum {
	TCPFSM_DEFER_RTX,
	TCPFSM_DEFER_KEEPALIVE,
	TCPFSM_DEFER_DELACK,
};

#define TCPFSM_DELACK_NS	(40 * NSEC_PER_MSEC)	/* delayed ACK, at most */

/**
 * struct tcpfsm_sock - an AF_TCPFSM socket.
 * @inet: the IPv4 socket it is; inet.sk.sk_state holds enum tcpfsm_state
 * @h: its entry in the bind and connection tables
 * @lnode: link in the listener table while in LISTEN (RCU)
 * @tcb: sequence variables, the state machine's view
 * @ooo_queue: segments received after a hole, by sequence number
 * @rtx_timer: retransmission (and zero-window probe) timer
 * @ka_timer: keepalive timer; for an orphan in FIN_WAIT2, fin_timeout
 * @delack_timer: delayed ACK timer
 * @deferred: TCPFSM_DEFER_* bits, done in release_cb
 * @timer_lock: serializes arming, cancelling and expiry of the timers
 * @timer_pending: TCPFSM_DEFER_* bits of the timers that hold a reference
 * @rtx_count: consecutive timeouts of the oldest unacked segment
 * @probes: unanswered keepalive probes
 * @backoff: RTO doublings in force
 * @cc: congestion control: cwnd, ssthresh, the algorithm, the duplicate
 *	ACKs and the loss recovery (cong.c)
 * @cc_set: the algorithm was chosen by TCP_CONGESTION (a listener's
 *	children take it; else the sysctl's, as Linux's icsk_ca_setsockopt)
 * @snd_sml: end of the last short segment sent (Nagle, Minshall's rule)
 * @rcv_wup: RCV.NXT as last announced in an ACK
 * @rcv_edge: RCV.NXT + RCV.WND as last announced (kept while a hole is open)
 * @ack_now: an ACK is due at once, after the segment and what it freed
 * @rcv_seg_max: the largest text segment received (a "full" segment)
 * @rto: retransmission timeout, microseconds
 * @srtt: smoothed RTT, microseconds (0 before the first sample)
 * @rttvar: RTT variation, microseconds
 * @rtt_seq: sequence number being timed, valid when @rtt_start
 * @rtt_start: ktime in ns when @rtt_seq was sent, 0 when nothing is timed
 * @retrans_start: ktime (ns) of the first timeout of the current episode
 * @rtx_due: ktime (ns) the retransmission timer is due; an ACK moves it
 *	without moving the queued timer, which re-arms if it fires early
 * @total_retrans: segments retransmitted over the connection's life
 * @last_oow_ack: jiffies of the last limited ACK (tcpfsm_oow_allow())
 * @write_seq: sequence number the next queued byte (or SYN, FIN) takes
 * @copied_seq: sequence number of the next byte the reader will take
 * @snd_mss: largest segment we send
 * @rcv_mss: the MSS we announced
 * @last_send: jiffies of the last data sent
 * @last_recv: jiffies of the last segment received
 * @last_recv_data: jiffies of the last text received
 * @accept_lock: protects @accept_queue, @syn_queue, @syn_count
 * @accept_queue: established children waiting for accept()
 * @syn_queue: children in SYN_RECV
 * @syn_count: length of @syn_queue
 * @cookie_sent: jiffies (| 1) of the last SYN cookie this listener sent
 * @child_node: link in the parent's @syn_queue or @accept_queue
 * @parent: the listener of a child not yet accepted (held)
 * @acceptable: the child is in the accept queue, not the SYN queue
 * @keepidle: TCP_KEEPIDLE seconds, 0 for the sysctl
 * @keepintvl: TCP_KEEPINTVL seconds, 0 for the sysctl
 * @keepcnt: TCP_KEEPCNT, 0 for the sysctl
 * @linger2: TCP_LINGER2 seconds, 0 for the sysctl
 * @user_timeout: TCP_USER_TIMEOUT milliseconds, 0 for none
 * @nodelay: TCP_NODELAY
 * @cork: TCP_CORK: a short tail segment waits until it is full or uncorked
 * @push_once: pushes send the queued tail that cork or Nagle would hold,
 *	until a new segment is queued (Linux's TCP_NAGLE_PUSH)
 * @user_mss: TCP_MAXSEG, 0 for none
 * @opts: TCPFSM_OPTF_* options: those a SYN offers (the sysctls), then,
 *	from the peer's SYN on, those both ends agreed on (options.c)
 * @snd_wscale: the peer's window scale shift (0 without window scaling)
 * @rcv_wscale: ours (offered on our SYN; 0 without window scaling)
 * @rtt_karn: a retransmission stopped the timing by sequence number
 *	(Karn); until a segment is timed again, TSecr gives the RTT
 * @ts_offset: added to the millisecond clock for our TSval (a keyed hash
 *	of the 4-tuple, RFC 7323 5.4)
 * @ts_recent_stamp: when TS.Recent was recorded, in seconds
 * @rcvq_start: ktime (ns) the current round trip of autotuning began
 * @rcvq_copied: bytes the reader took since @rcvq_start
 * @rcvq_prev: the most it took in one round trip so far
 * @sack: with SACK, the blocks of text after a hole our ACKs report, the
 *	most recent first (tcpfsm_sack_note())
 * @nsack: how many
 * @rx_sack: the SACK blocks of the segment being taken, copied from its
 *	header before anything pulls it (tcpfsm_sk_rcv_one())
 * @rx_nsack: how many; 0 without SACK in use
 */
struct tcpfsm_sock {
	struct inet_sock inet;
	struct tcpfsm_hent h;
	struct hlist_node lnode;
	struct tcpfsm_tcb tcb;
	struct sk_buff_head ooo_queue;
	struct hrtimer rtx_timer;
	struct hrtimer ka_timer;
	struct hrtimer delack_timer;
	unsigned long deferred;
	spinlock_t timer_lock;		/* timer_pending, and arm/cancel */
	unsigned long timer_pending;
	u8 rtx_count;
	u8 probes;
	u8 backoff;
	bool cc_set;
	struct tcpfsm_cc cc;
	u32 snd_sml;
	u32 rcv_wup;
	u32 rcv_edge;
	u8 ack_now;
	u16 rcv_seg_max;
	u32 rto;
	u32 srtt;
	u32 rttvar;
	u32 rtt_seq;
	u64 rtt_start;
	u64 retrans_start;
	u64 rtx_due;
	u32 total_retrans;
	u32 last_oow_ack;
	u32 write_seq;
	u32 copied_seq;
	u16 snd_mss;
	u16 rcv_mss;
	unsigned long last_send;
	unsigned long last_recv;
	unsigned long last_recv_data;
	spinlock_t accept_lock;		/* the two queues and syn_count */
	struct list_head accept_queue;
	struct list_head syn_queue;
	unsigned int syn_count;
	unsigned long cookie_sent;
	struct list_head child_node;
	struct sock *parent;
	bool acceptable;
	int keepidle;
	int keepintvl;
	int keepcnt;
	int linger2;
	unsigned int user_timeout;
	bool nodelay;
	bool cork;
	bool push_once;
	u16 user_mss;
	u8 opts;
	u8 snd_wscale;
	u8 rcv_wscale;
	bool rtt_karn;
	u32 ts_offset;
	u32 ts_recent_stamp;
	u64 rcvq_start;
	u32 rcvq_copied;
	u32 rcvq_prev;
	u8 nsack;
	u8 rx_nsack;
	struct tcpfsm_sack_block sack[TCPFSM_SACK_MAX];
	struct tcpfsm_sack_block rx_sack[TCPFSM_SACK_MAX];
};

static inline struct tcpfsm_sock *tcpfsm_sk(const struct sock *sk)
{
	return (struct tcpfsm_sock *)sk;
}

/*
 * The timestamp clock: milliseconds (RFC 7323 5.4 asks for 1 ms to 1 s
 * a tick), as Linux's; a connection's TSval adds its ts_offset.
 */
static inline u32 tcpfsm_ts_clock(void)
{
	return (u32)div_u64(ktime_get_ns(), NSEC_PER_MSEC);
}

/* Our TSval now. */
static inline u32 tcpfsm_tsval(const struct tcpfsm_sock *ts)
{
	return tcpfsm_ts_clock() + ts->ts_offset;
}

/* SEG.WND in bytes: scaled, but on a SYN (RFC 7323 2.2). */
static inline u32 tcpfsm_seg_wnd(const struct tcpfsm_sock *ts,
				 const struct tcpfsm_seg *seg)
{
	if (seg->flags & TCPFSM_SYN)
		return seg->wnd;
	return (u32)seg->wnd << ts->snd_wscale;
}

/* SND.WND from the peer, and the largest it has offered (RFC 5961 5.2). */
static inline void tcpfsm_set_snd_wnd(struct tcpfsm_sock *ts, u32 wnd)
{
	ts->tcb.snd_wnd = wnd;
	ts->tcb.max_snd_wnd = max(ts->tcb.max_snd_wnd, wnd);
}

static inline struct tcpfsm_sock *tcpfsm_hent_sk(struct tcpfsm_hent *h)
{
	return container_of(h, struct tcpfsm_sock, h);
}

/**
 * struct tcpfsm_tw - a TIME_WAIT record: what is left of a closed connection.
 * @h: its entry in the tables (kind TCPFSM_HENT_TW)
 * @refcnt: references (tables, timer, lookups)
 * @timer: 2*MSL
 * @snd_nxt: our next sequence number (our FIN is acked)
 * @rcv_nxt: the peer's next sequence number (after its FIN)
 * @expires: ktime (ns) at which it leaves, for /proc
 * @last_oow_ack: jiffies of the last limited ACK (tcpfsm_oow_allow())
 * @reuse: the socket had SO_REUSEADDR
 * @ts_ok: the connection used timestamps: the record's ACKs carry them and
 *	PAWS judges what comes (RFC 7323)
 * @ts_recent: TS.Recent
 * @ts_recent_stamp: when it was recorded, in seconds
 * @ts_offset: the connection's timestamp offset
 * @rcu: deferred free
 */
struct tcpfsm_tw {
	struct tcpfsm_hent h;
	refcount_t refcnt;
	struct hrtimer timer;
	u32 snd_nxt;
	u32 rcv_nxt;
	u64 expires;
	u32 last_oow_ack;
	u8 reuse;
	u8 ts_ok;
	u32 ts_recent;
	u32 ts_recent_stamp;
	u32 ts_offset;
	struct rcu_head rcu;
};

static inline struct tcpfsm_tw *tcpfsm_hent_tw(struct tcpfsm_hent *h)
{
	return container_of(h, struct tcpfsm_tw, h);
}

/* The state of a table entry: a socket's, or TIME_WAIT for a record. */
static inline int tcpfsm_hent_state(const struct tcpfsm_hent *h)
{
	if (h->kind == TCPFSM_HENT_TW)
		return TCPFSM_TIME_WAIT;
	return READ_ONCE(container_of(h, struct tcpfsm_sock, h)->inet.sk.sk_state);
}

/**
 * struct tcpfsm_skb_cb - what tcpfsm keeps in skb->cb.
 * @seq: first sequence number of the segment
 * @end_seq: @seq + SEG.LEN
 * @used: bytes of a received segment the reader has taken
 * @flags: TCPFSM_SYN/FIN/... of a queued segment
 * @sent: a write-queue segment has gone out at least once
 * @sacked: a sent segment's TCPFSM_SCB_* scoreboard bits (RFC 6675)
 */
struct tcpfsm_skb_cb {
	u32 seq;
	u32 end_seq;
	u32 used;
	u8 flags;
	u8 sent;
	u8 sacked;
};

#define TCPFSM_SCB_SACKED	BIT(0)	/* a SACK block covered it */
#define TCPFSM_SCB_LOST		BIT(1)	/* taken as lost (IsLost()) */
#define TCPFSM_SCB_RETRANS	BIT(2)	/* lost, and sent again since */

#define TCPFSM_SKB_CB(skb)	((struct tcpfsm_skb_cb *)&((skb)->cb[0]))

/* A received segment's parsed header, kept in skb->cb until it is queued. */
#define TCPFSM_RX_SEG(skb)	((struct tcpfsm_seg *)&((skb)->cb[0]))

/*
 * A segment of the write queue keeps room in front for the headers the
 * clone that goes on the wire pushes there: link layer, IPv4, ours with
 * the most options any segment has (TCPFSM_OPT_MAX: a SYN's, or an ACK's
 * timestamps and SACK blocks).
 */
#define TCPFSM_MAX_HEADER	(MAX_HEADER + sizeof(struct iphdr) + \
				 sizeof(struct tcphdr) + TCPFSM_OPT_MAX)
/* The largest segment (as before the write queue held page fragments). */
#define TCPFSM_MSS_MAX		15360
#define TCPFSM_MIN_SND_MSS	48	/* the least peer MSS taken, as Linux's */
#define TCPFSM_TW_WINDOW	0	/* a TIME_WAIT record takes no more text */
/*
 * The largest receive buffer a connection's window scale is chosen for:
 * Linux's tcp_rmem[2] default, 6 MiB (window scale 7).
 */
#define TCPFSM_RCVBUF_MAX	(6 << 20)
/* Receive autotuning grows past what a round trip of ten segments needs. */
#define TCPFSM_RCVQ_INIT	10
/* Send buffer autotuning's ceiling: Linux's tcp_wmem[2] default. */
#define TCPFSM_SNDBUF_MAX	(4 << 20)

/* The counters of /proc/net/tcpfsm_stat, besides the transition matrix. */
enum tcpfsm_mib_field {
	TCPFSM_MIB_ACTIVEOPENS,
	TCPFSM_MIB_PASSIVEOPENS,
	TCPFSM_MIB_ATTEMPTFAILS,
	TCPFSM_MIB_ESTABRESETS,
	TCPFSM_MIB_INSEGS,
	TCPFSM_MIB_OUTSEGS,
	TCPFSM_MIB_RETRANSSEGS,
	TCPFSM_MIB_INERRS,
	TCPFSM_MIB_INCSUMERRORS,
	TCPFSM_MIB_OUTRSTS,
	TCPFSM_MIB_LISTENOVERFLOWS,
	TCPFSM_MIB_SYNCOOKIESSENT,
	TCPFSM_MIB_SYNCOOKIESRECV,
	TCPFSM_MIB_SYNCOOKIESFAILED,
	TCPFSM_MIB_PAWSESTAB,
	TCPFSM_MIB_SACKRENEGING,
	TCPFSM_MIB_MAX
};

/**
 * struct tcpfsm_mib - one CPU's share of a namespace's counters.
 * @mibs: the named counters, indexed by enum tcpfsm_mib_field.
 * @trans: state transitions taken, [from][to].
 */
struct tcpfsm_mib {
	unsigned long mibs[TCPFSM_MIB_MAX];
	unsigned long trans[TCPFSM_MAX_STATES][TCPFSM_MAX_STATES];
};

/**
 * struct tcpfsm_sysctl - the tunables of /proc/sys/net/tcpfsm.
 * Each is an int so that proc_dointvec_minmax() can range-check it, but
 * congestion_control, the default algorithm, which is read and written
 * by its name (netns.c).
 */
struct tcpfsm_sysctl {
	int msl_ms;
	int keepalive_time;
	int keepalive_intvl;
	int keepalive_probes;
	int syn_retries;
	int synack_retries;
	int retries2;
	int rto_min_ms;
	int rto_max_ms;
	int rto_initial_ms;
	int fin_timeout;
	int rfc1337;
	int invalid_ratelimit_ms;
	int syncookies;
	int wire_proto;
	int window_scaling;
	int timestamps;
	int sack;
	const struct tcpfsm_cong_ops *congestion_control;
};

/**
 * struct tcpfsm_net - tcpfsm's state in one network namespace.
 * @cfg: the sysctls.
 * @sysctl_hdr: the registered sysctl table.
 * @mib: per-CPU counters.
 * @curr_estab: connections now in ESTABLISHED or CLOSE_WAIT (CurrEstab).
 * @wire_lock: serializes wire_proto writes, the hooks they register, and
 *	the making of port reservations (wire.c).
 * @wire_hooks: the netfilter hooks of TCP wire mode are registered.
 * @shadows: port -> struct tcpfsm_shadow, tcpfsm's reservations in Linux
 *	TCP's bind table (wire.c); its lock is taken with BHs off.
 */
struct tcpfsm_net {
	struct tcpfsm_sysctl cfg;
	struct ctl_table_header *sysctl_hdr;
	struct tcpfsm_mib __percpu *mib;
	atomic_t curr_estab;
	struct mutex wire_lock;		/* wire_proto, wire_hooks, shadow making */
	bool wire_hooks;
	struct xarray shadows;
};

extern unsigned int tcpfsm_net_id;

static inline struct tcpfsm_net *tcpfsm_pernet(const struct net *net)
{
	return net_generic(net, tcpfsm_net_id);
}

/* The tcpfsm state of a socket's namespace. */
static inline struct tcpfsm_net *tcpfsm_sk_pernet(const struct sock *sk)
{
	return tcpfsm_pernet(sock_net(sk));
}

#define TCPFSM_INC_STATS(net, field) \
	this_cpu_inc(tcpfsm_pernet(net)->mib->mibs[field])
#define TCPFSM_ADD_STATS(net, field, n) \
	this_cpu_add(tcpfsm_pernet(net)->mib->mibs[field], n)

/* netns.c */
int tcpfsm_net_register(void);
void tcpfsm_net_unregister(void);
u32 tcpfsm_oow_gap(const struct net *net);

/* proc.c */
int tcpfsm_proc_init_net(struct net *net);
void tcpfsm_proc_exit_net(struct net *net);
extern const char *const tcpfsm_state_names[TCPFSM_MAX_STATES];

/* ports.c */
int tcpfsm_ports_init(void);
void tcpfsm_ports_exit(void);
int tcpfsm_port_get(struct sock *sk, __be32 addr, u16 port);
int tcpfsm_port_listen(struct sock *sk);
int tcpfsm_port_connect(struct sock *sk);
void tcpfsm_port_inherit(struct sock *child, __be32 addr, u16 port);
void tcpfsm_port_put(struct sock *sk);
void tcpfsm_port_replace(struct sock *sk, struct tcpfsm_tw *tw);
bool tcpfsm_port_put_tw(struct tcpfsm_tw *tw);
struct tcpfsm_hent *tcpfsm_ports_walk(struct net *net, unsigned int *bucket,
				      unsigned int *offset);

/* lookup.c */
int tcpfsm_lookup_init(void);
void tcpfsm_lookup_exit(void);
int tcpfsm_ehash_insert(struct tcpfsm_hent *h);
bool tcpfsm_ehash_remove(struct tcpfsm_hent *h);
void tcpfsm_ehash_replace(struct tcpfsm_hent *old, struct tcpfsm_hent *new);
struct tcpfsm_hent *tcpfsm_ehash_lookup(const struct net *net, __be32 laddr,
					u16 lport, __be32 raddr, __be16 rport);
bool tcpfsm_hent_hold(struct tcpfsm_hent *h);
void tcpfsm_hent_put(struct tcpfsm_hent *h);
void tcpfsm_lhash_add(struct sock *sk);
void tcpfsm_lhash_del(struct sock *sk);
struct sock *tcpfsm_lhash_lookup(const struct net *net, __be32 laddr,
				 u16 lport);
struct tcpfsm_hent *tcpfsm_lookup_walk(struct net *net, unsigned int *bucket,
				       unsigned int *offset);

/* timewait.c */
int tcpfsm_tw_init(void);
void tcpfsm_tw_exit(void);
void tcpfsm_tw_enter(struct sock *sk);
void tcpfsm_tw_rcv(struct tcpfsm_tw *tw, struct sk_buff *skb);
void tcpfsm_tw_put(struct tcpfsm_tw *tw);
void tcpfsm_tw_purge_net(struct net *net);

/* state.c */
void tcpfsm_set_state(struct sock *sk, int new);
void tcpfsm_trace_cong(struct sock *sk, u8 prior);
void tcpfsm_tw_set_closed(struct tcpfsm_tw *tw);

/* conn.c */
void tcpfsm_conn_init(void);
void tcpfsm_init_sock(struct sock *sk);
void tcpfsm_seq_init(struct sock *sk);
void tcpfsm_done(struct sock *sk);
bool tcpfsm_run(struct sock *sk, struct sk_buff *skb,
		const struct tcpfsm_seg *seg, const struct tcpfsm_result *res);
int tcpfsm_event(struct sock *sk, enum tcpfsm_event ev);
void tcpfsm_tcb_sync(struct sock *sk);
int tcpfsm_sk_rcv(struct sock *sk, struct sk_buff *skb);
u32 tcpfsm_ooo_held_end(const struct sock *sk);
void tcpfsm_icmp_rcv(struct sock *sk, u8 type, u8 code, u32 seq);
u16 tcpfsm_route_mss(unsigned int mtu);
u16 tcpfsm_mss_less_options(const struct tcpfsm_sock *ts, u16 mss);
void tcpfsm_opts_offer(struct sock *sk);
void tcpfsm_rcv_space_adjust(struct sock *sk, u32 copied);

/* send.c */
void tcpfsm_wq_link(struct sock *sk, struct sk_buff *prev, struct sk_buff *skb);
void tcpfsm_wq_free(struct sock *sk, struct sk_buff *skb);
int tcpfsm_wq_split(struct sock *sk, struct sk_buff *skb, u32 len);
void tcpfsm_wq_purge(struct sock *sk);
int tcpfsm_queue_ctl(struct sock *sk, u8 flags);
int tcpfsm_send_queued(struct sock *sk, struct sk_buff *skb);
int tcpfsm_push(struct sock *sk);
void tcpfsm_retransmit(struct sock *sk);
void tcpfsm_send_ack(struct sock *sk);
void tcpfsm_send_rst(struct sock *sk);
void tcpfsm_take_ack(struct sock *sk, const struct tcpfsm_seg *seg);

/* timer.c */
void tcpfsm_timers_init(struct sock *sk);
void tcpfsm_timers_stop(struct sock *sk);
u64 tcpfsm_rto_ns(const struct sock *sk);
void tcpfsm_rtt_sample(struct sock *sk, u32 r);
void tcpfsm_rtx_arm(struct sock *sk);
void tcpfsm_rtx_arm_within(struct sock *sk, u64 limit);
void tcpfsm_rtx_restart(struct sock *sk);
bool tcpfsm_rtx_armed(const struct sock *sk);
void tcpfsm_rtx_stop(struct sock *sk);
void tcpfsm_ka_start(struct sock *sk);
void tcpfsm_fin_wait2_start(struct sock *sk);
void tcpfsm_delack_start(struct sock *sk);
void tcpfsm_release_cb(struct sock *sk);
void tcpfsm_keepalive(struct sock *sk, int on);

/* listen.c */
struct sock *tcpfsm_child_spawn(struct sock *lsk, struct sk_buff *skb,
				const struct tcpfsm_seg *seg);
int tcpfsm_child_link(struct sock *lsk, struct sock *child);
bool tcpfsm_listen_overflow(struct sock *lsk, struct sk_buff *skb,
			    const struct tcpfsm_seg *seg);
bool tcpfsm_cookie_ack(struct sock *lsk, struct sk_buff *skb,
		       const struct tcpfsm_seg *seg);
void tcpfsm_child_to_accept_queue(struct sock *child);
void tcpfsm_child_unlink(struct sock *child, bool drop_queue_ref);
void tcpfsm_listen_stop(struct sock *lsk);
struct tcpfsm_sock *tcpfsm_accept_dequeue(struct sock *lsk);

/* socket.c */
void tcpfsm_write_space(struct sock *sk);
void tcpfsm_conn_reset(struct sock *sk);
int tcpfsm_socket_register(void);
void tcpfsm_socket_unregister(void);

/* input.c */
int tcpfsm_rcv(struct sk_buff *skb);
int tcpfsm_err(struct sk_buff *skb, u32 info);
int tcpfsm_input_register(void);
void tcpfsm_input_unregister(void);

/* offload.c */
int tcpfsm_offload_register(void);
void tcpfsm_offload_unregister(void);

/* wire.c */
int tcpfsm_wire_set(struct net *net, int proto);
void tcpfsm_wire_init_net(struct net *net);
void tcpfsm_wire_exit_net(struct net *net);
void tcpfsm_wire_exit(void);
int tcpfsm_shadow_get(struct net *net, u16 port);
bool tcpfsm_shadow_hold(struct net *net, u16 port);
void tcpfsm_shadow_put(struct net *net, u16 port);
int tcpfsm_wire_queue_xmit(struct sock *sk, struct sk_buff *skb);

/* output.c */
void tcpfsm_send_reply(struct net *net, u8 proto, __be32 saddr, __be32 daddr,
		       __be16 sport, __be16 dport, u32 seq, u32 ack,
		       u8 flags, u16 window, const struct tcpfsm_opts_tx *opts);
void tcpfsm_send_syn_cookie(struct net *net, u8 proto, __be32 saddr,
			    __be32 daddr,
			    __be16 sport, __be16 dport, u32 cookie, u32 ack,
			    u16 window);
void tcpfsm_reply_rst(struct net *net, struct sk_buff *skb,
		      const struct tcpfsm_seg *seg);
u32 tcpfsm_rcv_window(const struct sock *sk);
struct sk_buff *tcpfsm_alloc_text(gfp_t gfp);
int tcpfsm_xmit(struct sock *sk, struct sk_buff *data, u8 flags, u32 seq);
unsigned int tcpfsm_train_max(const struct sock *sk);

#endif /* _TCPFSM_H */
