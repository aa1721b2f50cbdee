// SPDX-License-Identifier: GPL-2.0
/* options.c: TCP options: parsing, building, negotiation, window scale, timestamps, PAWS. */
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>

#include "fsm.h"
#include "options.h"

/**
 * tcpfsm_parse_options() - walk the option list of a header.
 * @opt: the first option byte
 * @len: bytes of options (data offset * 4 - 20)
 * @seg: the segment; its flags say whether it is a SYN, and its mss,
 *	wscale, opts, tsval, tsecr, sack_off and nsack are filled in (mss 0
 *	and opts 0 when the options are absent)
 *
 * End stops the walk, NOP is skipped, any other kind is skipped by its
 * length.  MSS, window scale and SACK-permitted count only on a SYN (RFC
 * 9293 3.2, RFC 7323 2.2, RFC 2018 2); timestamps and SACK on any
 * segment (the SACK blocks stay in the header: only where they are is
 * noted).  A length byte missing, below 2 or past the end of the list,
 * or an MSS, window scale, SACK-permitted, SACK or timestamps option of
 * another length than its own (SACK: 2 and 1 to 4 blocks of 8) makes the
 * list malformed, and the segment is dropped (counted in InErrs).  Linux
 * instead ignores a known option of the wrong length and takes the
 * segment.
 *
 * Return: 0, or -EINVAL for a malformed list.
 */
int tcpfsm_parse_options(const u8 *opt, unsigned int len,
			 struct tcpfsm_seg *seg)
{
	bool syn = seg->flags & TCPFSM_SYN;
	unsigned int i = 0;

	seg->mss = 0;
	seg->opts = 0;
	seg->wscale = 0;
	seg->tsval = 0;
	seg->tsecr = 0;
	seg->sack_off = 0;
	seg->nsack = 0;
	while (i < len) {
		u8 kind = opt[i];
		u8 olen;

		if (kind == TCPFSM_OPT_END)
			break;
		if (kind == TCPFSM_OPT_NOP) {
			i++;
			continue;
		}
		if (len - i < 2)
			return -EINVAL;
		olen = opt[i + 1];
		if (olen < 2 || olen > len - i)
			return -EINVAL;
		switch (kind) {
		case TCPFSM_OPT_MSS:
			if (olen != TCPFSM_OLEN_MSS)
				return -EINVAL;
			if (syn)
				seg->mss = get_unaligned_be16(opt + i + 2);
			break;
		case TCPFSM_OPT_WSCALE:
			if (olen != TCPFSM_OLEN_WSCALE)
				return -EINVAL;
			if (syn) {
				seg->opts |= TCPFSM_OPTF_WSCALE;
				/* Above 14 is taken as 14 (RFC 7323 2.3). */
				seg->wscale = min_t(u8, opt[i + 2],
						    TCPFSM_WSCALE_MAX);
			}
			break;
		case TCPFSM_OPT_SACK_PERM:
			if (olen != TCPFSM_OLEN_SACK_PERM)
				return -EINVAL;
			if (syn)
				seg->opts |= TCPFSM_OPTF_SACK;
			break;
		case TCPFSM_OPT_SACK:
			if ((olen - 2) % TCPFSM_OLEN_SACK_BLOCK || olen == 2 ||
			    olen > 2 + TCPFSM_SACK_MAX * TCPFSM_OLEN_SACK_BLOCK)
				return -EINVAL;
			seg->sack_off = TCPFSM_HDR_MIN + i + 2;
			seg->nsack = (olen - 2) / TCPFSM_OLEN_SACK_BLOCK;
			break;
		case TCPFSM_OPT_TIMESTAMP:
			if (olen != TCPFSM_OLEN_TIMESTAMP)
				return -EINVAL;
			seg->opts |= TCPFSM_OPTF_TS;
			seg->tsval = get_unaligned_be32(opt + i + 2);
			seg->tsecr = get_unaligned_be32(opt + i + 6);
			break;
		}
		i += olen;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_parse_options);

/**
 * tcpfsm_opts_len() - how many bytes tcpfsm_opts_build() writes.
 * @tx: the options
 *
 * Return: the length, a multiple of 4.
 */
unsigned int tcpfsm_opts_len(const struct tcpfsm_opts_tx *tx)
{
	unsigned int len = 0;

	if (tx->mss)
		len += TCPFSM_OLEN_MSS;
	if (tx->opts & TCPFSM_OPTF_TS)
		len += TCPFSM_TS_ALIGNED;
	if (tx->mss && (tx->opts & TCPFSM_OPTF_WSCALE))
		len += 4;
	if (tx->mss && (tx->opts & TCPFSM_OPTF_SACK) &&
	    !(tx->opts & TCPFSM_OPTF_TS))
		len += 4;
	if (!tx->mss && tx->nsack)
		len += 4 + tx->nsack * TCPFSM_OLEN_SACK_BLOCK;
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_opts_len);

/**
 * tcpfsm_opts_build() - write the options of a segment.
 * @p: where they go (tcpfsm_opts_len() bytes)
 * @tx: the options
 *
 * In Linux's order and alignment, so that a receiver's fast path that
 * looks for a lone aligned timestamps option finds it: MSS; NOP, NOP,
 * timestamps (SACK-permitted in the NOPs' place on a SYN that offers
 * it); NOP, window scale; NOP, NOP, SACK-permitted on a SYN without
 * timestamps; NOP, NOP, SACK and its blocks on any other segment.
 *
 * Return: the bytes written.
 */
unsigned int tcpfsm_opts_build(u8 *p, const struct tcpfsm_opts_tx *tx)
{
	u8 *start = p;

	if (tx->mss) {
		*p++ = TCPFSM_OPT_MSS;
		*p++ = TCPFSM_OLEN_MSS;
		put_unaligned_be16(tx->mss, p);
		p += 2;
	}
	if (tx->opts & TCPFSM_OPTF_TS) {
		if (tx->mss && (tx->opts & TCPFSM_OPTF_SACK)) {
			*p++ = TCPFSM_OPT_SACK_PERM;
			*p++ = TCPFSM_OLEN_SACK_PERM;
		} else {
			*p++ = TCPFSM_OPT_NOP;
			*p++ = TCPFSM_OPT_NOP;
		}
		*p++ = TCPFSM_OPT_TIMESTAMP;
		*p++ = TCPFSM_OLEN_TIMESTAMP;
		put_unaligned_be32(tx->tsval, p);
		put_unaligned_be32(tx->tsecr, p + 4);
		p += 8;
	}
	if (tx->mss && (tx->opts & TCPFSM_OPTF_WSCALE)) {
		*p++ = TCPFSM_OPT_NOP;
		*p++ = TCPFSM_OPT_WSCALE;
		*p++ = TCPFSM_OLEN_WSCALE;
		*p++ = tx->wscale;
	}
	if (tx->mss && (tx->opts & TCPFSM_OPTF_SACK) &&
	    !(tx->opts & TCPFSM_OPTF_TS)) {
		*p++ = TCPFSM_OPT_NOP;
		*p++ = TCPFSM_OPT_NOP;
		*p++ = TCPFSM_OPT_SACK_PERM;
		*p++ = TCPFSM_OLEN_SACK_PERM;
	}
	if (!tx->mss && tx->nsack) {
		unsigned int i;

		*p++ = TCPFSM_OPT_NOP;
		*p++ = TCPFSM_OPT_NOP;
		*p++ = TCPFSM_OPT_SACK;
		*p++ = 2 + tx->nsack * TCPFSM_OLEN_SACK_BLOCK;
		for (i = 0; i < tx->nsack; i++) {
			put_unaligned_be32(tx->sack[i].start, p);
			put_unaligned_be32(tx->sack[i].end, p + 4);
			p += 8;
		}
	}
	return p - start;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_opts_build);

/**
 * tcpfsm_wscale_for() - the shift that lets a window reach @space.
 * @space: the largest receive window the connection may ever offer
 *
 * The least shift with 65535 << shift >= @space, at most 14 (as Linux's
 * tcp_select_initial_window()): a larger shift than needed only makes
 * the window coarser.
 *
 * Return: the shift.
 */
u8 tcpfsm_wscale_for(u32 space)
{
	u8 shift = 0;

	while (shift < TCPFSM_WSCALE_MAX && (65535U << shift) < space)
		shift++;
	return shift;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_wscale_for);

/**
 * tcpfsm_opts_agree() - the options a connection uses, from a SYN.
 * @offered: what this end offers (its sysctls)
 * @syn: the peer's SYN (or SYN-ACK)
 *
 * Window scaling, timestamps and SACK are each in use only if both SYNs
 * carried them (RFC 7323 2.2, 3.2; RFC 2018 2).
 *
 * Return: TCPFSM_OPTF_* bits.
 */
u8 tcpfsm_opts_agree(u8 offered, const struct tcpfsm_seg *syn)
{
	return offered & syn->opts &
	       (TCPFSM_OPTF_WSCALE | TCPFSM_OPTF_TS | TCPFSM_OPTF_SACK);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_opts_agree);

/**
 * tcpfsm_ts_recent_ok() - whether TS.Recent may still judge segments.
 * @ts_recent: TS.Recent
 * @stamp_s: when it was recorded, in seconds
 * @now_s: the time now, in seconds
 *
 * After 24 days without a new TS.Recent the peer's clock may have
 * wrapped (RFC 7323 5.5); a TS.Recent of 0 is taken as none, as Linux
 * does, for peers whose SYN carried a TSval of 0.
 *
 * Return: true if PAWS may use it.
 */
bool tcpfsm_ts_recent_ok(u32 ts_recent, u32 stamp_s, u32 now_s)
{
	return ts_recent && now_s - stamp_s < TCPFSM_PAWS_IDLE_S;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_ts_recent_ok);

/**
 * tcpfsm_paws_reject() - PAWS: whether a segment is an old duplicate.
 * @tcb: the connection; its paws says timestamps are in use and
 *	TS.Recent is good (tcpfsm_ts_recent_ok())
 * @seg: the segment
 *
 * RFC 7323 5.3 R1: a segment whose TSval is older than TS.Recent is not
 * acceptable.  A RST is judged without it (RFC 7323 5.3, as Linux), and
 * a segment without timestamps passes (as Linux: RFC 7323 3.2's SHOULD
 * drop is not followed).
 *
 * Return: true if the segment is to be treated as not acceptable.
 */
bool tcpfsm_paws_reject(const struct tcpfsm_tcb *tcb,
			const struct tcpfsm_seg *seg)
{
	return tcb->paws && (seg->opts & TCPFSM_OPTF_TS) &&
	       !(seg->flags & TCPFSM_RST) &&
	       (s32)(seg->tsval - tcb->ts_recent) < 0;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_paws_reject);

/**
 * tcpfsm_opts_sack_room() - how many SACK blocks a segment can carry.
 * @opts: the options the connection uses (TCPFSM_OPTF_*)
 *
 * 40 bytes of options: 4 blocks (NOP, NOP, kind, length and 32 bytes),
 * 3 beside the 12 bytes of timestamps.
 *
 * Return: 0 when SACK is not in use, else 3 or 4.
 */
unsigned int tcpfsm_opts_sack_room(u8 opts)
{
	if (!(opts & TCPFSM_OPTF_SACK))
		return 0;
	return (opts & TCPFSM_OPTF_TS) ? TCPFSM_SACK_MAX - 1 : TCPFSM_SACK_MAX;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_opts_sack_room);

/**
 * tcpfsm_opts_sack_get() - the SACK blocks of a received segment.
 * @th: its header's first byte
 * @seg: the segment, as tcpfsm_parse_options() filled it in
 * @blocks: where its @seg->nsack blocks go, in the order received
 */
void tcpfsm_opts_sack_get(const u8 *th, const struct tcpfsm_seg *seg,
			  struct tcpfsm_sack_block *blocks)
{
	const u8 *p = th + seg->sack_off;
	unsigned int i;

	for (i = 0; i < seg->nsack; i++, p += TCPFSM_OLEN_SACK_BLOCK) {
		blocks[i].start = get_unaligned_be32(p);
		blocks[i].end = get_unaligned_be32(p + 4);
	}
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_opts_sack_get);
