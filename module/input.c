// SPDX-License-Identifier: GPL-2.0
/* input.c: the IPv4 protocol handler: receive in softirq, validate, count, dispatch. */
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/protocol.h>

#include "segment.h"
#include "tcpfsm.h"

/* Answer a segment that no socket takes (RFC 9293 3.10.7.1). */
static void tcpfsm_no_socket(struct net *net, struct sk_buff *skb,
			     const struct tcpfsm_seg *seg)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct tcpfsm_reply rst;

	if (!tcpfsm_reset_for(seg, &rst))
		return;
	tcpfsm_send_reply(net, iph->daddr, iph->saddr, htons(seg->dport),
			  htons(seg->sport), rst.seq, rst.ack, rst.flags, 0);
}

static int tcpfsm_rcv(struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);
	struct tcpfsm_seg seg;
	unsigned int hdrlen;

	if (skb->pkt_type != PACKET_HOST)
		goto discard;
	TCPFSM_INC_STATS(net, TCPFSM_MIB_INSEGS);

	if (!pskb_may_pull(skb, TCPFSM_HDR_MIN))
		goto bad;
	hdrlen = min_t(unsigned int, tcp_hdr(skb)->doff * 4, skb->len);
	if (!pskb_may_pull(skb, hdrlen))
		goto bad;
	if (skb_checksum_init(skb, tcpfsm_ipproto, inet_compute_pseudo))
		goto csum_error;
	if (skb_checksum_complete(skb))
		goto csum_error;
	if (tcpfsm_seg_parse(tcp_hdr(skb), skb->len, &seg))
		goto bad;

	tcpfsm_no_socket(net, skb, &seg);
	consume_skb(skb);
	return 0;

csum_error:
	TCPFSM_INC_STATS(net, TCPFSM_MIB_INCSUMERRORS);
bad:
	TCPFSM_INC_STATS(net, TCPFSM_MIB_INERRS);
discard:
	kfree_skb(skb);
	return 0;
}

static const struct net_protocol tcpfsm_protocol = {
	.handler	= tcpfsm_rcv,
	.no_policy	= 1,
};

/**
 * tcpfsm_input_register() - take IP protocol tcpfsm_ipproto.
 *
 * Return: 0, or -EBUSY when another protocol has the number.
 */
int tcpfsm_input_register(void)
{
	if (inet_add_protocol(&tcpfsm_protocol, tcpfsm_ipproto) < 0) {
		pr_err("IP protocol %d is taken; load with ipproto=<free number>\n",
		       tcpfsm_ipproto);
		return -EBUSY;
	}
	return 0;
}

/**
 * tcpfsm_input_unregister() - give the IP protocol back and wait for readers.
 */
void tcpfsm_input_unregister(void)
{
	inet_del_protocol(&tcpfsm_protocol, tcpfsm_ipproto);
	synchronize_net();
}
