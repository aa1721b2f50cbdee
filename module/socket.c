// SPDX-License-Identifier: GPL-2.0
/* socket.c: the AF_TCPFSM family: socket creation, the proto_ops system calls, release. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/net.h>
#include <net/inet_common.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/sock.h>

#include "tcpfsm.h"

static struct proto tcpfsm_prot = {
	.name		= "TCPFSM",
	.owner		= THIS_MODULE,
	.obj_size	= sizeof(struct tcpfsm_sock),
};

static int tcpfsm_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (!sk)
		return 0;
	lock_sock(sk);
	tcpfsm_port_put(sk);
	sock_orphan(sk);
	sock->sk = NULL;
	release_sock(sk);
	sock_put(sk);
	return 0;
}

static int tcpfsm_bind(struct socket *sock, struct sockaddr *uaddr, int len)
{
	DECLARE_SOCKADDR(struct sockaddr_tcpfsm *, addr, uaddr);
	struct sock *sk = sock->sk;
	struct net *net = sock_net(sk);
	u16 port;
	int err;

	if (len < (int)sizeof(*addr))
		return -EINVAL;
	if (addr->stf_family != tcpfsm_family)
		return -EAFNOSUPPORT;
	if (addr->stf_addr != htonl(INADDR_ANY) &&
	    inet_addr_type(net, addr->stf_addr) != RTN_LOCAL)
		return -EADDRNOTAVAIL;
	port = ntohs(addr->stf_port);
	if (port && inet_port_requires_bind_service(net, port) &&
	    !ns_capable(net->user_ns, CAP_NET_BIND_SERVICE))
		return -EACCES;

	lock_sock(sk);
	if (sk->sk_state != TCPFSM_CLOSE || sk->sk_num)
		err = -EINVAL;
	else
		err = tcpfsm_port_get(sk, addr->stf_addr, port);
	release_sock(sk);
	return err;
}

static int tcpfsm_getname(struct socket *sock, struct sockaddr *uaddr,
			  int peer)
{
	DECLARE_SOCKADDR(struct sockaddr_tcpfsm *, addr, uaddr);
	struct sock *sk = sock->sk;
	const struct inet_sock *inet = inet_sk(sk);
	int err = sizeof(*addr);

	memset(addr, 0, sizeof(*addr));
	addr->stf_family = tcpfsm_family;
	lock_sock(sk);
	if (peer) {
		if (!inet->inet_dport)
			err = -ENOTCONN;
		addr->stf_port = inet->inet_dport;
		addr->stf_addr = inet->inet_daddr;
	} else {
		addr->stf_port = inet->inet_sport;
		addr->stf_addr = inet->inet_rcv_saddr;
	}
	release_sock(sk);
	return err;
}

static int tcpfsm_no_conn(struct socket *sock, struct sockaddr *uaddr,
			  int len, int flags)
{
	return -EOPNOTSUPP;
}

static int tcpfsm_setsockopt(struct socket *sock, int level, int optname,
			     sockptr_t optval, unsigned int optlen)
{
	return -ENOPROTOOPT;
}

static void tcpfsm_get_info(struct sock *sk, struct tcpfsm_info *info)
{
	memset(info, 0, sizeof(*info));
	info->tcpi_state = READ_ONCE(sk->sk_state);
}

static int tcpfsm_getsockopt(struct socket *sock, int level, int optname,
			     char __user *optval, int __user *optlen)
{
	struct tcpfsm_info info;
	int len;

	if (level != SOL_TCPFSM)
		return -ENOPROTOOPT;
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;

	switch (optname) {
	case TCPFSM_INFO:
		lock_sock(sock->sk);
		tcpfsm_get_info(sock->sk, &info);
		release_sock(sock->sk);
		len = min_t(unsigned int, len, sizeof(info));
		if (put_user(len, optlen) || copy_to_user(optval, &info, len))
			return -EFAULT;
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

/*
 * The socket calls.  .family is informational (the core only ever compares
 * it with PF_UNIX), so the default number stands even under family=.
 */
static const struct proto_ops tcpfsm_ops = {
	.family		= PF_TCPFSM,
	.owner		= THIS_MODULE,
	.release	= tcpfsm_release,
	.bind		= tcpfsm_bind,
	.connect	= tcpfsm_no_conn,
	.socketpair	= sock_no_socketpair,
	.accept		= sock_no_accept,
	.getname	= tcpfsm_getname,
	.ioctl		= sock_no_ioctl,
	.listen		= sock_no_listen,
	.shutdown	= sock_no_shutdown,
	.setsockopt	= tcpfsm_setsockopt,
	.getsockopt	= tcpfsm_getsockopt,
	.sendmsg	= sock_no_sendmsg,
	.recvmsg	= sock_no_recvmsg,
	.mmap		= sock_no_mmap,
};

static int tcpfsm_create(struct net *net, struct socket *sock, int protocol,
			 int kern)
{
	struct sock *sk;

	if (sock->type != SOCK_STREAM)
		return -ESOCKTNOSUPPORT;
	if (protocol && protocol != tcpfsm_ipproto)
		return -EPROTONOSUPPORT;

	sk = sk_alloc(net, tcpfsm_family, GFP_KERNEL, &tcpfsm_prot, kern);
	if (!sk)
		return -ENOBUFS;
	sock->ops = &tcpfsm_ops;
	sock->state = SS_UNCONNECTED;
	sock_init_data(sock, sk);
	sk->sk_protocol = tcpfsm_ipproto;
	sk->sk_state = TCPFSM_CLOSE;
	INIT_HLIST_NODE(&tcpfsm_sk(sk)->bind_node);
	inet_sk(sk)->uc_ttl = -1;
	return 0;
}

/* Not const either: .family is the module parameter. */
static struct net_proto_family tcpfsm_family_ops = {
	.create	= tcpfsm_create,
	.owner	= THIS_MODULE,
};

/**
 * tcpfsm_socket_register() - register struct proto and the address family.
 *
 * Return: 0, or a negative errno; -EEXIST when the family slot is taken.
 */
int tcpfsm_socket_register(void)
{
	int err;

	err = proto_register(&tcpfsm_prot, 1);
	if (err)
		return err;
	tcpfsm_family_ops.family = tcpfsm_family;
	err = sock_register(&tcpfsm_family_ops);
	if (err) {
		pr_err("address family %d is taken (%d); load with family=<free slot>\n",
		       tcpfsm_family, err);
		proto_unregister(&tcpfsm_prot);
	}
	return err;
}

/**
 * tcpfsm_socket_unregister() - undo tcpfsm_socket_register().
 */
void tcpfsm_socket_unregister(void)
{
	sock_unregister(tcpfsm_family);
	proto_unregister(&tcpfsm_prot);
}
