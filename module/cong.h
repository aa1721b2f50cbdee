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
 * struct tcpfsm_cc - a connection's congestion state, in segments.
 * @cwnd: the congestion window
 * @ssthresh: the slow start threshold (U32_MAX until the first loss)
 * @cwnd_cnt: segments acknowledged in congestion avoidance since cwnd last
 *	grew (Linux's snd_cwnd_cnt)
 * @ops: the algorithm
 * @priv: the algorithm's own state
 */
struct tcpfsm_cc {
	u32 cwnd;
	u32 ssthresh;
	u32 cwnd_cnt;
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
 * @on_idle: sending again after @idle_us with nothing in flight
 */
struct tcpfsm_cong_ops {
	const char *name;
	void (*init)(struct tcpfsm_cc *cc);
	void (*cong_avoid)(struct tcpfsm_cc *cc, u32 acked, u32 srtt_us,
			   u64 now_us);
	u32 (*ssthresh)(struct tcpfsm_cc *cc, u32 flight);
	void (*on_rto)(struct tcpfsm_cc *cc);
	void (*on_idle)(struct tcpfsm_cc *cc, u64 idle_us);
};

extern const struct tcpfsm_cong_ops tcpfsm_reno;
extern const struct tcpfsm_cong_ops tcpfsm_cubic;

const struct tcpfsm_cong_ops *tcpfsm_cong_find(const char *name);
void tcpfsm_cc_init(struct tcpfsm_cc *cc, const struct tcpfsm_cong_ops *ops);
u32 tcpfsm_cc_slow_start(struct tcpfsm_cc *cc, u32 acked);
void tcpfsm_cc_ai(struct tcpfsm_cc *cc, u32 w, u32 acked);
void tcpfsm_cc_on_ack(struct tcpfsm_cc *cc, u32 acked, bool in_recovery,
		      u32 srtt_us, u64 now_us);
void tcpfsm_cc_enter_recovery(struct tcpfsm_cc *cc, u32 flight);
void tcpfsm_cc_exit_recovery(struct tcpfsm_cc *cc);
void tcpfsm_cc_on_rto(struct tcpfsm_cc *cc, u32 flight, bool first);
void tcpfsm_cc_after_idle(struct tcpfsm_cc *cc, u64 idle_us, u64 rto_us);
u32 tcpfsm_cbrt(u64 x);

#endif /* _TCPFSM_CONG_H */
