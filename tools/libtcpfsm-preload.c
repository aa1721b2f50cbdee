// SPDX-License-Identifier: GPL-2.0
/*
 * libtcpfsm-preload.c: LD_PRELOAD=libtcpfsm-preload.so PROGRAM runs
 * PROGRAM's IPv4 TCP sockets over AF_TCPFSM.
 *
 * socket(AF_INET, SOCK_STREAM[|flags], 0 or IPPROTO_TCP) makes an
 * AF_TCPFSM socket instead; every other socket is left alone.  The
 * descriptors are real kernel sockets, so poll, epoll, select, fork and
 * exec need nothing.  Addresses cross the API as AF_INET: bind() and
 * connect(), sendto() and sendmsg() take sockaddr_in (sockaddr_tcpfsm has
 * its layout, only the family differs), accept(), accept4(),
 * getsockname(), getpeername(), recvfrom() and recvmsg() give sockaddr_in
 * back, and getsockopt() answers SO_DOMAIN with AF_INET and SO_PROTOCOL
 * with IPPROTO_TCP.  Everything else goes to tcpfsm unchanged: it takes
 * TCP's option numbers, and TCP_INFO gives Linux's struct tcp_info.
 *
 * TCPFSM_PRELOAD_PORTS=P1,P2,... takes only the sockets that bind() or
 * connect() to one of those ports: such a socket starts as AF_INET and is
 * replaced, descriptor number kept (dup3()), by an AF_TCPFSM socket at
 * that call, with its O_NONBLOCK, close-on-exec, SO_REUSEADDR,
 * SO_KEEPALIVE, SO_LINGER, TCP_NODELAY and local address carried over.
 * What that cannot carry: other options, an epoll registration made
 * before the call, copies of the descriptor (dup(), fork()) made before
 * it.  Unset or "all": every IPv4 TCP socket, from socket() on.
 *
 * Where the module is not loaded (socket() fails with EAFNOSUPPORT), the
 * real call is made, after one message on stderr.  The library's own
 * calls leave errno as the program's call sets it.  Static binaries and
 * programs that make system calls themselves (Go) are not reached:
 * seccomp user notification (SECCOMP_RET_USER_NOTIF) could reach them.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tcpfsm-param.h"

#define MAX_PORTS 64

static struct {
	int (*socket)(int, int, int);
	int (*bind)(int, const struct sockaddr *, socklen_t);
	int (*connect)(int, const struct sockaddr *, socklen_t);
	int (*accept)(int, struct sockaddr *, socklen_t *);
	int (*accept4)(int, struct sockaddr *, socklen_t *, int);
	int (*getsockname)(int, struct sockaddr *, socklen_t *);
	int (*getpeername)(int, struct sockaddr *, socklen_t *);
	ssize_t (*recvfrom)(int, void *, size_t, int, struct sockaddr *,
			    socklen_t *);
	ssize_t (*recvmsg)(int, struct msghdr *, int);
	ssize_t (*sendto)(int, const void *, size_t, int,
			  const struct sockaddr *, socklen_t);
	ssize_t (*sendmsg)(int, const struct msghdr *, int);
	int (*getsockopt)(int, int, int, void *, socklen_t *);
} real;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int af_tcpfsm;		/* the loaded module's family */
static bool all_ports = true;
static unsigned short ports[MAX_PORTS];
static int nports;
static __thread int inside;	/* a call of ours is under way */

static void init(void)
{
	const char *sel = getenv("TCPFSM_PRELOAD_PORTS");

	real.socket = dlsym(RTLD_NEXT, "socket");
	real.bind = dlsym(RTLD_NEXT, "bind");
	real.connect = dlsym(RTLD_NEXT, "connect");
	real.accept = dlsym(RTLD_NEXT, "accept");
	real.accept4 = dlsym(RTLD_NEXT, "accept4");
	real.getsockname = dlsym(RTLD_NEXT, "getsockname");
	real.getpeername = dlsym(RTLD_NEXT, "getpeername");
	real.recvfrom = dlsym(RTLD_NEXT, "recvfrom");
	real.recvmsg = dlsym(RTLD_NEXT, "recvmsg");
	real.sendto = dlsym(RTLD_NEXT, "sendto");
	real.sendmsg = dlsym(RTLD_NEXT, "sendmsg");
	real.getsockopt = dlsym(RTLD_NEXT, "getsockopt");
	af_tcpfsm = tcpfsm_param("family", AF_TCPFSM);
	if (sel && *sel && strcmp(sel, "all")) {
		char *copy = strdup(sel), *tok, *save = NULL;

		all_ports = false;
		for (tok = strtok_r(copy, ",", &save); tok && nports < MAX_PORTS;
		     tok = strtok_r(NULL, ",", &save))
			ports[nports++] = (unsigned short)atoi(tok);
		free(copy);
	}
}

static void setup(void)
{
	int err = errno;

	pthread_once(&once, init);
	errno = err;
}

/* Whether @fd is an AF_TCPFSM socket. */
static bool is_tcpfsm(int fd)
{
	int dom = -1;
	socklen_t len = sizeof(dom);

	return !real.getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &dom, &len) &&
	       dom == af_tcpfsm;
}

/* Whether @fd is an AF_INET stream socket of TCP. */
static bool is_inet_tcp(int fd)
{
	int dom = -1, type = -1, proto = -1;
	socklen_t len = sizeof(int);

	if (real.getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &dom, &len))
		return false;
	len = sizeof(int);
	real.getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len);
	len = sizeof(int);
	real.getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &len);
	return dom == AF_INET && type == SOCK_STREAM && proto == IPPROTO_TCP;
}

/* Ports mode: whether @port is one of TCPFSM_PRELOAD_PORTS. */
static bool port_selected(unsigned short port)
{
	int i;

	for (i = 0; i < nports; i++)
		if (ports[i] == port)
			return true;
	return false;
}

/* An AF_TCPFSM socket of @type, or -1 (the message once, if no module). */
static int tcpfsm_sock(int type)
{
	static int warned;
	int fd = real.socket(af_tcpfsm, type, 0);

	if (fd < 0 && errno == EAFNOSUPPORT &&
	    !__atomic_exchange_n(&warned, 1, __ATOMIC_RELAXED))
		fprintf(stderr, "libtcpfsm-preload: AF_TCPFSM (%d) is not "
			"available (is tcpfsm.ko loaded?): using TCP\n",
			af_tcpfsm);
	return fd;
}

int socket(int domain, int type, int protocol)
{
	int fd, err = errno;

	setup();
	if (inside || domain != AF_INET || (type & 0xf) != SOCK_STREAM ||
	    (protocol && protocol != IPPROTO_TCP) || !all_ports)
		return real.socket(domain, type, protocol);
	inside = 1;
	fd = tcpfsm_sock(type);
	inside = 0;
	if (fd >= 0 || errno != EAFNOSUPPORT)
		return fd;
	errno = err;
	return real.socket(domain, type, protocol);
}

/*
 * Ports mode: replace the AF_INET socket @fd by an AF_TCPFSM one under
 * the same number, keeping what a program sets before bind or connect.
 */
static void take_over(int fd)
{
	static const int opts[][2] = {
		{ SOL_SOCKET, SO_REUSEADDR }, { SOL_SOCKET, SO_KEEPALIVE },
		{ IPPROTO_TCP, TCP_NODELAY },
	};
	int fl = fcntl(fd, F_GETFL), fdfl = fcntl(fd, F_GETFD), nfd, v;
	struct sockaddr_in sin;
	struct linger lg;
	socklen_t len;
	size_t i;

	nfd = tcpfsm_sock(SOCK_STREAM);
	if (nfd < 0)
		return;
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		len = sizeof(v);
		if (!real.getsockopt(fd, opts[i][0], opts[i][1], &v, &len) && v)
			setsockopt(nfd, opts[i][0], opts[i][1], &v, sizeof(v));
	}
	len = sizeof(lg);
	if (!real.getsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, &len) && lg.l_onoff)
		setsockopt(nfd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	/* Bound before a connect(): the new socket takes the same address. */
	len = sizeof(sin);
	if (!real.getsockname(fd, (struct sockaddr *)&sin, &len) &&
	    sin.sin_family == AF_INET && (sin.sin_port || sin.sin_addr.s_addr)) {
		sin.sin_family = af_tcpfsm;
		if (real.bind(nfd, (struct sockaddr *)&sin, sizeof(sin))) {
			close(nfd);
			return;
		}
	}
	if (fl >= 0)
		fcntl(nfd, F_SETFL, fl & O_NONBLOCK);
	/* On failure @fd stays the AF_INET socket it was. */
	dup3(nfd, fd, (fdfl >= 0 && (fdfl & FD_CLOEXEC)) ? O_CLOEXEC : 0);
	close(nfd);
}

/*
 * The address @addr of @len bytes for tcpfsm's socket @fd: an AF_INET
 * one with the family changed, copied into @buf (the kernel reads @len
 * bytes, at most a sockaddr_storage, or refuses more).  Return: what to
 * pass on.  errno is left as it was.
 */
static const struct sockaddr *to_tcpfsm(int fd, const struct sockaddr *addr,
					socklen_t len,
					struct sockaddr_storage *buf,
					bool may_take)
{
	int err = errno;

	if (!addr || len < sizeof(struct sockaddr_in) ||
	    addr->sa_family != AF_INET)
		return addr;
	if (may_take && !all_ports && is_inet_tcp(fd) &&
	    port_selected(ntohs(((const struct sockaddr_in *)addr)->sin_port)))
		take_over(fd);
	if (!is_tcpfsm(fd)) {
		errno = err;
		return addr;
	}
	memcpy(buf, addr, len < sizeof(*buf) ? len : sizeof(*buf));
	buf->ss_family = af_tcpfsm;
	errno = err;
	return (const struct sockaddr *)buf;
}

/*
 * An address tcpfsm returned into @addr, a buffer of @cap bytes, shown as
 * AF_INET.
 */
static void to_inet(struct sockaddr *addr, socklen_t cap, const socklen_t *len)
{
	if (addr && len && cap >= sizeof(sa_family_t) &&
	    *len >= sizeof(sa_family_t) && addr->sa_family == af_tcpfsm)
		addr->sa_family = AF_INET;
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	struct sockaddr_storage buf;
	int ret;

	setup();
	if (inside)
		return real.bind(fd, addr, len);
	inside = 1;
	addr = to_tcpfsm(fd, addr, len, &buf, true);
	inside = 0;
	ret = real.bind(fd, addr, len);
	return ret;
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	struct sockaddr_storage buf;

	setup();
	if (inside)
		return real.connect(fd, addr, len);
	inside = 1;
	addr = to_tcpfsm(fd, addr, len, &buf, true);
	inside = 0;
	return real.connect(fd, addr, len);
}

int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
	socklen_t cap;
	int ret;

	setup();
	cap = len ? *len : 0;
	ret = real.accept(fd, addr, len);
	if (ret >= 0)
		to_inet(addr, cap, len);
	return ret;
}

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
	socklen_t cap;
	int ret;

	setup();
	cap = len ? *len : 0;
	ret = real.accept4(fd, addr, len, flags);
	if (ret >= 0)
		to_inet(addr, cap, len);
	return ret;
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	socklen_t cap;
	int ret;

	setup();
	cap = len ? *len : 0;
	ret = real.getsockname(fd, addr, len);
	if (!ret)
		to_inet(addr, cap, len);
	return ret;
}

int getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
	socklen_t cap;
	int ret;

	setup();
	cap = len ? *len : 0;
	ret = real.getpeername(fd, addr, len);
	if (!ret)
		to_inet(addr, cap, len);
	return ret;
}

ssize_t recvfrom(int fd, void *buf, size_t n, int flags,
		 struct sockaddr *addr, socklen_t *len)
{
	socklen_t cap;
	ssize_t ret;

	setup();
	cap = len ? *len : 0;
	ret = real.recvfrom(fd, buf, n, flags, addr, len);
	if (ret >= 0)
		to_inet(addr, cap, len);
	return ret;
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	socklen_t cap = msg ? msg->msg_namelen : 0;
	ssize_t ret;

	setup();
	ret = real.recvmsg(fd, msg, flags);
	if (ret >= 0 && msg)
		to_inet(msg->msg_name, cap, &msg->msg_namelen);
	return ret;
}

ssize_t sendto(int fd, const void *buf, size_t n, int flags,
	       const struct sockaddr *addr, socklen_t len)
{
	struct sockaddr_storage sin;

	setup();
	if (addr && !inside) {
		inside = 1;
		addr = to_tcpfsm(fd, addr, len, &sin, false);
		inside = 0;
	}
	return real.sendto(fd, buf, n, flags, addr, len);
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	struct sockaddr_storage sin;
	struct msghdr m;

	setup();
	if (!msg || !msg->msg_name || inside)
		return real.sendmsg(fd, msg, flags);
	m = *msg;
	inside = 1;
	m.msg_name = (void *)to_tcpfsm(fd, msg->msg_name, msg->msg_namelen,
				       &sin, false);
	inside = 0;
	return real.sendmsg(fd, &m, flags);
}

/* SO_DOMAIN and SO_PROTOCOL of a tcpfsm socket: what TCP's would say. */
int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	int ret;

	setup();
	ret = real.getsockopt(fd, level, name, val, len);
	if (ret || inside || level != SOL_SOCKET ||
	    (name != SO_DOMAIN && name != SO_PROTOCOL) ||
	    !val || !len || *len < sizeof(int))
		return ret;
	if (name == SO_DOMAIN && *(int *)val == af_tcpfsm)
		*(int *)val = AF_INET;
	else if (name == SO_PROTOCOL && is_tcpfsm(fd))
		*(int *)val = IPPROTO_TCP;
	return ret;
}
