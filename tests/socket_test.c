// SPDX-License-Identifier: GPL-2.0
/* socket_test.c: socket-level tests of socket(), bind() and getsockname() on AF_TCPFSM. */
/*
 * The base limit (s, times TCPFSM_TIME_SCALE) of the tests without one of
 * their own, at least three times the slowest on a 2-core TCG guest:
 * bind__many_ephemeral_ports_are_distinct, 0.5 s alone, 6.8 s beside two
 * CPU hogs and a compiler.
 */
#define TCPFSM_TEST_BASE_S 20

#include <sys/wait.h>

#include "kselftest_harness.h"
#include "tcpfsm_test.h"

TEST(socket__new_socket_is_in_close)
{
	int fd = tcpfsm_socket();

	ASSERT_LE(0, fd) TH_LOG("socket: %s", strerror(errno));
	EXPECT_EQ(TCPFSM_CLOSE, tcpfsm_state(fd));
	close(fd);
}

TEST(socket__protocol_number_accepted)
{
	int fd = socket(tcpfsm_af(), SOCK_STREAM, wire_proto());

	ASSERT_LE(0, fd);
	close(fd);
}

TEST(socket__datagram_type_refused)
{
	EXPECT_EQ(-1, socket(tcpfsm_af(), SOCK_DGRAM, 0));
	EXPECT_EQ(ESOCKTNOSUPPORT, errno);
	EXPECT_EQ(-1, socket(tcpfsm_af(), SOCK_SEQPACKET, 0));
	EXPECT_EQ(ESOCKTNOSUPPORT, errno);
}

TEST(socket__other_protocol_refused)
{
	EXPECT_EQ(-1, socket(tcpfsm_af(), SOCK_STREAM, IPPROTO_UDP));
	EXPECT_EQ(EPROTONOSUPPORT, errno);
}

TEST(bind__port_zero_picks_ephemeral_port)
{
	char range[64];
	int low, high, port, fd = tcpfsm_socket();

	ASSERT_LE(0, fd);
	ASSERT_LT(0, read_file("/proc/sys/net/ipv4/ip_local_port_range", range,
			       sizeof(range)));
	ASSERT_EQ(2, sscanf(range, "%d %d", &low, &high));
	ASSERT_EQ(0, tcpfsm_bind(fd, "0.0.0.0", 0));
	port = tcpfsm_local_port(fd);
	EXPECT_LE(low, port);
	EXPECT_GE(high, port);
	EXPECT_EQ(TCPFSM_CLOSE, tcpfsm_state(fd));
	close(fd);
}

TEST(bind__getsockname_reports_address_and_family)
{
	struct sockaddr_tcpfsm a;
	socklen_t len = sizeof(a);
	int fd = tcpfsm_socket();

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, tcpfsm_bind(fd, "127.0.0.1", 40123));
	ASSERT_EQ(0, getsockname(fd, (struct sockaddr *)&a, &len));
	EXPECT_EQ(sizeof(a), len);
	EXPECT_EQ(tcpfsm_af(), (int)a.stf_family);
	EXPECT_EQ(htons(40123), (uint16_t)a.stf_port);
	EXPECT_EQ(inet_addr("127.0.0.1"), (in_addr_t)a.stf_addr);
	close(fd);
}

TEST(bind__used_port_gives_eaddrinuse)
{
	int a = tcpfsm_socket(), b = tcpfsm_socket();

	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	ASSERT_EQ(0, tcpfsm_bind(a, "0.0.0.0", 40200));
	EXPECT_EQ(-1, tcpfsm_bind(b, "127.0.0.1", 40200));
	EXPECT_EQ(EADDRINUSE, errno);
	close(a);
	/* Once the owner is closed the port is free again. */
	EXPECT_EQ(0, tcpfsm_bind(b, "127.0.0.1", 40200));
	close(b);
}

TEST(bind__reuseaddr_on_new_socket_alone_still_eaddrinuse)
{
	int one = 1, a = tcpfsm_socket(), b = tcpfsm_socket();

	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	ASSERT_EQ(0, tcpfsm_bind(a, "0.0.0.0", 40201));
	ASSERT_EQ(0, setsockopt(b, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	EXPECT_EQ(-1, tcpfsm_bind(b, "0.0.0.0", 40201));
	EXPECT_EQ(EADDRINUSE, errno);
	close(a);
	close(b);
}

TEST(bind__second_bind_gives_einval)
{
	int fd = tcpfsm_socket();

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, tcpfsm_bind(fd, "0.0.0.0", 0));
	EXPECT_EQ(-1, tcpfsm_bind(fd, "0.0.0.0", 0));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
}

TEST(bind__short_sockaddr_gives_einval)
{
	struct sockaddr_tcpfsm a = tcpfsm_addr("127.0.0.1", 40300);
	int fd = tcpfsm_socket();

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, bind(fd, (struct sockaddr *)&a, sizeof(a) - 1));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
}

TEST(bind__wrong_family_gives_eafnosupport)
{
	struct sockaddr_tcpfsm a = tcpfsm_addr("127.0.0.1", 40301);
	int fd = tcpfsm_socket();

	ASSERT_LE(0, fd);
	a.stf_family = AF_INET;
	EXPECT_EQ(-1, bind(fd, (struct sockaddr *)&a, sizeof(a)));
	EXPECT_EQ(EAFNOSUPPORT, errno);
	close(fd);
}

TEST(bind__foreign_address_gives_eaddrnotavail)
{
	int fd = tcpfsm_socket();

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, tcpfsm_bind(fd, "192.0.2.1", 40302));
	EXPECT_EQ(EADDRNOTAVAIL, errno);
	close(fd);
}

TEST(bind__privileged_port_as_root_allowed)
{
	int fd = tcpfsm_socket();

	ASSERT_LE(0, fd);
	EXPECT_EQ(0, tcpfsm_bind(fd, "0.0.0.0", 80));
	close(fd);
}

/* Run @fn as user nobody in a child; its return value is the exit status. */
static int as_nobody(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(2);
		_exit(fn());
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int bind_port_81(void)
{
	int fd = tcpfsm_socket();

	if (fd < 0)
		return 3;
	if (tcpfsm_bind(fd, "0.0.0.0", 81) == 0)
		return 4;
	return errno == EACCES ? 0 : 5;
}

static int bind_port_40400(void)
{
	int fd = tcpfsm_socket();

	if (fd < 0)
		return 3;
	return tcpfsm_bind(fd, "0.0.0.0", 40400) ? 4 : 0;
}

TEST(bind__privileged_port_unprivileged_gives_eacces)
{
	EXPECT_EQ(0, as_nobody(bind_port_81));
}

TEST(bind__unprivileged_user_may_bind_high_port)
{
	EXPECT_EQ(0, as_nobody(bind_port_40400));
}

TEST(bind__many_ephemeral_ports_are_distinct)
{
	enum { N = 200 };
	int fds[N], ports[N], i, j;

	for (i = 0; i < N; i++) {
		fds[i] = tcpfsm_socket();
		ASSERT_LE(0, fds[i]);
		ASSERT_EQ(0, tcpfsm_bind(fds[i], "0.0.0.0", 0));
		ports[i] = tcpfsm_local_port(fds[i]);
	}
	for (i = 0; i < N; i++)
		for (j = i + 1; j < N; j++)
			EXPECT_NE(ports[i], ports[j]);
	for (i = 0; i < N; i++)
		close(fds[i]);
}

TEST_HARNESS_MAIN
