// SPDX-License-Identifier: GPL-2.0
/* conn_test.c: connections between real sockets: handshake, data, the closes, RSTs, timeouts. */
/*
 * The base limit (s, times TCPFSM_TIME_SCALE) of the tests without one of
 * their own, at least three times the slowest on a 2-core TCG guest:
 * tools__tcpfsm_cat_carries_bytes_and_tcpfsm_stat_lists_listener, 6.6 s at
 * scale 1 and 12.3 s at scale 2 (its sleeps are deadlines, scaled too).
 */
#define TCPFSM_TEST_BASE_S 30

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <linux/sockios.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "tcpfsm_test.h"

/* A listener on 127.0.0.1, a connected client and the accepted server. */
struct pair {
	int lfd, cfd, sfd;
	uint16_t port;
};

static int pair_open(struct pair *p)
{
	struct sockaddr_tcpfsm a;

	memset(p, -1, sizeof(*p));
	p->lfd = tcpfsm_socket();
	if (p->lfd < 0 || tcpfsm_bind(p->lfd, "127.0.0.1", 0) ||
	    listen(p->lfd, 8))
		return -1;
	p->port = tcpfsm_local_port(p->lfd);
	p->cfd = tcpfsm_socket();
	a = tcpfsm_addr("127.0.0.1", p->port);
	if (connect(p->cfd, (struct sockaddr *)&a, sizeof(a)))
		return -1;
	p->sfd = accept(p->lfd, NULL, NULL);
	return p->sfd < 0 ? -1 : 0;
}

static void pair_close(struct pair *p)
{
	if (p->sfd >= 0)
		close(p->sfd);
	if (p->cfd >= 0)
		close(p->cfd);
	if (p->lfd >= 0)
		close(p->lfd);
}

static void msl(const char *ms)
{
	write_sysctl("msl_ms", ms);
}

FIXTURE(conn) {
	struct pair p;
};

FIXTURE_SETUP(conn)
{
	msl("200");		/* TIME_WAIT lasts 400 ms */
	signal(SIGPIPE, SIG_IGN);
	ASSERT_EQ(0, pair_open(&self->p)) TH_LOG("pair: %s", strerror(errno));
}

FIXTURE_TEARDOWN(conn)
{
	pair_close(&self->p);
	tcpfsm_sleep_ms(400, 100);	/* let TIME_WAIT entries (2 * MSL) go */
	msl("30000");
}

TEST_F(conn, handshake__both_ends_established)
{
	TCPFSM_ONLY("reads /proc/net/tcpfsm");
	EXPECT_EQ(TCPFSM_ESTABLISHED, tcpfsm_state(self->p.cfd));
	EXPECT_EQ(TCPFSM_ESTABLISHED, tcpfsm_state(self->p.sfd));
	EXPECT_EQ(TCPFSM_LISTEN, tcpfsm_state(self->p.lfd));
	EXPECT_EQ(TCPFSM_ESTABLISHED,
		  proc_state(self->p.port, tcpfsm_local_port(self->p.cfd)));
	EXPECT_EQ(TCPFSM_ESTABLISHED,
		  proc_state(tcpfsm_local_port(self->p.cfd), self->p.port));
	EXPECT_EQ(TCPFSM_LISTEN, proc_state(0, self->p.port));
}

TEST_F(conn, handshake__getpeername_matches_getsockname)
{
	struct sockaddr_tcpfsm a, b;
	socklen_t la = sizeof(a), lb = sizeof(b);

	ASSERT_EQ(0, getpeername(self->p.sfd, (struct sockaddr *)&a, &la));
	ASSERT_EQ(0, getsockname(self->p.cfd, (struct sockaddr *)&b, &lb));
	EXPECT_EQ(0, memcmp(&a, &b, sizeof(a)));
}

TEST_F(conn, data__flows_both_ways)
{
	char buf[64];

	ASSERT_EQ(5, send(self->p.cfd, "hello", 5, 0));
	ASSERT_EQ(5, recv(self->p.sfd, buf, sizeof(buf), MSG_WAITALL & 0));
	EXPECT_EQ(0, memcmp(buf, "hello", 5));
	ASSERT_EQ(6, send(self->p.sfd, "world!", 6, 0));
	ASSERT_EQ(6, recv(self->p.cfd, buf, 6, MSG_WAITALL));
	EXPECT_EQ(0, memcmp(buf, "world!", 6));
}

TEST_F(conn, data__large_transfer_arrives_whole)
{
	enum { N = 1 << 20 };
	char *out = malloc(N), *in = malloc(N);
	int i;

	ASSERT_NE(NULL, out);
	ASSERT_NE(NULL, in);
	for (i = 0; i < N; i++)
		out[i] = (char)(i * 7 + (i >> 9));
	EXPECT_EQ((size_t)N, pump(self->p.cfd, self->p.sfd, out, in, N));
	EXPECT_EQ(0, memcmp(in, out, N));
	free(in);
	free(out);
}

TEST_F(conn, poll__pollin_on_data_and_on_fin)
{
	struct pollfd p = { .fd = self->p.sfd, .events = POLLIN };
	char buf[8];

	EXPECT_EQ(0, poll(&p, 1, 0));
	ASSERT_EQ(2, send(self->p.cfd, "hi", 2, 0));
	EXPECT_EQ(1, poll(&p, 1, tcpfsm_scaled_ms(2000)));
	EXPECT_TRUE(p.revents & POLLIN);
	ASSERT_EQ(2, recv(self->p.sfd, buf, sizeof(buf), 0));
	ASSERT_EQ(0, shutdown(self->p.cfd, SHUT_WR));
	EXPECT_EQ(1, poll(&p, 1, tcpfsm_scaled_ms(2000)));
	EXPECT_TRUE(p.revents & POLLIN);
	EXPECT_EQ(0, recv(self->p.sfd, buf, sizeof(buf), 0));
}

TEST_F(conn, poll__pollerr_and_pollhup_after_reset)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };
	struct pollfd p = { .fd = self->p.sfd, .events = POLLIN | POLLOUT };

	ASSERT_EQ(0, setsockopt(self->p.cfd, SOL_SOCKET, SO_LINGER, &l, sizeof(l)));
	close(self->p.cfd);
	self->p.cfd = -1;
	tcpfsm_sleep_ms(0, 100);	/* the RST (POLLOUT is ready anyway) */
	EXPECT_EQ(1, poll(&p, 1, tcpfsm_scaled_ms(2000)));
	EXPECT_TRUE(p.revents & POLLERR);
	EXPECT_TRUE(p.revents & POLLHUP);
}

TEST(poll__listener_readable_when_a_connection_waits)
{
	int lfd = tcpfsm_socket(), cfd = tcpfsm_socket(), sfd;
	struct pollfd p = { .events = POLLIN };
	struct sockaddr_tcpfsm a;

	ASSERT_EQ(0, tcpfsm_bind(lfd, "127.0.0.1", 0));
	ASSERT_EQ(0, listen(lfd, 1));
	p.fd = lfd;
	EXPECT_EQ(0, poll(&p, 1, 0));
	a = tcpfsm_addr("127.0.0.1", tcpfsm_local_port(lfd));
	ASSERT_EQ(0, connect(cfd, (struct sockaddr *)&a, sizeof(a)));
	EXPECT_EQ(1, poll(&p, 1, tcpfsm_scaled_ms(2000)));
	EXPECT_TRUE(p.revents & POLLIN);
	sfd = accept(lfd, NULL, NULL);
	EXPECT_LE(0, sfd);
	close(sfd);
	close(cfd);
	close(lfd);
}

TEST(tools__tcpfsm_cat_carries_bytes_and_tcpfsm_stat_lists_listener)
{
	char out[256], cmd[256];
	FILE *p;

	TCPFSM_ONLY("tcpfsm-stat reads /proc/net/tcpfsm");

	msl("200");
	/* The listener lives 3 s (scaled): its start, the client, its file. */
	snprintf(cmd, sizeof(cmd), "sleep %.3f | tools/tcpfsm-cat -q -l "
		 "127.0.0.1 7777 > /tmp/tcpfsm-cat.out & sleep %.3f",
		 tcpfsm_scaled_s(3), tcpfsm_scaled_s(1));
	ASSERT_EQ(0, system(cmd));
	p = popen("tools/tcpfsm-stat -s LISTEN -p 7777", "r");
	ASSERT_NE(NULL, p);
	out[0] = 0;
	while (fgets(out, sizeof(out), p) && !strstr(out, "LISTEN"))
		;
	pclose(p);
	EXPECT_NE(NULL, strstr(out, "127.0.0.1:7777"));
	snprintf(cmd, sizeof(cmd), "echo payload | tools/tcpfsm-cat -q "
		 "--half-close 127.0.0.1 7777 && sleep %.3f", tcpfsm_scaled_s(1));
	EXPECT_EQ(0, system(cmd));
	EXPECT_EQ(0, system("grep -q payload /tmp/tcpfsm-cat.out"));
	unlink("/tmp/tcpfsm-cat.out");
	tcpfsm_sleep_ms(0, 3000);	/* the listener ends, its TIME_WAITs go */
	msl("30000");
}

static volatile sig_atomic_t alarmed;

static void on_alarm(int sig)
{
	alarmed = 1;
}

/* A SIGALRM after @secs that interrupts a blocked call (no SA_RESTART). */
static void alarm_in(unsigned int secs)
{
	struct sigaction sa = { .sa_handler = on_alarm };

	alarmed = 0;
	sigaction(SIGALRM, &sa, NULL);
	alarm(secs);
}

static void set_rcvtimeo(int fd, int secs)
{
	struct timeval tv = { .tv_sec = secs };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

/*
 * MSG_PEEK|MSG_WAITALL for more than is queued waits for more, and when
 * SO_RCVTIMEO runs out returns what is there (as Linux's tcp_recvmsg);
 * the bytes stay queued.  A SIGALRM long after the timeout says the call
 * did not return by itself.
 */
TEST_F(conn, recv__peek_waitall_honours_rcvtimeo)
{
	char buf[16];

	ASSERT_EQ(5, send(self->p.cfd, "hello", 5, 0));
	ASSERT_EQ(5, recv(self->p.sfd, buf, 5, MSG_PEEK | MSG_WAITALL));
	set_rcvtimeo(self->p.sfd, 1);
	alarm_in(20);
	EXPECT_EQ(5, recv(self->p.sfd, buf, 10, MSG_PEEK | MSG_WAITALL));
	EXPECT_EQ(0, alarmed) TH_LOG("SO_RCVTIMEO ignored: woken by the alarm");
	alarm(0);
	EXPECT_EQ(5, recv(self->p.sfd, buf, 10, MSG_PEEK | MSG_WAITALL |
			  MSG_DONTWAIT));
	ASSERT_EQ(5, recv(self->p.sfd, buf, sizeof(buf), 0));
	EXPECT_EQ(0, memcmp(buf, "hello", 5));
}

/* The same with SO_RCVLOWAT above what is queued. */
TEST_F(conn, recv__peek_rcvlowat_honours_rcvtimeo)
{
	int lowat = 10;
	char buf[16];

	ASSERT_EQ(5, send(self->p.cfd, "hello", 5, 0));
	ASSERT_EQ(5, recv(self->p.sfd, buf, 5, MSG_PEEK | MSG_WAITALL));
	ASSERT_EQ(0, setsockopt(self->p.sfd, SOL_SOCKET, SO_RCVLOWAT, &lowat,
				sizeof(lowat)));
	set_rcvtimeo(self->p.sfd, 1);
	alarm_in(20);
	EXPECT_EQ(5, recv(self->p.sfd, buf, sizeof(buf), MSG_PEEK));
	EXPECT_EQ(0, alarmed) TH_LOG("SO_RCVTIMEO ignored: woken by the alarm");
	alarm(0);
	ASSERT_EQ(5, recv(self->p.sfd, buf, sizeof(buf), MSG_DONTWAIT));
	EXPECT_EQ(0, memcmp(buf, "hello", 5));
}

/* ioctl() @cmd on @fd: the int it answers, or -errno. */
static int ioctl_int(int fd, unsigned long cmd)
{
	int n = -1;

	return ioctl(fd, cmd, &n) ? -errno : n;
}

/*
 * The queue sizes, as Linux TCP gives them (tcp_ioctl()): FIONREAD
 * (SIOCINQ) what recv() would take, SIOCOUTQ what is not acknowledged,
 * SIOCOUTQNSD what is not sent; EINVAL on a listener.
 */
TEST_F(conn, ioctl__queue_sizes_as_linux_tcp)
{
	struct pollfd pfd = { .fd = self->p.sfd, .events = POLLIN };
	char buf[8];
	int i;

	EXPECT_EQ(0, ioctl_int(self->p.sfd, FIONREAD));
	EXPECT_EQ(0, ioctl_int(self->p.cfd, SIOCOUTQ));
	EXPECT_EQ(0, ioctl_int(self->p.cfd, SIOCOUTQNSD));
	EXPECT_EQ(-EINVAL, ioctl_int(self->p.lfd, FIONREAD));
	EXPECT_EQ(-EINVAL, ioctl_int(self->p.lfd, SIOCOUTQ));
	ASSERT_EQ(5, send(self->p.cfd, "hello", 5, 0));
	ASSERT_EQ(1, poll(&pfd, 1, tcpfsm_scaled(5) * 1000));
	EXPECT_EQ(5, ioctl_int(self->p.sfd, FIONREAD));
	EXPECT_EQ(5, ioctl_int(self->p.sfd, SIOCINQ));
	ASSERT_EQ(2, recv(self->p.sfd, buf, 2, 0));
	EXPECT_EQ(3, ioctl_int(self->p.sfd, FIONREAD));
	/* Acknowledged by now or soon: nothing left to send or to ack. */
	for (i = 0; i < tcpfsm_scaled(50) && ioctl_int(self->p.cfd, SIOCOUTQ); i++)
		usleep(20000);
	EXPECT_EQ(0, ioctl_int(self->p.cfd, SIOCOUTQ));
	EXPECT_EQ(0, ioctl_int(self->p.cfd, SIOCOUTQNSD));
	/* The peer's FIN is no byte to read. */
	ASSERT_EQ(0, shutdown(self->p.cfd, SHUT_WR));
	ASSERT_EQ(3, recv(self->p.sfd, buf, sizeof(buf), MSG_WAITALL));
	EXPECT_EQ(0, ioctl_int(self->p.sfd, FIONREAD));
}

/*
 * TCP_CORK: a short write waits (SIOCOUTQNSD counts it unsent) while
 * corked, and goes at once when uncorked.  Checked right after the
 * write: Linux's 200 ms ceiling is far off.
 */
TEST_F(conn, cork__short_write_waits_until_uncorked)
{
	struct pollfd pfd = { .fd = self->p.sfd, .events = POLLIN };
	int on = 1, off = 0, v = -1;
	socklen_t len = sizeof(v);
	char buf[64];

	ASSERT_EQ(0, setsockopt(self->p.cfd, SOL_TCPFSM, TCPFSM_CORK, &on,
				sizeof(on)));
	ASSERT_EQ(0, getsockopt(self->p.cfd, SOL_TCPFSM, TCPFSM_CORK, &v, &len));
	EXPECT_EQ(1, v);
	ASSERT_EQ(10, send(self->p.cfd, "corked....", 10, 0));
	/* Unsent, so unacknowledged too (Linux: within its 200 ms). */
	EXPECT_EQ(10, ioctl_int(self->p.cfd, SIOCOUTQNSD));
	EXPECT_EQ(10, ioctl_int(self->p.cfd, SIOCOUTQ));
	ASSERT_EQ(0, setsockopt(self->p.cfd, SOL_TCPFSM, TCPFSM_CORK, &off,
				sizeof(off)));
	EXPECT_EQ(0, ioctl_int(self->p.cfd, SIOCOUTQNSD));
	ASSERT_EQ(1, poll(&pfd, 1, tcpfsm_scaled(5) * 1000));
	EXPECT_EQ(10, recv(self->p.sfd, buf, sizeof(buf), 0));
}

/*
 * TCP_NODELAY set on a corked socket sends what is queued at once, cork
 * or not (Linux's TCP_NAGLE_PUSH); the cork stays on.
 */
TEST_F(conn, cork__nodelay_pushes_what_is_queued)
{
	struct pollfd pfd = { .fd = self->p.sfd, .events = POLLIN };
	int on = 1, v = -1;
	socklen_t len = sizeof(v);
	char buf[64];

	ASSERT_EQ(0, setsockopt(self->p.cfd, SOL_TCPFSM, TCPFSM_CORK, &on,
				sizeof(on)));
	ASSERT_EQ(10, send(self->p.cfd, "corked....", 10, 0));
	EXPECT_EQ(10, ioctl_int(self->p.cfd, SIOCOUTQNSD));
	ASSERT_EQ(0, setsockopt(self->p.cfd, SOL_TCPFSM, TCPFSM_NODELAY, &on,
				sizeof(on)));
	EXPECT_EQ(0, ioctl_int(self->p.cfd, SIOCOUTQNSD));
	ASSERT_EQ(1, poll(&pfd, 1, tcpfsm_scaled(5) * 1000));
	EXPECT_EQ(10, recv(self->p.sfd, buf, sizeof(buf), 0));
	ASSERT_EQ(0, getsockopt(self->p.cfd, SOL_TCPFSM, TCPFSM_CORK, &v, &len));
	EXPECT_EQ(1, v);
}

/* A connection accepted from a corked listener is corked, as in Linux. */
TEST_F(conn, cork__accepted_socket_inherits_the_listeners)
{
	struct sockaddr_tcpfsm a;
	int on = 1, v = -1, cfd, sfd;
	socklen_t len = sizeof(v);

	ASSERT_EQ(0, setsockopt(self->p.lfd, SOL_TCPFSM, TCPFSM_CORK, &on,
				sizeof(on)));
	cfd = tcpfsm_socket();
	ASSERT_LE(0, cfd);
	a = tcpfsm_addr("127.0.0.1", self->p.port);
	ASSERT_EQ(0, connect(cfd, (struct sockaddr *)&a, sizeof(a)));
	sfd = accept(self->p.lfd, NULL, NULL);
	ASSERT_LE(0, sfd);
	ASSERT_EQ(0, getsockopt(sfd, SOL_TCPFSM, TCPFSM_CORK, &v, &len));
	EXPECT_EQ(1, v);
	close(sfd);
	close(cfd);
}

/*
 * TCP_INFO (11) in Linux's struct tcp_info layout: a connection's state,
 * MSS, RTO, window, cwnd, bytes acknowledged and unsent; a listener's
 * accept queue and its bound in tcpi_unacked and tcpi_sacked; a one-byte
 * buffer gets the state alone.
 */
TEST_F(conn, tcp_info__linux_layout_as_linux_tcp)
{
	struct pollfd pfd = { .fd = self->p.sfd, .events = POLLIN };
	struct tcp_info ti;
	socklen_t len = sizeof(ti);
	unsigned char state = 0;
	char buf[1000] = { 0 };
	int i;

	ASSERT_EQ(1000, send(self->p.cfd, buf, sizeof(buf), 0));
	ASSERT_EQ(1, poll(&pfd, 1, tcpfsm_scaled(5) * 1000));
	ASSERT_EQ(1000, recv(self->p.sfd, buf, sizeof(buf), MSG_WAITALL));
	for (i = 0; i < tcpfsm_scaled(50); i++) {
		len = sizeof(ti);
		ASSERT_EQ(0, getsockopt(self->p.cfd, SOL_TCPFSM, TCPFSM_TCP_INFO,
					&ti, &len));
		if (ti.tcpi_bytes_acked >= 1000)
			break;
		usleep(20000);
	}
	EXPECT_EQ((socklen_t)sizeof(ti), len);
	EXPECT_EQ(TCPFSM_ESTABLISHED, ti.tcpi_state);
	EXPECT_EQ(0, ti.tcpi_ca_state);
	EXPECT_LE(536U, ti.tcpi_snd_mss);
	EXPECT_LE(200000U, ti.tcpi_rto);
	EXPECT_GE(120000000U, ti.tcpi_rto);
	EXPECT_LE(1U, ti.tcpi_snd_cwnd);
	EXPECT_LE(1000U, ti.tcpi_bytes_acked);
	EXPECT_GE(1002U, ti.tcpi_bytes_acked);
	EXPECT_EQ(0U, ti.tcpi_unacked);
	EXPECT_EQ(0U, ti.tcpi_notsent_bytes);
	EXPECT_LT(0U, ti.tcpi_snd_wnd);
	EXPECT_EQ(0U, ti.tcpi_total_retrans);
	/* Microseconds: a loopback RTT is above 0 and far below a second. */
	EXPECT_LE(1U, ti.tcpi_rtt);
	EXPECT_GE(1000000U, ti.tcpi_rtt);
	EXPECT_LE(ti.tcpi_rtt, ti.tcpi_rto);

	/* The listener: nothing waiting to be accepted, room for 8 (listen(8)). */
	len = sizeof(ti);
	ASSERT_EQ(0, getsockopt(self->p.lfd, SOL_TCPFSM, TCPFSM_TCP_INFO, &ti,
				&len));
	EXPECT_EQ(TCPFSM_LISTEN, ti.tcpi_state);
	EXPECT_EQ(0U, ti.tcpi_unacked);
	EXPECT_EQ(8U, ti.tcpi_sacked);

	len = 1;
	ASSERT_EQ(0, getsockopt(self->p.sfd, SOL_TCPFSM, TCPFSM_TCP_INFO,
				&state, &len));
	EXPECT_EQ(1U, len);
	EXPECT_EQ(TCPFSM_ESTABLISHED, state);
}

/*
 * A TCP option tcpfsm does not have is refused with ENOPROTOOPT, set or
 * get, never taken and ignored: TCP_DEFER_ACCEPT (nginx's deferred),
 * TCP_QUICKACK, TCP_FASTOPEN; so is an IP-level option (IP_TOS).
 */
TEST_F(conn, sockopt__unsupported_options_give_enoprotoopt)
{
	static const int opts[] = { TCP_DEFER_ACCEPT, TCP_QUICKACK, TCP_FASTOPEN };
	socklen_t len;
	size_t i;
	int v;

	TCPFSM_ONLY("Linux TCP has these options");
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		v = 1;
		EXPECT_EQ(-1, setsockopt(self->p.lfd, SOL_TCPFSM, opts[i], &v,
					 sizeof(v))) TH_LOG("option %d", opts[i]);
		EXPECT_EQ(ENOPROTOOPT, errno);
		len = sizeof(v);
		EXPECT_EQ(-1, getsockopt(self->p.cfd, SOL_TCPFSM, opts[i], &v,
					 &len)) TH_LOG("option %d", opts[i]);
		EXPECT_EQ(ENOPROTOOPT, errno);
	}
	v = 0x10;
	EXPECT_EQ(-1, setsockopt(self->p.cfd, SOL_IP, IP_TOS, &v, sizeof(v)));
	EXPECT_EQ(ENOPROTOOPT, errno);
}

/*
 * SO_REUSEPORT is refused with EOPNOTSUPP, as Linux's core refuses it for
 * every family but AF_INET and AF_INET6: no load-balanced listeners, and
 * no success that would pretend otherwise.  Turning it off succeeds.
 */
TEST_F(conn, so_reuseport__refused_with_eopnotsupp)
{
	int on = 1, off = 0, v = -1;
	socklen_t len = sizeof(v);
	int fd;

	TCPFSM_ONLY("Linux TCP has SO_REUSEPORT");
	fd = tcpfsm_socket();
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)));
	EXPECT_EQ(EOPNOTSUPP, errno);
	EXPECT_EQ(0, setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &off, sizeof(off)));
	ASSERT_EQ(0, getsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &v, &len));
	EXPECT_EQ(0, v);
	close(fd);
}

/* Urgent data is not implemented: MSG_OOB is refused, nothing is sent. */
TEST_F(conn, send__msg_oob_gives_eopnotsupp)
{
	char c;

	TCPFSM_ONLY("Linux sends urgent data");

	EXPECT_EQ(-1, send(self->p.cfd, "!", 1, MSG_OOB));
	EXPECT_EQ(EOPNOTSUPP, errno);
	ASSERT_EQ(1, send(self->p.cfd, "x", 1, 0));
	ASSERT_EQ(1, recv(self->p.sfd, &c, 1, 0));
	EXPECT_EQ('x', c);
}

/*
 * A receive buffer of 4096 (SO_RCVBUF, set on the listener before listen
 * and on the client before connect): 64 KiB each way still arrive whole.
 * On loopback a segment's buffer is the sender's (up to an MSS of 15360
 * and its truesize), so what the window offers must fit as text, not as
 * the sender's buffer.
 */
/* Close with SO_LINGER {1, 0}: a RST, nothing left behind. */
static void abort_close(int fd)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(fd);
}

FIXTURE(plain) {
};

FIXTURE_SETUP(plain)
{
}

FIXTURE_TEARDOWN(plain)
{
}

TEST_F_TIMEOUT(plain, rcvbuf__small_buffer_still_receives_64k, 240)
{
	enum { N = 64 << 10 };
	int lfd = tcpfsm_socket(), cfd = tcpfsm_socket(), sfd, rcvbuf = 4096;
	char *out = malloc(N), *in = malloc(N), *back = malloc(N);
	size_t sent = 0, got = 0, sent2 = 0, got2 = 0;
	struct sockaddr_tcpfsm a;
	double t0;
	int i;

	ASSERT_TRUE(out && in && back);
	for (i = 0; i < N; i++)
		out[i] = (char)(i * 13 + (i >> 10));
	ASSERT_EQ(0, setsockopt(lfd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
				sizeof(rcvbuf)));
	ASSERT_EQ(0, setsockopt(cfd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
				sizeof(rcvbuf)));
	ASSERT_EQ(0, tcpfsm_bind(lfd, "127.0.0.1", 0));
	ASSERT_EQ(0, listen(lfd, 1));
	a = tcpfsm_addr("127.0.0.1", tcpfsm_local_port(lfd));
	ASSERT_EQ(0, connect(cfd, (struct sockaddr *)&a, sizeof(a)));
	sfd = accept(lfd, NULL, NULL);
	ASSERT_LE(0, sfd);
	fcntl(cfd, F_SETFL, O_NONBLOCK);
	fcntl(sfd, F_SETFL, O_NONBLOCK);
	t0 = time(NULL);
	while ((got < N || got2 < N) && time(NULL) - t0 < 180) {
		struct pollfd p[2] = {
			{ .fd = cfd, .events = POLLIN | POLLOUT },
			{ .fd = sfd, .events = POLLIN | POLLOUT },
		};
		ssize_t k;

		poll(p, 2, 200);
		if (sent < N && (k = send(cfd, out + sent, N - sent, 0)) > 0)
			sent += k;
		if (sent2 < N && (k = send(sfd, out + sent2, N - sent2, 0)) > 0)
			sent2 += k;
		if (got < N && (k = recv(sfd, in + got, N - got, 0)) > 0)
			got += k;
		if (got2 < N && (k = recv(cfd, back + got2, N - got2, 0)) > 0)
			got2 += k;
	}
	EXPECT_EQ((size_t)N, got) TH_LOG("client to server: %zu of %zu sent arrived",
					 got, sent);
	EXPECT_EQ((size_t)N, got2) TH_LOG("server to client: %zu of %zu sent arrived",
					  got2, sent2);
	EXPECT_EQ(0, memcmp(out, in, got));
	EXPECT_EQ(0, memcmp(out, back, got2));
	/* No orphan or TIME_WAIT left behind, whatever happened. */
	abort_close(sfd);
	abort_close(cfd);
	close(lfd);
	free(out);
	free(in);
	free(back);
}

TEST_F(conn, close__four_way_into_time_wait_and_out)
{
	int cport = tcpfsm_local_port(self->p.cfd);
	char c;

	TCPFSM_ONLY("reads /proc/net/tcpfsm");

	ASSERT_EQ(0, shutdown(self->p.cfd, SHUT_WR));
	ASSERT_EQ(0, recv(self->p.sfd, &c, 1, 0));	/* EOF */
	EXPECT_EQ(TCPFSM_CLOSE_WAIT, tcpfsm_state(self->p.sfd));
	EXPECT_EQ(TCPFSM_FIN_WAIT2, tcpfsm_state(self->p.cfd));
	close(self->p.sfd);
	self->p.sfd = -1;
	usleep(100000);		/* not scaled: inside the 400 ms TIME_WAIT */
	EXPECT_EQ(TCPFSM_TIME_WAIT, proc_state(self->p.port, cport));
	EXPECT_EQ(TCPFSM_CLOSE, tcpfsm_state(self->p.cfd));
	tcpfsm_sleep_ms(400, 200);	/* 2 * MSL = 400 ms */
	EXPECT_EQ(-1, proc_state(self->p.port, cport));
}

TEST_F(conn, close__half_close_still_receives)
{
	char buf[16];

	ASSERT_EQ(0, shutdown(self->p.cfd, SHUT_WR));
	ASSERT_EQ(0, recv(self->p.sfd, buf, 1, 0));
	ASSERT_EQ(4, send(self->p.sfd, "more", 4, 0));
	ASSERT_EQ(4, recv(self->p.cfd, buf, 4, MSG_WAITALL));
	EXPECT_EQ(0, memcmp(buf, "more", 4));
	EXPECT_EQ(-1, send(self->p.cfd, "x", 1, MSG_NOSIGNAL));
	EXPECT_EQ(EPIPE, errno);
}

TEST_F(conn, close__passive_side_last_ack_then_closed)
{
	char c;

	close(self->p.cfd);
	self->p.cfd = -1;
	ASSERT_EQ(0, recv(self->p.sfd, &c, 1, 0));
	EXPECT_EQ(TCPFSM_CLOSE_WAIT, tcpfsm_state(self->p.sfd));
	ASSERT_EQ(0, shutdown(self->p.sfd, SHUT_WR));
	tcpfsm_sleep_ms(0, 100);
	EXPECT_EQ(TCPFSM_CLOSE, tcpfsm_state(self->p.sfd));
}

TEST_F(conn, close__linger_zero_sends_rst)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };
	int cport = tcpfsm_local_port(self->p.cfd);
	char c;

	ASSERT_EQ(0, setsockopt(self->p.cfd, SOL_SOCKET, SO_LINGER, &l, sizeof(l)));
	close(self->p.cfd);
	self->p.cfd = -1;
	EXPECT_EQ(-1, recv(self->p.sfd, &c, 1, 0));
	EXPECT_EQ(ECONNRESET, errno);
	EXPECT_EQ(-1, send(self->p.sfd, "x", 1, MSG_NOSIGNAL));
	EXPECT_EQ(EPIPE, errno);
	EXPECT_EQ(-1, proc_state(self->p.port, cport));	/* no TIME_WAIT */
}

TEST_F(conn, close__unread_data_sends_rst)
{
	char c;

	ASSERT_EQ(3, send(self->p.sfd, "abc", 3, 0));
	tcpfsm_sleep_ms(0, 50);	/* the bytes arrive, unread */
	close(self->p.cfd);
	self->p.cfd = -1;
	EXPECT_EQ(-1, recv(self->p.sfd, &c, 1, 0));
	EXPECT_EQ(ECONNRESET, errno);
}

TEST_F(conn, reuseaddr__bind_over_time_wait_only_with_reuseaddr)
{
	int cport = tcpfsm_local_port(self->p.cfd), one = 1, fd;
	char c;

	TCPFSM_ONLY("reads /proc/net/tcpfsm");

	msl("2000");
	ASSERT_EQ(0, shutdown(self->p.cfd, SHUT_WR));
	ASSERT_EQ(0, recv(self->p.sfd, &c, 1, 0));
	close(self->p.sfd);
	self->p.sfd = -1;
	usleep(100000);		/* not scaled: inside the 4 s TIME_WAIT */
	ASSERT_EQ(TCPFSM_TIME_WAIT, proc_state(self->p.port, cport));
	close(self->p.cfd);
	self->p.cfd = -1;
	fd = tcpfsm_socket();
	EXPECT_EQ(-1, tcpfsm_bind(fd, "127.0.0.1", cport));
	EXPECT_EQ(EADDRINUSE, errno);
	ASSERT_EQ(0, setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	EXPECT_EQ(0, tcpfsm_bind(fd, "127.0.0.1", cport));
	close(fd);
	/* Never over a listener. */
	fd = tcpfsm_socket();
	ASSERT_EQ(0, setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	EXPECT_EQ(-1, tcpfsm_bind(fd, "127.0.0.1", self->p.port));
	EXPECT_EQ(EADDRINUSE, errno);
	close(fd);
	tcpfsm_sleep_ms(4000, 500);	/* 2 * MSL = 4 s */
}

TEST_F(conn, fin_wait2__orphan_ends_after_fin_timeout)
{
	int cport = tcpfsm_local_port(self->p.cfd);
	long before = tcpfsm_stat("FIN_WAIT2_CLOSE");
	char c;

	TCPFSM_ONLY("reads /proc/net/tcpfsm and the fin_timeout sysctl");

	write_sysctl("fin_timeout", "1");
	close(self->p.cfd);
	self->p.cfd = -1;
	ASSERT_EQ(0, recv(self->p.sfd, &c, 1, 0));
	usleep(100000);		/* not scaled: inside the 1 s fin_timeout */
	EXPECT_EQ(TCPFSM_FIN_WAIT2, proc_state(self->p.port, cport));
	tcpfsm_sleep_ms(1000, 500);	/* fin_timeout = 1 s */
	EXPECT_EQ(-1, proc_state(self->p.port, cport));
	EXPECT_EQ(before + 1, tcpfsm_stat("FIN_WAIT2_CLOSE"));
	/* The reset reached the peer, still in CLOSE_WAIT. */
	EXPECT_EQ(TCPFSM_CLOSE, tcpfsm_state(self->p.sfd));
	write_sysctl("fin_timeout", "60");
}

/* Wait up to @ms for @fd to reach @state; the state it is in then. */
static int wait_state(int fd, int state, int ms)
{
	int st = tcpfsm_state(fd);

	for (; ms > 0 && st != state; ms -= 10) {
		usleep(10000);
		st = tcpfsm_state(fd);
	}
	return st;
}

/*
 * TCP_LINGER2 < 0: an orphan in FIN_WAIT2 is aborted at once with a RST,
 * not kept for fin_timeout (Linux's tcp_close()).  Here close() finds the
 * socket in FIN_WAIT2 already; the RST takes the peer, in CLOSE_WAIT, to
 * CLOSE.
 */
TEST_F(conn, linger2__negative_aborts_fin_wait2_at_close)
{
	int neg = -1;
	char c;

	ASSERT_EQ(0, setsockopt(self->p.cfd, SOL_TCPFSM, TCPFSM_LINGER2, &neg,
				sizeof(neg)));
	ASSERT_EQ(0, shutdown(self->p.cfd, SHUT_WR));
	ASSERT_EQ(0, recv(self->p.sfd, &c, 1, 0));	/* EOF */
	ASSERT_EQ(TCPFSM_FIN_WAIT2, wait_state(self->p.cfd, TCPFSM_FIN_WAIT2, 5000));
	close(self->p.cfd);
	self->p.cfd = -1;
	EXPECT_EQ(TCPFSM_CLOSE, wait_state(self->p.sfd, TCPFSM_CLOSE, 5000));
}

/* The same for an orphan that reaches FIN_WAIT2 when its FIN is acked. */
TEST_F(conn, linger2__negative_aborts_orphan_reaching_fin_wait2)
{
	int neg = -1;

	ASSERT_EQ(0, setsockopt(self->p.cfd, SOL_TCPFSM, TCPFSM_LINGER2, &neg,
				sizeof(neg)));
	close(self->p.cfd);
	self->p.cfd = -1;
	EXPECT_EQ(TCPFSM_CLOSE, wait_state(self->p.sfd, TCPFSM_CLOSE, 5000));
}

TEST(module__rmmod_refused_while_a_socket_or_time_wait_exists)
{
	int fd = tcpfsm_socket();

	TCPFSM_ONLY("an AF_INET socket does not pin tcpfsm, rmmod would unload it");

	ASSERT_LE(0, fd);
	EXPECT_NE(0, system("rmmod tcpfsm 2>/dev/null"));
	close(fd);
}

/*
 * With syncookies = 2 every SYN is answered with a cookie: the connection
 * is made from the ACK alone, and carries a byte each way.  Also the
 * first cookie the module ever checks (conn_test runs before the other
 * programs that use cookies): its keys must be those it was made with.
 */
TEST(syncookies__always_a_connection_completes_through_a_cookie)
{
	int lfd = tcpfsm_socket(), cfd = tcpfsm_socket(), sfd;
	struct sockaddr_tcpfsm a;
	struct pollfd p;
	long recv0;
	char c = 'c';

	TCPFSM_ONLY("tcpfsm sysctl syncookies, its counters");
	ASSERT_EQ(0, write_sysctl("syncookies", "2"));
	recv0 = tcpfsm_stat("SyncookiesRecv");
	ASSERT_EQ(0, tcpfsm_bind(lfd, "127.0.0.1", 0));
	ASSERT_EQ(0, listen(lfd, 4));
	a = tcpfsm_addr("127.0.0.1", tcpfsm_local_port(lfd));
	EXPECT_EQ(0, connect(cfd, (struct sockaddr *)&a, sizeof(a)));
	/* A cookie that fails is answered with a RST: accept() would wait. */
	p = (struct pollfd){ .fd = lfd, .events = POLLIN };
	EXPECT_EQ(1, poll(&p, 1, tcpfsm_scaled_ms(5000)));
	fcntl(lfd, F_SETFL, O_NONBLOCK);
	sfd = accept(lfd, NULL, NULL);
	EXPECT_LE(0, sfd);
	EXPECT_EQ(recv0 + 1, tcpfsm_stat("SyncookiesRecv"));
	if (sfd >= 0) {
		EXPECT_EQ(1, send(cfd, &c, 1, 0));
		EXPECT_EQ(1, recv(sfd, &c, 1, 0));
		EXPECT_EQ(1, send(sfd, &c, 1, 0));
		EXPECT_EQ(1, recv(cfd, &c, 1, 0));
		close(sfd);
	}
	close(cfd);
	close(lfd);
	EXPECT_EQ(0, write_sysctl("syncookies", "1"));
}

/* Without SYN cookies a SYN beyond the backlog is dropped (and retried). */
TEST(listen__backlog_bounds_pending_connections_without_syncookies)
{
	int lfd = tcpfsm_socket(), fds[4], i, established = 0;
	struct sockaddr_tcpfsm a;

	TCPFSM_ONLY("Linux completes backlog + 1 connections");

	ASSERT_EQ(0, write_sysctl("syncookies", "0"));
	ASSERT_EQ(0, tcpfsm_bind(lfd, "127.0.0.1", 0));
	ASSERT_EQ(0, listen(lfd, 2));
	a = tcpfsm_addr("127.0.0.1", tcpfsm_local_port(lfd));
	for (i = 0; i < 4; i++) {
		fds[i] = tcpfsm_socket();
		fcntl(fds[i], F_SETFL, O_NONBLOCK);
		connect(fds[i], (struct sockaddr *)&a, sizeof(a));
	}
	tcpfsm_sleep_ms(0, 300);
	for (i = 0; i < 4; i++)
		established += tcpfsm_state(fds[i]) == TCPFSM_ESTABLISHED;
	EXPECT_EQ(2, established);
	for (i = 0; i < 4; i++)
		close(fds[i]);
	close(lfd);
	EXPECT_EQ(0, write_sysctl("syncookies", "1"));
}

TEST(connect__no_listener_gives_econnrefused)
{
	struct sockaddr_tcpfsm a = tcpfsm_addr("127.0.0.1", 40999);
	int fd = tcpfsm_socket();

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, connect(fd, (struct sockaddr *)&a, sizeof(a)));
	EXPECT_EQ(ECONNREFUSED, errno);
	EXPECT_EQ(TCPFSM_CLOSE, tcpfsm_state(fd));
	close(fd);
}

TEST(connect__again_after_refused_succeeds)
{
	int fd = tcpfsm_socket(), lfd = tcpfsm_socket(), sfd;
	struct sockaddr_tcpfsm a;

	ASSERT_EQ(0, tcpfsm_bind(lfd, "127.0.0.1", 0));
	a = tcpfsm_addr("127.0.0.1", tcpfsm_local_port(lfd));
	EXPECT_EQ(-1, connect(fd, (struct sockaddr *)&a, sizeof(a)));
	EXPECT_EQ(ECONNREFUSED, errno);
	ASSERT_EQ(0, listen(lfd, 1));
	EXPECT_EQ(0, connect(fd, (struct sockaddr *)&a, sizeof(a)));
	sfd = accept(lfd, NULL, NULL);
	EXPECT_LE(0, sfd);
	EXPECT_EQ(TCPFSM_ESTABLISHED, tcpfsm_state(fd));
	close(sfd);
	close(fd);
	close(lfd);
}

TEST(connect__nonblocking_in_progress_then_connected)
{
	struct sockaddr_tcpfsm a;
	int lfd = tcpfsm_socket(), fd = tcpfsm_socket(), err = -1, sfd;
	socklen_t len = sizeof(err);
	struct pollfd pfd;

	ASSERT_EQ(0, tcpfsm_bind(lfd, "127.0.0.1", 0));
	ASSERT_EQ(0, listen(lfd, 1));
	a = tcpfsm_addr("127.0.0.1", tcpfsm_local_port(lfd));
	fcntl(fd, F_SETFL, O_NONBLOCK);
	EXPECT_EQ(-1, connect(fd, (struct sockaddr *)&a, sizeof(a)));
	EXPECT_EQ(EINPROGRESS, errno);
	pfd = (struct pollfd){ .fd = fd, .events = POLLOUT };
	EXPECT_EQ(1, poll(&pfd, 1, tcpfsm_scaled_ms(2000)));
	EXPECT_TRUE(pfd.revents & POLLOUT);
	EXPECT_EQ(0, getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len));
	EXPECT_EQ(0, err);
	connect(fd, (struct sockaddr *)&a, sizeof(a));
	EXPECT_EQ(-1, connect(fd, (struct sockaddr *)&a, sizeof(a)));
	EXPECT_EQ(EISCONN, errno);
	sfd = accept(lfd, NULL, NULL);
	EXPECT_LE(0, sfd);
	close(sfd);
	close(fd);
	close(lfd);
}

TEST(connect__nonblocking_refused_reported_by_so_error)
{
	struct sockaddr_tcpfsm a = tcpfsm_addr("127.0.0.1", 40998);
	int fd = tcpfsm_socket(), err = 0;
	socklen_t len = sizeof(err);
	struct pollfd pfd = { .events = POLLOUT };

	fcntl(fd, F_SETFL, O_NONBLOCK);
	connect(fd, (struct sockaddr *)&a, sizeof(a));
	pfd.fd = fd;
	EXPECT_EQ(1, poll(&pfd, 1, tcpfsm_scaled_ms(2000)));
	EXPECT_TRUE(pfd.revents & (POLLERR | POLLHUP));
	EXPECT_EQ(0, getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len));
	EXPECT_EQ(ECONNREFUSED, err);
	close(fd);
}

TEST(listen__accept_on_unlistened_socket_gives_einval)
{
	int fd = tcpfsm_socket();

	EXPECT_EQ(-1, accept(fd, NULL, NULL));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
}

TEST(listen__nonblocking_accept_gives_eagain)
{
	int fd = tcpfsm_socket();

	ASSERT_EQ(0, listen(fd, 1));
	fcntl(fd, F_SETFL, O_NONBLOCK);
	EXPECT_EQ(-1, accept(fd, NULL, NULL));
	EXPECT_EQ(EAGAIN, errno);
	close(fd);
}

/* In a namespace of its own whose loopback loses everything. */
static int in_lossy_netns(void)
{
	if (unshare(CLONE_NEWNET))
		return -1;
	if (system("ip link set lo up && tc qdisc add dev lo root netem loss 100%"))
		return -1;
	return 0;
}

TEST(connect__syn_retries_exhausted_gives_etimedout)
{
	int status;
	pid_t pid;

	TCPFSM_ONLY("tcpfsm sysctls syn_retries and rto_initial_ms");

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct sockaddr_tcpfsm a = tcpfsm_addr("127.0.0.1", 4000);
		int fd;

		if (in_lossy_netns())
			_exit(2);
		write_sysctl("syn_retries", "2");
		write_sysctl("rto_initial_ms", "100");
		fd = tcpfsm_socket();
		if (connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0)
			_exit(3);
		_exit(errno == ETIMEDOUT ? 0 : 4);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/* connect() without blocking: -1 with EINPROGRESS when the SYN went. */
static int connect_async(int fd, const struct sockaddr_tcpfsm *a)
{
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return connect(fd, (const struct sockaddr *)a, sizeof(*a));
}

/* What TCP_INFO says of the RTO (Linux's struct tcp_info in both families). */
struct rtx_state {
	unsigned int rto, backoff, retransmits;
};

static int rtx_state_of(int fd, struct rtx_state *r)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	if (getsockopt(fd, SOL_TCPFSM, TCPFSM_TCP_INFO, &ti, &len))
		return -1;
	r->rto = ti.tcpi_rto;
	r->backoff = ti.tcpi_backoff;
	r->retransmits = ti.tcpi_retransmits;
	return 0;
}

/*
 * connect() again after one that timed out starts afresh, as after
 * Linux's tcp_disconnect(): the initial RTO, no backoff, no retries
 * counted.  Its first SYN is lost too; the loss then stops, and the next
 * SYN, one initial RTO later, connects.  (Stale state would send that
 * SYN after the last attempt's backed-off RTO and, its retries already
 * spent, give up there with ETIMEDOUT.)
 */
TEST(connect__again_after_etimedout_starts_afresh)
{
	struct sockaddr_tcpfsm a = tcpfsm_addr("127.0.0.1", 4100);
	struct rtx_state fresh, again;
	int lfd, fd, err = -1;
	socklen_t len = sizeof(err);
	struct pollfd p;

	ASSERT_EQ(0, in_lossy_netns());
	if (tcpfsm_family_is_inet()) {
		ASSERT_EQ(0, system("echo 2 > /proc/sys/net/ipv4/tcp_syn_retries"));
	} else {
		ASSERT_EQ(0, write_sysctl("syn_retries", "2"));
	}
	lfd = tcpfsm_socket();
	ASSERT_EQ(0, tcpfsm_bind(lfd, "127.0.0.1", 4100));
	ASSERT_EQ(0, listen(lfd, 4));

	/* What a fresh socket's first SYN starts with. */
	fd = tcpfsm_socket();
	ASSERT_EQ(-1, connect_async(fd, &a));
	ASSERT_EQ(EINPROGRESS, errno);
	ASSERT_EQ(0, rtx_state_of(fd, &fresh));
	close(fd);

	fd = tcpfsm_socket();
	ASSERT_EQ(-1, connect(fd, (struct sockaddr *)&a, sizeof(a)));
	ASSERT_EQ(ETIMEDOUT, errno);
	ASSERT_EQ(-1, connect_async(fd, &a));
	ASSERT_EQ(EINPROGRESS, errno);
	ASSERT_EQ(0, rtx_state_of(fd, &again));
	EXPECT_EQ(0U, again.backoff);
	EXPECT_EQ(0U, again.retransmits);
	EXPECT_EQ(fresh.rto, again.rto);

	ASSERT_EQ(0, system("tc qdisc del dev lo root"));
	p = (struct pollfd){ .fd = fd, .events = POLLOUT };
	EXPECT_EQ(1, poll(&p, 1, tcpfsm_scaled_ms(20000)));
	EXPECT_EQ(0, getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len));
	EXPECT_EQ(0, err) TH_LOG("the second attempt ended: %s", strerror(err));
	EXPECT_EQ(TCPFSM_ESTABLISHED, tcpfsm_state(fd));
	close(fd);
	close(lfd);
}

/*
 * In a namespace of its own: a connection, then a loopback that loses
 * everything; @setup tunes the sockets; returns the errno recv() ends with
 * (-6 when that took more than @max_secs).
 */
static int dead_peer_errno(int (*setup)(int cfd, int sfd), int sysctls,
			   double max_secs)
{
	struct timespec t0, t1;
	struct pair p;
	int err;
	char c;

	if (unshare(CLONE_NEWNET) || system("ip link set lo up"))
		return -1;
	/*
	 * Short retransmissions always: when this process ends, its server
	 * socket becomes an orphan whose FIN is lost too.
	 */
	write_sysctl("rto_min_ms", "50");
	write_sysctl("rto_initial_ms", "100");
	if (sysctls)
		write_sysctl("retries2", "3");
	else
		write_sysctl("retries2", "4");
	if (pair_open(&p))
		return -2;
	if (system("tc qdisc add dev lo root netem loss 100%"))
		return -4;
	if (setup(p.cfd, p.sfd))
		return -3;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (recv(p.cfd, &c, 1, 0) != -1)
		return -5;
	err = errno;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (t1.tv_sec - t0.tv_sec > max_secs)
		return -6;
	return err;
}

static int send_one(int cfd, int sfd)
{
	return send(cfd, "x", 1, 0) == 1 ? 0 : -1;
}

static int keepalive_fast(int cfd, int sfd)
{
	int one = 1, idle = 1, cnt = 2;

	return setsockopt(cfd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one)) |
	       setsockopt(cfd, SOL_TCPFSM, TCPFSM_KEEPIDLE, &idle, sizeof(idle)) |
	       setsockopt(cfd, SOL_TCPFSM, TCPFSM_KEEPINTVL, &idle, sizeof(idle)) |
	       setsockopt(cfd, SOL_TCPFSM, TCPFSM_KEEPCNT, &cnt, sizeof(cnt));
}

static int user_timeout_short(int cfd, int sfd)
{
	int ms = 300;

	/* retries2 alone would take some 6 s: the 300 ms must end it first. */
	write_sysctl("retries2", "6");
	return setsockopt(cfd, SOL_TCPFSM, TCPFSM_USER_TIMEOUT, &ms, sizeof(ms)) |
	       send_one(cfd, sfd);
}

static void expect_child_errno(struct __test_metadata *_metadata,
			       int (*setup)(int, int), int sysctls, int want,
			       double max_secs)
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(dead_peer_errno(setup, sysctls, max_secs) == want ? 0 : 1);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST(retransmission__retries2_exhausted_gives_etimedout)
{
	TCPFSM_ONLY("tcpfsm sysctl retries2");
	/* A deadline inside the limit: retries2 = 3 from an RTO of 50 ms. */
	expect_child_errno(_metadata, send_one, 1, ETIMEDOUT,
			   tcpfsm_scaled_s(20));
}

TEST(retransmission__user_timeout_gives_etimedout)
{
	/* Not scaled: under 3 s is the user timeout, not retries2 (6 s). */
	expect_child_errno(_metadata, user_timeout_short, 1, ETIMEDOUT, 3);
}

TEST(keepalive__dead_peer_detected_after_probes)
{
	/* A deadline inside the limit: idle 1 s, two probes 1 s apart. */
	expect_child_errno(_metadata, keepalive_fast, 0, ETIMEDOUT,
			   tcpfsm_scaled_s(20));
}

TEST(keepalive__live_peer_keeps_connection)
{
	struct pair p;
	int before = tcpfsm_stat("OutSegs");

	TCPFSM_ONLY("reads /proc/net/tcpfsm_stat");

	msl("200");
	ASSERT_EQ(0, pair_open(&p));
	ASSERT_EQ(0, keepalive_fast(p.cfd, p.sfd));
	sleep(4);		/* the behaviour: not scaled */
	EXPECT_EQ(TCPFSM_ESTABLISHED, tcpfsm_state(p.cfd));
	EXPECT_EQ(TCPFSM_ESTABLISHED, tcpfsm_state(p.sfd));
	EXPECT_LE(before + 4, tcpfsm_stat("OutSegs"));	/* probes and ACKs */
	pair_close(&p);
	tcpfsm_sleep_ms(400, 200);	/* 2 * MSL = 400 ms */
	msl("30000");
}

TEST_HARNESS_MAIN
