// SPDX-License-Identifier: GPL-2.0
/* sack.c: SACK (RFC 2018, RFC 6675): the blocks a receiver reports, the sender's scoreboard. */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "fsm.h"
#include "sack.h"
#include "tcpfsm.h"

/**
 * tcpfsm_sack_note() - a segment after a hole arrived: the blocks to report.
 * @b: the blocks reported so far, the most recent first; at least
 *	TCPFSM_SACK_MAX of room
 * @n: how many
 * @start: the segment's first sequence number
 * @end: the sequence number after its last
 *
 * RFC 2018 4: the first block is the one holding the segment that
 * triggered the ACK; the others are the most recently reported ones, in
 * that order.  The segment joins every block it overlaps or touches (as
 * Linux's tcp_sack_new_ofo_skb() and tcp_sack_maybe_coalesce()), and the
 * block it makes goes first; one beyond the room goes, the oldest.  No
 * walk of the out-of-order queue: text the blocks forgot (beyond four)
 * is reported again only as segments next to it come.
 *
 * Return: how many blocks @b holds now.
 */
u8 tcpfsm_sack_note(struct tcpfsm_sack_block *b, u8 n, u32 start, u32 end)
{
	struct tcpfsm_sack_block keep[TCPFSM_SACK_MAX];
	bool grew = true;
	u8 i, k;

	while (grew) {
		grew = false;
		for (i = 0, k = 0; i < n; i++) {
			if (tcpfsm_seq_le(b[i].start, end) &&
			    tcpfsm_seq_ge(b[i].end, start)) {
				if (tcpfsm_seq_lt(b[i].start, start))
					start = b[i].start;
				if (tcpfsm_seq_gt(b[i].end, end))
					end = b[i].end;
				grew = true;
				continue;
			}
			b[k++] = b[i];
		}
		n = k;
	}
	k = min_t(u8, n, TCPFSM_SACK_MAX - 1);
	memcpy(keep, b, k * sizeof(*keep));
	b[0].start = start;
	b[0].end = end;
	memcpy(&b[1], keep, k * sizeof(*keep));
	return k + 1;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_sack_note);

/**
 * tcpfsm_sack_trim() - the blocks to report after RCV.NXT moved or text
 *	after a hole was let go.
 * @b: the blocks, the most recent first
 * @n: how many
 * @rcv_nxt: RCV.NXT
 * @held_end: the end of the text still held after the holes (RCV.NXT
 *	when none is)
 *
 * A block RCV.NXT reached is acknowledged, and goes (RFC 2018 4: only
 * text not acknowledged is reported); what was let go for memory (the
 * tail of the out-of-order queue) is cut from the blocks, so that they
 * report only what is held.
 *
 * Return: how many blocks @b holds now.
 */
u8 tcpfsm_sack_trim(struct tcpfsm_sack_block *b, u8 n, u32 rcv_nxt,
		    u32 held_end)
{
	u8 i, k = 0;

	for (i = 0; i < n; i++) {
		struct tcpfsm_sack_block x = b[i];

		if (tcpfsm_seq_lt(x.start, rcv_nxt))
			x.start = rcv_nxt;
		if (tcpfsm_seq_gt(x.end, held_end))
			x.end = held_end;
		if (tcpfsm_seq_lt(x.start, x.end))
			b[k++] = x;
	}
	return k;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_sack_trim);

/**
 * tcpfsm_sack_block_ok() - whether a received block says anything.
 * @b: the block
 * @una: SND.UNA before the ACK that carries it
 * @nxt: SND.NXT
 *
 * As Linux's tcp_is_sackblock_valid() (RFC 2883's duplicate SACK blocks
 * are not read): the block must not be empty or reversed, must start
 * after SND.UNA and before SND.NXT, and end no later than SND.NXT.  A
 * block that reaches SND.UNA or below would SACK the hole itself.
 *
 * Return: true if the sender is to mark what it covers.
 */
bool tcpfsm_sack_block_ok(const struct tcpfsm_sack_block *b, u32 una,
			  u32 nxt)
{
	return tcpfsm_seq_lt(b->start, b->end) &&
	       tcpfsm_seq_gt(b->start, una) && tcpfsm_seq_lt(b->start, nxt) &&
	       tcpfsm_seq_le(b->end, nxt);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_sack_block_ok);

/**
 * tcpfsm_sack_covers() - whether the blocks cover a whole segment.
 * @b: the blocks, each valid (tcpfsm_sack_block_ok())
 * @n: how many
 * @seq: the segment's first sequence number
 * @end_seq: the one after its last
 *
 * A segment partly covered stays unSACKed (it will be sent again whole,
 * as RFC 6675 counts in octets but sends in segments).
 *
 * Return: true if one block holds all of it.
 */
bool tcpfsm_sack_covers(const struct tcpfsm_sack_block *b, u8 n, u32 seq,
			u32 end_seq)
{
	u8 i;

	for (i = 0; i < n; i++)
		if (tcpfsm_seq_le(b[i].start, seq) &&
		    tcpfsm_seq_ge(b[i].end, end_seq))
			return true;
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_sack_covers);

/**
 * tcpfsm_sack_overlaps() - whether the blocks touch any of a segment.
 * @b: the blocks, each valid (tcpfsm_sack_block_ok())
 * @n: how many
 * @seq: the segment's first sequence number
 * @end_seq: the one after its last
 *
 * A queued train that a block touches is cut into segments of an MSS
 * before it is marked (send.c): the peer SACKs what it got, segments.
 *
 * Return: true if one block holds any of it.
 */
bool tcpfsm_sack_overlaps(const struct tcpfsm_sack_block *b, u8 n, u32 seq,
			  u32 end_seq)
{
	u8 i;

	for (i = 0; i < n; i++)
		if (tcpfsm_seq_lt(b[i].start, end_seq) &&
		    tcpfsm_seq_gt(b[i].end, seq))
			return true;
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_sack_overlaps);

/**
 * tcpfsm_sack_is_lost() - RFC 6675's IsLost() for an unSACKed segment.
 * @sacked_bytes_above: bytes SACKed after it
 * @sacked_runs_above: discontiguous SACKed runs after it
 * @mss: the sender's MSS
 *
 * Lost when DupThresh discontiguous SACKed sequences lie above it, or
 * more than (DupThresh - 1) * SMSS bytes were SACKed above it.
 *
 * Return: whether it is taken as lost.
 */
bool tcpfsm_sack_is_lost(u32 sacked_bytes_above, u32 sacked_runs_above,
			 u32 mss)
{
	return sacked_runs_above >= TCPFSM_SACK_DUPTHRESH ||
	       sacked_bytes_above > (TCPFSM_SACK_DUPTHRESH - 1) * mss;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_sack_is_lost);

/**
 * tcpfsm_sack_reneging_wait() - how soon a timeout resends SACKed text
 *	the peer let go.
 * @srtt: the smoothed RTT, microseconds (0 before a sample)
 *
 * An ACK reached text it had SACKed: the peer reneged (RFC 2018 8), and
 * only a timeout sends SACKed text again.  Half a round trip, at least
 * 10 ms, as Linux's tcp_check_sack_reneging(); never beyond the RTO
 * (tcpfsm_rtx_arm_within()).
 *
 * Return: the wait, ns.
 */
u64 tcpfsm_sack_reneging_wait(u32 srtt)
{
	return max_t(u64, (u64)srtt * NSEC_PER_USEC / 2, 10 * NSEC_PER_MSEC);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_sack_reneging_wait);

/*
 * The scoreboard (RFC 6675 3): a sent segment's marks in its skb->cb
 * (TCPFSM_SCB_*), and the counts of struct tcpfsm_cc that follow them,
 * in segments for TCP_INFO and in octets for the pipe.  Each change of a
 * mark goes through one of these, so that the two never disagree.
 */

/**
 * tcpfsm_sack_mark() - a SACK block covers a sent segment whole.
 * @cc: the counts
 * @cb: the segment's control block
 *
 * Its other marks go (a SACKed segment is neither lost nor in flight).
 *
 * Return: the bytes it adds to what is SACKed, 0 when it was already.
 */
u32 tcpfsm_sack_mark(struct tcpfsm_cc *cc, struct tcpfsm_skb_cb *cb)
{
	u32 len = cb->end_seq - cb->seq;

	if (cb->sacked & TCPFSM_SCB_SACKED)
		return 0;
	tcpfsm_sack_unmark(cc, cb);
	cb->sacked = TCPFSM_SCB_SACKED;
	cc->sacked++;
	cc->sacked_bytes += len;
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_sack_mark);

/**
 * tcpfsm_sack_lose() - a sent segment, not SACKed, is taken as lost.
 * @cc: the counts
 * @cb: the segment's control block
 */
void tcpfsm_sack_lose(struct tcpfsm_cc *cc, struct tcpfsm_skb_cb *cb)
{
	if (cb->sacked & (TCPFSM_SCB_SACKED | TCPFSM_SCB_LOST))
		return;
	cb->sacked |= TCPFSM_SCB_LOST;
	cc->lost++;
	cc->lost_bytes += cb->end_seq - cb->seq;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_sack_lose);

/**
 * tcpfsm_sack_resent() - a lost segment was sent again.
 * @cc: the counts
 * @cb: the segment's control block
 */
void tcpfsm_sack_resent(struct tcpfsm_cc *cc, struct tcpfsm_skb_cb *cb)
{
	if (!(cb->sacked & TCPFSM_SCB_LOST) ||
	    (cb->sacked & TCPFSM_SCB_RETRANS))
		return;
	cb->sacked |= TCPFSM_SCB_RETRANS;
	cc->retrans++;
	cc->retrans_bytes += cb->end_seq - cb->seq;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_sack_resent);

/**
 * tcpfsm_sack_unresent() - a lost segment's copy sent again is lost too.
 * @cc: the counts
 * @cb: the segment's control block
 *
 * It stays lost, to be sent once more.
 */
void tcpfsm_sack_unresent(struct tcpfsm_cc *cc, struct tcpfsm_skb_cb *cb)
{
	if (!(cb->sacked & TCPFSM_SCB_RETRANS))
		return;
	cb->sacked &= ~TCPFSM_SCB_RETRANS;
	cc->retrans--;
	cc->retrans_bytes -= cb->end_seq - cb->seq;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_sack_unresent);

/**
 * tcpfsm_sack_unmark() - a segment's marks go.
 * @cc: the counts
 * @cb: the segment's control block
 */
void tcpfsm_sack_unmark(struct tcpfsm_cc *cc, struct tcpfsm_skb_cb *cb)
{
	u32 len = cb->end_seq - cb->seq;

	if (cb->sacked & TCPFSM_SCB_SACKED) {
		cc->sacked--;
		cc->sacked_bytes -= len;
	}
	if (cb->sacked & TCPFSM_SCB_LOST) {
		cc->lost--;
		cc->lost_bytes -= len;
	}
	tcpfsm_sack_unresent(cc, cb);
	cb->sacked = 0;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_sack_unmark);

/**
 * tcpfsm_sack_split() - a queued segment is cut in two.
 * @cc: the counts
 * @cb: the segment's control block; it keeps the first @len bytes
 * @tail: the control block of the rest, which follows it in the queue
 * @len: where it is cut, bytes of text (the rest keeps any FIN)
 *
 * Both halves keep the segment's state and marks: a mark now stands for
 * one segment more, over the same bytes.  PSH and FIN go with the tail.
 */
void tcpfsm_sack_split(struct tcpfsm_cc *cc, struct tcpfsm_skb_cb *cb,
		       struct tcpfsm_skb_cb *tail, u32 len)
{
	*tail = *cb;
	tail->seq = cb->seq + len;
	cb->end_seq = tail->seq;
	cb->flags &= ~(TCPFSM_PSH | TCPFSM_FIN);
	cc->sacked += !!(cb->sacked & TCPFSM_SCB_SACKED);
	cc->lost += !!(cb->sacked & TCPFSM_SCB_LOST);
	cc->retrans += !!(cb->sacked & TCPFSM_SCB_RETRANS);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_sack_split);

/**
 * tcpfsm_sack_head_acked() - an ACK covers the first bytes of a segment.
 * @cc: the counts; @cc->sack_acked gathers them if they were SACKed (see
 *	tcpfsm_sack_acked())
 * @cb: the segment's control block, the head of the queue
 * @len: the bytes acknowledged, at most its text (a FIN after it stays)
 *
 * The segment now starts after them, and its marks no longer count them.
 */
void tcpfsm_sack_head_acked(struct tcpfsm_cc *cc, struct tcpfsm_skb_cb *cb,
			    u32 len)
{
	cb->seq += len;
	if (cb->sacked & TCPFSM_SCB_SACKED) {
		cc->sacked_bytes -= len;
		cc->sack_acked += len;
	}
	if (cb->sacked & TCPFSM_SCB_LOST)
		cc->lost_bytes -= len;
	if (cb->sacked & TCPFSM_SCB_RETRANS)
		cc->retrans_bytes -= len;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_sack_head_acked);

/**
 * tcpfsm_sack_acked() - the ACK at hand acknowledges a sent segment.
 * @cc: the counts; @cc->sack_acked gathers the bytes SACKed before,
 *	which tcpfsm_cc_sack_delivered() leaves out of DeliveredData
 *	(RFC 6937: they were delivered when they were SACKed)
 * @cb: the segment's control block
 *
 * Its marks go.
 */
void tcpfsm_sack_acked(struct tcpfsm_cc *cc, struct tcpfsm_skb_cb *cb)
{
	if (cb->sacked & TCPFSM_SCB_SACKED)
		cc->sack_acked += cb->end_seq - cb->seq;
	tcpfsm_sack_unmark(cc, cb);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_sack_acked);
