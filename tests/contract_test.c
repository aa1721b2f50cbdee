// SPDX-License-Identifier: GPL-2.0
/* contract_test.c: details of Documentation/interface.rst: /proc timer column, counters, tracepoint, inheritance. */
#include <sys/mount.h>

#include "kselftest_harness.h"

#define TCPFSM_TEST_BASE_S	30	/* slowest: the tracepoint, well under 5 s */
#include "tcpfsm_test.h"

/*
 * The state and timer columns ("st" and "tr") of the row of local port
 * @lport in /proc/net/tcpfsm (/proc/net/tcp under TCPFSM_FAMILY=inet);
 * 0 when found.
 */
static int proc_row(uint16_t lport, unsigned int *st, unsigned int *tr)
{
	FILE *f = fopen(tcpfsm_family_is_inet() ? "/proc/net/tcp" :
			"/proc/net/tcpfsm", "r");
	char line[256];
	int ret = -1;

	if (!f)
		return -1;
	while (ret && fgets(line, sizeof(line), f)) {
		unsigned int lp, s, t;

		if (sscanf(line, " %*d: %*x:%x %*x:%*x %x %*x:%*x %x:", &lp, &s,
			   &t) == 3 && lp == lport) {
			*st = s;
			*tr = t;
			ret = 0;
		}
	}
	fclose(f);
	return ret;
}

/* A namespace where what comes in of our protocol is dropped: no answer. */
static int silent_net(void)
{
	char match[64];

	snprintf(match, sizeof(match), "meta l4proto %d", tcpfsm_proto());
	return private_net_drop("input", match);
}

/* A client connected to listener @lfd on 127.0.0.1, or -1. */
static int connect_to(int lfd)
{
	struct sockaddr_tcpfsm a = tcpfsm_addr("127.0.0.1", tcpfsm_local_port(lfd));
	int fd = tcpfsm_socket();

	if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* In SYN_SENT the timer is the SYN's retransmission timer: "tr" 1, not 4. */
TEST(proc__syn_sent_timer_is_retransmission_not_probe)
{
	struct sockaddr_tcpfsm a = tcpfsm_addr("127.0.0.1", 6400);
	unsigned int st = 0, tr = 0;
	int fd;

	ASSERT_EQ(0, silent_net());
	fd = tcpfsm_socket();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, fcntl(fd, F_SETFL, O_NONBLOCK));
	ASSERT_EQ(-1, connect(fd, (struct sockaddr *)&a, sizeof(a)));
	ASSERT_EQ(EINPROGRESS, errno);
	ASSERT_EQ(0, proc_row(tcpfsm_local_port(fd), &st, &tr));
	EXPECT_EQ(TCPFSM_SYN_SENT, (int)st);
	EXPECT_EQ(1U, tr);
	close(fd);
}

/* RFC 1213 tcpAttemptFails: SYN_RECV -> LISTEN counts, as in Linux. */
TEST(stat__attempt_fails_counts_a_reset_half_open_child)
{
	uint16_t peer = 6410;
	long fails, back;
	struct wire_seg r;
	int raw, lfd;
	uint16_t port;

	if (tcpfsm_family_is_inet())
		SKIP(return, "tcpfsm's counters");
	ASSERT_EQ(0, wire_private_net(peer));
	raw = wire_open();
	ASSERT_LE(0, raw);
	lfd = tcpfsm_socket();
	ASSERT_EQ(0, tcpfsm_bind(lfd, "127.0.0.1", 0));
	ASSERT_EQ(0, listen(lfd, 4));
	port = tcpfsm_local_port(lfd);
	fails = tcpfsm_stat("AttemptFails");
	back = tcpfsm_stat("SYN_RECV_LISTEN");
	ASSERT_EQ(0, wire_send(raw, peer, port, 5000, 0, F_SYN, 20, 0));
	ASSERT_EQ(1, wire_recv(raw, port, peer, &r, tcpfsm_scaled_ms(5000)));
	ASSERT_EQ(F_SYN | F_ACK, r.flags);
	ASSERT_EQ(0, wire_send(raw, peer, port, 5001, 0, F_RST, 20, 0));
	tcpfsm_sleep_ms(0, 200);
	EXPECT_EQ(back + 1, tcpfsm_stat("SYN_RECV_LISTEN"));
	EXPECT_EQ(fails + 1, tcpfsm_stat("AttemptFails"));
	close(lfd);
	close(raw);
}

/*
 * A listener's SO_LINGER {1, N}: its accepted connections close with a
 * FIN, as the listener's own would (the time comes with the flag).
 */
TEST(linger__accepted_socket_inherits_a_nonzero_linger_time)
{
	struct linger l = { .l_onoff = 1, .l_linger = 5 }, got;
	socklen_t len = sizeof(got);
	int lfd, cfd, sfd;
	char c;

	lfd = tcpfsm_socket();
	ASSERT_LE(0, lfd);
	ASSERT_EQ(0, setsockopt(lfd, SOL_SOCKET, SO_LINGER, &l, sizeof(l)));
	ASSERT_EQ(0, tcpfsm_bind(lfd, "127.0.0.1", 0));
	ASSERT_EQ(0, listen(lfd, 4));
	cfd = connect_to(lfd);
	ASSERT_LE(0, cfd);
	sfd = accept(lfd, NULL, NULL);
	ASSERT_LE(0, sfd);
	ASSERT_EQ(0, getsockopt(sfd, SOL_SOCKET, SO_LINGER, &got, &len));
	EXPECT_EQ(1, got.l_onoff);
	EXPECT_EQ(5, got.l_linger);
	close(sfd);
	/* A FIN: the end of the stream, not a reset. */
	EXPECT_EQ(0, recv(cfd, &c, 1, 0)) TH_LOG("recv: %s", strerror(errno));
	close(cfd);
	close(lfd);
}

/*
 * The tracepoint names the connection's real local address, also for a
 * client that never bound one.
 */
TEST(trace__state_change_carries_the_routed_source_address)
{
	const char *tr = "/sys/kernel/tracing";
	char path[256], buf[16384], want[64];
	int lfd, cfd, sfd, fd;
	uint16_t cport;
	FILE *f;

	if (tcpfsm_family_is_inet())
		SKIP(return, "tcpfsm's tracepoint");
	snprintf(path, sizeof(path), "%s/events/tcpfsm/tcpfsm_state_change/enable", tr);
	if (access(path, W_OK))
		mount("tracefs", tr, "tracefs", 0, NULL);
	ASSERT_EQ(0, access(path, W_OK)) TH_LOG("no tracefs at %s", tr);
	snprintf(path, sizeof(path), "%s/trace", tr);
	fd = open(path, O_WRONLY | O_TRUNC);
	ASSERT_LE(0, fd);
	close(fd);
	snprintf(path, sizeof(path), "%s/events/tcpfsm/tcpfsm_state_change/enable", tr);
	f = fopen(path, "w");
	ASSERT_NE(NULL, f);
	fputs("1", f);
	fclose(f);

	lfd = tcpfsm_socket();
	ASSERT_EQ(0, tcpfsm_bind(lfd, "127.0.0.1", 0));
	ASSERT_EQ(0, listen(lfd, 4));
	cfd = connect_to(lfd);
	ASSERT_LE(0, cfd);
	sfd = accept(lfd, NULL, NULL);
	ASSERT_LE(0, sfd);
	cport = tcpfsm_local_port(cfd);

	f = fopen(path, "w");
	ASSERT_NE(NULL, f);
	fputs("0", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/trace", tr);
	ASSERT_LT(0, read_file(path, buf, sizeof(buf)));
	snprintf(want, sizeof(want), "127.0.0.1:%u -> 127.0.0.1:%u CLOSE -> SYN_SENT",
		 cport, tcpfsm_local_port(lfd));
	EXPECT_NE(NULL, strstr(buf, want)) TH_LOG("no '%s' in:\n%s", want, buf);
	close(sfd);
	close(cfd);
	close(lfd);
}

/* A peer's MSS below 48 is taken as 48 (CVE-2019-11479, as Linux). */
TEST(mss__peer_mss_below_48_is_raised_to_48)
{
	uint16_t peer = 6420, port;
	uint32_t iss = 0x30000000, irs;
	char out[200];
	struct wire_seg r;
	int raw, lfd, fd;

	ASSERT_EQ(0, wire_private_net(peer));
	raw = wire_open();
	ASSERT_LE(0, raw);
	lfd = tcpfsm_socket();
	ASSERT_EQ(0, tcpfsm_bind(lfd, "127.0.0.1", 0));
	ASSERT_EQ(0, listen(lfd, 4));
	port = tcpfsm_local_port(lfd);
	ASSERT_EQ(0, wire_xmit(raw, peer, port, iss, 0, F_SYN, 65535, 1, NULL, 0));
	ASSERT_EQ(1, wire_recv(raw, port, peer, &r, tcpfsm_scaled_ms(5000)));
	ASSERT_EQ(F_SYN | F_ACK, r.flags);
	irs = r.seq;
	ASSERT_EQ(0, wire_send(raw, peer, port, iss + 1, irs + 1, F_ACK, 20, 0));
	fd = accept(lfd, NULL, NULL);
	ASSERT_LE(0, fd);
	memset(out, 'm', sizeof(out));
	ASSERT_EQ((ssize_t)sizeof(out), send(fd, out, sizeof(out), 0));
	ASSERT_EQ(1, wire_recv(raw, port, peer, &r, tcpfsm_scaled_ms(5000)));
	EXPECT_LE(48U, r.datalen);
	close_abort(fd);	/* its peer, the raw socket, would never ACK a FIN */
	close(lfd);
	close(raw);
}

TEST_HARNESS_MAIN
