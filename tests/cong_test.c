// SPDX-License-Identifier: GPL-2.0
/* cong_test.c: congestion control seen from user space: TCP_CONGESTION, its sysctl, and cwnd on the wire. */
/*
 * The base limit (s, times TCPFSM_TIME_SCALE) of the tests without one of
 * their own: the slowest waits for a retransmission timeout (the wire
 * fixture's RTO, WIRE_RTO_BASE_MS scaled) and for silence after it, about
 * 5 s at scale 1.
 */
#define TCPFSM_TEST_BASE_S 20

#include <fcntl.h>
#include <sched.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "tcpfsm_test.h"

#define CA_NAME_MAX	16	/* TCP_CA_NAME_MAX */

/*
 * The wire fixture's RTO (rto_min_ms), a base in ms times the scale: longer
 * than all of a test's scaled waits between its first segment and its last
 * ACK (fast recovery: 1.4 s at scale 1), so that no timeout comes while a
 * test counts segments, at any scale.  The sysctl's ceiling is 120 s.
 */
#define WIRE_RTO_BASE_MS	3000
#define WIRE_RTO_MAX_MS		120000

/* The algorithm of @fd into @name; 0 or -errno. */
static int cong_get(int fd, char *name, socklen_t size)
{
	socklen_t len = size;

	memset(name, 0, size);
	if (getsockopt(fd, SOL_TCPFSM, TCPFSM_CONGESTION, name, &len))
		return -errno;
	return 0;
}

static int cong_set(int fd, const char *name, socklen_t len)
{
	return setsockopt(fd, SOL_TCPFSM, TCPFSM_CONGESTION, name, len) ?
	       -errno : 0;
}

/* The congestion_control sysctl of the family under test. */
static const char *cong_sysctl(void)
{
	return tcpfsm_family_is_inet() ?
	       "/proc/sys/net/ipv4/tcp_congestion_control" :
	       "/proc/sys/net/tcpfsm/congestion_control";
}

static int cong_sysctl_read(char *buf, size_t size)
{
	int n = read_file(cong_sysctl(), buf, size);

	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return n;
}

static int cong_sysctl_write(const char *val)
{
	return write_file(cong_sysctl(), val);
}

TEST(tcp_congestion__set_then_get_by_name)
{
	char name[CA_NAME_MAX];
	int fd = tcpfsm_socket();

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, cong_set(fd, "reno", 4));
	ASSERT_EQ(0, cong_get(fd, name, sizeof(name)));
	EXPECT_STREQ("reno", name);
	/* A name with its NUL, and a length past it, read up to the NUL. */
	ASSERT_EQ(0, cong_set(fd, "cubic", sizeof("cubic")));
	ASSERT_EQ(0, cong_get(fd, name, sizeof(name)));
	EXPECT_STREQ("cubic", name);
	close(fd);
}

TEST(tcp_congestion__unknown_name_is_enoent_and_changes_nothing)
{
	char name[CA_NAME_MAX];
	int fd = tcpfsm_socket();

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, cong_set(fd, "reno", 4));
	EXPECT_EQ(-ENOENT, cong_set(fd, "no-such-cc", 10));
	EXPECT_EQ(-ENOENT, cong_set(fd, "", 1));
	ASSERT_EQ(0, cong_get(fd, name, sizeof(name)));
	EXPECT_STREQ("reno", name);
	close(fd);
}

TEST(tcp_congestion__empty_optlen_is_einval)
{
	int fd = tcpfsm_socket();

	ASSERT_LE(0, fd);
	EXPECT_EQ(-EINVAL, cong_set(fd, "reno", 0));
	close(fd);
}

/* A new socket takes the namespace's default; get: NUL-padded, 16 bytes. */
TEST(tcp_congestion__default_is_the_sysctl)
{
	char name[CA_NAME_MAX], dflt[64];
	socklen_t len = sizeof(name) + 8;
	char big[CA_NAME_MAX + 8];
	int fd = tcpfsm_socket();

	ASSERT_LE(0, fd);
	ASSERT_LT(0, cong_sysctl_read(dflt, sizeof(dflt)));
	ASSERT_EQ(0, cong_get(fd, name, sizeof(name)));
	EXPECT_STREQ(dflt, name);
	ASSERT_EQ(0, getsockopt(fd, SOL_TCPFSM, TCPFSM_CONGESTION, big, &len));
	EXPECT_EQ(CA_NAME_MAX, (int)len);
	close(fd);
}

TEST(congestion_control_sysctl__unknown_name_is_enoent)
{
	char before[64], after[64];

	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_LT(0, cong_sysctl_read(before, sizeof(before)));
	EXPECT_EQ(-ENOENT, cong_sysctl_write("no-such-cc"));
	ASSERT_LT(0, cong_sysctl_read(after, sizeof(after)));
	EXPECT_STREQ(before, after);
	ASSERT_EQ(0, cong_sysctl_write("reno"));
	ASSERT_LT(0, cong_sysctl_read(after, sizeof(after)));
	EXPECT_STREQ("reno", after);
}

/*
 * A listener's connection takes the listener's algorithm only if
 * TCP_CONGESTION set it; else the namespace's default when the connection
 * is made, not when listen() was called (Linux's tcp_ca_openreq_child()).
 * The namespace's default and "reno" (always there, and one a namespace
 * other than the initial one may choose under Linux TCP too).
 */
TEST(tcp_congestion__children_take_the_listeners_only_if_it_was_set)
{
	char name[CA_NAME_MAX], dflt[64];
	struct sockaddr_tcpfsm a;
	int lfd, cfd, sfd, i;

	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, system("ip link set lo up"));
	ASSERT_LT(0, cong_sysctl_read(dflt, sizeof(dflt)));
	if (!strcmp(dflt, "reno"))
		SKIP(return, "the default is reno already");
	for (i = 0; i < 2; i++) {
		lfd = tcpfsm_socket();
		ASSERT_LE(0, lfd);
		if (i)
			ASSERT_EQ(0, cong_set(lfd, dflt, strlen(dflt)));
		ASSERT_EQ(0, tcpfsm_bind(lfd, "127.0.0.1", 0));
		ASSERT_EQ(0, listen(lfd, 4));
		ASSERT_EQ(0, cong_sysctl_write("reno"));
		cfd = tcpfsm_socket();
		ASSERT_LE(0, cfd);
		a = tcpfsm_addr("127.0.0.1", tcpfsm_local_port(lfd));
		ASSERT_EQ(0, connect(cfd, (struct sockaddr *)&a, sizeof(a)));
		sfd = accept(lfd, NULL, NULL);
		ASSERT_LE(0, sfd);
		ASSERT_EQ(0, cong_get(sfd, name, sizeof(name)));
		EXPECT_STREQ(i ? dflt : "reno", name)
			TH_LOG("listener %s TCP_CONGESTION", i ? "with" : "without");
		close(sfd);
		close(cfd);
		close(lfd);
		ASSERT_EQ(0, cong_sysctl_write(dflt));
	}
}

/*
 * A new namespace starts with the initial namespace's algorithm of the
 * time (Linux's tcp_sk_init()), not a fixed one.
 */
TEST(congestion_control_sysctl__a_new_namespace_copies_the_initial_one)
{
	char orig[64], got[64];
	int status = 0;
	pid_t pid, w;

	ASSERT_LT(0, cong_sysctl_read(orig, sizeof(orig)));
	ASSERT_EQ(0, cong_sysctl_write(strcmp(orig, "reno") ? "reno" : "cubic"));
	pid = fork();
	if (!pid) {
		if (unshare(CLONE_NEWNET) || cong_sysctl_read(got, sizeof(got)) <= 0)
			_exit(2);
		_exit(strcmp(got, strcmp(orig, "reno") ? "reno" : "cubic") ? 1 : 0);
	}
	w = pid > 0 ? waitpid(pid, &status, 0) : -1;
	/* Before any assertion: the later tests run with the default. */
	cong_sysctl_write(orig);
	ASSERT_LT(0, pid);
	ASSERT_EQ(pid, w);
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/* ---- on the wire: the raw peer ---- */

#define PEER_MSS	1000

FIXTURE(wire) {
	int raw, lfd, fd;
	uint16_t port, peer;
	uint32_t iss;	/* the peer's */
	uint32_t irs;	/* tcpfsm's ISN */
	int rto_ms;	/* the RTO the fixture sets */
};

/*
 * A connection from the raw peer with MSS 1000 and a window of 65535, in a
 * namespace of its own (RTO rto_ms); the accepted socket,
 * non-blocking, has 64 KiB queued.
 */
FIXTURE_SETUP(wire)
{
	static char text[64 * 1024];
	struct wire_seg r;
	int sndbuf = 256 * 1024;
	char rto[16];

	if (tcpfsm_family_is_inet())
		SKIP(return, "tcpfsm only: reads tcpfsm's TCPFSM_INFO fields");
	self->peer = 6000 + (getpid() % 2000);
	ASSERT_EQ(0, wire_private_net(self->peer));
	/* The handshake's RTT sample makes the RTO rto_min_ms: rto_ms. */
	self->rto_ms = tcpfsm_scaled_ms(WIRE_RTO_BASE_MS);
	if (self->rto_ms > WIRE_RTO_MAX_MS)
		self->rto_ms = WIRE_RTO_MAX_MS;
	snprintf(rto, sizeof(rto), "%d", self->rto_ms);
	ASSERT_EQ(0, write_sysctl("rto_min_ms", rto));
	self->raw = wire_open();
	ASSERT_LE(0, self->raw);
	self->lfd = tcpfsm_socket();
	/* The figures of the tests are CUBIC's, whatever the default. */
	ASSERT_EQ(0, cong_set(self->lfd, "cubic", strlen("cubic")));
	ASSERT_EQ(0, tcpfsm_bind(self->lfd, "127.0.0.1", 0));
	ASSERT_EQ(0, listen(self->lfd, 4));
	self->port = tcpfsm_local_port(self->lfd);
	self->iss = 0x20000000;
	ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port, self->iss, 0,
			       F_SYN, 65535, PEER_MSS, NULL, 0));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r,
			       tcpfsm_scaled_ms(2000)));
	ASSERT_EQ(F_SYN | F_ACK, r.flags);
	self->irs = r.seq;
	ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port, self->iss + 1,
			       self->irs + 1, F_ACK, 65535, 0, NULL, 0));
	self->fd = accept(self->lfd, NULL, NULL);
	ASSERT_LE(0, self->fd);
	setsockopt(self->fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	fcntl(self->fd, F_SETFL, O_NONBLOCK);
	ASSERT_LT(0, write(self->fd, text, sizeof(text)));
}

FIXTURE_TEARDOWN(wire)
{
	if (tcpfsm_family_is_inet())
		return;
	close_abort(self->fd);
	close(self->lfd);
	close(self->raw);
}

static int info_of(int fd, struct tcpfsm_info *ti)
{
	socklen_t len = sizeof(*ti);

	memset(ti, 0, sizeof(*ti));
	return getsockopt(fd, SOL_TCPFSM, TCPFSM_INFO, ti, &len);
}

/*
 * The data segments the socket sends within @ms, stopping once @max came
 * (0: no limit); the highest end of data seen goes to *@end (relative to
 * tcpfsm's ISN + 1) when @end is not NULL.
 */
static int data_segs(FIXTURE_DATA(wire) *self, int ms, int max, uint32_t *end)
{
	struct wire_seg r;
	int n = 0;

	while ((!max || n < max) &&
	       wire_recv(self->raw, self->port, self->peer, &r, ms)) {
		if (!r.datalen)
			continue;
		n++;
		if (end && r.seq + r.datalen - (self->irs + 1) > *end)
			*end = r.seq + r.datalen - (self->irs + 1);
	}
	return n;
}

/* The peer's ACK of @off bytes of tcpfsm's data, window 65535. */
static int peer_ack(FIXTURE_DATA(wire) *self, uint32_t off)
{
	return wire_xmit(self->raw, self->peer, self->port, self->iss + 1,
			 self->irs + 1 + off, F_ACK, 65535, 0, NULL, 0);
}

/*
 * Before any ACK the socket sends the initial window, RFC 6928's for an
 * MSS of 1000: min(10 * 1000, max(2 * 1000, 14600)) bytes, 10 segments,
 * and no more; TCPFSM_INFO says so, ssthresh not yet set.
 */
TEST_F(wire, initial_window__ten_segments_before_any_ack)
{
	struct tcpfsm_info ti;

	EXPECT_EQ(10, data_segs(self, tcpfsm_scaled_ms(300), 0, NULL));
	ASSERT_EQ(0, info_of(self->fd, &ti));
	EXPECT_EQ(10U, ti.tcpi_snd_cwnd);
	EXPECT_EQ((unsigned int)TCPFSM_INFINITE_SSTHRESH, ti.tcpi_snd_ssthresh);
	EXPECT_EQ(0, ti.tcpi_ca_state);
	EXPECT_EQ(10U * PEER_MSS, ti.tcpi_snd_nxt - ti.tcpi_snd_una);
}

/*
 * No ACK comes: the timeout takes cwnd to one segment (RFC 5681 3.1), so
 * one segment goes again, the oldest, and nothing else until it is
 * acknowledged; its ACK lets two go (slow start, go-back-N).  ssthresh is
 * CUBIC's 0.7 of the 10 segments.
 */
TEST_F(wire, rto__one_segment_then_slow_start_again)
{
	struct tcpfsm_info ti;
	uint32_t end = 0;
	struct wire_seg r;

	ASSERT_EQ(10, data_segs(self, tcpfsm_scaled_ms(300), 10, NULL));
	/* After the RTO, rto_ms: the first retransmission. */
	ASSERT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r,
			       self->rto_ms + tcpfsm_scaled_ms(3000)));
	EXPECT_EQ(self->irs + 1, r.seq);
	EXPECT_EQ(PEER_MSS, (int)r.datalen);
	ASSERT_EQ(0, info_of(self->fd, &ti));
	EXPECT_EQ(1U, ti.tcpi_snd_cwnd);
	EXPECT_EQ(7U, ti.tcpi_snd_ssthresh);
	EXPECT_EQ(4, ti.tcpi_ca_state);		/* TCP_CA_Loss */
	/* Nothing else within 1 s: the next timeout is 2 * rto_ms away. */
	EXPECT_EQ(0, data_segs(self, 1000, 0, NULL));
	ASSERT_EQ(0, peer_ack(self, PEER_MSS));
	EXPECT_EQ(2, data_segs(self, tcpfsm_scaled_ms(500), 2, &end));
	EXPECT_EQ(3U * PEER_MSS, end);
	ASSERT_EQ(0, info_of(self->fd, &ti));
	EXPECT_EQ(2U, ti.tcpi_snd_cwnd);
	EXPECT_EQ(0, data_segs(self, tcpfsm_scaled_ms(200), 0, NULL));
}

/*
 * One segment of the initial window lost: the peer's duplicate ACKs, one
 * for each segment after it, first let two new segments go (limited
 * transmit), then start fast recovery (ssthresh 7, CUBIC's 0.7 of 10),
 * the hole sent again; PRR sends new data for the rest.  The ACK of all
 * sent before the recovery ends it with cwnd at ssthresh (no more than
 * one beyond what is in flight).
 */
TEST_F(wire, fast_recovery__ends_with_cwnd_at_ssthresh)
{
	uint32_t end = 0, recover;
	struct tcpfsm_info ti;
	struct wire_seg r;
	int i, dup, lt;

	ASSERT_EQ(10, data_segs(self, tcpfsm_scaled_ms(300), 10, &end));
	/* Two duplicate ACKs: a new segment for each. */
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, peer_ack(self, 0));
	lt = data_segs(self, tcpfsm_scaled_ms(200), 0, &end);
	EXPECT_EQ(2, lt);
	ASSERT_EQ(0, info_of(self->fd, &ti));
	EXPECT_EQ(1, ti.tcpi_ca_state);		/* TCP_CA_Disorder */
	/* The third: the hole again, at once. */
	ASSERT_EQ(0, peer_ack(self, 0));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r,
			       tcpfsm_scaled_ms(500)));
	EXPECT_EQ(self->irs + 1, r.seq);
	ASSERT_EQ(0, info_of(self->fd, &ti));
	EXPECT_EQ(3, ti.tcpi_ca_state);		/* TCP_CA_Recovery */
	EXPECT_EQ(7U, ti.tcpi_snd_ssthresh);
	recover = ti.tcpi_snd_nxt - (self->irs + 1);
	EXPECT_EQ(12U * PEER_MSS, recover);
	/* The other nine segments after the hole arrived: nine more. */
	for (i = 0; i < 9; i++)
		ASSERT_EQ(0, peer_ack(self, 0));
	dup = data_segs(self, tcpfsm_scaled_ms(300), 0, &end);
	/* PRR: about 7/10 of the 10 delivered, less the retransmission. */
	EXPECT_LE(6, dup);
	EXPECT_GE(8, dup);
	ASSERT_EQ(0, peer_ack(self, recover));
	usleep(tcpfsm_scaled_ms(100) * 1000);
	ASSERT_EQ(0, info_of(self->fd, &ti));
	EXPECT_EQ(0, ti.tcpi_ca_state);
	EXPECT_EQ(7U, ti.tcpi_snd_ssthresh);
	EXPECT_LE(ti.tcpi_snd_ssthresh - 1, ti.tcpi_snd_cwnd);
	EXPECT_GE(ti.tcpi_snd_ssthresh + 1, ti.tcpi_snd_cwnd);
}

/*
 * After more than an RTO idle, cwnd is the restart window (RFC 5681 4.1):
 * slow start grew it past 30 segments while the 64 KiB were acknowledged
 * as they came, an ACK for every two segments; a second 64 KiB written after the idle time goes ten
 * segments before any ACK, however the queue holds them.
 */
TEST_F(wire, restart_after_idle__first_burst_is_the_initial_window)
{
	static char text[64 * 1024];
	uint32_t end = 0, acked = 0;
	struct tcpfsm_info ti;
	int rounds = 0;

	/* An ACK for every two segments: each adds two (RFC 3465, L = 2). */
	while (acked < sizeof(text) && rounds++ < 64) {
		data_segs(self, tcpfsm_scaled_ms(300), 0, &end);
		ASSERT_LT(acked, end);
		while (acked < end) {
			acked = acked + 2 * PEER_MSS < end ?
				acked + 2 * PEER_MSS : end;
			ASSERT_EQ(0, peer_ack(self, acked));
		}
	}
	ASSERT_EQ(sizeof(text), acked);
	ASSERT_EQ(0, info_of(self->fd, &ti));
	ASSERT_LT(30U, ti.tcpi_snd_cwnd);
	tcpfsm_sleep_ms(self->rto_ms, 500);
	ASSERT_LT(0, write(self->fd, text, sizeof(text)));
	EXPECT_EQ(10, data_segs(self, tcpfsm_scaled_ms(300), 0, NULL));
	ASSERT_EQ(0, info_of(self->fd, &ti));
	EXPECT_EQ(10U, ti.tcpi_snd_cwnd);
}

/*
 * The copies of tcpfsm's first data segment that arrive within @ms; other
 * segments are read and ignored.
 */
static int head_copies(FIXTURE_DATA(wire) *self, int ms)
{
	long end = tcpfsm_mono_ms() + ms;
	struct wire_seg r;
	int n = 0;
	long left;

	while ((left = end - tcpfsm_mono_ms()) > 0)
		if (wire_recv(self->raw, self->port, self->peer, &r, left) &&
		    r.datalen && r.seq == self->irs + 1)
			n++;
	return n;
}

/*
 * A fast retransmission restarts the retransmission timer (as Linux's
 * tcp_xmit_retransmit_queue() re-arms it for the head it resends): the
 * hole sent again half an RTO after the window gets a whole RTO for its
 * ACK, and no timeout resends it a second time at the first send's RTO
 * (which would throw fast recovery away for a loss recovery with cwnd 1).
 */
TEST_F(wire, fast_retransmit__restarts_the_retransmission_timer)
{
	struct tcpfsm_info ti;
	int i;

	ASSERT_EQ(10, data_segs(self, tcpfsm_scaled_ms(300), 10, NULL));
	usleep(self->rto_ms / 2 * 1000);
	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, peer_ack(self, 0));
	/* Until 0.8 RTO after the fast retransmission: that one alone. */
	EXPECT_EQ(1, head_copies(self, self->rto_ms * 8 / 10));
	ASSERT_EQ(0, info_of(self->fd, &ti));
	EXPECT_EQ(3, ti.tcpi_ca_state);		/* TCP_CA_Recovery */
}

TEST_HARNESS_MAIN
