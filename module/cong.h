/* SPDX-License-Identifier: GPL-2.0 */
/* cong.h: congestion control: the window every algorithm keeps, the ops table they fill. */
#ifndef _TCPFSM_CONG_H
#define _TCPFSM_CONG_H

#include <linux/types.h>

#define TCPFSM_CC_NAME_MAX	16	/* as Linux's TCP_CA_NAME_MAX */
#define TCPFSM_CC_INIT_CWND	10	/* segments, RFC 6928 (Linux's TCP_INIT_CWND) */
#define TCPFSM_CC_ABC_L		2	/* RFC 3465: segments per ACK in slow start */
#define TCPFSM_CC_PRIV_U64	6	/* an algorithm's own state, in u64s */

/**
 * enum tcpfsm_ca_state - where the loss recovery is (Linux's icsk_ca_state,
 *	with the numbers of Linux's enum tcp_ca_state, as TCP_INFO reports it).
 * @TCPFSM_CA_OPEN: no loss being repaired
 * @TCPFSM_CA_DISORDER: TCPFSM_CA_OPEN with duplicate ACKs counted; only
 *	reported (tcpfsm_cc_ca_state()), never in struct tcpfsm_cc
 * @TCPFSM_CA_RECOVERY: fast recovery after three duplicate ACKs (RFC 6582),
 *	cwnd brought down to ssthresh by PRR (RFC 6937)
 * @TCPFSM_CA_LOSS: after a retransmission timeout: what was in flight is
 *	taken as lost and sent again from SND.UNA within cwnd (go-back-N)
 */
enum tcpfsm_ca_state {
	TCPFSM_CA_OPEN = 0,
	TCPFSM_CA_DISORDER = 1,
	TCPFSM_CA_RECOVERY = 3,
	TCPFSM_CA_LOSS = 4,
};

/* What an ACK of new data sends again (tcpfsm_cc_ack()). */
enum tcpfsm_cc_resend {
	TCPFSM_CC_RESEND_NONE,
	TCPFSM_CC_RESEND_HEAD,
	TCPFSM_CC_RESEND_LOSS,
	TCPFSM_CC_RESEND_SACK,
};

/* After a timeout, what of a segment sent before (tcpfsm_cc_loss_next()). */
enum tcpfsm_cc_rtx {
	TCPFSM_CC_RTX_STOP,
	TCPFSM_CC_RTX_SKIP,
	TCPFSM_CC_RTX_SEND,
};

/**
 * struct tcpfsm_cc - a connection's congestion state, in segments.
 * @cwnd: the congestion window
 * @ssthresh: the slow start threshold (U32_MAX until the first loss)
 * @cwnd_cnt: segments acknowledged in congestion avoidance since cwnd last
 *	grew (Linux's snd_cwnd_cnt)
 * @acked_bytes: bytes acknowledged not yet counted as a segment (RFC 3465)
 * @prior_cwnd: cwnd when the fast recovery began (PRR's RecoverFS)
 * @prr_delivered: segments delivered since the fast recovery began
 * @prr_out: segments sent since the fast recovery began
 * @sacked: segments that left the network while SND.UNA stays: SACKed
 *	ones with SACK (Linux's sacked_out), else one per duplicate ACK (as
 *	Linux's sacked_out of a connection without SACK)
 * @lost: with SACK, segments taken as lost and not SACKed since
 *	(Linux's lost_out; RFC 6675's IsLost())
 * @retrans: with SACK, lost segments sent again and neither SACKed nor
 *	acknowledged since (Linux's retrans_out)
 * @sacked_bytes: with SACK, the bytes of the @sacked segments (RFC 6675
 *	counts octets: segments may be short)
 * @lost_bytes: likewise of the @lost ones
 * @retrans_bytes: likewise of the @retrans ones
 * @sack_new: with SACK, bytes the ACK at hand SACKed, set before
 *	tcpfsm_cc_dupack() or tcpfsm_cc_ack() reads it
 * @sack_acked: with SACK, bytes SACKed before that the ACK at hand
 *	acknowledged, likewise
 * @lt_out: segments sent by limited transmit (RFC 3042) since SND.UNA moved
 * @dupacks: duplicate ACKs in a row at SND.UNA (three start a fast
 *	retransmit)
 * @recover: SND.NXT when the last loss recovery began (the ISS before
 *	the first); outside one, SND.UNA - 1 once passed (RFC 6582)
 * @rtx_nxt: after a timeout, the end of what was sent again from SND.UNA
 * @state: enum tcpfsm_ca_state
 * @rto_ss: the slow start follows a timeout (RFC 3465 2.3: L = 1)
 * @syn_lost: a SYN or SYN-ACK was retransmitted (RFC 6928: IW = 1)
 * @stalled: a timeout came, and no ACK of new data since
 * @sack: the connection uses SACK (RFC 2018): the loss recovery is RFC
 *	6675's
 * @ops: the algorithm
 * @priv: the algorithm's own state
 */
struct tcpfsm_cc {
	u32 cwnd;
	u32 ssthresh;
	u32 cwnd_cnt;
	u32 acked_bytes;
	u32 prior_cwnd;
	u32 prr_delivered;
	u32 prr_out;
	u32 sacked;
	u32 lost;
	u32 retrans;
	u32 sacked_bytes;
	u32 lost_bytes;
	u32 retrans_bytes;
	u32 sack_new;
	u32 sack_acked;
	u32 lt_out;
	u32 dupacks;
	u32 recover;
	u32 rtx_nxt;
	u8 state;
	bool rto_ss;
	bool syn_lost;
	bool stalled;
	bool sack;
	const struct tcpfsm_cong_ops *ops;
	u64 priv[TCPFSM_CC_PRIV_U64];
};

/**
 * struct tcpfsm_cong_ops - a congestion control algorithm (after Linux's
 *	struct tcp_congestion_ops).  Each function is pure: it reads and
 *	writes @cc and nothing else.
 * @name: the name TCP_CONGESTION and the sysctl use (Linux's names)
 * @init: a new connection (cwnd and ssthresh already set)
 * @cong_avoid: @acked segments newly acknowledged outside recovery, with
 *	the smoothed RTT @srtt_us, at @now_us; grows cwnd
 * @ssthresh: the new ssthresh on a loss, from cwnd and the @flight
 *	segments in flight
 * @on_rto: a retransmission timeout, after ssthresh was set and cwnd
 *	dropped to one (the algorithm forgets its epoch)
 * @on_idle: sending again after @idle_us with nothing in flight, at @now_us
 */
struct tcpfsm_cong_ops {
	const char *name;
	void (*init)(struct tcpfsm_cc *cc);
	void (*cong_avoid)(struct tcpfsm_cc *cc, u32 acked, u32 srtt_us,
			   u64 now_us);
	u32 (*ssthresh)(struct tcpfsm_cc *cc, u32 flight);
	void (*on_rto)(struct tcpfsm_cc *cc);
	void (*on_idle)(struct tcpfsm_cc *cc, u64 idle_us, u64 now_us);
};

extern const struct tcpfsm_cong_ops tcpfsm_reno;
extern const struct tcpfsm_cong_ops tcpfsm_cubic;

const struct tcpfsm_cong_ops *tcpfsm_cong_find(const char *name);
void tcpfsm_cc_init(struct tcpfsm_cc *cc, const struct tcpfsm_cong_ops *ops);
void tcpfsm_cc_set_ops(struct tcpfsm_cc *cc, const struct tcpfsm_cong_ops *ops);
u32 tcpfsm_cc_iw(u32 mss);
void tcpfsm_cc_established(struct tcpfsm_cc *cc, u32 mss);
u32 tcpfsm_cc_slow_start(struct tcpfsm_cc *cc, u32 acked);
void tcpfsm_cc_ai(struct tcpfsm_cc *cc, u32 w, u32 acked);
void tcpfsm_cc_on_ack(struct tcpfsm_cc *cc, u32 bytes, u32 mss, u32 srtt_us,
		      u64 now_us);
bool tcpfsm_cc_cwnd_limited(const struct tcpfsm_cc *cc, u32 pipe, u32 mss);
u32 tcpfsm_cc_pipe(const struct tcpfsm_cc *cc, u32 una, u32 nxt, u32 mss);
u32 tcpfsm_cc_room(const struct tcpfsm_cc *cc, u32 pipe, u32 mss);
bool tcpfsm_cc_may_send(const struct tcpfsm_cc *cc, u32 pipe, u32 len,
			u32 mss);
u32 tcpfsm_cc_delivered(struct tcpfsm_cc *cc, u32 acked, u32 flight);
u32 tcpfsm_cc_sack_delivered(struct tcpfsm_cc *cc, u32 acked_bytes, u32 mss);
void tcpfsm_cc_prr(struct tcpfsm_cc *cc, u32 delivered, u32 pipe);
void tcpfsm_cc_sent(struct tcpfsm_cc *cc, u32 segs);
bool tcpfsm_cc_fast_retransmit(const struct tcpfsm_cc *cc, u32 una);
void tcpfsm_cc_enter_recovery(struct tcpfsm_cc *cc, u32 flight);
void tcpfsm_cc_exit_recovery(struct tcpfsm_cc *cc, u32 flight);
void tcpfsm_cc_on_rto(struct tcpfsm_cc *cc, u32 una, u32 nxt, u32 mss,
		      bool handshake);
enum tcpfsm_cc_rtx tcpfsm_cc_loss_next(struct tcpfsm_cc *cc, u32 seq,
				       u32 end_seq, u32 len, u32 una, u32 nxt,
				       u32 wnd, u32 mss);
bool tcpfsm_cc_dupack(struct tcpfsm_cc *cc, u32 una, u32 nxt, u32 mss);
enum tcpfsm_cc_resend tcpfsm_cc_ack(struct tcpfsm_cc *cc, u32 una, u32 ack,
				    u32 nxt, bool head_sent, u32 mss,
				    u32 srtt_us, u64 now_us);
u8 tcpfsm_cc_ca_state(const struct tcpfsm_cc *cc);
void tcpfsm_cc_after_idle(struct tcpfsm_cc *cc, unsigned long last_send,
			  unsigned long now, u64 now_us, u32 rto_us, u32 mss);
u32 tcpfsm_cbrt(u64 x);

#endif /* _TCPFSM_CONG_H */
