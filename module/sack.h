/* SPDX-License-Identifier: GPL-2.0 */
/* sack.h: SACK (RFC 2018, RFC 6675): blocks a receiver reports, the sender's reading. */
#ifndef _TCPFSM_SACK_H
#define _TCPFSM_SACK_H

#include <linux/types.h>

#include "options.h"

struct tcpfsm_cc;
struct tcpfsm_skb_cb;

/* RFC 6675's DupThresh: SACKed segments above a hole that make it a loss. */
#define TCPFSM_SACK_DUPTHRESH	3

u8 tcpfsm_sack_note(struct tcpfsm_sack_block *b, u8 n, u32 start, u32 end);
u8 tcpfsm_sack_trim(struct tcpfsm_sack_block *b, u8 n, u32 rcv_nxt,
		    u32 held_end);
bool tcpfsm_sack_block_ok(const struct tcpfsm_sack_block *b, u32 una,
			  u32 nxt);
bool tcpfsm_sack_covers(const struct tcpfsm_sack_block *b, u8 n, u32 seq,
			u32 end_seq);
bool tcpfsm_sack_overlaps(const struct tcpfsm_sack_block *b, u8 n, u32 seq,
			  u32 end_seq);
bool tcpfsm_sack_is_lost(u32 sacked_bytes_above, u32 sacked_runs_above,
			 u32 mss);
u64 tcpfsm_sack_reneging_wait(u32 srtt);
u32 tcpfsm_sack_mark(struct tcpfsm_cc *cc, struct tcpfsm_skb_cb *cb);
void tcpfsm_sack_lose(struct tcpfsm_cc *cc, struct tcpfsm_skb_cb *cb);
void tcpfsm_sack_resent(struct tcpfsm_cc *cc, struct tcpfsm_skb_cb *cb);
void tcpfsm_sack_unresent(struct tcpfsm_cc *cc, struct tcpfsm_skb_cb *cb);
void tcpfsm_sack_unmark(struct tcpfsm_cc *cc, struct tcpfsm_skb_cb *cb);
void tcpfsm_sack_split(struct tcpfsm_cc *cc, struct tcpfsm_skb_cb *cb,
		       struct tcpfsm_skb_cb *tail, u32 len);
void tcpfsm_sack_head_acked(struct tcpfsm_cc *cc, struct tcpfsm_skb_cb *cb,
			    u32 len);
void tcpfsm_sack_acked(struct tcpfsm_cc *cc, struct tcpfsm_skb_cb *cb);

#endif /* _TCPFSM_SACK_H */
