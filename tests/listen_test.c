// SPDX-License-Identifier: GPL-2.0
/* listen_test.c: who owns an address: listen()'s port check, connect() on a listener, connect()'s port and address. */
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>

/*
 * Quick system calls and handshakes on loopback; the slowest, connect() on
 * a listener while clients connect, took 23 s on 2 cores beside two CPU
 * hogs and a compiler.
 */
#define TCPFSM_TEST_BASE_S 40

#include "kselftest_harness.h"
#include "tcpfsm_test.h"

/*
 * Every test here is Linux TCP's behaviour too: each passes with
 * TCPFSM_FAMILY=inet.  Sockets that may still be connected are closed with
 * SO_LINGER {1, 0}, so that nothing is left in TIME_WAIT.
 */

static int set_reuseaddr(int fd)
{
	int one = 1;

	return setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
}

static int connect_to(int fd, const char *ip, uint16_t port)
{
	struct sockaddr_tcpfsm a = tcpfsm_addr(ip, port);

	return connect(fd, (struct sockaddr *)&a, sizeof(a));
}

/* A socket bound to 127.0.0.1 that does not listen: its port refuses. */
static int refusing_port(int *fd)
{
	*fd = tcpfsm_socket();
	if (*fd < 0 || tcpfsm_bind(*fd, "127.0.0.1", 0))
		return -1;
	return tcpfsm_local_port(*fd);
}

/* A connection to @port accepted by @lfd: 0 when it completes. */
static int accepts_a_connection(int lfd, uint16_t port)
{
	int cfd = tcpfsm_socket(), sfd = -1, ret = -1;

	if (cfd >= 0 && !connect_to(cfd, "127.0.0.1", port)) {
		sfd = accept(lfd, NULL, NULL);
		ret = sfd < 0 ? -1 : 0;
	}
	close_abort(sfd);
	close_abort(cfd);
	return ret;
}

/* ---- connect() on a listener ---- */

TEST(connect__on_a_listener_gives_eisconn)
{
	int lfd = tcpfsm_socket(), rfd, rport, lport;

	ASSERT_LE(0, lfd);
	ASSERT_EQ(0, tcpfsm_bind(lfd, "127.0.0.1", 0));
	ASSERT_EQ(0, listen(lfd, 8));
	lport = tcpfsm_local_port(lfd);
	rport = refusing_port(&rfd);
	ASSERT_LT(0, rport);

	EXPECT_EQ(-1, connect_to(lfd, "127.0.0.1", rport));
	EXPECT_EQ(EISCONN, errno);
	fcntl(lfd, F_SETFL, O_NONBLOCK);
	EXPECT_EQ(-1, connect_to(lfd, "127.0.0.1", rport));
	EXPECT_EQ(EISCONN, errno);
	fcntl(lfd, F_SETFL, 0);
	/* Still the listener it was. */
	EXPECT_EQ(TCPFSM_LISTEN, tcpfsm_state(lfd));
	EXPECT_EQ(0, accepts_a_connection(lfd, lport));
	close(rfd);
	close(lfd);
}

/*
 * connect() on the listener on one CPU while the handshakes of its
 * children complete on the other (the guest has two): each call must be
 * refused and leave the listener and its queues alone.  A race is not
 * reproduced deterministically this way; KASAN, lockdep and DEBUG_LIST in
 * the test kernel watch the rest.
 */
TEST(connect__on_a_listener_while_clients_connect_gives_eisconn)
{
	enum { ROUNDS = 60, CLIENTS = 12 };
	int round, rfd, rport, refused = 0, other = 0, accepted = 0;

	rport = refusing_port(&rfd);
	ASSERT_LT(0, rport);
	for (round = 0; round < ROUNDS; round++) {
		int lfd = tcpfsm_socket(), status, sfd, lport;
		pid_t pid;

		ASSERT_LE(0, lfd);
		ASSERT_EQ(0, tcpfsm_bind(lfd, "127.0.0.1", 0));
		ASSERT_EQ(0, listen(lfd, CLIENTS));
		lport = tcpfsm_local_port(lfd);
		pid = fork();
		ASSERT_LE(0, pid);
		if (pid == 0) {
			int fds[CLIENTS], i;

			for (i = 0; i < CLIENTS; i++) {
				fds[i] = tcpfsm_socket();
				fcntl(fds[i], F_SETFL, O_NONBLOCK);
				connect_to(fds[i], "127.0.0.1", lport);
			}
			for (i = 0; i < CLIENTS; i++) {
				struct pollfd p = { .fd = fds[i],
						    .events = POLLOUT };

				poll(&p, 1, tcpfsm_scaled_ms(5000));
				close_abort(fds[i]);
			}
			_exit(0);
		}
		fcntl(lfd, F_SETFL, O_NONBLOCK);
		while (waitpid(pid, &status, WNOHANG) == 0) {
			if (connect_to(lfd, "127.0.0.1", rport) == 0)
				other++;
			else if (errno == EISCONN)
				refused++;
			else if (errno != EALREADY)
				other++;
			while ((sfd = accept(lfd, NULL, NULL)) >= 0) {
				accepted++;
				close_abort(sfd);
			}
		}
		EXPECT_TRUE(WIFEXITED(status));
		EXPECT_EQ(TCPFSM_LISTEN, tcpfsm_state(lfd));
		close(lfd);
	}
	close(rfd);
	EXPECT_EQ(0, other);
	EXPECT_LT(0, refused);
	EXPECT_LT(0, accepted);
}

/* ---- listen() checks the port again ---- */

TEST(listen__second_listener_on_reuseaddr_port_gives_eaddrinuse)
{
	int a = tcpfsm_socket(), b = tcpfsm_socket(), c = tcpfsm_socket();
	int port;

	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	ASSERT_LE(0, c);
	ASSERT_EQ(0, set_reuseaddr(a));
	ASSERT_EQ(0, set_reuseaddr(b));
	ASSERT_EQ(0, set_reuseaddr(c));
	ASSERT_EQ(0, tcpfsm_bind(a, "127.0.0.1", 0));
	port = tcpfsm_local_port(a);
	/* Bound, not listening: SO_REUSEADDR on both lets them share. */
	ASSERT_EQ(0, tcpfsm_bind(b, "127.0.0.1", port));
	ASSERT_EQ(0, tcpfsm_bind(c, "0.0.0.0", port));

	ASSERT_EQ(0, listen(a, 8));
	EXPECT_EQ(-1, listen(b, 8));
	EXPECT_EQ(EADDRINUSE, errno);
	EXPECT_EQ(TCPFSM_CLOSE, tcpfsm_state(b));
	/* The wildcard overlaps 127.0.0.1 too. */
	EXPECT_EQ(-1, listen(c, 8));
	EXPECT_EQ(EADDRINUSE, errno);
	EXPECT_EQ(TCPFSM_CLOSE, tcpfsm_state(c));
	/* New connections still go to the first listener. */
	EXPECT_EQ(0, accepts_a_connection(a, port));

	/* Once it is gone, the next may listen. */
	close(a);
	EXPECT_EQ(0, listen(b, 8));
	EXPECT_EQ(0, accepts_a_connection(b, port));
	close(b);
	close(c);
}

/*
 * A port bound by number stays the socket's through a failed connect()
 * (one bind() picked is let go, in Linux too), and listen() keeps it.
 */
TEST(listen__after_failed_connect_keeps_its_port)
{
	int a = tcpfsm_socket(), b = tcpfsm_socket(), rfd, rport;
	const int port = 20501;	/* below the ephemeral range */

	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	rport = refusing_port(&rfd);
	ASSERT_LT(0, rport);
	ASSERT_EQ(0, tcpfsm_bind(a, "127.0.0.1", port));
	EXPECT_EQ(-1, connect_to(a, "127.0.0.1", rport));
	EXPECT_EQ(ECONNREFUSED, errno);
	ASSERT_EQ(0, listen(a, 8));
	EXPECT_EQ(port, tcpfsm_local_port(a));
	/* The listener owns its port: nobody else binds or listens there. */
	EXPECT_EQ(-1, tcpfsm_bind(b, "127.0.0.1", port));
	EXPECT_EQ(EADDRINUSE, errno);
	EXPECT_EQ(0, accepts_a_connection(a, port));
	close(b);
	close(a);
	close(rfd);
}

/* ---- connect()'s addresses ---- */

TEST(connect__to_any_address_reaches_loopback)
{
	int lfd = tcpfsm_socket(), cfd = tcpfsm_socket(), sfd, port;
	struct timeval tmo = { .tv_sec = 10 };
	struct sockaddr_tcpfsm peer;
	socklen_t len = sizeof(peer);
	char buf[4];

	ASSERT_LE(0, lfd);
	ASSERT_LE(0, cfd);
	ASSERT_EQ(0, tcpfsm_bind(lfd, "127.0.0.1", 0));
	ASSERT_EQ(0, listen(lfd, 8));
	port = tcpfsm_local_port(lfd);
	/* A connect() that went astray would wait out every SYN retry. */
	ASSERT_EQ(0, setsockopt(cfd, SOL_SOCKET, SO_SNDTIMEO, &tmo,
				sizeof(tmo)));

	ASSERT_EQ(0, connect_to(cfd, "0.0.0.0", port)) TH_LOG("connect: %s",
							       strerror(errno));
	ASSERT_EQ(0, getpeername(cfd, (struct sockaddr *)&peer, &len));
	EXPECT_EQ(inet_addr("127.0.0.1"), (in_addr_t)peer.stf_addr);
	EXPECT_EQ(htons(port), (uint16_t)peer.stf_port);
	sfd = accept(lfd, NULL, NULL);
	ASSERT_LE(0, sfd);
	ASSERT_EQ(2, send(cfd, "hi", 2, 0));
	EXPECT_EQ(2, recv(sfd, buf, sizeof(buf), 0));
	close_abort(sfd);
	close_abort(cfd);
	close(lfd);
}

/*
 * In a namespace of its own with four ephemeral ports, 40000-40003 (an
 * even count: Linux's connect() tries one parity, then the other): an
 * explicit bind(port 0) takes one of them for itself; three listeners
 * then get three connections each, ten in all with the fourth below,
 * sharing the three ports left, each port once per destination.  A
 * fourth connection to one listener finds no port (EADDRNOTAVAIL) until
 * the bound socket goes; then no port is left for bind().  Returns 0, or
 * the number of the check that failed.
 */
static int shared_ports(void)
{
	enum { LISTENERS = 3, EACH = 3, LOW = 40000, HIGH = 40003 };
	int lfd[LISTENERS], cfd[LISTENERS][EACH + 1], cport[LISTENERS][EACH];
	int x, xport, y, i, j, k;

	if (unshare(CLONE_NEWNET) || system("ip link set lo up"))
		return 1;
	if (system("echo '40000 40003' > /proc/sys/net/ipv4/ip_local_port_range"))
		return 2;
	x = tcpfsm_socket();
	if (x < 0 || tcpfsm_bind(x, "127.0.0.1", 0))
		return 3;
	xport = tcpfsm_local_port(x);
	if (xport < LOW || xport > HIGH)
		return 4;
	for (i = 0; i < LISTENERS; i++) {
		lfd[i] = tcpfsm_socket();
		if (lfd[i] < 0 || tcpfsm_bind(lfd[i], "127.0.0.1", 50001 + i) ||
		    listen(lfd[i], 16))
			return 5;
	}
	for (j = 0; j < EACH; j++) {
		for (i = 0; i < LISTENERS; i++) {
			cfd[i][j] = tcpfsm_socket();
			if (connect_to(cfd[i][j], "127.0.0.1", 50001 + i))
				return 10 + i * EACH + j;
			cport[i][j] = tcpfsm_local_port(cfd[i][j]);
			if (cport[i][j] < LOW || cport[i][j] > HIGH ||
			    cport[i][j] == xport)
				return 20;
			for (k = 0; k < j; k++)
				if (cport[i][k] == cport[i][j])
					return 21;
		}
	}
	/* Every port but the bound one is in use toward listener 0. */
	cfd[0][EACH] = tcpfsm_socket();
	if (connect_to(cfd[0][EACH], "127.0.0.1", 50001) == 0)
		return 30;
	if (errno != EADDRNOTAVAIL)
		return 31;
	close(cfd[0][EACH]);
	close(x);
	cfd[0][EACH] = tcpfsm_socket();
	if (connect_to(cfd[0][EACH], "127.0.0.1", 50001))
		return 32;
	if (tcpfsm_local_port(cfd[0][EACH]) != xport)
		return 33;
	/* Each port has a connection: bind() keeps ports exclusive. */
	y = tcpfsm_socket();
	if (tcpfsm_bind(y, "127.0.0.1", 0) == 0)
		return 40;
	if (errno != EADDRINUSE)
		return 41;
	close(y);
	for (i = 0; i < LISTENERS; i++)
		for (j = 0; j < EACH; j++)
			close_abort(cfd[i][j]);
	close_abort(cfd[0][EACH]);
	for (i = 0; i < LISTENERS; i++)
		close(lfd[i]);
	return 0;
}

TEST(ports__ephemeral_port_shared_across_destinations)
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(shared_ports());
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
