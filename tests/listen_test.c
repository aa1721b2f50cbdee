// SPDX-License-Identifier: GPL-2.0
/* listen_test.c: who owns an address: connect() on a listener. */
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

TEST_HARNESS_MAIN
