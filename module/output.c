// SPDX-License-Identifier: GPL-2.0
/* output.c: building segments and handing them to IPv4. */
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/route.h>

#include "segment.h"
#include "sack.h"
#include "tcpfsm.h"

/*
 * A header-only segment that belongs to no socket, with the options of
 * @opts (or none); with @with_mss, an MSS option of the route's MTU, as a
 * SYN-ACK has.
 */
static void tcpfsm_reply(struct net *net, u8 proto, __be32 saddr, __be32 daddr,
			 __be16 sport, __be16 dport, u32 seq, u32 ack,
			 u8 flags, u16 window, bool with_mss,
			 const struct tcpfsm_opts_tx *opts)
{
	struct tcpfsm_opts_tx tx = {};
	unsigned int hdrlen;
	struct flowi4 fl4;
	struct rtable *rt;
	struct sk_buff *skb;
	struct tcphdr *th;
	struct iphdr *iph;

	flowi4_init_output(&fl4, 0, 0, 0, RT_SCOPE_UNIVERSE, proto,
			   0, daddr, saddr, dport, sport,
			   sock_net_uid(net, NULL));
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return;
	if (opts)
		tx = *opts;
	if (with_mss)
		tx.mss = tcpfsm_route_mss(dst_mtu(&rt->dst));
	hdrlen = sizeof(struct tcphdr) + tcpfsm_opts_len(&tx);

	skb = alloc_skb(MAX_HEADER + sizeof(*iph) + hdrlen, GFP_ATOMIC);
	if (!skb) {
		ip_rt_put(rt);
		return;
	}
	skb_reserve(skb, MAX_HEADER + sizeof(*iph));

	th = skb_push(skb, hdrlen);
	skb_reset_transport_header(skb);
	memset(th, 0, hdrlen);
	th->source = sport;
	th->dest = dport;
	th->seq = htonl(seq);
	th->ack_seq = (flags & TCPFSM_ACK) ? htonl(ack) : 0;
	th->doff = hdrlen / 4;
	((u8 *)th)[13] = flags;
	th->window = htons(window);
	tcpfsm_opts_build((u8 *)(th + 1), &tx);
	th->check = tcpfsm_csum(fl4.saddr, fl4.daddr, proto, th, hdrlen);

	iph = skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	iph->version = 4;
	iph->ihl = sizeof(*iph) / 4;
	iph->tos = 0;
	iph->frag_off = htons(IP_DF);
	iph->ttl = ip4_dst_hoplimit(&rt->dst);
	iph->protocol = proto;
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

/**
 * tcpfsm_send_reply() - send a header-only segment that belongs to no socket.
 * @net: the namespace to send in
 * @proto: the IP protocol to send it as (the answered segment's, or the
 *	TIME_WAIT record's)
 * @saddr: our address (the destination of the segment answered)
 * @daddr: the peer's address
 * @sport: our port, network order
 * @dport: the peer's port, network order
 * @seq: sequence number
 * @ack: acknowledgment number (sent only when @flags has TCPFSM_ACK)
 * @flags: TCPFSM_* flags
 * @window: advertised window (as it goes in the header)
 * @opts: the options to carry (a TIME_WAIT record's timestamps), or NULL
 *
 * Used for RSTs to closed ports, and for TIME_WAIT's ACKs.  Runs in any
 * context; a failure to allocate or route just loses the segment, as the
 * network might have.
 */
void tcpfsm_send_reply(struct net *net, u8 proto, __be32 saddr, __be32 daddr,
		       __be16 sport, __be16 dport, u32 seq, u32 ack,
		       u8 flags, u16 window, const struct tcpfsm_opts_tx *opts)
{
	tcpfsm_reply(net, proto, saddr, daddr, sport, dport, seq, ack, flags, window,
		     false, opts);
}

/**
 * tcpfsm_send_syn_cookie() - send a SYN-ACK whose ISN is a SYN cookie.
 * @net: the namespace
 * @proto: the IP protocol the SYN came as
 * @saddr: our address (the SYN's destination)
 * @daddr: the peer's address
 * @sport: our port, network order
 * @dport: the peer's port, network order
 * @cookie: our ISN
 * @ack: the peer's ISN + 1
 * @window: the window we offer
 *
 * No socket keeps the connection: the ACK that answers it carries the
 * cookie back (RFC 4987 3.6).  It offers no window scaling and no
 * timestamps (there is nowhere to keep them), so the connection goes
 * without them, as Linux's does when timestamps are off.
 */
void tcpfsm_send_syn_cookie(struct net *net, u8 proto, __be32 saddr,
			    __be32 daddr, __be16 sport, __be16 dport,
			    u32 cookie, u32 ack, u16 window)
{
	tcpfsm_reply(net, proto, saddr, daddr, sport, dport, cookie, ack,
		     TCPFSM_SYN | TCPFSM_ACK, window, true, NULL);
}

/**
 * tcpfsm_reply_rst() - answer a segment with the RST RFC 9293 3.10.7.1 gives.
 * @net: the namespace
 * @skb: the segment (its IP header gives the addresses and the protocol
 *	the answer goes as)
 * @seg: its parsed header
 */
void tcpfsm_reply_rst(struct net *net, struct sk_buff *skb,
		      const struct tcpfsm_seg *seg)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct tcpfsm_reply rst;

	if (!tcpfsm_reset_for(seg, &rst))
		return;
	tcpfsm_send_reply(net, iph->protocol, iph->daddr, iph->saddr,
			  htons(seg->dport),
			  htons(seg->sport), rst.seq, rst.ack, rst.flags, 0,
			  NULL);
}

/**
 * tcpfsm_rcv_window() - the window memory lets us offer.
 * @sk: the socket
 *
 * Half the free receive memory (the rest is skb overhead), at most 65535
 * scaled by our window scale shift (RFC 7323 2).
 * Below a segment (or a quarter of the buffer, if smaller) it is 0: a
 * window is opened by a useful amount or not at all, so that the sender
 * neither sends slivers nor sends what we could not keep (receiver SWS
 * avoidance, RFC 9293 3.8.6.2.2).
 *
 * Return: the window.
 */
u32 tcpfsm_rcv_window(const struct sock *sk)
{
	const struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	int rcvbuf = READ_ONCE(sk->sk_rcvbuf);
	int space = (rcvbuf - atomic_read(&sk->sk_rmem_alloc)) / 2;

	if (space < min_t(int, ts->rcv_mss, rcvbuf / 4))
		return 0;
	return min_t(u32, space, 65535U << ts->rcv_wscale);
}

/**
 * tcpfsm_alloc_text() - a segment for the write queue, without text yet.
 * @gfp: allocation flags
 *
 * Its text goes in page fragments (tcpfsm_sendmsg(), tcpfsm_wq_split()),
 * after room for the largest headers.  The headers are never written in
 * the queued buffer itself: each transmission is a clone that pushes its
 * own in front of the text (__skb_header_release() says so, so that the
 * clone may).
 *
 * Return: the buffer, its control block zeroed, or NULL.
 */
struct sk_buff *tcpfsm_alloc_text(gfp_t gfp)
{
	struct sk_buff *skb = alloc_skb(TCPFSM_MAX_HEADER, gfp);

	if (!skb)
		return NULL;
	skb_reserve(skb, TCPFSM_MAX_HEADER);
	__skb_header_release(skb);
	memset(skb->cb, 0, sizeof(skb->cb));
	return skb;
}

/* The text of a queued segment for the wire: a clone, or a copy. */
static struct sk_buff *tcpfsm_text_clone(struct sk_buff *data)
{
	return skb_cloned(data) ? pskb_copy(data, GFP_ATOMIC) :
				  skb_clone(data, GFP_ATOMIC);
}

/*
 * The SACK blocks an ACK reports (RFC 2018 4): those of text still held
 * after a hole (tcpfsm_sack_trim() to tcpfsm_ooo_held_end()), as many as
 * the header has room for.  Only segments without text carry them, so
 * that a full segment does not outgrow the MSS: the ACKs a hole makes us
 * send at once are those.
 */
static void tcpfsm_sack_tx(struct tcpfsm_sock *ts, struct tcpfsm_opts_tx *tx)
{
	ts->nsack = tcpfsm_sack_trim(ts->sack, ts->nsack, ts->tcb.rcv_nxt,
				     tcpfsm_ooo_held_end(&ts->inet.sk));
	tx->nsack = min_t(u8, ts->nsack, tcpfsm_opts_sack_room(ts->opts));
	tx->sack = ts->sack;
}

/*
 * Push the header in front of @skb (text, or none), checksum it and send
 * it: the end of tcpfsm_xmit().
 *
 * The text is not copied: a clone of @data (a copy only while an earlier
 * clone is still alive, in a queue or in the peer's receive queue on
 * loopback) gets the header pushed in front, with the options agreed
 * (tcpfsm_sack_tx()'s SACK blocks on a segment without text), and goes
 * through ip_queue_xmit() with the socket's cached route.  The
 * acknowledgment number and window are the connection's now.
 *
 * A device that checksums any protocol (NETIF_F_HW_CSUM: loopback, veth,
 * virtio-net) is left the checksum of a lone segment, as CHECKSUM_PARTIAL
 * with the pseudo-header sum in place; otherwise it is computed here.
 * (NETIF_F_IP_CSUM devices know only TCP and UDP, and would get protocol
 * 253's checksum wrong; in TCP wire mode they are given it too.)  Not
 * computing it on veth matters beyond speed: netfilter's reject checks
 * the checksum of a protocol other than TCP and UDP without a
 * pseudo-header (nf_ip_checksum()), so a complete one makes it answer
 * nothing, where CHECKSUM_PARTIAL counts as checked.  A virtual device
 * that claims NETIF_F_HW_CSUM over an NETIF_F_IP_CSUM card can still get
 * a lone segment unfinished (interface.rst).  A socket in TCP wire mode
 * goes out as IP protocol 6 through tcpfsm_wire_queue_xmit(), since
 * ip_queue_xmit() writes sk_protocol.  A GSO train, in either mode, is
 * always left to the device, or to GSO (tcpfsm_gso_segment() finishes
 * each segment's checksum itself).
 *
 * Return: 0, or a negative errno when the segment could not be sent (the
 * retransmission timer covers it).
 */
static int __tcpfsm_xmit(struct sock *sk, struct sk_buff *skb, u8 flags,
			 u32 seq)
{
	struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	struct inet_sock *inet = inet_sk(sk);
	struct tcpfsm_opts_tx tx = { .opts = ts->opts & TCPFSM_OPTF_TS };
	unsigned int hdrlen;
	struct dst_entry *dst = __sk_dst_get(sk);
	u8 proto = ts->h.proto;
	netdev_features_t csum = proto == IPPROTO_TCP ?
		NETIF_F_HW_CSUM | NETIF_F_IP_CSUM : NETIF_F_HW_CSUM;
	bool offload = skb_is_gso(skb) ||
		       (dst && (dst->dev->features & csum));
	struct net *net = sock_net(sk);
	struct tcphdr *th;
	u8 shift = 0;
	u32 window;
	int err;

	if (flags & TCPFSM_SYN) {
		tx.opts = ts->opts;
		tx.mss = ts->rcv_mss;
		tx.wscale = ts->rcv_wscale;
	}
	if (tx.opts & TCPFSM_OPTF_TS) {
		tx.tsval = tcpfsm_tsval(ts);
		/* TSecr means nothing without ACK: zero (RFC 7323 3.2). */
		tx.tsecr = (flags & TCPFSM_ACK) ? ts->tcb.ts_recent : 0;
	}
	if (ts->nsack && !skb->len &&
	    (flags & (TCPFSM_ACK | TCPFSM_SYN | TCPFSM_RST)) == TCPFSM_ACK)
		tcpfsm_sack_tx(ts, &tx);
	hdrlen = sizeof(struct tcphdr) + tcpfsm_opts_len(&tx);
	th = skb_push(skb, hdrlen);
	skb_reset_transport_header(skb);
	memset(th, 0, hdrlen);
	th->source = inet->inet_sport;
	th->dest = inet->inet_dport;
	th->seq = htonl(seq);
	if (flags & TCPFSM_ACK) {
		th->ack_seq = htonl(ts->tcb.rcv_nxt);
		ts->rcv_wup = ts->tcb.rcv_nxt;	/* any pending ACK goes now */
	}
	th->doff = hdrlen / 4;
	((u8 *)th)[13] = flags;
	window = tcpfsm_rcv_window(sk);
	if (flags & TCPFSM_SYN) {
		window = min(window, 65535U);	/* never scaled (RFC 7323 2.2) */
	} else {
		shift = ts->rcv_wscale;
		window = round_down(window, 1U << shift);
		/*
		 * While a hole is open the right edge offered does not move
		 * left (RFC 9293 3.8.6.2.2): text after the hole eats
		 * memory, not window, so the duplicate ACKs it triggers
		 * carry the same window, as RFC 5681 wants them.  Without a
		 * hole the window is what memory can keep (a reader that
		 * stops, a smaller SO_RCVBUF).
		 */
		if (!skb_queue_empty(&ts->ooo_queue) &&
		    tcpfsm_seq_gt(ts->rcv_edge, ts->tcb.rcv_nxt))
			window = max_t(u32, window,
				       round_up(ts->rcv_edge - ts->tcb.rcv_nxt,
						1U << shift));
	}
	ts->rcv_edge = ts->tcb.rcv_nxt + window;
	th->window = htons(window >> shift);
	ts->tcb.rcv_wnd = window;
	tcpfsm_opts_build((u8 *)(th + 1), &tx);
	if (offload) {
		th->check = ~csum_tcpudp_magic(inet->inet_saddr,
					       inet->inet_daddr, skb->len,
					       proto, 0);
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_transport_header(skb) - skb->head;
		skb->csum_offset = offsetof(struct tcphdr, check);
	} else {
		/* The text is in page fragments, after the header. */
		th->check = csum_tcpudp_magic(inet->inet_saddr,
					      inet->inet_daddr, skb->len, proto,
					      skb_checksum(skb, 0, skb->len, 0));
	}

	memset(skb->cb, 0, sizeof(skb->cb));
	skb->protocol = htons(ETH_P_IP);
	TCPFSM_ADD_STATS(net, TCPFSM_MIB_OUTSEGS,
			 skb_is_gso(skb) ? skb_shinfo(skb)->gso_segs : 1);
	if (flags & TCPFSM_RST)
		TCPFSM_INC_STATS(net, TCPFSM_MIB_OUTRSTS);
	if (proto == IPPROTO_TCP)
		err = tcpfsm_wire_queue_xmit(sk, skb);
	else
		err = ip_queue_xmit(sk, skb, &inet->cork.fl);
	return net_xmit_eval(err);
}

/**
 * tcpfsm_xmit() - put a segment of a connection on the wire.
 * @sk: the socket, locked
 * @data: the queued segment whose text is sent, or NULL for none
 * @flags: TCPFSM_* flags, exactly as sent
 * @seq: the sequence number
 *
 * Text longer than the MSS goes as one GSO train of the socket's GSO
 * type (SKB_GSO_TCPV4 in TCP wire mode, protocol tcpfsm_ipproto's in
 * offload.c otherwise), gso_size the MSS: the device, or the stack's GSO
 * for one without, cuts it into segments, each with its own sequence
 * number and checksum (tcp4_gso_segment(), or tcpfsm_gso_segment()); a
 * receiver on loopback or veth takes it whole.  Its PSH and FIN are the
 * last segment's.  tcpfsm_push() cuts such text for a route that takes
 * trains (tcpfsm_train_max()); a retransmission goes one MSS at a time,
 * or whole when no memory could cut it (GSO, or the stack's GSO
 * fallback, then cuts it).  See __tcpfsm_xmit() above for the header and
 * the checksum.
 *
 * Return: 0, or a negative errno when the segment could not be sent (the
 * retransmission timer covers it).
 */
int tcpfsm_xmit(struct sock *sk, struct sk_buff *data, u8 flags, u32 seq)
{
	u32 mss = tcpfsm_sk(sk)->snd_mss;
	struct skb_shared_info *shinfo;
	struct sk_buff *skb;

	if (data && data->len) {
		skb = tcpfsm_text_clone(data);
		if (!skb)
			return -ENOBUFS;
		/*
		 * The fields are the clone's alone, or shared with @data
		 * only, whose earlier clones are gone (tcpfsm_text_clone()).
		 */
		shinfo = skb_shinfo(skb);
		if (skb->len > mss) {
			shinfo->gso_size = mss;
			shinfo->gso_segs = DIV_ROUND_UP(skb->len, mss);
			shinfo->gso_type = sk->sk_gso_type;
		} else {
			shinfo->gso_size = 0;
			shinfo->gso_segs = 0;
			shinfo->gso_type = 0;
		}
	} else {
		skb = alloc_skb(TCPFSM_MAX_HEADER, GFP_ATOMIC);
		if (!skb)
			return -ENOBUFS;
		skb_reserve(skb, TCPFSM_MAX_HEADER);
	}
	return __tcpfsm_xmit(sk, skb, flags, seq);
}

/**
 * tcpfsm_train_max() - how many full segments one GSO train may carry.
 * @sk: the socket, locked
 *
 * tcpfsm_train_segs() of the route's limits, on a route that takes GSO
 * (sk_can_gso(): every device but one with GSO turned off).  In TCP wire
 * mode only where the device segments TCP itself (TSO: loopback, veth,
 * most NICs); in protocol tcpfsm_ipproto on any: a device that does not
 * pass the train on whole gets it cut by GSO (offload.c).
 *
 * Return: the number, 1 when no train may be sent.
 */
unsigned int tcpfsm_train_max(const struct sock *sk)
{
	const struct tcpfsm_sock *ts = tcpfsm_sk(sk);
	const struct dst_entry *dst = __sk_dst_get((struct sock *)sk);

	if (!dst || !sk_can_gso(sk) ||
	    (ts->h.proto == IPPROTO_TCP && !(dst->dev->features & NETIF_F_TSO)))
		return 1;
	return tcpfsm_train_segs(sk->sk_gso_max_size, sk->sk_gso_max_segs,
				 ts->snd_mss);
}
