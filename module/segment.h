/* SPDX-License-Identifier: GPL-2.0 */
/* segment.h: the wire format: header parsing, checksums, replies to no one. */
#ifndef _TCPFSM_SEGMENT_H
#define _TCPFSM_SEGMENT_H

#include <linux/types.h>
#include <linux/tcp.h>

/* Header flag bits, as in byte 13 of the header. */
#define TCPFSM_FIN	0x01
#define TCPFSM_SYN	0x02
#define TCPFSM_RST	0x04
#define TCPFSM_PSH	0x08
#define TCPFSM_ACK	0x10
#define TCPFSM_URG	0x20
#define TCPFSM_ECE	0x40
#define TCPFSM_CWR	0x80

#define TCPFSM_HDR_MIN	20	/* header without options */
#define TCPFSM_HDR_MAX	60	/* data offset 15 */

/**
 * struct tcpfsm_seg - a received segment, parsed and in host order.
 * @sport: source port
 * @dport: destination port
 * @seq: SEG.SEQ
 * @ack: SEG.ACK (meaningful when TCPFSM_ACK is set)
 * @wnd: SEG.WND
 * @flags: TCPFSM_* flag bits
 * @hdrlen: header length in bytes, options included
 * @datalen: payload bytes
 * @mss: the MSS option of a SYN, 0 when absent
 * @opts: TCPFSM_OPTF_* options present (window scale only on a SYN)
 * @wscale: a SYN's window scale shift (at most 14)
 * @tsval: the timestamps option's TSval
 * @tsecr: its TSecr
 * @sack_off: where the SACK option's first block starts, counted from
 *	the header's first byte (tcpfsm_opts_sack_get() reads them)
 * @nsack: how many blocks it has, 0 without one
 */
struct tcpfsm_seg {
	u16 sport;
	u16 dport;
	u32 seq;
	u32 ack;
	u16 wnd;
	u8 flags;
	u8 hdrlen;
	u32 datalen;
	u16 mss;
	u8 opts;
	u8 wscale;
	u32 tsval;
	u32 tsecr;
	u8 sack_off;
	u8 nsack;
};

/* SEG.LEN: the sequence space the segment occupies (RFC 9293 3.4). */
static inline u32 tcpfsm_seg_len(const struct tcpfsm_seg *seg)
{
	return seg->datalen + !!(seg->flags & TCPFSM_SYN) +
	       !!(seg->flags & TCPFSM_FIN);
}

/**
 * struct tcpfsm_reply - the fields of a segment to send in answer.
 * @seq: its sequence number
 * @ack: its acknowledgment number (meaningful when TCPFSM_ACK is set)
 * @flags: TCPFSM_* flag bits
 */
struct tcpfsm_reply {
	u32 seq;
	u32 ack;
	u8 flags;
};

int tcpfsm_seg_parse(const void *hdr, unsigned int len,
		     struct tcpfsm_seg *seg);
__sum16 tcpfsm_csum(__be32 saddr, __be32 daddr, u8 proto, const void *seg,
		    unsigned int len);
bool tcpfsm_reset_for(const struct tcpfsm_seg *seg,
		      struct tcpfsm_reply *rst);

#endif /* _TCPFSM_SEGMENT_H */
