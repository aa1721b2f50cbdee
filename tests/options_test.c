// SPDX-License-Identifier: GPL-2.0
/* options_test.c: TCP options with the raw peer: MSS, window scaling, timestamps, PAWS (RFC 7323), SACK (RFC 2018, 6675). */
#include <stddef.h>

#include "kselftest_harness.h"

/*
 * Each test is a handshake and a few segments on loopback: against Linux
 * TCP on a 2-core host at most 0.6 s (those that wait out quiet spells of
 * 300 ms after text).  Not yet measured on the TCG guest: wire_test's
 * base.
 */
#define TCPFSM_TEST_BASE_S	20
#include "tcpfsm_test.h"

#define PEER_MSS	1000
/* The text of a segment under timestamps: the MSS less NOP, NOP, TS. */
#define PEER_MSS_TS	(PEER_MSS - 12)

/*
 * The stack under test's sysctl @name ("timestamps", "window_scaling") in
 * the test's namespace: tcpfsm's, or Linux TCP's net.ipv4.tcp_@name.
 */
static int stack_sysctl(const char *name, const char *val)
{
	char path[128];

	if (!tcpfsm_family_is_inet())
		return write_sysctl(name, val);
	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/tcp_%s", name);
	return write_file(path, val);
}

/* Linux's counter @name from the TcpExt lines of /proc/net/netstat, or -1. */
static long tcpext_stat(const char *name)
{
	FILE *f = fopen("/proc/net/netstat", "r");
	char *names = NULL, *values = NULL;
	size_t nsize = 0, vsize = 0;
	long found = -1;

	if (!f)
		return -1;
	while (found < 0 && getline(&names, &nsize, f) > 0 &&
	       getline(&values, &vsize, f) > 0) {
		char *ns, *vs, *n, *v;

		if (strncmp(names, "TcpExt:", 7) || strncmp(values, "TcpExt:", 7))
			continue;
		n = strtok_r(names, " \n", &ns);
		v = strtok_r(values, " \n", &vs);
		while (n && v) {
			if (!strcmp(n, name)) {
				found = strtol(v, NULL, 10);
				break;
			}
			n = strtok_r(NULL, " \n", &ns);
			v = strtok_r(NULL, " \n", &vs);
		}
	}
	free(names);
	free(values);
	fclose(f);
	return found;
}

/*
 * The stack's counter @name (PAWSEstab, TCPSACKReneging): tcpfsm's in
 * /proc/net/tcpfsm_stat, Linux TCP's in /proc/net/netstat.
 */
static long stack_stat(const char *name)
{
	if (tcpfsm_family_is_inet())
		return tcpext_stat(name);
	return tcpfsm_stat(name);
}

/* TCP_INFO of @fd (Linux's struct tcp_info, either family); 0 or -1. */
static int tcp_info_of(int fd, struct tcp_info *ti)
{
	socklen_t len = sizeof(*ti);

	memset(ti, 0, sizeof(*ti));
	return getsockopt(fd, SOL_TCPFSM, TCPFSM_TCP_INFO, ti, &len);
}

/*
 * tcpi_rcv_wnd, the window last offered: the member after tcpi_snd_wnd
 * (Linux 6.2 on), which the C library's older <linux/tcp.h> lacks; 0 if
 * the answer is too short to have it.
 */
static uint32_t tcp_info_rcv_wnd(int fd)
{
	size_t off = offsetof(struct tcp_info, tcpi_snd_wnd) + 4;
	unsigned char buf[512] = { 0 };
	socklen_t len = sizeof(buf);
	uint32_t v = 0;

	if (getsockopt(fd, SOL_TCPFSM, TCPFSM_TCP_INFO, buf, &len) ||
	    len < off + sizeof(v))
		return 0;
	memcpy(&v, buf + off, sizeof(v));
	return v;
}

/*
 * The raw peer and one connection with tcpfsm, opened either way: the
 * peer connects to a listener (passive_open()) or answers tcpfsm's
 * connect() (active_syn(), active_synack()).
 */
FIXTURE(opts) {
	int raw, lfd, fd;
	uint16_t port;		/* tcpfsm's */
	uint16_t peer;		/* the raw peer's */
	uint32_t iss;		/* the peer's ISN */
	uint32_t irs;		/* tcpfsm's ISN */
	uint32_t seq;		/* the peer's next sequence number */
	uint16_t win;		/* the window field of the peer's segments */
	uint16_t synack_win;	/* that of its SYN-ACK */
	int ts;			/* both SYNs had timestamps */
	uint32_t tsval;		/* the peer's last TSval */
	uint32_t tsecr;		/* tcpfsm's last TSval: the peer's TSecr */
};

FIXTURE_SETUP(opts)
{
	self->lfd = -1;
	self->fd = -1;
	self->peer = 7300;
	self->iss = 0x30000000;
	self->win = 65535;
	self->synack_win = 65535;
	self->tsval = 0x40000000;
	ASSERT_EQ(0, wire_private_net(self->peer));
	self->raw = wire_open();
	ASSERT_LE(0, self->raw);
}

FIXTURE_TEARDOWN(opts)
{
	close_abort(self->fd);
	if (self->lfd >= 0)
		close(self->lfd);
	close(self->raw);
}

/*
 * The next segment tcpfsm sends the peer within @ms, its options decoded
 * into @o; a TSval becomes what the peer echoes.  1, 0 when none came,
 * -1 for a malformed option list.
 */
static int next_seg(FIXTURE_DATA(opts) *self, struct wire_seg *r,
		    struct wire_opts *o, int ms)
{
	uint8_t opt[WIRE_OPT_MAX];
	size_t optlen;

	if (!wire_recv_opts(self->raw, self->port, self->peer, r, opt, &optlen,
			    ms))
		return 0;
	if (wire_opts_parse(opt, optlen, o))
		return -1;
	if (o->ts)
		self->tsecr = o->tsval;
	return 1;
}

/*
 * The next segment within @ms that carries text (@text), or else one
 * without SYN that acks @ack; 1, or 0 when none came.
 */
static int next_of(FIXTURE_DATA(opts) *self, int text, uint32_t ack,
		   struct wire_seg *r, struct wire_opts *o, int ms)
{
	struct timespec start, now;
	int left;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = ms - (int)((now.tv_sec - start.tv_sec) * 1000 +
				  (now.tv_nsec - start.tv_nsec) / 1000000);
		if (left <= 0 || next_seg(self, r, o, left) != 1)
			return 0;
		if (text ? r->datalen != 0 :
		    (r->flags & (F_ACK | F_SYN)) == F_ACK && r->ack == ack)
			return 1;
	}
}

/* The next segment within @ms that acks @ack and has no SYN; 1, or 0. */
static int next_ack(FIXTURE_DATA(opts) *self, uint32_t ack,
		    struct wire_seg *r, struct wire_opts *o, int ms)
{
	return next_of(self, 0, ack, r, o, ms);
}

/* The next segment with text within @ms; 1, or 0. */
static int next_text(FIXTURE_DATA(opts) *self, struct wire_seg *r,
		     struct wire_opts *o, int ms)
{
	return next_of(self, 1, 0, r, o, ms);
}

/*
 * The peer sends @flags at @seq with @len bytes of @text, acking all
 * tcpfsm sent; once timestamps are agreed with TSval @tsval and TSecr
 * tcpfsm's last TSval.
 */
static int peer_send_ts(FIXTURE_DATA(opts) *self, uint32_t seq, uint8_t flags,
			uint32_t tsval, const void *text, size_t len)
{
	struct wire_opts o = WIRE_OPTS_NONE;
	uint8_t opt[WIRE_OPT_MAX];

	o.ts = self->ts;
	o.tsval = tsval;
	o.tsecr = self->tsecr;
	return wire_xmit_opts(self->raw, self->peer, self->port, seq,
			      self->irs + 1, flags, self->win, opt,
			      wire_opts_build(opt, &o), text, len);
}

/*
 * The peer sends @len bytes of @text at its next sequence number, with a
 * TSval newer than the last.
 */
static int peer_text(FIXTURE_DATA(opts) *self, const void *text, size_t len)
{
	int ret = peer_send_ts(self, self->seq, F_ACK | F_PSH, ++self->tsval,
			       text, len);

	self->seq += len;
	return ret;
}

/* tcpfsm listens on 127.0.0.1, with SO_RCVBUF @rcvbuf first unless 0. */
static int opts_listen(FIXTURE_DATA(opts) *self, int rcvbuf)
{
	self->lfd = tcpfsm_socket();
	if (self->lfd < 0)
		return -1;
	if (rcvbuf && setsockopt(self->lfd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
				 sizeof(rcvbuf)))
		return -1;
	if (tcpfsm_bind(self->lfd, "127.0.0.1", 0) || listen(self->lfd, 4))
		return -1;
	self->port = tcpfsm_local_port(self->lfd);
	return 0;
}

/*
 * The peer opens a connection to the listener: a SYN (window 65535) with
 * the options of @syn, its TSval the peer's clock; the SYN-ACK into *@sa,
 * its options into *@so; the ACK; accept().
 */
static void passive_open(struct __test_metadata *_metadata,
			 FIXTURE_DATA(opts) *self, const struct wire_opts *syn,
			 struct wire_seg *sa, struct wire_opts *so)
{
	struct wire_opts o = *syn;
	uint8_t opt[WIRE_OPT_MAX];

	if (self->lfd < 0)
		ASSERT_EQ(0, opts_listen(self, 0));
	if (o.ts) {
		o.tsval = ++self->tsval;
		o.tsecr = 0;
	}
	ASSERT_EQ(0, wire_xmit_opts(self->raw, self->peer, self->port,
				    self->iss, 0, F_SYN, 65535, opt,
				    wire_opts_build(opt, &o), NULL, 0));
	ASSERT_EQ(1, next_seg(self, sa, so, tcpfsm_scaled_ms(2000)));
	ASSERT_EQ(F_SYN | F_ACK, sa->flags);
	ASSERT_EQ(self->iss + 1, sa->ack);
	self->irs = sa->seq;
	self->seq = self->iss + 1;
	self->ts = o.ts && so->ts;
	ASSERT_EQ(0, peer_send_ts(self, self->seq, F_ACK, ++self->tsval, NULL, 0));
	self->fd = accept(self->lfd, NULL, NULL);
	ASSERT_LE(0, self->fd);
}

/*
 * tcpfsm connects to the peer without blocking: its SYN into *@syn, the
 * SYN's options into *@so.
 */
static void active_syn(struct __test_metadata *_metadata,
		       FIXTURE_DATA(opts) *self, struct wire_seg *syn,
		       struct wire_opts *so)
{
	struct sockaddr_tcpfsm a = tcpfsm_addr("127.0.0.1", self->peer);

	self->fd = tcpfsm_socket();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, tcpfsm_bind(self->fd, "127.0.0.1", 0));
	self->port = tcpfsm_local_port(self->fd);
	ASSERT_EQ(0, fcntl(self->fd, F_SETFL, O_NONBLOCK));
	ASSERT_EQ(-1, connect(self->fd, (struct sockaddr *)&a, sizeof(a)));
	ASSERT_EQ(EINPROGRESS, errno);
	ASSERT_EQ(1, next_seg(self, syn, so, tcpfsm_scaled_ms(2000)));
	ASSERT_EQ(F_SYN, syn->flags);
	self->irs = syn->seq;
}

/*
 * The peer answers the SYN whose options were @so with a SYN-ACK carrying
 * @sa (its TSval the peer's clock, its TSecr the SYN's TSval) and window
 * field self->synack_win; tcpfsm's ACK into *@r and its options into
 * *@o; connect() completes, and the socket blocks again.
 */
static void active_synack(struct __test_metadata *_metadata,
			  FIXTURE_DATA(opts) *self, const struct wire_opts *so,
			  const struct wire_opts *sa, struct wire_seg *r,
			  struct wire_opts *o)
{
	struct pollfd pfd = { .fd = self->fd, .events = POLLOUT };
	struct wire_opts x = *sa;
	uint8_t opt[WIRE_OPT_MAX];
	socklen_t len = sizeof(int);
	int err = -1;

	if (x.ts) {
		x.tsval = ++self->tsval;
		x.tsecr = so->tsval;
	}
	ASSERT_EQ(0, wire_xmit_opts(self->raw, self->peer, self->port,
				    self->iss, self->irs + 1, F_SYN | F_ACK,
				    self->synack_win, opt, wire_opts_build(opt, &x),
				    NULL, 0));
	self->seq = self->iss + 1;
	self->ts = x.ts && so->ts;
	ASSERT_EQ(1, next_ack(self, self->seq, r, o, tcpfsm_scaled_ms(2000)));
	ASSERT_EQ(1, poll(&pfd, 1, tcpfsm_scaled_ms(2000)));
	ASSERT_EQ(0, getsockopt(self->fd, SOL_SOCKET, SO_ERROR, &err, &len));
	ASSERT_EQ(0, err);
	ASSERT_EQ(0, fcntl(self->fd, F_SETFL, 0));
}

/* Wait up to @ms for text on @fd, then read up to @len bytes; or -1. */
static ssize_t read_within(int fd, char *buf, size_t len, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	if (poll(&pfd, 1, ms) != 1)
		return -1;
	return recv(fd, buf, len, MSG_DONTWAIT);
}

/* The peer's SYN: MSS 1000, timestamps, window scale @wscale (-1: none). */
static struct wire_opts syn_ts_ws(int wscale)
{
	struct wire_opts o = WIRE_OPTS_NONE;

	o.mss = PEER_MSS;
	o.ts = 1;
	o.wscale = wscale;
	return o;
}

/* ---- active open ---- */

/*
 * RFC 7323 2.2, 3.2: tcpfsm's SYN offers window scaling (a shift of 14 at
 * most) and timestamps (TSecr 0: nothing to echo yet), with its MSS.
 */
TEST_F(opts, active_open__syn_offers_mss_timestamps_and_window_scale)
{
	struct wire_opts so;
	struct wire_seg syn;

	active_syn(_metadata, self, &syn, &so);
	EXPECT_LT(0, so.mss);
	EXPECT_TRUE(so.ts);
	EXPECT_EQ(0U, so.tsecr);
	EXPECT_LE(0, so.wscale) TH_LOG("no window scale option");
	EXPECT_GE(14, so.wscale);
}

/*
 * A peer whose SYN-ACK has only an MSS option: neither option is in use;
 * tcpfsm's ACK and its text go with bare 20-byte headers.
 */
TEST_F(opts, active_open__syn_ack_with_only_mss__segments_carry_no_options)
{
	struct wire_opts so, sa = WIRE_OPTS_NONE, o;
	struct wire_seg syn, r;
	struct tcp_info ti;

	sa.mss = PEER_MSS;
	active_syn(_metadata, self, &syn, &so);
	active_synack(_metadata, self, &so, &sa, &r, &o);
	EXPECT_EQ(20U, r.len - r.datalen) TH_LOG("the ACK has options");
	ASSERT_EQ(0, tcp_info_of(self->fd, &ti));
	EXPECT_EQ(0, ti.tcpi_options & (TCPI_OPT_TIMESTAMPS | TCPI_OPT_WSCALE));
	ASSERT_EQ(5, send(self->fd, "hello", 5, 0));
	ASSERT_EQ(1, next_text(self, &r, &o, tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(5U, r.datalen);
	EXPECT_EQ(20U, r.len - r.datalen) TH_LOG("the text has options");
}

/*
 * A SYN-ACK with timestamps and window scale 2: both in use; tcpfsm's
 * ACK echoes the SYN-ACK's TSval, and TCP_INFO shows both shifts.
 */
TEST_F(opts, active_open__syn_ack_with_timestamps_and_scale__both_in_use)
{
	struct wire_opts so, sa = syn_ts_ws(2), o;
	struct wire_seg syn, r;
	struct tcp_info ti;

	active_syn(_metadata, self, &syn, &so);
	ASSERT_TRUE(so.ts);
	ASSERT_LE(0, so.wscale);
	active_synack(_metadata, self, &so, &sa, &r, &o);
	ASSERT_TRUE(o.ts) TH_LOG("the ACK has no timestamps");
	EXPECT_EQ(self->tsval, o.tsecr);
	ASSERT_EQ(0, tcp_info_of(self->fd, &ti));
	EXPECT_EQ(TCPI_OPT_TIMESTAMPS | TCPI_OPT_WSCALE,
		  ti.tcpi_options & (TCPI_OPT_TIMESTAMPS | TCPI_OPT_WSCALE));
	EXPECT_EQ(2, (int)ti.tcpi_snd_wscale);
	EXPECT_EQ(so.wscale, (int)ti.tcpi_rcv_wscale);
}

/*
 * The window of a SYN-ACK is never scaled (RFC 7323 2.2): a field of 1000
 * with a shift of 4 lets 1000 bytes go before the peer ACKs anything,
 * not 16000.
 */
TEST_F(opts, active_open__syn_ack_window_field_not_scaled)
{
	struct wire_opts so, sa = WIRE_OPTS_NONE, o;
	struct wire_seg syn, r;
	uint32_t s0, top;
	char buf[8000];
	ssize_t n;

	sa.mss = PEER_MSS;
	sa.wscale = 4;
	self->synack_win = 1000;
	active_syn(_metadata, self, &syn, &so);
	active_synack(_metadata, self, &so, &sa, &r, &o);
	s0 = self->irs + 1;
	memset(buf, 'a', sizeof(buf));
	n = send(self->fd, buf, sizeof(buf), MSG_DONTWAIT);
	ASSERT_LT(1000, n) TH_LOG("wrote %zd bytes", n);
	ASSERT_EQ(1, next_text(self, &r, &o, tcpfsm_scaled_ms(2000)))
		TH_LOG("no text in a window of 1000");
	EXPECT_EQ(s0, r.seq);
	top = r.seq + r.datalen;
	/* A spell in which nothing beyond the window may go. */
	while (next_text(self, &r, &o, tcpfsm_scaled_ms(300)))
		if ((int32_t)(r.seq + r.datalen - top) > 0)
			top = r.seq + r.datalen;
	EXPECT_GE(1000U, top - s0) TH_LOG("sent %u bytes into a window of 1000",
					  top - s0);
}

/* ---- passive open ---- */

/*
 * A SYN with timestamps and window scale: the SYN-ACK has both, its TSecr
 * the SYN's TSval (RFC 7323 3.2), and the connection uses them.
 */
TEST_F(opts, passive_open__syn_with_timestamps_and_scale__syn_ack_has_both)
{
	struct wire_opts syn = syn_ts_ws(4), so;
	uint32_t syn_tsval = self->tsval + 1;
	struct tcp_info ti;
	struct wire_seg r;

	passive_open(_metadata, self, &syn, &r, &so);
	EXPECT_LT(0, so.mss);
	ASSERT_TRUE(so.ts) TH_LOG("the SYN-ACK has no timestamps");
	EXPECT_EQ(syn_tsval, so.tsecr);
	ASSERT_LE(0, so.wscale) TH_LOG("the SYN-ACK has no window scale");
	EXPECT_GE(14, so.wscale);
	ASSERT_EQ(0, tcp_info_of(self->fd, &ti));
	EXPECT_EQ(TCPI_OPT_TIMESTAMPS | TCPI_OPT_WSCALE,
		  ti.tcpi_options & (TCPI_OPT_TIMESTAMPS | TCPI_OPT_WSCALE));
	EXPECT_EQ(4, (int)ti.tcpi_snd_wscale);
	EXPECT_EQ(so.wscale, (int)ti.tcpi_rcv_wscale);
}

/*
 * A SYN without options: the SYN-ACK offers nothing back but its MSS,
 * and text goes both ways under bare 20-byte headers.
 */
TEST_F(opts, passive_open__syn_without_options__syn_ack_has_only_mss)
{
	struct wire_opts syn = WIRE_OPTS_NONE, so, o;
	struct tcp_info ti;
	struct wire_seg r;
	char buf[16];

	passive_open(_metadata, self, &syn, &r, &so);
	EXPECT_EQ(24U, r.len) TH_LOG("SYN-ACK options: %u bytes", r.len - 20);
	EXPECT_LT(0, so.mss);
	EXPECT_FALSE(so.ts);
	EXPECT_EQ(-1, so.wscale);
	ASSERT_EQ(0, tcp_info_of(self->fd, &ti));
	EXPECT_EQ(0, ti.tcpi_options & (TCPI_OPT_TIMESTAMPS | TCPI_OPT_WSCALE));

	ASSERT_EQ(0, peer_text(self, "ping", 4));
	ASSERT_EQ(1, next_ack(self, self->seq, &r, &o, tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(20U, r.len) TH_LOG("the ACK has options");
	ASSERT_EQ(4, read_within(self->fd, buf, sizeof(buf),
				 tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(0, memcmp(buf, "ping", 4));
	ASSERT_EQ(4, send(self->fd, "pong", 4, 0));
	ASSERT_EQ(1, next_text(self, &r, &o, tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(self->irs + 1, r.seq);
	EXPECT_EQ(4U, r.datalen);
	EXPECT_EQ(20U, r.len - r.datalen) TH_LOG("the text has options");
}

/* ---- the sysctls ---- */

/* With the sysctl @name at 0, tcpfsm's SYN offers MSS and the other option. */
static void syn_without(struct __test_metadata *_metadata,
			FIXTURE_DATA(opts) *self, const char *name,
			struct wire_opts *so)
{
	struct wire_seg syn;

	ASSERT_EQ(0, stack_sysctl(name, "0"));
	active_syn(_metadata, self, &syn, so);
	EXPECT_LT(0, so->mss);
}

/* With the sysctl @name at 0, the SYN-ACK to a SYN offering both options. */
static void syn_ack_without(struct __test_metadata *_metadata,
			    FIXTURE_DATA(opts) *self, const char *name,
			    struct wire_opts *so)
{
	struct wire_opts syn = syn_ts_ws(4);
	struct wire_seg r;

	ASSERT_EQ(0, stack_sysctl(name, "0"));
	passive_open(_metadata, self, &syn, &r, so);
	EXPECT_LT(0, so->mss);
}

/*
 * The sysctls timestamps and window_scaling (Linux TCP's tcp_timestamps,
 * tcp_window_scaling), each at 0 in the test's namespace: that option is
 * neither offered on a SYN nor granted on a SYN-ACK; the other stays.
 */
TEST_F(opts, sysctl_timestamps_off__syn_offers_window_scale_only)
{
	struct wire_opts so;

	syn_without(_metadata, self, "timestamps", &so);
	EXPECT_FALSE(so.ts);
	EXPECT_LE(0, so.wscale);
}

TEST_F(opts, sysctl_timestamps_off__syn_ack_has_window_scale_only)
{
	struct tcp_info ti;
	struct wire_opts so;

	syn_ack_without(_metadata, self, "timestamps", &so);
	EXPECT_FALSE(so.ts);
	EXPECT_LE(0, so.wscale);
	ASSERT_EQ(0, tcp_info_of(self->fd, &ti));
	EXPECT_EQ(TCPI_OPT_WSCALE,
		  ti.tcpi_options & (TCPI_OPT_TIMESTAMPS | TCPI_OPT_WSCALE));
}

TEST_F(opts, sysctl_window_scaling_off__syn_offers_timestamps_only)
{
	struct wire_opts so;

	syn_without(_metadata, self, "window_scaling", &so);
	EXPECT_TRUE(so.ts);
	EXPECT_EQ(-1, so.wscale);
}

TEST_F(opts, sysctl_window_scaling_off__syn_ack_has_timestamps_only)
{
	struct tcp_info ti;
	struct wire_opts so;

	syn_ack_without(_metadata, self, "window_scaling", &so);
	EXPECT_TRUE(so.ts);
	EXPECT_EQ(-1, so.wscale);
	ASSERT_EQ(0, tcp_info_of(self->fd, &ti));
	EXPECT_EQ(TCPI_OPT_TIMESTAMPS,
		  ti.tcpi_options & (TCPI_OPT_TIMESTAMPS | TCPI_OPT_WSCALE));
}

/* ---- window scaling ---- */

/*
 * The peer's shift is 4 and its ACK's window field 64: 1024 bytes (RFC
 * 7323 2.3).  Of 8000 bytes written, text goes up to 1024 bytes and no
 * further before the peer ACKs anything: more than the 64 of an unscaled
 * field, and far less than the 8000 tcpfsm's own shift would allow.
 */
TEST_F(opts, window_scale__peer_window_field_times_its_shift_bounds_the_text)
{
	struct wire_opts syn = WIRE_OPTS_NONE, so, o;
	uint32_t s0, top;
	struct wire_seg r;
	char buf[8000];
	ssize_t n;

	syn.mss = PEER_MSS;
	syn.wscale = 4;
	self->win = 64;
	passive_open(_metadata, self, &syn, &r, &so);
	ASSERT_LE(0, so.wscale);
	s0 = self->irs + 1;
	memset(buf, 'w', sizeof(buf));
	n = send(self->fd, buf, sizeof(buf), MSG_DONTWAIT);
	ASSERT_LT(1024, n) TH_LOG("wrote %zd bytes", n);
	ASSERT_EQ(1, next_text(self, &r, &o, tcpfsm_scaled_ms(2000)))
		TH_LOG("no text in a window of 64 << 4");
	EXPECT_EQ(s0, r.seq);
	top = r.seq + r.datalen;
	/* A spell in which nothing beyond the window may go. */
	while (next_text(self, &r, &o, tcpfsm_scaled_ms(300)))
		if ((int32_t)(r.seq + r.datalen - top) > 0)
			top = r.seq + r.datalen;
	EXPECT_GE(1024U, top - s0) TH_LOG("sent %u bytes into a window of 1024",
					  top - s0);
	EXPECT_LT(64U, top - s0);
}

/*
 * A receive buffer of 1 MiB set before listen() (net.core.rmem_max may
 * cap it: 2 * 212992 bytes by default, still room for more than 65535):
 * the window tcpfsm offers once the connection is up goes beyond 65535,
 * its field scaled by the shift its SYN-ACK announced, and that scaled
 * field is the window TCP_INFO says was offered (a field not shifted, or
 * cut to 16 bits, would differ).  The SYN-ACK's own field is not scaled
 * (RFC 7323 2.2): 65535, the most it can say.
 */
TEST_F(opts, window_scale__own_window_beyond_65535_with_a_large_buffer)
{
	struct wire_opts syn = WIRE_OPTS_NONE, so, o;
	char text[100], buf[100];
	struct wire_seg r;
	uint32_t rcv_wnd;

	syn.mss = PEER_MSS;
	syn.wscale = 2;
	ASSERT_EQ(0, opts_listen(self, 1 << 20));
	passive_open(_metadata, self, &syn, &r, &so);
	ASSERT_LE(0, so.wscale);
	EXPECT_EQ(65535, r.win) TH_LOG("the SYN-ACK's window field");
	memset(text, 't', sizeof(text));
	ASSERT_EQ(0, peer_text(self, text, sizeof(text)));
	ASSERT_EQ(1, next_ack(self, self->seq, &r, &o, tcpfsm_scaled_ms(2000)));
	EXPECT_LT(65535U, (uint32_t)r.win << so.wscale)
		TH_LOG("window field %u, shift %d", r.win, so.wscale);
	rcv_wnd = tcp_info_rcv_wnd(self->fd);
	EXPECT_EQ(rcv_wnd, (uint32_t)r.win << so.wscale)
		TH_LOG("window field %u, shift %d", r.win, so.wscale);
	EXPECT_EQ(100, read_within(self->fd, buf, sizeof(buf),
				   tcpfsm_scaled_ms(2000)));
}

/* ---- timestamps ---- */

/*
 * RFC 7323 4.3: the ACK of text echoes its TSval (TS.Recent), and so does
 * tcpfsm's own next segment of text.
 */
TEST_F(opts, timestamps__ack_and_text_echo_the_peers_tsval)
{
	struct wire_opts syn = syn_ts_ws(-1), so, o;
	uint32_t x;
	struct wire_seg r;
	char buf[16];

	passive_open(_metadata, self, &syn, &r, &so);
	ASSERT_TRUE(so.ts);
	self->tsval += 5000;
	ASSERT_EQ(0, peer_text(self, "ping", 4));
	x = self->tsval;
	ASSERT_EQ(1, next_ack(self, self->seq, &r, &o, tcpfsm_scaled_ms(2000)));
	ASSERT_TRUE(o.ts) TH_LOG("the ACK has no timestamps");
	EXPECT_EQ(x, o.tsecr);
	ASSERT_EQ(4, read_within(self->fd, buf, sizeof(buf),
				 tcpfsm_scaled_ms(2000)));
	ASSERT_EQ(4, send(self->fd, "pong", 4, 0));
	ASSERT_EQ(1, next_text(self, &r, &o, tcpfsm_scaled_ms(2000)));
	ASSERT_TRUE(o.ts) TH_LOG("the text has no timestamps");
	EXPECT_EQ(x, o.tsecr);
	EXPECT_EQ(32U, r.len - r.datalen);
}

/*
 * The peer's MSS of 1000 counts the header without options: with
 * timestamps on every segment, a segment carries 988 bytes of text
 * (RFC 7323 3.2 via RFC 6691), as TCP_MAXSEG and tcpi_snd_mss say (the
 * raw peer's loopback cuts trains: private_net_drop()).
 */
TEST_F(opts, timestamps__peer_mss_1000_carries_988_bytes_a_segment)
{
	struct wire_opts syn = syn_ts_ws(-1), so, o;
	int mss = 0, longest = 0;
	socklen_t len = sizeof(mss);
	struct tcp_info ti;
	struct wire_seg r;
	char buf[3000];

	passive_open(_metadata, self, &syn, &r, &so);
	ASSERT_TRUE(so.ts);
	ASSERT_EQ(0, getsockopt(self->fd, SOL_TCPFSM, TCPFSM_MAXSEG, &mss, &len));
	EXPECT_EQ(PEER_MSS_TS, mss);
	ASSERT_EQ(0, tcp_info_of(self->fd, &ti));
	EXPECT_EQ(PEER_MSS_TS, (int)ti.tcpi_snd_mss);
	memset(buf, 's', sizeof(buf));
	ASSERT_EQ((ssize_t)sizeof(buf), send(self->fd, buf, sizeof(buf), 0));
	ASSERT_EQ(1, next_text(self, &r, &o, tcpfsm_scaled_ms(2000)));
	/* What the window allows goes at once. */
	do {
		EXPECT_GE(PEER_MSS_TS, (int)r.datalen);
		EXPECT_TRUE(o.ts);
		if ((int)r.datalen > longest)
			longest = r.datalen;
	} while (next_text(self, &r, &o, tcpfsm_scaled_ms(300)));
	EXPECT_EQ(PEER_MSS_TS, longest);
}

/* ---- PAWS ---- */

/*
 * RFC 7323 5.3: text at RCV.NXT whose TSval is older than TS.Recent is an
 * old duplicate: not delivered, answered by an ACK that leaves RCV.NXT
 * and TS.Recent as they were, and counted in PAWSEstab.  The same text
 * with a newer TSval is taken.
 */
TEST_F(opts, paws__old_tsval_text_dropped_acked_and_counted)
{
	struct wire_opts syn = syn_ts_ws(-1), so, o;
	uint32_t t, s1;
	struct wire_seg r;
	char buf[16];
	long paws;

	passive_open(_metadata, self, &syn, &r, &so);
	ASSERT_TRUE(so.ts);
	ASSERT_EQ(0, peer_text(self, "one", 3));
	t = self->tsval;
	s1 = self->seq;
	ASSERT_EQ(1, next_ack(self, s1, &r, &o, tcpfsm_scaled_ms(2000)));
	ASSERT_EQ(3, read_within(self->fd, buf, sizeof(buf),
				 tcpfsm_scaled_ms(2000)));
	paws = stack_stat("PAWSEstab");
	ASSERT_LE(0, paws);

	ASSERT_EQ(0, peer_send_ts(self, s1, F_ACK | F_PSH, t - 1000, "two", 3));
	ASSERT_EQ(1, next_ack(self, s1, &r, &o, tcpfsm_scaled_ms(2000)))
		TH_LOG("no ACK for the old duplicate");
	EXPECT_EQ(0U, r.datalen);
	ASSERT_TRUE(o.ts);
	EXPECT_EQ(t, o.tsecr) TH_LOG("TS.Recent moved back");
	EXPECT_EQ(-1, recv(self->fd, buf, sizeof(buf), MSG_DONTWAIT));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_EQ(paws + 1, stack_stat("PAWSEstab"));

	ASSERT_EQ(0, peer_send_ts(self, s1, F_ACK | F_PSH, t + 1, "two", 3));
	ASSERT_EQ(3, read_within(self->fd, buf, sizeof(buf),
				 tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(0, memcmp(buf, "two", 3));
	EXPECT_EQ(1, next_ack(self, s1 + 3, &r, &o, tcpfsm_scaled_ms(2000)));
}

/*
 * A RST is judged by its sequence number alone (RFC 7323 5.3, as Linux):
 * one at RCV.NXT with an old TSval resets the connection.
 */
TEST_F(opts, paws__rst_with_old_tsval_still_resets)
{
	struct wire_opts syn = syn_ts_ws(-1), so, o;
	struct pollfd pfd;
	struct wire_seg r;
	char buf[16];

	passive_open(_metadata, self, &syn, &r, &so);
	ASSERT_TRUE(so.ts);
	ASSERT_EQ(0, peer_text(self, "one", 3));
	ASSERT_EQ(1, next_ack(self, self->seq, &r, &o, tcpfsm_scaled_ms(2000)));
	ASSERT_EQ(3, read_within(self->fd, buf, sizeof(buf),
				 tcpfsm_scaled_ms(2000)));

	ASSERT_EQ(0, peer_send_ts(self, self->seq, F_RST, self->tsval - 1000,
				  NULL, 0));
	pfd = (struct pollfd){ .fd = self->fd, .events = POLLIN };
	ASSERT_EQ(1, poll(&pfd, 1, tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(-1, recv(self->fd, buf, sizeof(buf), MSG_DONTWAIT));
	EXPECT_EQ(ECONNRESET, errno);
	EXPECT_EQ(TCPFSM_CLOSE, tcpfsm_state(self->fd));
}

/* Up to @len bytes read from @fd, each read waiting 2 s (scaled) at most. */
static size_t read_text(int fd, char *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len &&
	       (n = read_within(fd, buf + got, len - got,
				tcpfsm_scaled_ms(2000))) > 0)
		got += n;
	return got;
}

/*
 * Text that waited after a hole is delivered when a retransmission fills
 * the hole, though the retransmission's TSval, now TS.Recent, is newer
 * than theirs: PAWS judges a segment when it arrives (RFC 7323 5.3, 4.3's
 * example), not again when it leaves the out-of-order queue.
 */
TEST_F(opts, paws__hole_filled_by_a_later_retransmission_delivers_what_waited)
{
	struct wire_opts syn = syn_ts_ws(-1), so, o;
	char text[200], buf[200];
	uint32_t s0, t;
	struct wire_seg r;
	long paws;

	passive_open(_metadata, self, &syn, &r, &so);
	ASSERT_TRUE(so.ts);
	paws = stack_stat("PAWSEstab");
	s0 = self->seq;
	t = self->tsval;
	memset(text, 'a', 100);
	memset(text + 100, 'b', 100);
	ASSERT_EQ(0, peer_send_ts(self, s0 + 100, F_ACK | F_PSH, t + 1,
				  text + 100, 100));
	ASSERT_EQ(1, next_ack(self, s0, &r, &o, tcpfsm_scaled_ms(2000)))
		TH_LOG("no duplicate ACK for the text after the hole");
	/* The hole's retransmission, 50 ms of the peer's clock later. */
	ASSERT_EQ(0, peer_send_ts(self, s0, F_ACK | F_PSH, t + 50, text, 100));
	ASSERT_EQ(1, next_ack(self, s0 + 200, &r, &o, tcpfsm_scaled_ms(2000)))
		TH_LOG("the text after the hole was not taken");
	EXPECT_EQ(t + 50, o.tsecr);
	ASSERT_EQ(sizeof(buf), read_text(self->fd, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, text, sizeof(buf)));
	EXPECT_EQ(paws, stack_stat("PAWSEstab"));
	self->seq = s0 + 200;
	self->tsval = t + 50;
}

/* ---- SACK (RFC 2018) and the loss recovery it allows (RFC 6675) ---- */

/* The peer's SYN: MSS 1000 and SACK-permitted, timestamps if @ts. */
static struct wire_opts syn_sack(int ts)
{
	struct wire_opts o = WIRE_OPTS_NONE;

	o.mss = PEER_MSS;
	o.sack_perm = 1;
	o.ts = ts;
	return o;
}

/* Whether @o's SACK blocks are @n pairs of @want, relative to @base. */
static int sack_is(const struct wire_opts *o, uint32_t base, int n,
		   const uint32_t want[][2])
{
	int i;

	if (o->nsack != n)
		return 0;
	for (i = 0; i < n; i++)
		if (o->sack[i][0] != base + want[i][0] ||
		    o->sack[i][1] != base + want[i][1])
			return 0;
	return 1;
}

static void log_sack(struct __test_metadata *_metadata,
		     const struct wire_opts *o, uint32_t base)
{
	int i;

	for (i = 0; i < o->nsack; i++)
		TH_LOG("block %d: %u..%u", i, o->sack[i][0] - base,
		       o->sack[i][1] - base);
}

/* tcpfsm's SYN offers SACK-permitted (RFC 2018 2). */
TEST_F(opts, sack__syn_offers_sack_permitted)
{
	struct wire_opts so;
	struct wire_seg syn;

	active_syn(_metadata, self, &syn, &so);
	EXPECT_TRUE(so.sack_perm);
}

/*
 * A SYN with SACK-permitted gets it back on the SYN-ACK, and TCP_INFO
 * says SACK is in use; a SYN without it does not.
 */
TEST_F(opts, sack__syn_with_sack_permitted__syn_ack_has_it)
{
	struct wire_opts syn = syn_sack(1), so;
	struct tcp_info ti;
	struct wire_seg r;

	passive_open(_metadata, self, &syn, &r, &so);
	EXPECT_TRUE(so.sack_perm);
	EXPECT_TRUE(so.ts);
	ASSERT_EQ(0, tcp_info_of(self->fd, &ti));
	EXPECT_EQ(TCPI_OPT_SACK | TCPI_OPT_TIMESTAMPS,
		  ti.tcpi_options & (TCPI_OPT_SACK | TCPI_OPT_TIMESTAMPS));
}

TEST_F(opts, sack__syn_without_it__syn_ack_without_it)
{
	struct wire_opts syn = syn_ts_ws(-1), so;
	struct tcp_info ti;
	struct wire_seg r;

	passive_open(_metadata, self, &syn, &r, &so);
	EXPECT_FALSE(so.sack_perm);
	ASSERT_EQ(0, tcp_info_of(self->fd, &ti));
	EXPECT_EQ(0, ti.tcpi_options & TCPI_OPT_SACK);
}

/* The sysctl sack (Linux's tcp_sack) at 0: neither offered nor granted. */
TEST_F(opts, sysctl_sack_off__syn_offers_no_sack_permitted)
{
	struct wire_opts so;

	syn_without(_metadata, self, "sack", &so);
	EXPECT_FALSE(so.sack_perm);
	EXPECT_TRUE(so.ts);
}

TEST_F(opts, sysctl_sack_off__syn_ack_has_no_sack_permitted)
{
	struct wire_opts syn = syn_sack(1), so;
	struct tcp_info ti;
	struct wire_seg r;

	ASSERT_EQ(0, stack_sysctl("sack", "0"));
	passive_open(_metadata, self, &syn, &r, &so);
	EXPECT_FALSE(so.sack_perm);
	EXPECT_TRUE(so.ts);
	ASSERT_EQ(0, tcp_info_of(self->fd, &ti));
	EXPECT_EQ(0, ti.tcpi_options & TCPI_OPT_SACK);
}

/*
 * SACK blocks after a hole (RFC 2018 4): each ACK the peer's text after
 * a hole draws reports the run that holds the newest segment first, then
 * the runs reported before, newest first; beside timestamps three at
 * most; a run that grew over others replaces them; what RCV.NXT reached
 * goes; once all is in order, none.  The text arrives intact.
 */
TEST_F(opts, sack__blocks_after_a_hole_newest_first)
{
	static const struct {
		uint32_t at;		/* the segment, 100 bytes, at s0 + at */
		uint32_t ack;		/* the ACK it draws, less s0 */
		int n;			/* its blocks */
		uint32_t b[3][2];
	} steps[] = {
		{ 100, 0, 1, { { 100, 200 } } },
		{ 300, 0, 2, { { 300, 400 }, { 100, 200 } } },
		{ 500, 0, 3, { { 500, 600 }, { 300, 400 }, { 100, 200 } } },
		{ 700, 0, 3, { { 700, 800 }, { 500, 600 }, { 300, 400 } } },
		{ 200, 0, 3, { { 100, 400 }, { 700, 800 }, { 500, 600 } } },
		{ 0, 400, 2, { { 700, 800 }, { 500, 600 } } },
		{ 400, 600, 1, { { 700, 800 } } },
		{ 600, 800, 0, { { 0 } } },
	};
	struct wire_opts syn = syn_sack(1), so, o;
	char text[800], buf[800];
	struct wire_seg r;
	uint32_t s0;
	size_t i;

	passive_open(_metadata, self, &syn, &r, &so);
	ASSERT_TRUE(so.sack_perm);
	s0 = self->seq;
	for (i = 0; i < sizeof(text); i++)
		text[i] = 'a' + i / 100;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		ASSERT_EQ(0, peer_send_ts(self, s0 + steps[i].at, F_ACK | F_PSH,
					  ++self->tsval, text + steps[i].at, 100));
		ASSERT_EQ(1, next_ack(self, s0 + steps[i].ack, &r, &o,
				      tcpfsm_scaled_ms(2000)))
			TH_LOG("step %zu: no ACK of %u", i, steps[i].ack);
		EXPECT_TRUE(sack_is(&o, s0, steps[i].n, steps[i].b)) {
			TH_LOG("step %zu (text at %u): %d blocks", i,
			       steps[i].at, o.nsack);
			log_sack(_metadata, &o, s0);
		}
	}
	ASSERT_EQ(sizeof(buf), read_text(self->fd, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, text, sizeof(buf)));
	self->seq = s0 + sizeof(text);
}

/* Whether one of @o's SACK blocks is @start..@end, relative to @base. */
static int sack_has(const struct wire_opts *o, uint32_t base, uint32_t start,
		    uint32_t end)
{
	int i;

	for (i = 0; i < o->nsack; i++)
		if (o->sack[i][0] == base + start && o->sack[i][1] == base + end)
			return 1;
	return 0;
}

/*
 * A segment after a hole that holds more than segments already waiting
 * from its first byte on (a sender that sent them again as one, or GRO
 * that merged them) is kept, and the block reports all of it.  (Linux
 * reports a D-SACK block for the duplicate bytes before it; tcpfsm sends
 * none, so only the block's presence is asked.)
 */
TEST_F(opts, sack__longer_segment_over_waiting_ones_is_reported_whole)
{
	static const struct {
		uint32_t at, len;	/* the segment, at s0 + at */
	} steps[] = {
		{ 200, 100 }, { 300, 100 }, { 200, 300 },
	};
	struct wire_opts syn = syn_sack(1), so, o;
	char text[500], buf[500];
	struct wire_seg r;
	uint32_t s0;
	size_t i;

	passive_open(_metadata, self, &syn, &r, &so);
	ASSERT_TRUE(so.sack_perm);
	s0 = self->seq;
	for (i = 0; i < sizeof(text); i++)
		text[i] = 'a' + i / 100;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		ASSERT_EQ(0, peer_send_ts(self, s0 + steps[i].at, F_ACK | F_PSH,
					  ++self->tsval, text + steps[i].at,
					  steps[i].len));
		ASSERT_EQ(1, next_ack(self, s0, &r, &o, tcpfsm_scaled_ms(2000)));
	}
	EXPECT_TRUE(sack_has(&o, s0, 200, 500))
		log_sack(_metadata, &o, s0);
	/* The hole filled, all of it is read in order. */
	ASSERT_EQ(0, peer_send_ts(self, s0, F_ACK | F_PSH, ++self->tsval,
				  text, 200));
	ASSERT_EQ(1, next_ack(self, s0 + sizeof(text), &r, &o,
			      tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(0, o.nsack);
	ASSERT_EQ(sizeof(buf), read_text(self->fd, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, text, sizeof(buf)));
	self->seq = s0 + sizeof(text);
}

/*
 * The peer sends @flags with @len bytes of @text at its next sequence
 * number, acking @ack with the @n SACK blocks of @b (relative to @base).
 */
static int peer_seg_sack(FIXTURE_DATA(opts) *self, uint8_t flags,
			 uint32_t ack, uint32_t base, int n,
			 const uint32_t b[][2], const void *text, size_t len)
{
	struct wire_opts o = WIRE_OPTS_NONE;
	uint8_t opt[WIRE_OPT_MAX];
	int i, ret;

	o.nsack = n;
	for (i = 0; i < n; i++) {
		o.sack[i][0] = base + b[i][0];
		o.sack[i][1] = base + b[i][1];
	}
	ret = wire_xmit_opts(self->raw, self->peer, self->port, self->seq,
			     ack, flags, self->win, opt,
			     wire_opts_build(opt, &o), text, len);
	self->seq += len + !!(flags & F_FIN);
	return ret;
}

/* The peer acks @ack with the @n SACK blocks of @b (relative to @base). */
static int peer_ack_sack(FIXTURE_DATA(opts) *self, uint32_t ack,
			 uint32_t base, int n, const uint32_t b[][2])
{
	return peer_seg_sack(self, F_ACK, ack, base, n, b, NULL, 0);
}

/*
 * RFC 6675: of eight segments the second and the fifth are lost; the
 * peer's duplicate ACKs SACK the others as they come.  Both holes go
 * again at once, and nothing SACKed goes again before them: NewReno
 * would wait a round trip (a partial ACK) for the second hole, and a
 * timeout would resend from SND.UNA, SACKed segments included.  TCP_INFO
 * counts five SACKed, two lost, two sent again; the cumulative ACK of
 * all ends the recovery.
 */
TEST_F(opts, sack__two_holes_resent_without_what_was_sacked)
{
	static const uint32_t b1[][2] = { { 2000, 3000 } };
	static const uint32_t b2[][2] = { { 2000, 4000 } };
	static const uint32_t b3[][2] = { { 5000, 6000 }, { 2000, 4000 } };
	static const uint32_t b4[][2] = { { 5000, 7000 }, { 2000, 4000 } };
	static const uint32_t b5[][2] = { { 5000, 8000 }, { 2000, 4000 } };
	struct wire_opts syn = syn_sack(0), so, o;
	int got1 = 0, got4 = 0, sacked_again = 0;
	struct tcp_info ti;
	struct wire_seg r;
	char buf[8000];
	uint32_t s0;
	int i;

	passive_open(_metadata, self, &syn, &r, &so);
	ASSERT_TRUE(so.sack_perm);
	s0 = self->irs + 1;
	memset(buf, 'x', sizeof(buf));
	ASSERT_EQ((ssize_t)sizeof(buf), send(self->fd, buf, sizeof(buf), 0));
	for (i = 0; i < 8; i++) {
		ASSERT_EQ(1, next_text(self, &r, &o, tcpfsm_scaled_ms(2000)))
			TH_LOG("segment %d did not come", i);
		ASSERT_EQ(s0 + i * 1000, r.seq);
		ASSERT_EQ(1000U, r.datalen);
	}
	ASSERT_EQ(0, peer_ack_sack(self, s0 + 1000, s0, 0, NULL));
	ASSERT_EQ(0, peer_ack_sack(self, s0 + 1000, s0, 1, b1));
	ASSERT_EQ(0, peer_ack_sack(self, s0 + 1000, s0, 1, b2));
	ASSERT_EQ(0, peer_ack_sack(self, s0 + 1000, s0, 2, b3));
	ASSERT_EQ(0, peer_ack_sack(self, s0 + 1000, s0, 2, b4));
	ASSERT_EQ(0, peer_ack_sack(self, s0 + 1000, s0, 2, b5));
	while (!(got1 && got4) &&
	       next_text(self, &r, &o, tcpfsm_scaled_ms(5000))) {
		uint32_t off = r.seq - s0;

		if (off == 1000)
			got1 = 1;
		else if (off == 4000)
			got4 = 1;
		else
			sacked_again++;
		TH_LOG("sent again: %u..%u", off, off + r.datalen);
	}
	EXPECT_TRUE(got1) TH_LOG("the first hole was not sent again");
	EXPECT_TRUE(got4) TH_LOG("the second hole was not sent again");
	EXPECT_EQ(0, sacked_again);
	ASSERT_EQ(0, tcp_info_of(self->fd, &ti));
	EXPECT_EQ(3, (int)ti.tcpi_ca_state);	/* Recovery */
	EXPECT_EQ(5U, ti.tcpi_sacked);
	EXPECT_EQ(2U, ti.tcpi_lost);
	EXPECT_EQ(2U, ti.tcpi_retrans);
	ASSERT_EQ(0, peer_ack_sack(self, s0 + 8000, s0, 0, NULL));
	usleep(tcpfsm_scaled_ms(100) * 1000);
	ASSERT_EQ(0, tcp_info_of(self->fd, &ti));
	EXPECT_EQ(0, (int)ti.tcpi_ca_state);
	EXPECT_EQ(0U, ti.tcpi_sacked);
	EXPECT_EQ(0U, ti.tcpi_unacked);
}

/*
 * The RTO's floor, for the stack under test, in this test's namespace:
 * tcpfsm's rto_min_ms, Linux TCP's tcp_rto_min_us.
 */
static int stack_rto_min_ms(int ms)
{
	char val[32];

	if (!tcpfsm_family_is_inet()) {
		snprintf(val, sizeof(val), "%d", ms);
		return write_sysctl("rto_min_ms", val);
	}
	snprintf(val, sizeof(val), "%d", ms * 1000);
	return write_file("/proc/sys/net/ipv4/tcp_rto_min_us", val);
}

/*
 * The peer reneges (RFC 2018 8): it SACKs the third and fourth of eight
 * segments, then acknowledges only the first two, then sends three
 * duplicate ACKs that SACK the fifth to seventh.  SACKed text at SND.UNA
 * is resent by a timeout alone, and the ACK that revealed the reneging
 * sets it to half an RTT (as Linux's tcp_check_sack_reneging()), which
 * the fast retransmission the duplicate ACKs start does not put off: the
 * third segment goes again long before the RTO (whose floor is raised to
 * 3 s, scaled, for the test; the wait allowed is a third of it), and the
 * timeout counts in TCPSACKReneging.
 */
TEST_F(opts, sack__ack_reaching_sacked_text_means_reneging_and_it_goes_again)
{
	static const uint32_t b0[][2] = { { 2000, 4000 } };
	static const uint32_t b1[][2] = { { 4000, 5000 } };
	static const uint32_t b2[][2] = { { 4000, 6000 } };
	static const uint32_t b3[][2] = { { 4000, 7000 } };
	struct wire_opts syn = syn_sack(0), so, o;
	int rto_ms = tcpfsm_scaled_ms(3000), again = 0;
	long reneged, deadline;
	struct wire_seg r;
	char buf[8000];
	uint32_t s0;
	int i;

	if (rto_ms > 120000)
		rto_ms = 120000;	/* rto_max_ms */
	if (tcpfsm_family_is_inet() && stack_rto_min_ms(rto_ms))
		SKIP(return, "no floor of the RTO to raise (tcp_rto_min_us came in Linux 6.11)");
	ASSERT_EQ(0, stack_rto_min_ms(rto_ms));
	passive_open(_metadata, self, &syn, &r, &so);
	ASSERT_TRUE(so.sack_perm);
	s0 = self->irs + 1;
	reneged = stack_stat("TCPSACKReneging");
	ASSERT_LE(0, reneged);
	memset(buf, 'x', sizeof(buf));
	ASSERT_EQ((ssize_t)sizeof(buf), send(self->fd, buf, sizeof(buf), 0));
	for (i = 0; i < 8; i++) {
		ASSERT_EQ(1, next_text(self, &r, &o, tcpfsm_scaled_ms(2000)))
			TH_LOG("segment %d did not come", i);
		ASSERT_EQ(s0 + i * 1000, r.seq);
	}
	ASSERT_EQ(0, peer_ack_sack(self, s0, s0, 1, b0));
	ASSERT_EQ(0, peer_ack_sack(self, s0 + 2000, s0, 0, NULL));
	deadline = tcpfsm_mono_ms() + rto_ms / 3;
	ASSERT_EQ(0, peer_ack_sack(self, s0 + 2000, s0, 1, b1));
	ASSERT_EQ(0, peer_ack_sack(self, s0 + 2000, s0, 1, b2));
	ASSERT_EQ(0, peer_ack_sack(self, s0 + 2000, s0, 1, b3));
	while (!again && tcpfsm_mono_ms() < deadline &&
	       next_text(self, &r, &o, deadline - tcpfsm_mono_ms())) {
		TH_LOG("sent again: %u..%u", r.seq - s0,
		       r.seq - s0 + r.datalen);
		again = r.seq == s0 + 2000;
	}
	EXPECT_TRUE(again) TH_LOG("the reneged text did not go again within %d ms (RTO at least %d ms)",
				  rto_ms / 3, rto_ms);
	EXPECT_EQ(reneged + 1, stack_stat("TCPSACKReneging"));
	ASSERT_EQ(0, peer_ack_sack(self, s0 + 8000, s0, 0, NULL));
}

/*
 * The SACK blocks of a segment with text and FIN (the peer closes while
 * tcpfsm repairs a loss) count as any: two duplicate ACKs SACK only two
 * segments (no loss yet), then the peer's last text with its FIN SACKs
 * six, which makes the second segment lost: it goes again at once, in a
 * fast recovery (TCP_INFO Recovery), not after a timeout (Loss).  The
 * text and the FIN are taken too.
 */
TEST_F(opts, sack__blocks_on_text_with_fin_are_read)
{
	static const uint32_t b2[][2] = { { 2000, 4000 } };
	static const uint32_t b6[][2] = { { 2000, 8000 } };
	struct wire_opts syn = syn_sack(0), so, o;
	struct tcp_info ti;
	struct wire_seg r;
	char buf[8000];
	uint32_t s0;
	int i;

	passive_open(_metadata, self, &syn, &r, &so);
	ASSERT_TRUE(so.sack_perm);
	s0 = self->irs + 1;
	memset(buf, 'x', sizeof(buf));
	ASSERT_EQ((ssize_t)sizeof(buf), send(self->fd, buf, sizeof(buf), 0));
	for (i = 0; i < 8; i++)
		ASSERT_EQ(1, next_text(self, &r, &o, tcpfsm_scaled_ms(2000)))
			TH_LOG("segment %d did not come", i);
	ASSERT_EQ(0, peer_ack_sack(self, s0 + 1000, s0, 0, NULL));
	ASSERT_EQ(0, peer_ack_sack(self, s0 + 1000, s0, 1, b2));
	ASSERT_EQ(0, peer_ack_sack(self, s0 + 1000, s0, 1, b2));
	ASSERT_EQ(0, peer_seg_sack(self, F_ACK | F_PSH | F_FIN, s0 + 1000, s0,
				   1, b6, "bye", 3));
	ASSERT_EQ(1, next_text(self, &r, &o, tcpfsm_scaled_ms(5000)))
		TH_LOG("the lost segment was not sent again");
	EXPECT_EQ(s0 + 1000, r.seq);
	ASSERT_EQ(0, tcp_info_of(self->fd, &ti));
	EXPECT_EQ(3, (int)ti.tcpi_ca_state) TH_LOG("not a fast recovery");
	EXPECT_EQ(3, read_within(self->fd, buf, sizeof(buf),
				 tcpfsm_scaled_ms(2000)));
	ASSERT_EQ(0, peer_ack_sack(self, s0 + 8000, s0, 0, NULL));
}

/* ---- TIME_WAIT and SYN cookies ---- */

/* The peer sends @flags at @seq acking @ack, with TSval @tsval. */
static int peer_ctl_ts(FIXTURE_DATA(opts) *self, uint32_t seq, uint32_t ack,
		       uint8_t flags, uint32_t tsval)
{
	struct wire_opts o = WIRE_OPTS_NONE;
	uint8_t opt[WIRE_OPT_MAX];

	o.ts = self->ts;
	o.tsval = tsval;
	o.tsecr = self->tsecr;
	return wire_xmit_opts(self->raw, self->peer, self->port, seq, ack,
			      flags, self->win, opt, wire_opts_build(opt, &o),
			      NULL, 0);
}

/*
 * tcpfsm closes first and goes to TIME_WAIT: the ACK of the peer's FIN
 * carries timestamps echoing that FIN's TSval, and so does the ACK of the
 * FIN sent again (RFC 7323 3.2: on every segment; TIME_WAIT keeps
 * TS.Recent).
 */
TEST_F(opts, time_wait__acks_carry_timestamps_echoing_the_fin)
{
	struct wire_opts syn = syn_ts_ws(-1), so, o;
	struct wire_seg r;
	uint32_t fin_ack;

	passive_open(_metadata, self, &syn, &r, &so);
	ASSERT_TRUE(so.ts);
	ASSERT_EQ(0, close(self->fd));
	self->fd = -1;
	ASSERT_EQ(1, next_seg(self, &r, &o, tcpfsm_scaled_ms(2000)));
	ASSERT_TRUE(r.flags & F_FIN);
	fin_ack = r.seq + 1;
	ASSERT_EQ(0, peer_ctl_ts(self, self->seq, fin_ack, F_FIN | F_ACK,
				 self->tsval + 10));
	ASSERT_EQ(1, next_ack(self, self->seq + 1, &r, &o, tcpfsm_scaled_ms(2000)));
	ASSERT_TRUE(o.ts) TH_LOG("TIME_WAIT's ACK has no timestamps");
	EXPECT_EQ(self->tsval + 10, o.tsecr);
	ASSERT_EQ(0, peer_ctl_ts(self, self->seq, fin_ack, F_FIN | F_ACK,
				 self->tsval + 20));
	ASSERT_EQ(1, next_ack(self, self->seq + 1, &r, &o, tcpfsm_scaled_ms(2000)))
		TH_LOG("the FIN sent again was not acked");
	ASSERT_TRUE(o.ts);
	/*
	 * RFC 7323 4.3 takes the FIN's new TSval (it starts before
	 * Last.ACK.sent): tcpfsm does.  Linux's TIME_WAIT takes TSvals only
	 * from segments at RCV.NXT, and echoes the first FIN's.
	 */
	EXPECT_EQ(self->tsval + (tcpfsm_family_is_inet() ? 10 : 20), o.tsecr);
}

/*
 * A SYN cookie has nowhere to keep the options of the SYN: the SYN-ACK
 * carries the MSS alone, and the connection goes without window scaling
 * and timestamps (20-byte headers).  Linux keeps them in the cookie's
 * TSval when the SYN has timestamps.
 */
TEST_F(opts, syncookies__syn_ack_has_only_mss_and_no_option_is_used)
{
	struct wire_opts syn = syn_ts_ws(2), so, o;
	struct tcp_info ti;
	struct wire_seg r;
	char buf[16];

	TCPFSM_ONLY("Linux keeps the options of a SYN in its cookie's TSval");
	ASSERT_EQ(0, write_sysctl("syncookies", "2"));
	passive_open(_metadata, self, &syn, &r, &so);
	EXPECT_LT(0, so.mss) TH_LOG("the cookie's SYN-ACK has no MSS");
	EXPECT_FALSE(so.ts);
	EXPECT_EQ(-1, so.wscale);
	EXPECT_EQ(24U, r.len);
	ASSERT_EQ(0, peer_text(self, "ping", 4));
	ASSERT_EQ(1, next_ack(self, self->seq, &r, &o, tcpfsm_scaled_ms(2000)));
	EXPECT_EQ(20U, r.len - r.datalen);
	EXPECT_EQ(4, read_within(self->fd, buf, sizeof(buf),
				 tcpfsm_scaled_ms(2000)));
	ASSERT_EQ(0, tcp_info_of(self->fd, &ti));
	EXPECT_EQ(0, ti.tcpi_options);
}

TEST_HARNESS_MAIN
