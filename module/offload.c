// SPDX-License-Identifier: GPL-2.0
/* offload.c: segmentation offload for tcpfsm's own IP protocol: GSO segmenting and GRO merging. */
#include <linux/delay.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/gro.h>
#include <net/gso.h>
#include <net/ip.h>
#include <net/protocol.h>
#include <net/tcp.h>

#include "tcpfsm.h"

/*
 * A GSO train of protocol tcpfsm_ipproto is typed SKB_GSO_SCTP: the one
 * segmentation type that no NIC's hardware offers (NETIF_F_GSO_SCTP is
 * only ever set as part of NETIF_F_GSO_SOFTWARE, by loopback, veth and
 * other devices that hand a packet on whole; a bridge or bond only while
 * all its ports do).  So those pass a train on unsegmented, and every
 * other device gets it cut by the stack's GSO, which calls
 * tcpfsm_gso_segment() for the protocol: no TSO engine ever takes our
 * segments for TCP's, whose pseudo-header carries another protocol
 * number.  The type's other readers in the core treat it as opaque, with
 * two costs: nfnetlink_queue, and AF_PACKET with PACKET_VNET_HDR (which
 * refuses the packet), segment or drop such packets; and
 * skb_gso_transport_seglen() counts 12 bytes of transport header for it,
 * 8 to 48 fewer than ours, so that the MTU checks of forwarding, tunnels
 * and tbf's size check may pass a segment up to 48 bytes too long
 * (documented in interface.rst).
 */

/* Longer than GRO holds a packet: a few jiffies, or gro_flush_timeout. */
#define TCPFSM_GRO_DRAIN_MS	100

/* Set while the module unloads: GRO holds no packet of ours any more. */
static bool tcpfsm_gro_draining;

/*
 * Cut a train into its segments: each gets the header, its own sequence
 * number and checksum; FIN and PSH stay on the last.  The train's check
 * field holds the pseudo-header sum over the whole length (CHECKSUM_PARTIAL,
 * __tcpfsm_xmit()); each segment's is that sum adjusted to its own length,
 * finished here or left to the device as the device can.
 */
static struct sk_buff *tcpfsm_gso_segment(struct sk_buff *skb,
					  netdev_features_t features)
{
	struct sk_buff *segs = ERR_PTR(-EINVAL);
	unsigned int thlen, mss, oldlen;
	struct tcphdr *th;
	__sum16 newcheck;
	__wsum delta;
	u32 seq;

	if (!(skb_shinfo(skb)->gso_type & SKB_GSO_SCTP) ||
	    skb->ip_summed != CHECKSUM_PARTIAL)
		goto out;
	if (!pskb_may_pull(skb, sizeof(*th)))
		goto out;
	th = tcp_hdr(skb);
	thlen = th->doff * 4;
	if (thlen < sizeof(*th) ||
	    skb_checksum_start(skb) != skb_transport_header(skb) ||
	    !pskb_may_pull(skb, thlen))
		goto out;
	oldlen = ~skb->len;
	__skb_pull(skb, thlen);
	mss = skb_shinfo(skb)->gso_size;
	if (skb->len <= mss)
		goto out;
	/*
	 * Each segment's checksum is finished here.  The device at hand may
	 * be a bridge, bond or VLAN that claims NETIF_F_HW_CSUM over a NIC
	 * that checksums only TCP and UDP (NETIF_F_IP_CSUM), and the core's
	 * last check lets our segments through to it (their checksum is at
	 * TCP's offset): such a NIC would send them unfinished.
	 */
	features &= ~NETIF_F_CSUM_MASK;

	segs = skb_segment(skb, features);
	if (IS_ERR(segs))
		goto out;
	/* GSO partial or frag_list splitting may leave GSO skbs of n * mss. */
	if (skb_is_gso(segs))
		mss *= skb_shinfo(segs)->gso_segs;

	delta = (__force __wsum)htonl(oldlen + thlen + mss);
	skb = segs;
	th = tcp_hdr(skb);
	seq = ntohl(th->seq);
	newcheck = ~csum_fold(csum_add(csum_unfold(th->check), delta));
	while (skb->next) {
		th->fin = 0;
		th->psh = 0;
		th->check = newcheck;
		if (skb->ip_summed == CHECKSUM_PARTIAL)
			gso_reset_checksum(skb, csum_unfold(~th->check));
		else
			th->check = gso_make_checksum(skb, csum_unfold(~th->check));
		seq += mss;
		skb = skb->next;
		th = tcp_hdr(skb);
		th->seq = htonl(seq);
		th->cwr = 0;
	}
	delta = (__force __wsum)htonl(oldlen + (skb_tail_pointer(skb) -
						skb_transport_header(skb)) +
				      skb->data_len);
	th->check = ~csum_fold(csum_add(csum_unfold(th->check), delta));
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		gso_reset_checksum(skb, csum_unfold(~th->check));
	else
		th->check = gso_make_checksum(skb, csum_unfold(~th->check));
out:
	return segs;
}

/* The held packet of @skb's flow (same addresses: IPv4's GRO; ports: here). */
static struct sk_buff *tcpfsm_gro_lookup(struct list_head *head,
					 const struct tcphdr *th)
{
	struct sk_buff *p;

	list_for_each_entry(p, head, list) {
		if (!NAPI_GRO_CB(p)->same_flow)
			continue;
		if (*(u32 *)&th->source ^ *(u32 *)&tcp_hdr(p)->source) {
			NAPI_GRO_CB(p)->same_flow = 0;
			continue;
		}
		return p;
	}
	return NULL;
}

/*
 * Chain @skb's text onto the held packet @p: its headers pulled, it goes
 * on @p's frag_list.  The core's skb_gro_receive() is not exported to
 * modules; this is its frag_list case, without its stealing of page
 * fragments.  Returns false when @p is full or the two cannot share a
 * packet.
 */
static bool tcpfsm_gro_chain(struct sk_buff *p, struct sk_buff *skb)
{
	unsigned int offset = skb_gro_offset(skb);
	unsigned int headlen = skb_headlen(skb);
	unsigned int len = skb_gro_len(skb);

	if (p->pp_recycle != skb->pp_recycle || skb_zcopy(p) || skb_zcopy(skb))
		return false;
	if (p->len + len >= min_t(unsigned int, IP_MAX_MTU,
				  netif_get_gro_max_size(p->dev, p)) ||
	    NAPI_GRO_CB(skb)->flush)
		return false;
	skb->destructor = NULL;
	skb->sk = NULL;
	if (offset > headlen) {
		unsigned int eat = offset - headlen;

		skb_frag_off_add(&skb_shinfo(skb)->frags[0], eat);
		skb_frag_size_sub(&skb_shinfo(skb)->frags[0], eat);
		skb->data_len -= eat;
		skb->len -= eat;
		offset = headlen;
	}
	__skb_pull(skb, offset);
	if (NAPI_GRO_CB(p)->last == p)
		skb_shinfo(p)->frag_list = skb;
	else
		NAPI_GRO_CB(p)->last->next = skb;
	NAPI_GRO_CB(p)->last = skb;
	__skb_header_release(skb);
	NAPI_GRO_CB(p)->count++;
	p->data_len += len;
	p->truesize += skb->truesize;
	p->len += len;
	NAPI_GRO_CB(skb)->same_flow = 1;
	return true;
}

/*
 * Merge a segment into the held packet of its flow if it continues it:
 * same ACK, flags and options (timestamps included), the next sequence
 * number, no longer than the first; a short one, or PSH, URG, RST, SYN
 * or FIN ends the packet.  The checksum is checked here with our
 * protocol in the pseudo-header, so that the merged packet needs none.
 */
static struct sk_buff *tcpfsm_gro_receive(struct list_head *head,
					  struct sk_buff *skb)
{
	unsigned int off, hlen, thlen, len, mss = 1, i;
	struct tcphdr *th, *th2;
	struct sk_buff *p;
	int flush = 1;
	__be32 flags;

	if (!NAPI_GRO_CB(skb)->flush &&
	    skb_gro_checksum_validate(skb, tcpfsm_ipproto,
				      inet_gro_compute_pseudo))
		goto flush;
	off = skb_gro_offset(skb);
	hlen = off + sizeof(*th);
	th = skb_gro_header(skb, hlen, off);
	if (!th)
		goto flush;
	thlen = th->doff * 4;
	if (thlen < sizeof(*th))
		goto flush;
	hlen = off + thlen;
	if (!skb_gro_may_pull(skb, hlen)) {
		th = skb_gro_header_slow(skb, hlen, off);
		if (!th)
			goto flush;
	}
	skb_gro_pull(skb, thlen);

	len = skb_gro_len(skb);
	flags = tcp_flag_word(th);
	p = tcpfsm_gro_lookup(head, th);
	if (unlikely(READ_ONCE(tcpfsm_gro_draining))) {
		/* Unloading: the flow's held packet goes up now, this too. */
		NAPI_GRO_CB(skb)->flush = 1;
		return p;
	}
	if (!p)
		goto out_check_final;
	th2 = tcp_hdr(p);
	flush = (__force int)(flags & TCP_FLAG_CWR);
	flush |= (__force int)((flags ^ tcp_flag_word(th2)) &
			       ~(TCP_FLAG_CWR | TCP_FLAG_FIN | TCP_FLAG_PSH));
	flush |= (__force int)(th->ack_seq ^ th2->ack_seq);
	for (i = sizeof(*th); i < thlen; i += 4)
		flush |= *(u32 *)((u8 *)th + i) ^ *(u32 *)((u8 *)th2 + i);
	flush |= gro_receive_network_flush(th, th2, p);
	mss = skb_shinfo(p)->gso_size;
	if (skb_is_gso(skb))
		flush |= 1;	/* a train merges with nothing */
	else
		flush |= (len - 1) >= mss;
	flush |= (ntohl(th2->seq) + skb_gro_len(p)) ^ ntohl(th->seq);
	if (flush || !tcpfsm_gro_chain(p, skb)) {
		mss = 1;
		goto out_check_final;
	}
	tcp_flag_word(th2) |= flags & (TCP_FLAG_FIN | TCP_FLAG_PSH);

out_check_final:
	flush = len < mss;
	flush |= (__force int)(flags & (TCP_FLAG_URG | TCP_FLAG_PSH |
					TCP_FLAG_RST | TCP_FLAG_SYN |
					TCP_FLAG_FIN));
	NAPI_GRO_CB(skb)->flush |= (flush != 0);
	if (p && (!NAPI_GRO_CB(skb)->same_flow || flush))
		return p;
	return NULL;

flush:
	NAPI_GRO_CB(skb)->flush = 1;
	return NULL;
}

/*
 * A merged packet goes up as a train: CHECKSUM_PARTIAL with the
 * pseudo-header sum of our protocol over its length, the segment count,
 * our GSO type (so that forwarding it cuts it with tcpfsm_gso_segment()),
 * and IP IDs kept fixed if they were.  The IPv4 header is the one GRO
 * found ours under (not ip_hdr(), which is the outermost: a VLAN tag's
 * or a tunnel's).
 */
static int tcpfsm_gro_complete(struct sk_buff *skb, int thoff)
{
	const u16 off = NAPI_GRO_CB(skb)->network_offsets[skb->encapsulation];
	const struct iphdr *iph = (const struct iphdr *)(skb->data + off);
	struct tcphdr *th = tcp_hdr(skb);

	th->check = ~csum_tcpudp_magic(iph->saddr, iph->daddr,
				       skb->len - thoff, tcpfsm_ipproto, 0);
	skb_shinfo(skb)->gso_type |= SKB_GSO_SCTP |
		(NAPI_GRO_CB(skb)->ip_fixedid * SKB_GSO_TCP_FIXEDID);
	tcp_gro_complete(skb);
	return 0;
}

static const struct net_offload tcpfsm_offload = {
	.callbacks = {
		.gso_segment	= tcpfsm_gso_segment,
		.gro_receive	= tcpfsm_gro_receive,
		.gro_complete	= tcpfsm_gro_complete,
	},
};

/**
 * tcpfsm_offload_register() - GSO and GRO for IP protocol tcpfsm_ipproto.
 *
 * Return: 0, or -EBUSY when the protocol number has offloads already.
 */
int tcpfsm_offload_register(void)
{
	if (inet_add_offload(&tcpfsm_offload, tcpfsm_ipproto)) {
		pr_err("IP protocol %d has offloads already\n", tcpfsm_ipproto);
		return -EBUSY;
	}
	return 0;
}

/**
 * tcpfsm_offload_unregister() - remove them and wait until no one runs them.
 *
 * GRO may hold a merged packet of ours across a grace period (a NAPI
 * poll that used its budget flushes only packets older than a jiffy;
 * gro_flush_timeout defers the flush), and completing it once the
 * offload is gone is a WARN in inet_gro_complete().  So first GRO holds
 * nothing new and lets each held packet go as the next segment of its
 * flow comes; then a pause longer than any hold; then removal.
 */
void tcpfsm_offload_unregister(void)
{
	WRITE_ONCE(tcpfsm_gro_draining, true);
	synchronize_net();
	msleep(TCPFSM_GRO_DRAIN_MS);
	inet_del_offload(&tcpfsm_offload, tcpfsm_ipproto);
	synchronize_net();
}
