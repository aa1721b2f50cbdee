// SPDX-License-Identifier: GPL-2.0
/* stream_test.c: the byte stream under loss, duplication, reordering and corruption, and its timers and windows on the wire. */
/* Every test has its own limit (TEST_F_TIMEOUT, times TCPFSM_TIME_SCALE). */
#define TCPFSM_TEST_BASE_S 60

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <time.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "tcpfsm_test.h"
#include "veth.h"

#ifndef SO_MEMINFO
#define SO_MEMINFO 55
#endif
#define MEMINFO_RMEM_ALLOC	0
#define MEMINFO_RCVBUF		1

/*
 * What the receive memory may reach: SO_RCVBUF for tcpfsm, which charges
 * nothing past it; Linux TCP checks the buffer before it charges a segment,
 * so it may end one buffer (a segment's truesize) beyond.
 */
static int rmem_bound(int rcvbuf)
{
	return tcpfsm_family_is_inet() ? rcvbuf + 2048 : rcvbuf;
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static uint64_t fnv1a(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (n--) {
		h ^= (unsigned char)*p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static void fill(char *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245 + 12345;
		p[i] = seed >> 16;
	}
}

static int tcp_info_of(int fd, struct tcpfsm_info *ti)
{
	socklen_t len = sizeof(*ti);

	return getsockopt(fd, SOL_TCPFSM, TCPFSM_INFO, ti, &len);
}

static int sock_err(int fd)
{
	int err = 0;
	socklen_t len = sizeof(err);

	getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
	return err;
}

static void dump_info(const char *who, int fd)
{
	struct tcpfsm_info ti = { 0 };

	tcp_info_of(fd, &ti);
	printf("# %s: state %u snd_una %u snd_nxt %u snd_wnd %u rcv_nxt %u "
	       "rcv_wnd %u rto %u backoff %u retransmits %u probes %u "
	       "total_retrans %u\n", who, ti.tcpi_state, ti.tcpi_snd_una,
	       ti.tcpi_snd_nxt, ti.tcpi_snd_wnd, ti.tcpi_rcv_nxt,
	       ti.tcpi_rcv_wnd, ti.tcpi_rto, ti.tcpi_backoff,
	       ti.tcpi_retransmits, ti.tcpi_probes, ti.tcpi_total_retrans);
	fflush(stdout);
}

/*
 * Move @n bytes each way at once: @fa sends @ab to @fb, which reads into
 * @ab_in, while @fb sends @ba to @fa, which reads into @ba_in.  Both
 * sockets are made non-blocking.  Returns 0 once all arrived, -1 if a
 * side saw an error or the end of the stream, or @secs passed, or nothing
 * moved for a minute (both deadlines scaled; both ends' TCP_INFO is
 * printed then).
 */
static int bidi(int fa, int fb, const char *ab, char *ab_in, const char *ba,
		char *ba_in, size_t n, int secs)
{
	size_t sa = 0, sb = 0, ra = 0, rb = 0, last = 0;
	double end = now_s() + tcpfsm_scaled_s(secs), moved = now_s();
	double stall = tcpfsm_scaled_s(60);

	fcntl(fa, F_SETFL, O_NONBLOCK);
	fcntl(fb, F_SETFL, O_NONBLOCK);
	while (ra < n || rb < n) {
		struct pollfd p[2] = {
			{ .fd = fa, .events = POLLIN | (sa < n ? POLLOUT : 0) },
			{ .fd = fb, .events = POLLIN | (sb < n ? POLLOUT : 0) },
		};
		ssize_t k;

		errno = 0;
		if (ra + rb != last) {
			last = ra + rb;
			moved = now_s();
		}
		if (now_s() > end || now_s() - moved > stall) {
			printf("# stalled: sent %zu/%zu, received %zu/%zu\n",
			       sa, sb, rb, ra);
			dump_info("A", fa);
			dump_info("B", fb);
			return -1;
		}
		poll(p, 2, 200);
		if (sa < n && (k = send(fa, ab + sa, n - sa, 0)) > 0)
			sa += k;
		if (sb < n && (k = send(fb, ba + sb, n - sb, 0)) > 0)
			sb += k;
		k = rb < n ? recv(fb, ab_in + rb, n - rb, 0) : -1;
		if (k > 0)
			rb += k;
		else if (rb < n && (k == 0 || (errno != EAGAIN && errno != EINTR)))
			goto broken;
		k = ra < n ? recv(fa, ba_in + ra, n - ra, 0) : -1;
		if (k > 0)
			ra += k;
		else if (ra < n && (k == 0 || (errno != EAGAIN && errno != EINTR)))
			goto broken;
	}
	return 0;
broken:
	printf("# broken: %s after sent %zu/%zu, received %zu/%zu\n",
	       errno ? strerror(errno) : "end of stream", sa, sb, rb, ra);
	dump_info("A", fa);
	dump_info("B", fb);
	return -1;
}

/* Wait up to @secs (scaled) for the end of the stream on non-blocking @fd. */
static int wait_eof(int fd, int secs)
{
	double end = now_s() + tcpfsm_scaled_s(secs);
	char c;

	while (now_s() < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t k;

		poll(&p, 1, 200);
		k = recv(fd, &c, 1, MSG_DONTWAIT);
		if (k == 0)
			return 0;
		if (k < 0 && errno != EAGAIN)
			return -errno;
	}
	return -ETIMEDOUT;
}

/* A connection from A to B's listener on @port; the accepted end in *@sfd. */
static int veth_pair(FIXTURE_DATA(veth) *self, uint16_t port, int *lfd,
		     int *sfd)
{
	struct sockaddr_tcpfsm a = tcpfsm_addr("10.200.0.2", port);
	int cfd;

	*lfd = socket_in(self->nsb, self->home);
	cfd = socket_in(self->nsa, self->home);
	if (*lfd < 0 || cfd < 0 || tcpfsm_bind(*lfd, "10.200.0.2", port) ||
	    listen(*lfd, 4) || connect(cfd, (struct sockaddr *)&a, sizeof(a)))
		return -1;
	*sfd = accept(*lfd, NULL, NULL);
	return *sfd < 0 ? -1 : cfd;
}

static int netem_both(FIXTURE_DATA(veth) *self, const char *spec)
{
	return sh("ip netns exec %s tc qdisc add dev va root netem %s && "
		  "ip netns exec %s tc qdisc add dev vb root netem %s",
		  self->a, spec, self->b, spec);
}

/*
 * Send @n bytes each way through netem @spec, compare hashes, close
 * normally (FIN each way, A into TIME_WAIT, B to CLOSED), and report the
 * figures: bytes, time in the guest, RetransSegs of each side.
 */
static void lossy_transfer(struct __test_metadata *_metadata,
			   FIXTURE_DATA(veth) *self, uint16_t port,
			   const char *spec, size_t n, int secs)
{
	char *ab = malloc(n), *ab_in = malloc(n);
	char *ba = malloc(n), *ba_in = malloc(n);
	long ra0 = stat_in(self->nsa, self->home, "RetransSegs");
	long rb0 = stat_in(self->nsb, self->home, "RetransSegs");
	long csa, csb;
	int lfd, sfd, cfd, cport, st;
	double t0, t1;

	ASSERT_TRUE(ab && ab_in && ba && ba_in);
	fill(ab, n, 1);
	fill(ba, n, 2);
	cfd = veth_pair(self, port, &lfd, &sfd);
	ASSERT_LE(0, cfd);
	cport = tcpfsm_local_port(cfd);
	ASSERT_EQ(0, netem_both(self, spec));
	t0 = now_s();
	ASSERT_EQ(0, bidi(cfd, sfd, ab, ab_in, ba, ba_in, n, secs));
	t1 = now_s();
	EXPECT_EQ(fnv1a(ab, n), fnv1a(ab_in, n));
	EXPECT_EQ(fnv1a(ba, n), fnv1a(ba_in, n));
	EXPECT_EQ(0, memcmp(ab, ab_in, n));
	EXPECT_EQ(0, memcmp(ba, ba_in, n));

	/* The normal close, through the same network. */
	ASSERT_EQ(0, shutdown(cfd, SHUT_WR));
	EXPECT_EQ(0, wait_eof(sfd, 60));
	ASSERT_EQ(0, shutdown(sfd, SHUT_WR));
	EXPECT_EQ(0, wait_eof(cfd, 60));
	EXPECT_EQ(0, sock_err(cfd));
	EXPECT_EQ(0, sock_err(sfd));
	close(cfd);
	close(sfd);
	for (st = 0; st < tcpfsm_scaled(300); st++) {	/* 60 s, scaled */
		if (proc_state_in(self->nsb, self->home, cport, port) == -1)
			break;
		usleep(200000);
	}
	EXPECT_EQ(-1, proc_state_in(self->nsb, self->home, cport, port));
	EXPECT_EQ(TCPFSM_TIME_WAIT,
		  proc_state_in(self->nsa, self->home, port, cport));
	csa = stat_in(self->nsa, self->home, "InCsumErrors");
	csb = stat_in(self->nsb, self->home, "InCsumErrors");
	printf("# figures: netem '%s': %zu bytes each way in %.1f s (guest), "
	       "RetransSegs A %ld B %ld, InCsumErrors A %ld B %ld\n", spec, n,
	       t1 - t0, stat_in(self->nsa, self->home, "RetransSegs") - ra0,
	       stat_in(self->nsb, self->home, "RetransSegs") - rb0, csa, csb);
	fflush(stdout);
	close(lfd);
	free(ab);
	free(ab_in);
	free(ba);
	free(ba_in);
}

/*
 * 73 s on a 2-core TCG guest.  The transfer's own deadline and the close's
 * three minutes (wait_eof() twice, B's CLOSED) stay inside the limit, so
 * a stall is reported with both ends' TCP_INFO before the harness kills.
 */
TEST_F_TIMEOUT(veth, netem__16mib_each_way_through_loss_dup_reorder_corrupt, 600)
{
	TCPFSM_ONLY("reads /proc/net/tcpfsm and tcpfsm_stat");
	lossy_transfer(_metadata, self, 7600,
		       "loss 10% duplicate 5% delay 10ms reorder 25% 50% corrupt 1%",
		       16 << 20, 400);
}

/*
 * At 30% loss each way a retransmission and its ACK both get through only
 * half the time, so runs of eight failed tries, with the RTO doubled to
 * 51 s, are not rare.  That is correct backoff, not a stall: rto_max_ms
 * 1600 bounds the wait and leaves the loss recovery itself under test.
 */
TEST_F_TIMEOUT(veth, netem__short_transfer_through_30_percent_loss, 600)
{
	TCPFSM_ONLY("tcpfsm sysctl rto_max_ms, reads /proc/net/tcpfsm");
	setns(self->nsa, CLONE_NEWNET);
	ASSERT_EQ(0, write_sysctl("rto_max_ms", "1600"));
	setns(self->nsb, CLONE_NEWNET);
	ASSERT_EQ(0, write_sysctl("rto_max_ms", "1600"));
	setns(self->home, CLONE_NEWNET);
	lossy_transfer(_metadata, self, 7700, "loss 30%", 128 << 10, 400);
}

/*
 * A's link starts losing everything; one byte is sent on @cfd and its
 * blocking recv() waits for the connection to end.  Returns the seconds
 * that took, with errno as recv() left it, or -1 if netem could not be
 * set up, the send failed or the recv() returned instead of failing.
 */
static double silent_peer_wait(FIXTURE_DATA(veth) *self, int cfd)
{
	double t0;
	char c;

	if (sh("ip netns exec %s tc qdisc add dev va root netem loss 100%%",
	       self->a))
		return -1;
	t0 = now_s();
	if (send(cfd, "x", 1, 0) != 1 || recv(cfd, &c, 1, 0) != -1)
		return -1;
	return now_s() - t0;
}

/*
 * A peer that stops answering after the handshake: retries2 = 4
 * retransmissions, spaced by the doubling RTO (at least 200+400+800+
 * 1600 ms before the fifth timeout gives up), then ETIMEDOUT.
 */
TEST_F_TIMEOUT(veth, netem__silent_peer_ends_with_etimedout_after_retries2, 120)
{
	struct tcpfsm_info ti;
	int lfd, sfd, cfd;
	long r0;
	double t;

	TCPFSM_ONLY("tcpfsm sysctl retries2, tcpfsm_stat and TCPFSM_INFO fields");

	setns(self->nsa, CLONE_NEWNET);
	ASSERT_EQ(0, write_sysctl("retries2", "4"));
	setns(self->home, CLONE_NEWNET);
	cfd = veth_pair(self, 7800, &lfd, &sfd);
	ASSERT_LE(0, cfd);
	r0 = stat_in(self->nsa, self->home, "RetransSegs");
	t = silent_peer_wait(self, cfd);
	ASSERT_LE(0, t);
	EXPECT_EQ(ETIMEDOUT, errno);
	EXPECT_EQ(4, stat_in(self->nsa, self->home, "RetransSegs") - r0);
	EXPECT_LE(200 + 400 + 800 + 1600 + 3200, (int)(t * 1000))
		TH_LOG("gave up after %.2f s", t);
	ASSERT_EQ(0, tcp_info_of(cfd, &ti));
	EXPECT_EQ(TCPFSM_CLOSE, ti.tcpi_state);
	EXPECT_EQ(4U, ti.tcpi_total_retrans);
	printf("# figures: silent peer: ETIMEDOUT after %.2f s, 4 retransmissions\n", t);
	close(cfd);
	abort_close(sfd);	/* its FIN would go unanswered for minutes */
	close(lfd);
}

/* TCP_USER_TIMEOUT of one second ends the same connection long before. */
TEST_F_TIMEOUT(veth, netem__silent_peer_user_timeout_ends_it_earlier, 120)
{
	unsigned int ut = 1000;
	int lfd, sfd, cfd;
	double t;

	cfd = veth_pair(self, 7801, &lfd, &sfd);
	ASSERT_LE(0, cfd);
	ASSERT_EQ(0, setsockopt(cfd, SOL_TCPFSM, TCPFSM_USER_TIMEOUT, &ut,
				sizeof(ut)));
	t = silent_peer_wait(self, cfd);
	ASSERT_LE(0, t);
	EXPECT_EQ(ETIMEDOUT, errno);
	EXPECT_LE(1000, (int)(t * 1000));
	/* retries2 (15) would take minutes (not scaled: it tells them apart). */
	EXPECT_GT(10.0, t);
	close(cfd);
	abort_close(sfd);
	close(lfd);
}

/*
 * TCP_USER_TIMEOUT ends the connection when it runs out, not at the next
 * backed-off timeout after it: Linux clamps the RTO to what is left of
 * the user timeout (tcp_clamp_rto_to_user_timeout()).  With the RTO at
 * rto_min (200 ms) the timeouts come at 0.2, 0.6, 1.4, 3.0, 6.2, 12.6 s
 * after the send; 6.5 s of user timeout, counted from the first of them,
 * end the connection at 6.7 s, where waiting for the next backed-off
 * timeout would take until 12.6 s.
 */
TEST_F_TIMEOUT(veth, netem__silent_peer_user_timeout_not_overshot, 120)
{
	unsigned int ut = 6500;
	int lfd, sfd, cfd;
	double t;

	cfd = veth_pair(self, 7802, &lfd, &sfd);
	ASSERT_LE(0, cfd);
	ASSERT_EQ(0, setsockopt(cfd, SOL_TCPFSM, TCPFSM_USER_TIMEOUT, &ut,
				sizeof(ut)));
	t = silent_peer_wait(self, cfd);
	ASSERT_LE(0, t);
	EXPECT_EQ(ETIMEDOUT, errno);
	EXPECT_LE(6.5, t) TH_LOG("gave up after %.2f s", t);
	EXPECT_GT(9.5, t) TH_LOG("gave up after %.2f s", t);
	close(cfd);
	abort_close(sfd);
	close(lfd);
}

/*
 * close() with SO_LINGER {1, 2} whose FIN is never acked (A's link loses
 * everything) blocks for the linger time, as Linux's tcp_close() does
 * (sk_stream_wait_close()); the orphan then carries on, and its FIN gets
 * through once the link works again.
 */
TEST_F_TIMEOUT(veth, linger__close_waits_the_linger_time_for_the_ack_of_fin, 120)
{
	struct linger l = { .l_onoff = 1, .l_linger = 2 };
	int lfd, sfd, cfd;
	double t0, t;

	cfd = veth_pair(self, 7803, &lfd, &sfd);
	ASSERT_LE(0, cfd);
	ASSERT_EQ(0, setsockopt(cfd, SOL_SOCKET, SO_LINGER, &l, sizeof(l)));
	ASSERT_EQ(0, sh("ip netns exec %s tc qdisc add dev va root netem loss 100%%",
			self->a));
	t0 = now_s();
	EXPECT_EQ(0, close(cfd));
	t = now_s() - t0;
	EXPECT_LE(1.5, t) TH_LOG("close() returned after %.2f s", t);
	EXPECT_GT(60.0, t) TH_LOG("close() returned after %.2f s", t);
	ASSERT_EQ(0, sh("ip netns exec %s tc qdisc del dev va root", self->a));
	EXPECT_EQ(0, wait_eof(sfd, 60));
	close(sfd);
	close(lfd);
}

/*
 * A lingering close() returns as soon as the FIN is acked, long before
 * the linger time (30 s); the orphan, in FIN_WAIT2, still gets its
 * fin_timeout (1 s here) and goes.
 */
TEST_F_TIMEOUT(veth, linger__close_returns_once_the_fin_is_acked, 120)
{
	struct linger l = { .l_onoff = 1, .l_linger = 30 };
	int lfd, sfd, cfd, cport, i;
	double t0, t;

	if (!tcpfsm_family_is_inet()) {
		setns(self->nsa, CLONE_NEWNET);
		ASSERT_EQ(0, write_sysctl("fin_timeout", "1"));
		setns(self->home, CLONE_NEWNET);
	}
	cfd = veth_pair(self, 7804, &lfd, &sfd);
	ASSERT_LE(0, cfd);
	cport = tcpfsm_local_port(cfd);
	ASSERT_EQ(0, setsockopt(cfd, SOL_SOCKET, SO_LINGER, &l, sizeof(l)));
	t0 = now_s();
	EXPECT_EQ(0, close(cfd));
	t = now_s() - t0;
	EXPECT_GT(20.0, t) TH_LOG("close() returned after %.2f s", t);
	if (!tcpfsm_family_is_inet()) {
		for (i = 0; i < 100; i++) {
			if (proc_state_in(self->nsa, self->home, 7804, cport) == -1)
				break;
			usleep(100000);
		}
		EXPECT_EQ(-1, proc_state_in(self->nsa, self->home, 7804, cport))
			TH_LOG("the orphan is still there, in state %d",
			       proc_state_in(self->nsa, self->home, 7804, cport));
	}
	close(sfd);
	close(lfd);
}

/* The tr column of A's /proc/net/tcpfsm row for local port @lport. */
static int proc_timer_in(FIXTURE_DATA(veth) *self, uint16_t lport)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd),
		 "ip netns exec %s awk 'NR > 1 && $2 ~ /:%04X$/ "
		 "{ split($6, t, \":\"); print t[1] + 0 }' /proc/net/tcpfsm",
		 self->a, lport);
	return sh_int(cmd);
}

/*
 * A reader that stops for twenty seconds behind a small receive buffer:
 * the sender's window closes, its persist probes are answered (so
 * retries2 = 3 never ends the connection), and once the reader goes on
 * every byte arrives.
 */
TEST_F_TIMEOUT(veth, zero_window__paused_reader_outlives_retries2_and_loses_nothing, 240)
{
	enum { N = 1 << 20 };
	char *out = malloc(N), *in = malloc(N);
	int lfd, sfd, cfd, rcvbuf = 8192, saw_persist = 0;
	size_t sent = 0, got = 0;
	struct tcpfsm_info ti;
	double pause_end;

	TCPFSM_ONLY("reads /proc/net/tcpfsm and TCPFSM_INFO fields");

	ASSERT_TRUE(out && in);
	fill(out, N, 3);
	setns(self->nsa, CLONE_NEWNET);
	ASSERT_EQ(0, write_sysctl("retries2", "3"));
	setns(self->home, CLONE_NEWNET);
	cfd = veth_pair(self, 7900, &lfd, &sfd);
	ASSERT_LE(0, cfd);
	ASSERT_EQ(0, setsockopt(sfd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
				sizeof(rcvbuf)));
	fcntl(cfd, F_SETFL, O_NONBLOCK);
	pause_end = now_s() + 20;	/* the behaviour: not scaled */
	while (now_s() < pause_end) {
		ssize_t k = send(cfd, out + sent, N - sent, 0);

		if (k > 0)
			sent += k;
		if (proc_timer_in(self, tcpfsm_local_port(cfd)) == 4)
			saw_persist = 1;
		usleep(500000);
	}
	ASSERT_EQ(0, tcp_info_of(cfd, &ti));
	EXPECT_EQ(TCPFSM_ESTABLISHED, ti.tcpi_state) {
		printf("# SO_ERROR %d\n", sock_err(cfd));
		dump_info("sender", cfd);
		dump_info("reader", sfd);
	}
	EXPECT_EQ(0U, ti.tcpi_snd_wnd);
	EXPECT_EQ(1, saw_persist) TH_LOG("no zero-window probe timer (tr 4) seen");
	EXPECT_GT((size_t)N, sent);
	/* The reader goes on: everything arrives. */
	fcntl(sfd, F_SETFL, O_NONBLOCK);
	pause_end = now_s() + tcpfsm_scaled_s(120);
	while (got < N && now_s() < pause_end) {
		ssize_t k;

		if (sent < N && (k = send(cfd, out + sent, N - sent, 0)) > 0)
			sent += k;
		k = recv(sfd, in + got, N - got, 0);
		if (k > 0)
			got += k;
		else if (k == 0 || errno != EAGAIN)
			break;
		else
			usleep(1000);
	}
	EXPECT_EQ((size_t)N, got) {
		dump_info("sender", cfd);
		dump_info("reader", sfd);
	}
	EXPECT_EQ(fnv1a(out, N), fnv1a(in, got));
	EXPECT_EQ(0, sock_err(cfd));
	close(cfd);
	close(sfd);
	close(lfd);
	free(out);
	free(in);
}

/* A raw socket of our protocol in namespace @ns, bound to @addr. */
static int raw_in(FIXTURE_DATA(veth) *self, int ns, const char *addr)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int fd;

	setns(ns, CLONE_NEWNET);
	fd = wire_open();
	setns(self->home, CLONE_NEWNET);
	a.sin_addr.s_addr = inet_addr(addr);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A header-only segment from @saddr:@sport to @daddr:@dport. */
static int raw_seg(int raw, const char *saddr, const char *daddr,
		   uint16_t sport, uint16_t dport, uint32_t seq, uint8_t flags)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	struct wire_hdr h = { 0 };

	h.sport = htons(sport);
	h.dport = htons(dport);
	h.seq = htonl(seq);
	h.doff = 5 << 4;
	h.flags = flags;
	h.win = htons(65535);
	h.csum = wire_csum(inet_addr(saddr), inet_addr(daddr), wire_proto(),
			   &h, sizeof(h));
	to.sin_addr.s_addr = inet_addr(daddr);
	return sendto(raw, &h, sizeof(h), 0, (struct sockaddr *)&to,
		      sizeof(to)) == sizeof(h) ? 0 : -1;
}

/*
 * TCP is unicast (RFC 1122 4.2.3.10): a segment for a broadcast address is
 * dropped, counted, and never answered, not even with a RST.  B has
 * 10.201.0.2/24, so 10.201.0.255 is its subnet broadcast; A routes that
 * network as plain unicast to B's MAC address, so the segments come in
 * addressed to the host on the link, to a broadcast IP address.  A SYN to
 * B's own address and a closed port gets its RST; the same to the
 * broadcast address, nothing; a SYN to the broadcast address and a
 * listener's port, no SYN-ACK and no child.
 */
TEST_F(veth, broadcast__segments_to_a_broadcast_address_dropped_and_counted)
{
	long errs = stat_in(self->nsb, self->home, "InErrs");
	struct sockaddr_tcpfsm l = tcpfsm_addr("0.0.0.0", 7950);
	struct wire_seg r;
	int raw, lfd;

	ASSERT_EQ(0, sh("ip -n %s addr add 10.201.0.2/24 brd + dev vb && "
			"ip -n %s route add 10.201.0.0/24 dev va && "
			"mac=$(ip -n %s -br link show vb | awk '{print $3}') && "
			"ip -n %s neigh add 10.201.0.2 dev va lladdr $mac nud permanent && "
			"ip -n %s neigh add 10.201.0.255 dev va lladdr $mac nud permanent",
			self->b, self->a, self->b, self->a, self->a));
	lfd = socket_in(self->nsb, self->home);
	ASSERT_LE(0, lfd);
	ASSERT_EQ(0, bind(lfd, (struct sockaddr *)&l, sizeof(l)));
	ASSERT_EQ(0, listen(lfd, 4));
	raw = raw_in(self, self->nsa, "10.200.0.1");
	ASSERT_LE(0, raw);

	ASSERT_EQ(0, raw_seg(raw, "10.200.0.1", "10.201.0.2", 5555, 7951, 1000,
			     F_SYN));
	ASSERT_EQ(1, wire_recv(raw, 7951, 5555, &r, tcpfsm_scaled_ms(2000)))
		TH_LOG("no RST from B's own address: the set-up is wrong");
	EXPECT_EQ(F_RST | F_ACK, r.flags);

	ASSERT_EQ(0, raw_seg(raw, "10.200.0.1", "10.201.0.255", 5555, 7951,
			     2000, F_SYN));
	EXPECT_EQ(0, wire_recv(raw, 7951, 5555, &r, 1000))
		TH_LOG("a RST for a segment to a broadcast address");
	ASSERT_EQ(0, raw_seg(raw, "10.200.0.1", "10.201.0.255", 5556, 7950,
			     3000, F_SYN));
	EXPECT_EQ(0, wire_recv(raw, 7950, 5556, &r, 1000))
		TH_LOG("flags %#x for a SYN to a broadcast address", r.flags);
	if (!tcpfsm_family_is_inet()) {
		EXPECT_EQ(-1, proc_state_in(self->nsb, self->home, 5556, 7950));
		EXPECT_EQ(errs + 2, stat_in(self->nsb, self->home, "InErrs"));
	}
	close(raw);
	close(lfd);
}

/* ---- segmentation offload of protocol 253 across veth ---- */

/*
 * The frames of a capture: for each IPv4 frame of protocol @proto from
 * @src, its length into *@over if longer than @len, and its transport
 * checksum checked with @proto in the pseudo-header (the capture must
 * hold full checksums: transmit checksumming off) into *@bad.  Reads the
 * pcap file by hand (Ethernet link type): 24 bytes of file header, then
 * records of 16 bytes of header and the frame.  Returns the frames of
 * @proto from @src, or -1.
 */
static int pcap_frames(const char *path, const char *src, int proto, int len,
		       int *over, int *bad)
{
	unsigned char hdr[16], frame[70000];
	uint32_t saddr = inet_addr(src);
	FILE *f = fopen(path, "rb");
	int n = 0;

	*over = 0;
	*bad = 0;
	if (!f || fread(frame, 1, 24, f) != 24) {
		if (f)
			fclose(f);
		return -1;
	}
	while (fread(hdr, 1, 16, f) == 16) {
		uint32_t caplen, wirelen, ihl, tot;
		const unsigned char *ip = frame + 14;
		uint32_t s, d;

		memcpy(&caplen, hdr + 8, 4);
		memcpy(&wirelen, hdr + 12, 4);
		if (caplen > sizeof(frame) || fread(frame, 1, caplen, f) != caplen)
			break;
		if (caplen < 34 || frame[12] != 0x08 || frame[13] != 0x00 ||
		    ip[9] != proto)
			continue;
		memcpy(&s, ip + 12, 4);
		memcpy(&d, ip + 16, 4);
		if (s != saddr)
			continue;
		n++;
		if ((int)wirelen > len)
			(*over)++;
		ihl = (ip[0] & 0xf) * 4;
		tot = ip[2] << 8 | ip[3];
		if (caplen < 14 + tot || tot < ihl + 20)
			continue;	/* cut short: not judged */
		if (wire_csum(s, d, proto, ip + ihl, tot - ihl) != 0)
			(*bad)++;
	}
	fclose(f);
	return n;
}

/* Start dumpcap on @dev of namespace @ns into @pcap, for @secs (scaled). */
static int capture_start(const char *ns, const char *dev, const char *pcap,
			 int secs)
{
	return sh("ip netns exec %s dumpcap -q -P -i %s -s 0 -w %s -a duration:%d "
		  "> /dev/null 2>&1 & sleep %.3f", ns, dev, pcap,
		  tcpfsm_scaled(secs), tcpfsm_scaled_s(3));
}

/* @n bytes from A to B over a new connection on @port, hash compared. */
static void offload_transfer(struct __test_metadata *_metadata,
			     FIXTURE_DATA(veth) *self, uint16_t port, size_t n)
{
	char *out = malloc(n), *in = malloc(n);
	int lfd, sfd, cfd;

	ASSERT_TRUE(out && in);
	fill(out, n, 7);
	cfd = veth_pair(self, port, &lfd, &sfd);
	ASSERT_LE(0, cfd);
	ASSERT_EQ(n, pump(cfd, sfd, out, in, n));
	EXPECT_EQ(fnv1a(out, n), fnv1a(in, n));
	close(cfd);
	close(sfd);
	close(lfd);
	free(out);
	free(in);
}

/*
 * tcpfsm's full segments leave as GSO trains of its own type, which veth
 * hands to B whole: the capture on B's device sees frames longer than the
 * MTU, and the stream is intact.
 */
TEST_F_TIMEOUT(veth, gso__trains_of_protocol_253_cross_veth_whole, 120)
{
	char pcap[64];
	int n, over, bad;

	TCPFSM_ONLY("protocol 253's own GSO type");
	if (system("command -v dumpcap > /dev/null"))
		SKIP(return, "dumpcap is not installed");
	snprintf(pcap, sizeof(pcap), "/tmp/tcpfsm-gso-%d.pcap", getpid());
	ASSERT_EQ(0, capture_start(self->b, "vb", pcap, 10));
	offload_transfer(_metadata, self, 7960, 4 << 20);
	tcpfsm_sleep_ms(0, 9000);	/* dumpcap's end */
	n = pcap_frames(pcap, "10.200.0.1", tcpfsm_proto(), 1514, &over, &bad);
	EXPECT_LT(0, n);
	EXPECT_LT(0, over) TH_LOG("%d frames, none a train", n);
	unlink(pcap);
}

/*
 * A device that does not take the type (its GSO for it turned off, and
 * transmit checksumming off so that the capture holds full checksums)
 * gets the trains cut by tcpfsm's GSO callback: every frame within the
 * MTU, every checksum right with protocol 253 in the pseudo-header, the
 * stream intact.
 */
TEST_F_TIMEOUT(veth, gso__device_without_it_gets_segments_with_good_checksums, 120)
{
	char pcap[64];
	int n, over, bad;

	TCPFSM_ONLY("protocol 253's own GSO type");
	if (system("command -v dumpcap > /dev/null"))
		SKIP(return, "dumpcap is not installed");
	ASSERT_EQ(0, sh("ip netns exec %s ethtool -K va tx-sctp-segmentation off "
			"tx off > /dev/null", self->a));
	snprintf(pcap, sizeof(pcap), "/tmp/tcpfsm-gso-%d.pcap", getpid());
	ASSERT_EQ(0, capture_start(self->a, "va", pcap, 10));
	offload_transfer(_metadata, self, 7961, 4 << 20);
	tcpfsm_sleep_ms(0, 9000);
	n = pcap_frames(pcap, "10.200.0.1", tcpfsm_proto(), 1514, &over, &bad);
	EXPECT_LT(1000, n) TH_LOG("%d frames of 4 MiB", n);
	EXPECT_EQ(0, over);
	EXPECT_EQ(0, bad) TH_LOG("%d of %d frames with a bad checksum", bad, n);
	unlink(pcap);
}

/*
 * GRO on B's device (veth's NAPI) merges the segments A sends one by one
 * (A's GSO for the type off, and TSO, without which veth takes the NAPI
 * way): B's capture, which sees packets after GRO,
 * has frames longer than the MTU; the stream is intact, and InSegs counts
 * the segments, not the merged packets.
 */
TEST_F_TIMEOUT(veth, gro__segments_merged_on_receive, 120)
{
	long segs0 = stat_in(self->nsb, self->home, "InSegs");
	char pcap[64];
	int n, over, bad;

	TCPFSM_ONLY("protocol 253's own GRO");
	if (system("command -v dumpcap > /dev/null"))
		SKIP(return, "dumpcap is not installed");
	/* veth hands to GRO only what comes from a device without TSO. */
	ASSERT_EQ(0, sh("ip netns exec %s ethtool -K va tx-sctp-segmentation off "
			"tso off > /dev/null && ip netns exec %s ethtool -K vb "
			"gro on > /dev/null", self->a, self->b));
	snprintf(pcap, sizeof(pcap), "/tmp/tcpfsm-gro-%d.pcap", getpid());
	ASSERT_EQ(0, capture_start(self->b, "vb", pcap, 10));
	offload_transfer(_metadata, self, 7962, 4 << 20);
	tcpfsm_sleep_ms(0, 9000);
	n = pcap_frames(pcap, "10.200.0.1", tcpfsm_proto(), 1514, &over, &bad);
	EXPECT_LT(0, n);
	EXPECT_LT(0, over) TH_LOG("%d frames, none merged", n);
	/* 4 MiB is at least 2897 segments of at most 1448 bytes. */
	EXPECT_LE(segs0 + 2897, stat_in(self->nsb, self->home, "InSegs"));
	unlink(pcap);
}

/*
 * GRO under a VLAN tag, then forwarding: A sends through VLAN 10 (tag in
 * the frame, TSO off) to a router R whose device merges the segments
 * with GRO; R forwards the merged packets to B through a device without
 * our GSO type, where tcpfsm's GSO callback cuts them again.  Every
 * segment B gets must have a good checksum: the merged packet's
 * pseudo-header sum must come from the IPv4 header under the tag, not
 * from where ip_hdr() points (the tag).  B counts no InCsumErrors and the
 * stream arrives intact within the time limit.
 */
TEST_F_TIMEOUT(veth, gro__vlan_tagged_segments_merged_and_forwarded_intact, 180)
{
	const size_t n = 2 << 20;
	char *out = malloc(n), *in = malloc(n), r[40];
	struct sockaddr_tcpfsm a = tcpfsm_addr("10.211.0.2", 7963);
	long csum0 = stat_in(self->nsb, self->home, "InCsumErrors");
	int lfd, sfd, cfd;
	size_t got;

	TCPFSM_ONLY("protocol 253's own GRO and GSO");
	ASSERT_TRUE(out && in);
	snprintf(r, sizeof(r), "%sr", self->b);
	ASSERT_EQ(0, sh("ip netns add %s && "
			"ip link add vx netns %s type veth peer vr netns %s && "
			"ip link add vs netns %s type veth peer vy netns %s",
			r, self->a, r, r, self->b));
	if (sh("ip -n %s link add link vx name vx.10 type vlan id 10 "
	       "2> /dev/null && "
	       "ip -n %s link add link vr name vr.10 type vlan id 10",
	       self->a, r)) {
		sh("ip netns del %s", r);
		free(out);
		free(in);
		SKIP(return, "no 802.1Q VLANs in this kernel");
	}
	ASSERT_EQ(0, sh("ip -n %s addr add 10.210.0.1/24 dev vx.10 && "
			"ip -n %s addr add 10.210.0.2/24 dev vr.10 && "
			"ip -n %s addr add 10.211.0.1/24 dev vs && "
			"ip -n %s addr add 10.211.0.2/24 dev vy && "
			"ip -n %s link set vx up && ip -n %s link set vx.10 up && "
			"ip -n %s link set vr up && ip -n %s link set vr.10 up && "
			"ip -n %s link set vs up && ip -n %s link set vy up && "
			"ip -n %s route add 10.211.0.0/24 via 10.210.0.2 && "
			"ip -n %s route add 10.210.0.0/24 via 10.211.0.1 && "
			"ip netns exec %s sysctl -qw net.ipv4.ip_forward=1",
			self->a, r, r, self->b, self->a, self->a, r, r, r,
			self->b, self->a, self->b, r));
	/*
	 * The tag in the frame (no VLAN offload either way), segments from
	 * A (veth takes the NAPI way only from a device without TSO), GRO
	 * on R's side, and no GSO of our type towards B.
	 */
	ASSERT_EQ(0, sh("ip netns exec %s ethtool -K vx txvlan off tso off "
			"tx-sctp-segmentation off > /dev/null && "
			"ip netns exec %s ethtool -K vr rxvlan off gro on > /dev/null && "
			"ip netns exec %s ethtool -K vs tx-sctp-segmentation off > /dev/null",
			self->a, r, r));
	/* The VLAN device's own offloads, where it lets them change. */
	sh("ip netns exec %s ethtool -K vx.10 tso off tx-sctp-segmentation off "
	   "> /dev/null 2>&1", self->a);
	fill(out, n, 9);
	lfd = socket_in(self->nsb, self->home);
	cfd = socket_in(self->nsa, self->home);
	ASSERT_LE(0, lfd);
	ASSERT_LE(0, cfd);
	ASSERT_EQ(0, tcpfsm_bind(lfd, "10.211.0.2", 7963));
	ASSERT_EQ(0, listen(lfd, 4));
	ASSERT_EQ(0, connect(cfd, (struct sockaddr *)&a, sizeof(a)));
	sfd = accept(lfd, NULL, NULL);
	ASSERT_LE(0, sfd);
	got = pump_within(cfd, sfd, out, in, n, tcpfsm_scaled_s(60));
	EXPECT_EQ(n, got) TH_LOG("%zu of %zu bytes before the limit", got, n);
	EXPECT_EQ(0, memcmp(out, in, got));
	EXPECT_EQ(csum0, stat_in(self->nsb, self->home, "InCsumErrors"));
	abort_close(cfd);
	abort_close(sfd);
	close(lfd);
	sh("ip netns del %s", r);
	free(out);
	free(in);
}

/* ---- the raw peer: segments by hand on loopback ---- */

/*
 * tcpfsm listens; the raw peer connects from @peer, announcing window
 * @win and no MSS option (so tcpfsm sends 536-byte segments).
 */
FIXTURE(raw) {
	int raw, lfd, fd;
	uint16_t port, peer;
	uint32_t iss;	/* the peer's */
	uint32_t irs;	/* tcpfsm's ISN */
};

FIXTURE_SETUP(raw)
{
	self->peer = 8000 + (getpid() % 2000);
	ASSERT_EQ(0, wire_private_net(self->peer));
	self->raw = wire_open();
	ASSERT_LE(0, self->raw);
	self->lfd = tcpfsm_socket();
	ASSERT_EQ(0, tcpfsm_bind(self->lfd, "127.0.0.1", 0));
	ASSERT_EQ(0, listen(self->lfd, 4));
	self->port = tcpfsm_local_port(self->lfd);
	self->iss = 0x20000000;
	self->fd = -1;
	signal(SIGPIPE, SIG_IGN);
}

FIXTURE_TEARDOWN(raw)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	if (self->fd >= 0) {
		setsockopt(self->fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
		close(self->fd);
	}
	close(self->lfd);
	close(self->raw);
}

static void raw_connect(struct __test_metadata *_metadata,
			FIXTURE_DATA(raw) *self, uint16_t win)
{
	struct wire_seg r;
	int one = 1;

	ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port, self->iss, 0,
			       F_SYN, win, 0, NULL, 0));
	ASSERT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r,
			       tcpfsm_scaled_ms(2000)));
	ASSERT_EQ(F_SYN | F_ACK, r.flags);
	self->irs = r.seq;
	ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port, self->iss + 1,
			       self->irs + 1, F_ACK, win, 0, NULL, 0));
	self->fd = accept(self->lfd, NULL, NULL);
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, setsockopt(self->fd, SOL_TCPFSM, TCPFSM_NODELAY, &one,
				sizeof(one)));
}

/* The peer ACKs @ack with window @win. */
static int raw_ack(FIXTURE_DATA(raw) *self, uint32_t ack, uint16_t win)
{
	return wire_xmit(self->raw, self->peer, self->port, self->iss + 1, ack,
			 F_ACK, win, 0, NULL, 0);
}

/*
 * The next segment tcpfsm sends within @ms that carries text (@text) or
 * is a pure ACK (!@text); 1, or 0 when none came.
 */
static int raw_next(FIXTURE_DATA(raw) *self, struct wire_seg *r, int ms,
		    int text)
{
	double end = now_s() + ms / 1000.0;

	while (now_s() < end) {
		int left = (int)((end - now_s()) * 1000) + 1;

		if (!wire_recv(self->raw, self->port, self->peer, r, left))
			return 0;
		if (text ? r->datalen != 0 : !r->datalen && r->flags == F_ACK)
			return 1;
	}
	return 0;
}

/* The next text segment tcpfsm sends within @ms, or 0. */
static int raw_data(FIXTURE_DATA(raw) *self, struct wire_seg *r, int ms)
{
	return raw_next(self, r, ms, 1);
}

/*
 * Nobody ACKs: the segment comes again after 200, 400, 800, 1600 ms (the
 * RTO doubles from rto_min), retries2 = 4 times, then ETIMEDOUT.
 */
TEST_F_TIMEOUT(raw, rto__doubles_with_each_retransmission, 60)
{
	struct wire_seg r;
	char c, buf[100];
	double t[6];
	int i, n;

	TCPFSM_ONLY("tcpfsm sysctl retries2");

	write_sysctl("retries2", "4");
	raw_connect(_metadata, self, 65535);
	memset(buf, 'r', sizeof(buf));
	ASSERT_EQ(100, send(self->fd, buf, sizeof(buf), 0));
	for (n = 0; n < 6 && raw_data(self, &r, tcpfsm_scaled_ms(8000)); n++) {
		t[n] = now_s();
		EXPECT_EQ(self->irs + 1, r.seq);
		EXPECT_EQ(100U, r.datalen);
	}
	EXPECT_EQ(5, n) TH_LOG("the original and 4 retransmissions");
	for (i = 2; i < n; i++) {
		double ratio = (t[i] - t[i - 1]) / (t[i - 1] - t[i - 2]);

		EXPECT_TRUE(ratio > 1.6 && ratio < 2.6)
			TH_LOG("interval %d: %.3f s, %.2f times the one before",
			       i, t[i] - t[i - 1], ratio);
	}
	EXPECT_LE(0.19, t[1] - t[0]);
	EXPECT_EQ(-1, recv(self->fd, &c, 1, 0));
	EXPECT_EQ(ETIMEDOUT, errno);
}

/*
 * Five segments out; the peer ACKs the first, then repeats that ACK.  Two
 * duplicates change nothing; the third brings the second segment back at
 * once, long before the RTO (5 s here).  A partial ACK (of the second)
 * then brings the third (RFC 6582).
 */
TEST_F_TIMEOUT(raw, fast_retransmit__after_three_duplicate_acks, 60)
{
	struct wire_seg r;
	uint32_t s0;
	char buf[5 * 536];
	double t;
	int i;

	TCPFSM_ONLY("tcpfsm sysctls rto_min_ms and rto_initial_ms, tcpfsm_stat");

	write_sysctl("rto_min_ms", "5000");
	write_sysctl("rto_initial_ms", "5000");
	raw_connect(_metadata, self, 65535);
	s0 = self->irs + 1;
	memset(buf, 'f', sizeof(buf));
	ASSERT_EQ((ssize_t)sizeof(buf), send(self->fd, buf, sizeof(buf), 0));
	for (i = 0; i < 5; i++) {
		ASSERT_EQ(1, raw_data(self, &r, tcpfsm_scaled_ms(2000)));
		EXPECT_EQ(s0 + i * 536, r.seq);
		EXPECT_EQ(536U, r.datalen);
	}
	ASSERT_EQ(0, raw_ack(self, s0 + 536, 65535));
	ASSERT_EQ(0, raw_ack(self, s0 + 536, 65535));
	ASSERT_EQ(0, raw_ack(self, s0 + 536, 65535));
	/*
	 * Not scaled: a window in which nothing may go, and a bound that
	 * tells a fast retransmit from the RTO of 5 s.
	 */
	EXPECT_EQ(0, raw_data(self, &r, 500)) TH_LOG("resent after 2 duplicates");
	t = now_s();
	ASSERT_EQ(0, raw_ack(self, s0 + 536, 65535));
	ASSERT_EQ(1, raw_data(self, &r, tcpfsm_scaled_ms(3000)));
	EXPECT_EQ(s0 + 536, r.seq);
	EXPECT_GT(2.0, now_s() - t) TH_LOG("that was the RTO, not a fast retransmit");
	EXPECT_EQ(1, tcpfsm_stat("RetransSegs"));
	ASSERT_EQ(0, raw_ack(self, s0 + 2 * 536, 65535));
	ASSERT_EQ(1, raw_data(self, &r, tcpfsm_scaled_ms(3000)));
	EXPECT_EQ(s0 + 2 * 536, r.seq);
	EXPECT_EQ(2, tcpfsm_stat("RetransSegs"));
}

/*
 * The peer's window is two segments: exactly 1072 bytes go and no more;
 * each ACK moves the right edge and exactly the bytes up to it follow.
 */
TEST_F_TIMEOUT(raw, window__peer_window_respected_exactly, 60)
{
	uint32_t s0, edge, top;
	struct wire_seg r;
	char buf[4000];
	int k;

	raw_connect(_metadata, self, 1072);
	s0 = self->irs + 1;
	memset(buf, 'w', sizeof(buf));
	ASSERT_EQ((ssize_t)sizeof(buf), send(self->fd, buf, sizeof(buf), 0));
	for (k = 0; k < 3; k++) {
		uint32_t una = s0 + k * 536;

		edge = una + 1072;
		top = una;
		/*
		 * Not scaled: all the window allows goes at once; a longer
		 * wait would bring the RTO's backoff into the steps.
		 */
		while (raw_data(self, &r, 600)) {
			EXPECT_GE(edge, r.seq + r.datalen)
				TH_LOG("a byte beyond the window");
			if (r.seq + r.datalen > top)
				top = r.seq + r.datalen;
		}
		EXPECT_EQ(edge, top) TH_LOG("step %d: sent up to %u of %u", k,
					    top - s0, edge - s0);
		ASSERT_EQ(0, raw_ack(self, una + 536, 1072));
	}
}

/*
 * A window smaller than a segment: nothing fits, so the persist timer
 * sends what does fit, 300 bytes, and never more.
 */
TEST_F_TIMEOUT(raw, window__smaller_than_a_segment_filled_by_persist_timer, 60)
{
	struct wire_seg r;
	char buf[1000];

	raw_connect(_metadata, self, 300);
	memset(buf, 'p', sizeof(buf));
	ASSERT_EQ((ssize_t)sizeof(buf), send(self->fd, buf, sizeof(buf), 0));
	ASSERT_EQ(1, raw_data(self, &r, tcpfsm_scaled_ms(5000)));
	EXPECT_EQ(self->irs + 1, r.seq);
	EXPECT_EQ(300U, r.datalen);
}

/*
 * A window update that the network delayed must not undo a newer one
 * (RFC 9293 3.10.7.4: SND.WND changes only if SND.WL1 < SEG.SEQ, or
 * SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK).  The peer's window is one
 * segment.  Its newest word, a pure ACK from beyond a hole in its text,
 * acks the first segment and keeps the window at 536: the second goes.
 * Then an older segment of its text, with the window it offered then
 * (4000), arrives: nothing more may go.  A newer ACK opens the window to
 * 1072, and exactly that follows.
 */
TEST_F_TIMEOUT(raw, window__stale_update_ignored_per_wl1_wl2, 60)
{
	uint32_t s0, top, peer = self->iss + 1;
	struct wire_seg r;
	char buf[4000];

	raw_connect(_metadata, self, 536);
	s0 = self->irs + 1;
	memset(buf, 'u', sizeof(buf));
	ASSERT_EQ((ssize_t)sizeof(buf), send(self->fd, buf, sizeof(buf), 0));
	ASSERT_EQ(1, raw_data(self, &r, 2000));
	EXPECT_EQ(s0, r.seq);
	EXPECT_EQ(536U, r.datalen);
	ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port, peer + 200,
			       s0 + 536, F_ACK, 536, 0, NULL, 0));
	ASSERT_EQ(1, raw_data(self, &r, 2000));
	EXPECT_EQ(s0 + 536, r.seq);
	EXPECT_EQ(536U, r.datalen);
	/* The older segment: SEG.SEQ below SND.WL1, a larger window. */
	ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port, peer + 100,
			       s0 + 536, F_ACK, 4000, 0, buf, 100));
	top = s0 + 1072;
	while (raw_data(self, &r, 1000))
		if ((int32_t)(r.seq + r.datalen - top) > 0)
			top = r.seq + r.datalen;
	EXPECT_EQ(s0 + 1072, top) TH_LOG("sent up to %u: the stale window of 4000 was taken",
					 top - s0);
	/* A newer ACK: SEG.SEQ = SND.WL1, SEG.ACK above SND.WL2. */
	ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port, peer + 200,
			       s0 + 1072, F_ACK, 1072, 0, NULL, 0));
	top = s0 + 1072;
	while (raw_data(self, &r, 1000)) {
		EXPECT_GE(s0 + 2144, r.seq + r.datalen) TH_LOG("a byte beyond the window");
		if ((int32_t)(r.seq + r.datalen - top) > 0)
			top = r.seq + r.datalen;
	}
	EXPECT_EQ(s0 + 2144, top);
}

/*
 * A zero window: tcpfsm probes with <SEQ=SND.UNA-1>, backing off; the
 * window opens and the data follows.
 */
TEST_F_TIMEOUT(raw, zero_window__probes_carry_snd_una_minus_one, 60)
{
	struct tcpfsm_info ti;
	struct wire_seg r;
	int probes = 0;

	TCPFSM_ONLY("TCPFSM_INFO backoff field");

	raw_connect(_metadata, self, 0);
	ASSERT_EQ(10, send(self->fd, "0123456789", 10, 0));
	while (probes < 3 && wire_recv(self->raw, self->port, self->peer, &r,
				       tcpfsm_scaled_ms(5000))) {
		EXPECT_EQ(0U, r.datalen);
		EXPECT_EQ(self->irs, r.seq);
		EXPECT_EQ(F_ACK, r.flags);
		probes++;
		ASSERT_EQ(0, raw_ack(self, self->irs + 1, 0));
	}
	EXPECT_EQ(3, probes);
	ASSERT_EQ(0, tcp_info_of(self->fd, &ti));
	EXPECT_EQ(TCPFSM_ESTABLISHED, ti.tcpi_state);
	EXPECT_LE(2, ti.tcpi_backoff);
	ASSERT_EQ(0, raw_ack(self, self->irs + 1, 65535));
	ASSERT_EQ(1, raw_data(self, &r, tcpfsm_scaled_ms(3000)));
	EXPECT_EQ(self->irs + 1, r.seq);
	EXPECT_EQ(10U, r.datalen);
}

/* The next pure ACK tcpfsm sends within @ms, or 0. */
static int raw_pure_ack(FIXTURE_DATA(raw) *self, struct wire_seg *r, int ms)
{
	return raw_next(self, r, ms, 0);
}

/* One segment of text alone: its ACK waits for the delayed-ACK timer. */
TEST_F_TIMEOUT(raw, delayed_ack__lone_segment_acked_by_the_timer, 30)
{
	char seg[536];
	struct wire_seg r;
	double t;

	TCPFSM_ONLY("Linux ACKs at once in its quick-ACK mode at the start of a connection");

	raw_connect(_metadata, self, 65535);
	memset(seg, 'd', sizeof(seg));
	t = now_s();
	ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port, self->iss + 1,
			       self->irs + 1, F_ACK, 65535, 0, seg, sizeof(seg)));
	ASSERT_EQ(1, raw_pure_ack(self, &r, tcpfsm_scaled_ms(2000)));
	t = now_s() - t;
	EXPECT_EQ(self->iss + 1 + 536, r.ack);
	EXPECT_LE(0.030, t) TH_LOG("ACKed after %.3f s, not delayed", t);
}

/* Two full segments in a row: one ACK, for both, at the second. */
TEST_F_TIMEOUT(raw, delayed_ack__second_full_segment_acks_both, 30)
{
	char seg[536];
	struct wire_seg r;

	TCPFSM_ONLY("Linux ACKs at once in its quick-ACK mode at the start of a connection");

	raw_connect(_metadata, self, 65535);
	memset(seg, 'd', sizeof(seg));
	ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port, self->iss + 1,
			       self->irs + 1, F_ACK, 65535, 0, seg, sizeof(seg)));
	ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port,
			       self->iss + 1 + 536, self->irs + 1, F_ACK,
			       65535, 0, seg, sizeof(seg)));
	ASSERT_EQ(1, raw_pure_ack(self, &r, tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(self->iss + 1 + 2 * 536, r.ack)
		TH_LOG("the first ACK covers %u bytes", r.ack - self->iss - 1);
	EXPECT_EQ(0, raw_pure_ack(self, &r, 200));	/* not scaled: none may come */
}

/* Text after a hole is ACKed at once: the duplicate ACK a sender needs. */
TEST_F_TIMEOUT(raw, delayed_ack__segment_after_a_hole_acked_at_once, 30)
{
	char seg[536];
	struct wire_seg r;

	raw_connect(_metadata, self, 65535);
	memset(seg, 'h', sizeof(seg));
	ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port,
			       self->iss + 1 + 536, self->irs + 1, F_ACK,
			       65535, 0, seg, sizeof(seg)));
	ASSERT_EQ(1, raw_pure_ack(self, &r, tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(self->iss + 1, r.ack);
	/* Filling the hole brings the ACK of both. */
	ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port, self->iss + 1,
			       self->irs + 1, F_ACK, 65535, 0, seg, sizeof(seg)));
	ASSERT_EQ(1, raw_pure_ack(self, &r, tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(self->iss + 1 + 2 * 536, r.ack);
}

/*
 * Nagle: with TCP_NODELAY off, a second short write waits while the first
 * is unacknowledged, and goes when the ACK comes.  With TCP_NODELAY on it
 * goes at once.
 */
TEST_F_TIMEOUT(raw, nagle__short_write_waits_for_the_ack_unless_nodelay, 30)
{
	int zero = 0, one = 1;
	struct wire_seg r;
	uint32_t s0;

	raw_connect(_metadata, self, 65535);
	s0 = self->irs + 1;
	ASSERT_EQ(0, setsockopt(self->fd, SOL_TCPFSM, TCPFSM_NODELAY, &zero,
				sizeof(zero)));
	ASSERT_EQ(10, send(self->fd, "0123456789", 10, 0));
	ASSERT_EQ(1, raw_data(self, &r, tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(s0, r.seq);
	ASSERT_EQ(10, send(self->fd, "abcdefghij", 10, 0));
	while (raw_data(self, &r, 150))	/* not scaled: below the RTO */
		EXPECT_EQ(s0, r.seq) TH_LOG("the second write did not wait");
	ASSERT_EQ(0, raw_ack(self, s0 + 10, 65535));
	ASSERT_EQ(1, raw_data(self, &r, tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(s0 + 10, r.seq);
	EXPECT_EQ(10U, r.datalen);
	ASSERT_EQ(0, raw_ack(self, s0 + 20, 65535));

	ASSERT_EQ(0, setsockopt(self->fd, SOL_TCPFSM, TCPFSM_NODELAY, &one,
				sizeof(one)));
	ASSERT_EQ(3, send(self->fd, "xyz", 3, 0));
	ASSERT_EQ(3, send(self->fd, "XYZ", 3, 0));
	ASSERT_EQ(1, raw_data(self, &r, tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(s0 + 20, r.seq);
	ASSERT_EQ(1, raw_data(self, &r, tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(s0 + 23, r.seq);
}

/*
 * Keepalive with idle and interval of a second and three probes: a probe
 * is <SEQ=SND.NXT-1> with no text; an answer resets the count; three
 * unanswered probes end the connection with ETIMEDOUT.
 */
TEST_F_TIMEOUT(raw, keepalive__probes_on_the_wire_then_etimedout, 60)
{
	int one = 1, cnt = 3, n = 0, rst = 0;
	struct tcp_info ti;	/* Linux's layout: both families */
	socklen_t len;
	struct wire_seg r;
	char c;

	raw_connect(_metadata, self, 65535);
	ASSERT_EQ(0, setsockopt(self->fd, SOL_TCPFSM, TCPFSM_KEEPIDLE, &one,
				sizeof(one)));
	ASSERT_EQ(0, setsockopt(self->fd, SOL_TCPFSM, TCPFSM_KEEPINTVL, &one,
				sizeof(one)));
	ASSERT_EQ(0, setsockopt(self->fd, SOL_TCPFSM, TCPFSM_KEEPCNT, &cnt,
				sizeof(cnt)));
	ASSERT_EQ(0, setsockopt(self->fd, SOL_SOCKET, SO_KEEPALIVE, &one,
				sizeof(one)));
	/* Two probes, each answered. */
	for (n = 0; n < 2; n++) {
		ASSERT_EQ(1, wire_recv(self->raw, self->port, self->peer, &r,
				       tcpfsm_scaled_ms(4000)));
		EXPECT_EQ(self->irs, r.seq);	/* SND.NXT - 1 */
		EXPECT_EQ(self->iss + 1, r.ack);
		EXPECT_EQ(0U, r.datalen);
		ASSERT_EQ(0, raw_ack(self, self->irs + 1, 65535));
		usleep(100000);	/* not scaled: before the next probe (1 s) */
		len = sizeof(ti);
		ASSERT_EQ(0, getsockopt(self->fd, SOL_TCPFSM, TCPFSM_TCP_INFO,
					&ti, &len));
		EXPECT_EQ(0, ti.tcpi_probes);
		EXPECT_EQ(TCPFSM_ESTABLISHED, ti.tcpi_state);
	}
	/* Then silence: three more probes and the end, a RST as Linux's. */
	n = 0;
	while (wire_recv(self->raw, self->port, self->peer, &r,
			 tcpfsm_scaled_ms(4000))) {
		if (r.flags & F_RST) {
			EXPECT_EQ(self->irs + 1, r.seq);
			rst++;
			continue;
		}
		EXPECT_EQ(self->irs, r.seq);
		n++;
	}
	EXPECT_EQ(3, n);
	EXPECT_EQ(1, rst);
	EXPECT_EQ(-1, recv(self->fd, &c, 1, MSG_DONTWAIT));
	EXPECT_EQ(ETIMEDOUT, errno);
}

/*
 * The peer floods text after a hole, far past the window: what waits is
 * bounded by the receive buffer, the rest is dropped, and once the hole
 * is filled the reader gets the bytes in order.
 */
TEST_F_TIMEOUT(raw, out_of_order_flood__memory_bounded_by_rcvbuf, 120)
{
	int meminfo[16] = { 0 }, rcvbuf = 65536, i;
	socklen_t len = sizeof(meminfo);
	uint32_t base = 0x20000001;
	char seg[1000], in[1000];
	ssize_t k;

	TCPFSM_ONLY("Linux admits a segment while rmem_alloc is within SO_RCVBUF and may pass it by one");

	raw_connect(_metadata, self, 65535);
	ASSERT_EQ(0, setsockopt(self->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
				sizeof(rcvbuf)));
	for (i = 1; i < 3000; i++) {
		memset(seg, i & 0xff, sizeof(seg));
		ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port,
				       base + i * 1000, self->irs + 1, F_ACK,
				       65535, 0, seg, sizeof(seg)));
	}
	tcpfsm_sleep_ms(0, 300);
	ASSERT_EQ(0, getsockopt(self->fd, SOL_SOCKET, SO_MEMINFO, meminfo, &len));
	EXPECT_GE(rmem_bound(meminfo[MEMINFO_RCVBUF]), meminfo[MEMINFO_RMEM_ALLOC])
		TH_LOG("rmem_alloc %d, rcvbuf %d", meminfo[MEMINFO_RMEM_ALLOC],
		       meminfo[MEMINFO_RCVBUF]);
	EXPECT_LT(0, meminfo[MEMINFO_RMEM_ALLOC]);
	printf("# figures: out-of-order flood of 3 MB: rmem_alloc %d of rcvbuf %d\n",
	       meminfo[MEMINFO_RMEM_ALLOC], meminfo[MEMINFO_RCVBUF]);
	/* The hole: segment 0. */
	memset(seg, 0, sizeof(seg));
	ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port, base,
			       self->irs + 1, F_ACK, 65535, 0, seg, sizeof(seg)));
	for (i = 0; i < 3; i++) {
		k = recv(self->fd, in, sizeof(in), MSG_WAITALL);
		ASSERT_EQ((ssize_t)sizeof(in), k);
		EXPECT_EQ((char)i, in[0]);
		EXPECT_EQ((char)i, in[999]);
	}
	EXPECT_EQ(TCPFSM_ESTABLISHED, tcpfsm_state(self->fd));
}

/* Byte @j of the stream the small-segment flood carries. */
static char flood_byte(size_t j)
{
	return (char)(j / 64 * 7 + j);
}

/*
 * The same with segments of 64 bytes, every one of them in the window
 * (1023 after a hole of one, in a shuffled order): at about 700 bytes of
 * truesize each, what the window admits is six times the receive buffer,
 * so it is SO_RCVBUF and not the window that must bound the memory (with
 * 1000-byte segments the window alone nearly does).  Sampled as the flood
 * goes; then the hole is filled and the peer sends the whole stream again
 * in order, which must arrive intact.
 */
TEST_F_TIMEOUT(raw, out_of_order_flood__small_segments_bounded_by_rcvbuf, 120)
{
	int meminfo[16] = { 0 }, rcvbuf = 65536, max_alloc = 0, order[1024];
	const int nseg = 1024, len = 64;
	socklen_t ml = sizeof(meminfo);
	uint32_t base = self->iss + 1;
	char seg[64], *in;
	unsigned int r = 12345;
	size_t got = 0, n = (size_t)nseg * len, j;
	int i, k;

	in = malloc(n);
	ASSERT_NE(NULL, in);
	raw_connect(_metadata, self, 65535);
	ASSERT_EQ(0, setsockopt(self->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
				sizeof(rcvbuf)));
	fcntl(self->fd, F_SETFL, O_NONBLOCK);
	for (i = 1; i < nseg; i++)
		order[i] = i;
	for (i = nseg - 1; i > 1; i--) {
		r = r * 1103515245 + 12345;
		k = 1 + (r >> 8) % i;
		j = order[i];
		order[i] = order[k];
		order[k] = j;
	}
	for (i = 1; i < nseg; i++) {
		for (j = 0; j < (size_t)len; j++)
			seg[j] = flood_byte(order[i] * len + j);
		ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port,
				       base + order[i] * len, self->irs + 1,
				       F_ACK, 65535, 0, seg, len));
		if (i % 32 == 0 || i == nseg - 1) {
			ml = sizeof(meminfo);
			ASSERT_EQ(0, getsockopt(self->fd, SOL_SOCKET, SO_MEMINFO,
						meminfo, &ml));
			if (meminfo[MEMINFO_RMEM_ALLOC] > max_alloc)
				max_alloc = meminfo[MEMINFO_RMEM_ALLOC];
		}
	}
	printf("# figures: out-of-order flood of %d segments of %d bytes: rmem_alloc at most %d of rcvbuf %d\n",
	       nseg - 1, len, max_alloc, meminfo[MEMINFO_RCVBUF]);
	EXPECT_GE(rmem_bound(meminfo[MEMINFO_RCVBUF]), max_alloc);
	EXPECT_LT(0, max_alloc);
	EXPECT_EQ(-1, recv(self->fd, in, 1, 0));	/* the hole */
	/* The hole, then everything again in order, read as it comes. */
	for (i = 0; i < nseg; i++) {
		for (j = 0; j < (size_t)len; j++)
			seg[j] = flood_byte(i * len + j);
		ASSERT_EQ(0, wire_xmit(self->raw, self->peer, self->port,
				       base + i * len, self->irs + 1, F_ACK,
				       65535, 0, seg, len));
		for (;;) {
			ssize_t m = recv(self->fd, in + got, n - got, 0);

			if (m <= 0)
				break;
			got += m;
		}
	}
	for (k = 0; k < 50 && got < n; k++) {
		ssize_t m = recv(self->fd, in + got, n - got, 0);

		if (m > 0)
			got += m;
		else
			usleep(20000);
	}
	EXPECT_EQ(n, got);
	for (j = 0; j < got; j++)
		if (in[j] != flood_byte(j))
			break;
	EXPECT_EQ(got, j) TH_LOG("stream differs at byte %zu", j);
	EXPECT_EQ(TCPFSM_ESTABLISHED, tcpfsm_state(self->fd));
	free(in);
}

TEST_HARNESS_MAIN
