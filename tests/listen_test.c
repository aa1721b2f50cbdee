// SPDX-License-Identifier: GPL-2.0
/* listen_test.c: who owns an address: listen()'s port check, connect() on a listener, connect()'s address. */
#include <signal.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "tcpfsm_test.h"

/*
 * Every test here is Linux TCP's behaviour too: each passes with
 * TCPFSM_FAMILY=inet.  Sockets that may still be connected are closed with
 * SO_LINGER {1, 0}, so that nothing is left in TIME_WAIT.
 */

static void close_abort(int fd)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	if (fd < 0)
		return;
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(fd);
}

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

				poll(&p, 1, 5000);
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

TEST_HARNESS_MAIN
