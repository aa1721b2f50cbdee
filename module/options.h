/* SPDX-License-Identifier: GPL-2.0 */
/* options.h: TCP options: parsing, building, negotiation, window scale, timestamps, PAWS. */
#ifndef _TCPFSM_OPTIONS_H
#define _TCPFSM_OPTIONS_H

#include <linux/bits.h>
#include <linux/types.h>

#include "segment.h"

struct tcpfsm_tcb;

/* Option kinds and lengths (RFC 9293 3.2, RFC 7323). */
#define TCPFSM_OPT_END		0
#define TCPFSM_OPT_NOP		1
#define TCPFSM_OPT_MSS		2
#define TCPFSM_OPT_WSCALE	3
#define TCPFSM_OPT_SACK_PERM	4
#define TCPFSM_OPT_SACK		5
#define TCPFSM_OPT_TIMESTAMP	8

#define TCPFSM_OLEN_MSS		4
#define TCPFSM_OLEN_WSCALE	3
#define TCPFSM_OLEN_SACK_PERM	2
#define TCPFSM_OLEN_SACK_BLOCK	8	/* and 2 of kind and length */
#define TCPFSM_OLEN_TIMESTAMP	10

/*
 * The options a segment carries and a connection uses: bits of
 * tcpfsm_seg.opts (what was received) and of tcpfsm_sock.opts (what the
 * connection offers, then what both ends agreed on).
 */
#define TCPFSM_OPTF_WSCALE	BIT(0)	/* window scale (RFC 7323 2) */
#define TCPFSM_OPTF_TS		BIT(1)	/* timestamps (RFC 7323 3) */
#define TCPFSM_OPTF_SACK	BIT(2)	/* SACK-permitted (RFC 2018) */

#define TCPFSM_WSCALE_MAX	14	/* RFC 7323 2.3 */
#define TCPFSM_TS_ALIGNED	12	/* NOP, NOP, timestamps */
/* The most SACK blocks a header holds: 4, or 3 beside timestamps. */
#define TCPFSM_SACK_MAX		4
/* The most option bytes tcpfsm puts in a header: an ACK's with SACK. */
#define TCPFSM_OPT_MAX		40

/* A timestamp RTT sample above this (ms) is taken for a broken TSecr. */
#define TCPFSM_RTT_TS_MAX_MS	(600 * 1000)

/*
 * TS.Recent is good for 24 days of idleness (RFC 7323 5.5): after that a
 * timestamp may have wrapped, and PAWS no longer rejects by it.
 */
#define TCPFSM_PAWS_IDLE_S	(24 * 24 * 60 * 60)

/**
 * struct tcpfsm_sack_block - a block of SACK: [@start, @end).
 * @start: its first sequence number
 * @end: the sequence number after its last
 */
struct tcpfsm_sack_block {
	u32 start;
	u32 end;
};

/**
 * struct tcpfsm_opts_tx - the options of a segment to send.
 * @opts: TCPFSM_OPTF_* to put in it
 * @mss: the MSS option's value; 0 for none (only a SYN has one)
 * @wscale: our shift, sent when @opts has TCPFSM_OPTF_WSCALE and @mss is
 *	not 0 (the window scale option goes only on a SYN)
 * @tsval: TSval, when @opts has TCPFSM_OPTF_TS
 * @tsecr: TSecr, likewise
 * @nsack: how many of @sack go (SACK-permitted goes by @opts on a SYN)
 * @sack: the SACK blocks, the first the most recent (RFC 2018 4)
 */
struct tcpfsm_opts_tx {
	u8 opts;
	u8 wscale;
	u16 mss;
	u32 tsval;
	u32 tsecr;
	u8 nsack;
	const struct tcpfsm_sack_block *sack;
};

int tcpfsm_parse_options(const u8 *opt, unsigned int len,
			 struct tcpfsm_seg *seg);
unsigned int tcpfsm_opts_len(const struct tcpfsm_opts_tx *tx);
unsigned int tcpfsm_opts_build(u8 *p, const struct tcpfsm_opts_tx *tx);
u8 tcpfsm_wscale_for(u32 space);
u8 tcpfsm_opts_agree(u8 offered, const struct tcpfsm_seg *syn);
bool tcpfsm_paws_reject(const struct tcpfsm_tcb *tcb,
			const struct tcpfsm_seg *seg);
bool tcpfsm_ts_recent_ok(u32 ts_recent, u32 stamp_s, u32 now_s);
unsigned int tcpfsm_opts_sack_room(u8 opts);
void tcpfsm_opts_sack_get(const u8 *th, const struct tcpfsm_seg *seg,
			  struct tcpfsm_sack_block *blocks);

#endif /* _TCPFSM_OPTIONS_H */
