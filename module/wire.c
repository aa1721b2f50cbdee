// SPDX-License-Identifier: GPL-2.0
/* wire.c: TCP wire mode: IP protocol 6, segments taken at LOCAL_IN, ports reserved in Linux TCP. */
#include <linux/icmp.h>
#include <linux/llist.h>
#include <linux/net.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/icmp.h>
#include <net/inet_dscp.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/xfrm.h>
#if IS_ENABLED(CONFIG_NF_CONNTRACK)
#include <net/netfilter/nf_conntrack.h>
#endif

#include "segment.h"
#include "tcpfsm.h"

/*
 * Receiving.  A namespace in TCP wire mode has one netfilter hook, at
 * LOCAL_IN with the last priority: a TCP segment gets there after routing
 * has found it local, after reassembly, and after every firewall rule of
 * the input path has let it through, which is where Linux TCP would get
 * it.  The hook takes (NF_STOLEN) exactly the segments tcpfsm's tables
 * claim: a connection or TIME_WAIT record of their 4-tuple, or a listener
 * of their address and port, made in wire mode.  Every other segment goes
 * on to Linux TCP untouched, so a port neither stack holds is answered by
 * Linux TCP's RST, as on any Linux host.
 *
 * ICMP errors (destination unreachable, time exceeded, parameter
 * problem) that quote a TCP segment of such a connection are taken too,
 * counted in the ICMP counters as icmp_rcv() would, and go where protocol
 * 253's go (tcpfsm_err()).
 *
 * Conntrack confirms a new connection's entry in its own LOCAL_IN hook,
 * of the same last priority; which of the two runs first depends on the
 * order of registration.  A segment taken before the confirmation would
 * leave the entry unconfirmed and freed with the segment, and the SYN-ACK
 * answering it would then be "invalid" to conntrack, which a common rule
 * ("ct state invalid drop") drops.  So the hook confirms the entry itself,
 * through the hook conntrack exports for that (nf_ct_hook->confirm), and
 * lets go of it (nf_reset_ct()) before the segment is queued, as Linux
 * TCP does.  That is the confirmation alone: not what conntrack's hook
 * does around it (helpers, such as FTP's, and sequence adjustment, and
 * the delivery of cached events, so that a NEW event of ctnetlink comes
 * with the next packet of the connection).
 */

#if IS_ENABLED(CONFIG_NF_CONNTRACK)
/* Confirm the conntrack entry of a new connection; false: drop it. */
static bool tcpfsm_wire_confirm(struct sk_buff *skb)
{
	const struct nf_ct_hook *hook;
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct = nf_ct_get(skb, &ctinfo);
	bool ok = true;

	if (!ct || nf_ct_is_confirmed(ct))
		return true;
	rcu_read_lock();
	hook = rcu_dereference(nf_ct_hook);
	if (hook && hook->confirm)
		ok = hook->confirm(skb) == NF_ACCEPT;
	rcu_read_unlock();
	return ok;
}
#else
static bool tcpfsm_wire_confirm(struct sk_buff *skb)
{
	return true;
}
#endif

/* Whether tcpfsm's tables claim a TCP segment of this 4-tuple. */
static bool tcpfsm_wire_claims(struct net *net, __be32 daddr, __be16 dport,
			       __be32 saddr, __be16 sport)
{
	struct tcpfsm_hent *h;
	struct sock *lsk;
	bool ours;

	h = tcpfsm_ehash_lookup(net, daddr, ntohs(dport), saddr, sport);
	if (h) {
		ours = h->proto == IPPROTO_TCP;
		tcpfsm_hent_put(h);
		return ours;
	}
	lsk = tcpfsm_lhash_lookup(net, daddr, ntohs(dport));
	if (!lsk)
		return false;
	ours = tcpfsm_sk(lsk)->h.proto == IPPROTO_TCP;
	sock_put(lsk);
	return ours;
}

/*
 * An ICMP error quoting a TCP segment of one of tcpfsm's connections in
 * wire mode: validated as icmp_rcv() would, then handed to tcpfsm_err()
 * as icmp_socket_deliver() hands it to a protocol, its data at the quoted
 * IPv4 header.  Return: whether it was taken.
 */
static bool tcpfsm_wire_icmp(struct sk_buff *skb, struct net *net)
{
	unsigned int off = ip_hdrlen(skb);
	struct icmphdr _ich;
	const struct icmphdr *ich;
	struct iphdr _qh;
	const struct iphdr *qh;
	__be16 _ports[2];
	const __be16 *ports;
	unsigned int qlen;

	ich = skb_header_pointer(skb, off, sizeof(_ich), &_ich);
	if (!ich || (ich->type != ICMP_DEST_UNREACH &&
		     ich->type != ICMP_TIME_EXCEEDED &&
		     ich->type != ICMP_PARAMETERPROB))
		return false;
	qh = skb_header_pointer(skb, off + sizeof(*ich), sizeof(_qh), &_qh);
	if (!qh || qh->protocol != IPPROTO_TCP || qh->ihl < 5)
		return false;
	qlen = qh->ihl * 4;
	ports = skb_header_pointer(skb, off + sizeof(*ich) + qlen,
				   sizeof(_ports), _ports);
	/* The quote is of a segment we sent: its source is ours. */
	if (!ports || !tcpfsm_wire_claims(net, qh->saddr, ports[0], qh->daddr,
					  ports[1]))
		return false;

	/*
	 * What icmp_rcv() would drop or check otherwise stays its own: an
	 * error to a broadcast or multicast address, or one that IPsec
	 * policy does not let in.
	 */
	if (!skb_rtable(skb) ||
	    (skb_rtable(skb)->rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST)) ||
	    !xfrm4_policy_check(NULL, XFRM_POLICY_IN, skb))
		return false;

	__skb_pull(skb, off);
	skb_reset_transport_header(skb);
	ICMP_INC_STATS(net, ICMP_MIB_INMSGS);
	if (skb_checksum_simple_validate(skb)) {
		ICMP_INC_STATS(net, ICMP_MIB_CSUMERRORS);
		ICMP_INC_STATS(net, ICMP_MIB_INERRORS);
		kfree_skb(skb);
		return true;
	}
	ICMPMSGIN_INC_STATS(net, ich->type);
	if (!pskb_may_pull(skb, sizeof(*ich) + qlen + 8)) {
		ICMP_INC_STATS(net, ICMP_MIB_INERRORS);
		kfree_skb(skb);
		return true;
	}
	__skb_pull(skb, sizeof(*ich));
	local_bh_disable();
	tcpfsm_err(skb, 0);
	local_bh_enable();
	consume_skb(skb);
	return true;
}

static unsigned int tcpfsm_wire_in(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct tcphdr _th;
	const struct tcphdr *th;

	if (!check_net(state->net))
		return NF_ACCEPT;	/* the namespace is going (netns.c) */
	if (iph->protocol == IPPROTO_ICMP)
		return tcpfsm_wire_icmp(skb, state->net) ? NF_STOLEN :
							   NF_ACCEPT;
	if (iph->protocol != IPPROTO_TCP)
		return NF_ACCEPT;
	th = skb_header_pointer(skb, ip_hdrlen(skb), sizeof(_th), &_th);
	if (!th || !tcpfsm_wire_claims(state->net, iph->daddr, th->dest,
				       iph->saddr, th->source))
		return NF_ACCEPT;
	/* As ip_protocol_deliver_rcu() checks for TCP: IPsec policy. */
	if (!xfrm4_policy_check(NULL, XFRM_POLICY_IN, skb) ||
	    !tcpfsm_wire_confirm(skb)) {
		TCPFSM_INC_STATS(state->net, TCPFSM_MIB_INERRS);
		return NF_DROP;
	}
	nf_reset_ct(skb);
	/* What ip_local_deliver_finish() would have done for Linux TCP. */
	skb_clear_delivery_time(skb);
	__skb_pull(skb, skb_network_header_len(skb));
	/*
	 * A packet that a userspace queue (NFQUEUE) let through comes back
	 * in process context, with BHs on: receive as softirq does.
	 */
	local_bh_disable();
	tcpfsm_rcv(skb);
	local_bh_enable();
	return NF_STOLEN;
}

static const struct nf_hook_ops tcpfsm_wire_ops[] = {
	{
		.hook		= tcpfsm_wire_in,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP_PRI_LAST,
	},
};

/**
 * tcpfsm_wire_set() - write a namespace's wire_proto.
 * @net: the namespace
 * @proto: tcpfsm_ipproto, or IPPROTO_TCP for TCP wire mode
 *
 * The hook is registered the first time the namespace goes into TCP wire
 * mode and stays until the namespace goes: a socket keeps the protocol it
 * was made with (tcpfsm_hent.proto), so the sockets of wire mode still
 * need it after a change back, which applies to the sockets made after
 * it.  The hook takes nothing where no socket of wire mode is.
 *
 * Return: 0, -EINVAL for another protocol, or the hook's registration
 * error.
 */
int tcpfsm_wire_set(struct net *net, int proto)
{
	struct tcpfsm_net *tn = tcpfsm_pernet(net);
	bool on = proto == IPPROTO_TCP;
	int err = 0;

	if (proto != IPPROTO_TCP && proto != tcpfsm_ipproto)
		return -EINVAL;
	mutex_lock(&tn->wire_lock);
	if (on && !tn->wire_hooks) {
		err = nf_register_net_hooks(net, tcpfsm_wire_ops,
					    ARRAY_SIZE(tcpfsm_wire_ops));
		tn->wire_hooks = !err;
	}
	if (!err)
		WRITE_ONCE(tn->cfg.wire_proto, proto);
	mutex_unlock(&tn->wire_lock);
	return err;
}

/*
 * Sending.  ip_queue_xmit() writes sk_protocol into the IP header, and a
 * tcpfsm socket's is tcpfsm_ipproto whatever it speaks: as IPPROTO_TCP,
 * core code (sk_is_tcp()) would take it for a struct tcp_sock.  So a
 * socket in wire mode builds its IPv4 header here, as ip_queue_xmit()
 * does for a socket without IP options (tcpfsm has none).
 */

/**
 * tcpfsm_wire_queue_xmit() - send a connection's segment as IP protocol 6.
 * @sk: the socket, in TCP wire mode
 * @skb: the segment, its TCP header in place and checksummed for protocol 6
 *
 * Return: what ip_local_out() returns, or -EHOSTUNREACH without a route
 * (the segment is freed).
 */
int tcpfsm_wire_queue_xmit(struct sock *sk, struct sk_buff *skb)
{
	struct inet_sock *inet = inet_sk(sk);
	struct net *net = sock_net(sk);
	u8 tos = READ_ONCE(inet->tos);
	int ttl = READ_ONCE(inet->uc_ttl);
	struct flowi4 fl4;
	struct rtable *rt;
	struct iphdr *iph;
	int err;

	rcu_read_lock();
	rt = dst_rtable(__sk_dst_check(sk, 0));
	if (!rt) {
		rt = ip_route_output_ports(net, &fl4, sk, inet->inet_daddr,
					   inet->inet_saddr, inet->inet_dport,
					   inet->inet_sport, IPPROTO_TCP,
					   tos & INET_DSCP_MASK,
					   sk->sk_bound_dev_if);
		if (IS_ERR(rt)) {
			rcu_read_unlock();
			kfree_skb(skb);
			return -EHOSTUNREACH;
		}
		sk_setup_caps(sk, &rt->dst);
	}
	skb_dst_set_noref(skb, &rt->dst);

	iph = skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	*((__be16 *)iph) = htons((4 << 12) | (5 << 8) | tos);
	iph->frag_off = ip_dont_fragment(sk, &rt->dst) && !skb->ignore_df ?
			htons(IP_DF) : 0;
	iph->ttl = ttl < 0 ? ip4_dst_hoplimit(&rt->dst) : ttl;
	iph->protocol = IPPROTO_TCP;
	iph->saddr = inet->inet_saddr;
	iph->daddr = inet->inet_daddr;
	ip_select_ident_segs(net, skb, sk, skb_shinfo(skb)->gso_segs ?: 1);
	skb->priority = READ_ONCE(sk->sk_priority);
	skb->mark = READ_ONCE(sk->sk_mark);
	err = ip_local_out(net, sk, skb);
	rcu_read_unlock();
	return err;
}

/*
 * Ports.  In a namespace in TCP wire mode every port tcpfsm holds is also
 * held in Linux TCP's bind table by a kernel TCP socket, bound to
 * 0.0.0.0 and that port without SO_REUSEADDR, and never listening or
 * connected (so never in /proc/net/tcp).  Linux TCP's own rules then do
 * the rest: its bind() of the port fails with EADDRINUSE, its connect()
 * passes over the port when it picks an ephemeral one, and tcpfsm's
 * reservation fails, and so its bind() with EADDRINUSE, on a port Linux
 * TCP holds.  One reservation serves every tcpfsm entry of the port, with
 * a count; the last to go hands it to a work item, since releasing a
 * socket may sleep and ports are given back in softirq too.
 */

/**
 * struct tcpfsm_shadow - a port's reservation in Linux TCP's bind table.
 * @sock: the kernel TCP socket bound to the port
 * @refs: tcpfsm entries holding the port (under the xarray's lock)
 * @dead: link in the list of reservations to release
 */
struct tcpfsm_shadow {
	struct socket *sock;
	unsigned int refs;
	struct llist_node dead;
};

static LLIST_HEAD(tcpfsm_shadow_dead);

static void tcpfsm_shadow_reap(struct work_struct *work)
{
	struct llist_node *list = llist_del_all(&tcpfsm_shadow_dead);
	struct tcpfsm_shadow *s, *next;

	llist_for_each_entry_safe(s, next, list, dead) {
		sock_release(s->sock);
		kfree(s);
	}
}

static DECLARE_WORK(tcpfsm_shadow_work, tcpfsm_shadow_reap);

/* A kernel TCP socket bound to 0.0.0.0:@port, or an errno. */
static int tcpfsm_shadow_make(struct net *net, u16 port, struct socket **res)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	struct socket *sock;
	int err;

	err = sock_create_kern(net, PF_INET, SOCK_STREAM, IPPROTO_TCP, &sock);
	if (err)
		return err;
	err = kernel_bind(sock, (struct sockaddr *)&sin, sizeof(sin));
	if (err) {
		sock_release(sock);
		return err;
	}
	*res = sock;
	return 0;
}

/**
 * tcpfsm_shadow_get() - take a reference on @port's reservation, making it.
 * @net: a namespace in TCP wire mode
 * @port: the port, host order
 *
 * Process context: making a reservation sleeps.  A port whose last
 * reservation was just given back may still be held by it until the work
 * item has run; that is waited for once before the port is called taken.
 *
 * Return: 0, -EADDRINUSE when Linux TCP holds the port, or -ENOMEM.
 */
int tcpfsm_shadow_get(struct net *net, u16 port)
{
	struct tcpfsm_net *tn = tcpfsm_pernet(net);
	struct tcpfsm_shadow *s;
	bool waited = false;
	int err;

	might_sleep();
	mutex_lock(&tn->wire_lock);
	for (;;) {
		if (tcpfsm_shadow_hold(net, port)) {
			err = 0;
			goto out;
		}
		s = kzalloc(sizeof(*s), GFP_KERNEL);
		if (!s) {
			err = -ENOMEM;
			goto out;
		}
		err = tcpfsm_shadow_make(net, port, &s->sock);
		if (!err)
			break;
		kfree(s);
		if (err != -EADDRINUSE || waited)
			goto out;
		flush_work(&tcpfsm_shadow_work);
		waited = true;
	}
	s->refs = 1;
	err = xa_err(xa_store_bh(&tn->shadows, port, s, GFP_KERNEL));
	if (err) {
		sock_release(s->sock);
		kfree(s);
	}
out:
	mutex_unlock(&tn->wire_lock);
	return err;
}

/**
 * tcpfsm_shadow_hold() - take another reference on an existing reservation.
 * @net: the namespace
 * @port: the port, host order
 *
 * Any context.
 *
 * Return: whether the port had a reservation.
 */
bool tcpfsm_shadow_hold(struct net *net, u16 port)
{
	struct tcpfsm_net *tn = tcpfsm_pernet(net);
	struct tcpfsm_shadow *s;

	xa_lock_bh(&tn->shadows);
	s = xa_load(&tn->shadows, port);
	if (s)
		s->refs++;
	xa_unlock_bh(&tn->shadows);
	return s;
}

/**
 * tcpfsm_shadow_put() - drop a reference on @port's reservation.
 * @net: the namespace
 * @port: the port, host order
 *
 * Any context; the last reference hands the socket to the work item.
 */
void tcpfsm_shadow_put(struct net *net, u16 port)
{
	struct tcpfsm_net *tn = tcpfsm_pernet(net);
	struct tcpfsm_shadow *s;

	xa_lock_bh(&tn->shadows);
	s = xa_load(&tn->shadows, port);
	if (!WARN_ON_ONCE(!s) && !--s->refs) {
		__xa_erase(&tn->shadows, port);
		llist_add(&s->dead, &tcpfsm_shadow_dead);
		schedule_work(&tcpfsm_shadow_work);
	}
	xa_unlock_bh(&tn->shadows);
}

/**
 * tcpfsm_wire_init_net() - a new namespace: protocol tcpfsm_ipproto.
 * @net: the namespace
 */
void tcpfsm_wire_init_net(struct net *net)
{
	struct tcpfsm_net *tn = tcpfsm_pernet(net);

	mutex_init(&tn->wire_lock);
	xa_init_flags(&tn->shadows, XA_FLAGS_LOCK_BH);
	tn->wire_hooks = false;
	tn->cfg.wire_proto = tcpfsm_ipproto;
}

/**
 * tcpfsm_wire_exit_net() - a namespace goes: its hook and reservations.
 * @net: the namespace, whose sockets and TIME_WAIT records are gone
 *
 * The kernel sockets of the reservations hold no reference on the
 * namespace, so they are released before it goes.
 */
void tcpfsm_wire_exit_net(struct net *net)
{
	struct tcpfsm_net *tn = tcpfsm_pernet(net);

	if (tn->wire_hooks)
		nf_unregister_net_hooks(net, tcpfsm_wire_ops,
					ARRAY_SIZE(tcpfsm_wire_ops));
	tn->wire_hooks = false;
	flush_work(&tcpfsm_shadow_work);
	WARN_ON_ONCE(!xa_empty(&tn->shadows));
	xa_destroy(&tn->shadows);
	mutex_destroy(&tn->wire_lock);
}

/**
 * tcpfsm_wire_exit() - the module goes: no release may be left pending.
 */
void tcpfsm_wire_exit(void)
{
	flush_work(&tcpfsm_shadow_work);
}
