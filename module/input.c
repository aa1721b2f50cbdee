// SPDX-License-Identifier: GPL-2.0
/* input.c: the IPv4 protocol handler: receive in softirq, validate, count, dispatch. */
#include <linux/icmp.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/protocol.h>
#include <net/route.h>

#include "segment.h"
#include "tcpfsm.h"

/*
 * Hand a segment to its socket: at once if no process owns the socket,
 * else onto the socket's backlog, which release_sock() drains.
 */
static void tcpfsm_deliver(struct sock *sk, struct sk_buff *skb)
{
	bh_lock_sock(sk);
	if (!sock_owned_by_user(sk)) {
		tcpfsm_sk_rcv(sk, skb);
	} else if (sk_add_backlog(sk, skb, READ_ONCE(sk->sk_rcvbuf) +
					   READ_ONCE(sk->sk_sndbuf))) {
		TCPFSM_INC_STATS(sock_net(sk), TCPFSM_MIB_INERRS);
		kfree_skb(skb);
	}
	bh_unlock_sock(sk);
}

/*
 * TCP is unicast (RFC 1122 4.2.3.10): a segment that came as a
 * link-layer broadcast or multicast, or to a broadcast or multicast IP
 * address (the route says which), belongs to no connection and is never
 * answered, not even with a RST.
 */
static bool tcpfsm_unicast(const struct sk_buff *skb)
{
	const struct rtable *rt = skb_rtable(skb);

	return skb->pkt_type == PACKET_HOST &&
	       !(rt && (rt->rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST)));
}

/*
 * Whether @h speaks the protocol a segment came as: in a namespace that
 * changed wire_proto, a socket made before answers only in its own.
 */
static bool tcpfsm_proto_match(const struct tcpfsm_hent *h,
			       const struct sk_buff *skb)
{
	return h->proto == ip_hdr(skb)->protocol;
}

/**
 * tcpfsm_rcv() - receive a segment: IP protocol tcpfsm_ipproto's handler,
 *	and, in TCP wire mode, what the LOCAL_IN hook takes from Linux TCP.
 * @skb: the segment, its data at our header; the IP header gives the
 *	protocol it came as, which its checksum and any answer use
 *
 * Return: 0; the segment is consumed.
 */
int tcpfsm_rcv(struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);
	const struct iphdr *iph;
	struct tcpfsm_hent *h;
	struct tcpfsm_seg *seg;
	unsigned int hdrlen;
	struct sock *sk;

	/*
	 * A namespace whose exit methods run (netns.c frees the counters)
	 * has no user left: an RCU grace period separates the end of its
	 * count from them, so a segment that saw it alive is done by then.
	 */
	/* The parsed header, then the queue's own fields, live in skb->cb. */
	BUILD_BUG_ON(sizeof(struct tcpfsm_seg) > sizeof_field(struct sk_buff, cb));
	BUILD_BUG_ON(sizeof(struct tcpfsm_skb_cb) > sizeof_field(struct sk_buff, cb));
	if (!check_net(net)) {
		kfree_skb(skb);
		return 0;
	}
	/* A train (GSO from loopback or veth, or GRO) counts its segments. */
	TCPFSM_ADD_STATS(net, TCPFSM_MIB_INSEGS,
			 max_t(u16, 1, skb_shinfo(skb)->gso_segs));
	if (!tcpfsm_unicast(skb))
		goto bad;	/* dropped, counted in InErrs */

	if (!pskb_may_pull(skb, TCPFSM_HDR_MIN))
		goto bad;
	hdrlen = min_t(unsigned int, tcp_hdr(skb)->doff * 4, skb->len);
	if (!pskb_may_pull(skb, hdrlen))
		goto bad;
	if (skb_checksum_init(skb, ip_hdr(skb)->protocol, inet_compute_pseudo))
		goto csum_error;
	if (skb_checksum_complete(skb))
		goto csum_error;
	seg = TCPFSM_RX_SEG(skb);
	if (tcpfsm_seg_parse(tcp_hdr(skb), skb->len, seg))
		goto bad;

	iph = ip_hdr(skb);
	h = tcpfsm_ehash_lookup(net, iph->daddr, seg->dport, iph->saddr,
				htons(seg->sport));
	if (h && !tcpfsm_proto_match(h, skb)) {
		tcpfsm_hent_put(h);
		h = NULL;
	}
	if (h && h->kind == TCPFSM_HENT_TW) {
		tcpfsm_tw_rcv(tcpfsm_hent_tw(h), skb);
		tcpfsm_hent_put(h);
		consume_skb(skb);
		return 0;
	}
	sk = h ? &tcpfsm_hent_sk(h)->inet.sk :
		 tcpfsm_lhash_lookup(net, iph->daddr, seg->dport);
	if (sk && !h && !tcpfsm_proto_match(&tcpfsm_sk(sk)->h, skb)) {
		sock_put(sk);
		sk = NULL;
	}
	if (!sk) {
		/* RFC 9293 3.10.7.1: no connection; a RST unless it is one. */
		tcpfsm_reply_rst(net, skb, seg);
		consume_skb(skb);
		return 0;
	}
	tcpfsm_deliver(sk, skb);
	sock_put(sk);
	return 0;

csum_error:
	TCPFSM_INC_STATS(net, TCPFSM_MIB_INCSUMERRORS);
bad:
	TCPFSM_INC_STATS(net, TCPFSM_MIB_INERRS);
	kfree_skb(skb);
	return 0;
}

/**
 * tcpfsm_err() - an ICMP error quoting a segment: IP protocol
 *	tcpfsm_ipproto's error handler, and, in TCP wire mode, what the
 *	LOCAL_IN hook takes from Linux TCP.
 * @skb: the ICMP message, its data at the quoted IPv4 header, of which
 *	and of whose segment's first 8 bytes at least are there
 * @info: the ICMP message's info (unused: no path MTU discovery)
 *
 * The connection of the quoted 4-tuple, in the protocol of the quote,
 * takes it (tcpfsm_icmp_rcv()); TIME_WAIT records and listeners do not.
 *
 * Return: 0, or -ENOENT for no such connection.
 */
int tcpfsm_err(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	const struct tcphdr *th = (const struct tcphdr *)(skb->data +
							  (iph->ihl << 2));
	struct net *net = dev_net(skb->dev);
	struct tcpfsm_hent *h;
	struct sock *sk;

	if (!check_net(net))
		return -ENOENT;
	h = tcpfsm_ehash_lookup(net, iph->saddr, ntohs(th->source),
				iph->daddr, th->dest);
	if (!h)
		return -ENOENT;
	if (h->kind != TCPFSM_HENT_SOCK || h->proto != iph->protocol) {
		tcpfsm_hent_put(h);
		return 0;
	}
	sk = &tcpfsm_hent_sk(h)->inet.sk;
	bh_lock_sock(sk);
	tcpfsm_icmp_rcv(sk, icmp_hdr(skb)->type, icmp_hdr(skb)->code,
			ntohl(th->seq));
	bh_unlock_sock(sk);
	sock_put(sk);
	return 0;
}

static const struct net_protocol tcpfsm_protocol = {
	.handler	= tcpfsm_rcv,
	.err_handler	= tcpfsm_err,
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
