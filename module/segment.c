// SPDX-License-Identifier: GPL-2.0
/* segment.c: the wire format: header parsing, checksums, replies to no one. */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <net/checksum.h>
#include <kunit/visibility.h>

#include "options.h"
#include "segment.h"

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

	return tcpfsm_parse_options((const u8 *)hdr + TCPFSM_HDR_MIN,
				    hdrlen - TCPFSM_HDR_MIN, seg);
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
