// SPDX-License-Identifier: GPL-2.0
/* output.c: building segments and handing them to IPv4. */
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/route.h>

#include "segment.h"
#include "tcpfsm.h"

/**
 * tcpfsm_send_reply() - send a header-only segment that belongs to no socket.
 * @net: the namespace to send in
 * @saddr: our address (the destination of the segment answered)
 * @daddr: the peer's address
 * @sport: our port, network order
 * @dport: the peer's port, network order
 * @seq: sequence number
 * @ack: acknowledgment number (sent only when @flags has TCPFSM_ACK)
 * @flags: TCPFSM_* flags
 * @window: advertised window
 *
 * Used for RSTs to closed ports, and later for TIME_WAIT's ACKs.  Runs in
 * any context; a failure to allocate or route just loses the segment, as
 * the network might have.
 */
void tcpfsm_send_reply(struct net *net, __be32 saddr, __be32 daddr,
		       __be16 sport, __be16 dport, u32 seq, u32 ack,
		       u8 flags, u16 window)
{
	struct flowi4 fl4;
	struct rtable *rt;
	struct sk_buff *skb;
	struct tcphdr *th;
	struct iphdr *iph;

	flowi4_init_output(&fl4, 0, 0, 0, RT_SCOPE_UNIVERSE, tcpfsm_ipproto,
			   0, daddr, saddr, dport, sport,
			   sock_net_uid(net, NULL));
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return;

	skb = alloc_skb(MAX_HEADER + sizeof(*iph) + sizeof(*th), GFP_ATOMIC);
	if (!skb) {
		ip_rt_put(rt);
		return;
	}
	skb_reserve(skb, MAX_HEADER + sizeof(*iph));

	th = skb_push(skb, sizeof(*th));
	skb_reset_transport_header(skb);
	memset(th, 0, sizeof(*th));
	th->source = sport;
	th->dest = dport;
	th->seq = htonl(seq);
	th->ack_seq = (flags & TCPFSM_ACK) ? htonl(ack) : 0;
	th->doff = sizeof(*th) / 4;
	((u8 *)th)[13] = flags;
	th->window = htons(window);
	th->check = tcpfsm_csum(fl4.saddr, fl4.daddr, tcpfsm_ipproto, th,
				sizeof(*th));

	iph = skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	iph->version = 4;
	iph->ihl = sizeof(*iph) / 4;
	iph->tos = 0;
	iph->frag_off = htons(IP_DF);
	iph->ttl = ip4_dst_hoplimit(&rt->dst);
	iph->protocol = tcpfsm_ipproto;
	iph->saddr = fl4.saddr;
	iph->daddr = fl4.daddr;
	skb->protocol = htons(ETH_P_IP);
	skb_dst_set(skb, &rt->dst);
	ip_select_ident(net, skb, NULL);

	TCPFSM_INC_STATS(net, TCPFSM_MIB_OUTSEGS);
	if (flags & TCPFSM_RST)
		TCPFSM_INC_STATS(net, TCPFSM_MIB_OUTRSTS);
	ip_local_out(net, NULL, skb);
}
