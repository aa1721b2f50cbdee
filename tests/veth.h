/* SPDX-License-Identifier: GPL-2.0 */
/* veth.h: the two-namespace fixture (veth, static neighbours) the netns and stream tests share. */
#ifndef TCPFSM_VETH_H
#define TCPFSM_VETH_H

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>

#include "kselftest_harness.h"
#include "tcpfsm_test.h"

/*
 * Two namespaces, A (10.200.0.1) and B (10.200.0.2), joined by a veth pair
 * with static neighbour entries (so netem cannot eat ARP).  Sockets are made
 * in either by switching the test's own namespace with setns().
 */
FIXTURE(veth) {
	char a[32], b[32];
	int home, nsa, nsb;
};

static inline int sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* The number shell command @cmd prints, or -1. */
static inline int sh_int(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	int n = -1;

	if (!p)
		return -1;
	if (fscanf(p, "%d", &n) != 1)
		n = -1;
	pclose(p);
	return n;
}

static inline int ns_open(const char *name)
{
	char path[64];

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	return open(path, O_RDONLY);
}

/* A tcpfsm socket in namespace @ns. */
static inline int socket_in(int ns, int home)
{
	int fd;

	if (setns(ns, CLONE_NEWNET))
		return -1;
	fd = tcpfsm_socket();
	setns(home, CLONE_NEWNET);
	return fd;
}

/* Read a stat counter of namespace @ns. */
static inline long stat_in(int ns, int home, const char *name)
{
	long v;

	setns(ns, CLONE_NEWNET);
	v = tcpfsm_stat(name);
	setns(home, CLONE_NEWNET);
	return v;
}

static inline int proc_state_in(int ns, int home, uint16_t rport, uint16_t lport)
{
	int v;

	setns(ns, CLONE_NEWNET);
	v = proc_state(rport, lport);
	setns(home, CLONE_NEWNET);
	return v;
}

FIXTURE_SETUP(veth)
{
	snprintf(self->a, sizeof(self->a), "tfa%d", getpid());
	snprintf(self->b, sizeof(self->b), "tfb%d", getpid());
	ASSERT_EQ(0, sh("ip netns add %s && ip netns add %s", self->a, self->b));
	ASSERT_EQ(0, sh("ip link add va netns %s type veth peer vb netns %s",
			self->a, self->b));
	ASSERT_EQ(0, sh("ip -n %s addr add 10.200.0.1/24 dev va && "
			"ip -n %s addr add 10.200.0.2/24 dev vb && "
			"ip -n %s link set va up && ip -n %s link set vb up && "
			"ip -n %s link set lo up && ip -n %s link set lo up",
			self->a, self->b, self->a, self->b, self->a, self->b));
	ASSERT_EQ(0, sh("ip -n %s neigh add 10.200.0.2 dev va lladdr "
			"$(ip -n %s -br link show vb | awk '{print $3}') nud permanent && "
			"ip -n %s neigh add 10.200.0.1 dev vb lladdr "
			"$(ip -n %s -br link show va | awk '{print $3}') nud permanent",
			self->a, self->b, self->b, self->a));
	self->home = open("/proc/self/ns/net", O_RDONLY);
	self->nsa = ns_open(self->a);
	self->nsb = ns_open(self->b);
	ASSERT_LE(0, self->nsa);
	ASSERT_LE(0, self->nsb);
	signal(SIGPIPE, SIG_IGN);
}

FIXTURE_TEARDOWN(veth)
{
	setns(self->home, CLONE_NEWNET);
	close(self->nsa);
	close(self->nsb);
	close(self->home);
	sh("ip netns del %s; ip netns del %s", self->a, self->b);
}

static inline void delay_both(struct __test_metadata *_metadata,
		       FIXTURE_DATA(veth) *self, int ms)
{
	ASSERT_EQ(0, sh("ip netns exec %s tc qdisc add dev va root netem delay %dms && "
			"ip netns exec %s tc qdisc add dev vb root netem delay %dms",
			self->a, ms, self->b, ms));
}

/* Close with SO_LINGER {1, 0}: a RST, no orphan left behind. */
static inline void abort_close(int fd)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(fd);
}

static inline int connect_nb(int fd, const char *ip, uint16_t port)
{
	struct sockaddr_tcpfsm a = tcpfsm_addr(ip, port);

	fcntl(fd, F_SETFL, O_NONBLOCK);
	return connect(fd, (struct sockaddr *)&a, sizeof(a));
}

#endif /* TCPFSM_VETH_H */
