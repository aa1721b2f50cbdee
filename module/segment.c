// SPDX-License-Identifier: GPL-2.0
/* segment.c: the wire format: header parsing, option walking, checksums, replies to no one. */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <net/checksum.h>
#include <kunit/visibility.h>

#include "segment.h"

#define TCPOPT_END_	0
#define TCPOPT_NOP_	1
#define TCPOPT_MSS_	2
#define TCPOLEN_MSS_	4

/**
 * tcpfsm_parse_options() - walk the option list of a header.
 * @opt: the first option byte
 * @len: bytes of options (data offset * 4 - 20)
 * @syn: whether the segment carries SYN (MSS is only taken from a SYN)
 * @mss: where the MSS option's value goes; left alone when absent
 *
 * End stops the walk, NOP is skipped, MSS must be 4 bytes long, and any other
 * kind is skipped by its length.  A length byte missing, below 2 or past the
 * end of the list makes the list malformed.
 *
 * Return: 0, or -EINVAL for a malformed list.
 */
int tcpfsm_parse_options(const u8 *opt, unsigned int len, bool syn, u16 *mss)
{
	unsigned int i = 0;

	while (i < len) {
		u8 kind = opt[i];
		u8 olen;

		if (kind == TCPOPT_END_)
			break;
		if (kind == TCPOPT_NOP_) {
			i++;
			continue;
		}
		if (len - i < 2)
			return -EINVAL;
		olen = opt[i + 1];
		if (olen < 2 || olen > len - i)
			return -EINVAL;
		if (kind == TCPOPT_MSS_) {
			if (olen != TCPOLEN_MSS_)
				return -EINVAL;
			if (syn)
				*mss = (opt[i + 2] << 8) | opt[i + 3];
		}
		i += olen;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_parse_options);

/**
 * tcpfsm_seg_parse() - check and decode a segment's header.
 * @hdr: the segment; its whole header (data offset * 4 bytes, or @len if
 *	 that is less) must be readable
 * @len: the segment's length, header and data
 * @seg: filled with the decoded fields
 *
 * Return: 0; -EBADMSG when @len is shorter than a header or the data offset
 * is below 5 or past @len; -EINVAL when the options are malformed.
 */
int tcpfsm_seg_parse(const void *hdr, unsigned int len, struct tcpfsm_seg *seg)
{
	const struct tcphdr *th = hdr;
	unsigned int hdrlen;

	if (len < TCPFSM_HDR_MIN)
		return -EBADMSG;
	hdrlen = th->doff * 4;
	if (hdrlen < TCPFSM_HDR_MIN || hdrlen > len)
		return -EBADMSG;

	seg->sport = ntohs(th->source);
	seg->dport = ntohs(th->dest);
	seg->seq = ntohl(th->seq);
	seg->ack = ntohl(th->ack_seq);
	seg->wnd = ntohs(th->window);
	seg->flags = ((const u8 *)hdr)[13];
	seg->hdrlen = hdrlen;
	seg->datalen = len - hdrlen;
	seg->mss = 0;

	return tcpfsm_parse_options((const u8 *)hdr + TCPFSM_HDR_MIN,
				    hdrlen - TCPFSM_HDR_MIN,
				    seg->flags & TCPFSM_SYN, &seg->mss);
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_seg_parse);

/**
 * tcpfsm_csum() - the checksum of a segment, pseudo-header included.
 * @saddr: IPv4 source address
 * @daddr: IPv4 destination address
 * @proto: the IP protocol number in use
 * @seg: the segment, header and data, contiguous
 * @len: its length
 *
 * Return: the value for the checksum field when the field holds zero, and
 * zero when the field already holds the right checksum.
 */
__sum16 tcpfsm_csum(__be32 saddr, __be32 daddr, u8 proto, const void *seg,
		    unsigned int len)
{
	return csum_tcpudp_magic(saddr, daddr, len, proto,
				 csum_partial(seg, len, 0));
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_csum);

/**
 * tcpfsm_reset_for() - the RST that answers a segment for no connection.
 * @seg: the segment received
 * @rst: filled with the reply's fields
 *
 * RFC 9293 3.10.7.1: a RST is never answered.  If the segment has ACK, the
 * reset takes its sequence number from SEG.ACK; otherwise it has sequence
 * number zero and acknowledges SEG.SEQ + SEG.LEN.
 *
 * Return: true if a RST is to be sent.
 */
bool tcpfsm_reset_for(const struct tcpfsm_seg *seg, struct tcpfsm_reply *rst)
{
	if (seg->flags & TCPFSM_RST)
		return false;
	if (seg->flags & TCPFSM_ACK) {
		rst->seq = seg->ack;
		rst->ack = 0;
		rst->flags = TCPFSM_RST;
	} else {
		rst->seq = 0;
		rst->ack = seg->seq + tcpfsm_seg_len(seg);
		rst->flags = TCPFSM_RST | TCPFSM_ACK;
	}
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_reset_for);
