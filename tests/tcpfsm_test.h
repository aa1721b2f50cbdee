/* SPDX-License-Identifier: GPL-2.0 */
/* tcpfsm_test.h: helpers shared by the socket-level tests: family, /proc readers, a raw-socket peer. */
#ifndef TCPFSM_TEST_H
#define TCPFSM_TEST_H

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/tcp.h>	/* Linux's struct tcp_info, whole */
#include <linux/tcpfsm.h>

#include "kselftest_harness.h"
#include "../tools/tcpfsm-param.h"

/*
 * ---- time limits: one scale factor ----
 *
 * Every time limit of the socket tests is a base, measured on a 2-core
 * TCG guest (at least three times the slowest run seen there), times
 * TCPFSM_TIME_SCALE from the environment: each test's harness limit, and
 * every deadline a test waits on (a poll() that fails the test when it
 * expires, a no-progress detector, a settle delay before a final state
 * is checked).  Times that are the behaviour under test are not scaled:
 * a sysctl's timer, the lower bound of an elapsed time, a window in
 * which nothing may happen, an upper bound that tells one mechanism from
 * a slower one.
 *
 * The default, 2, leaves a busy host twice the margin of the measuring
 * machine; KVM can take 0.5, the least: every deadline that waits on a
 * protocol timer is at least twice that timer.  Anything but a decimal
 * number from 0.5 to 100 ends the program before its first test.
 */
#define TCPFSM_TIME_SCALE_DEFAULT	2.0
#define TCPFSM_TIME_SCALE_MIN		0.5
#define TCPFSM_TIME_SCALE_MAX		100.0

static inline double tcpfsm_time_scale(void)
{
	static double scale;
	const char *s, *p;
	int digits = 0, dots = 0, other = 0;
	double v = 0;

	if (scale > 0)
		return scale;
	s = getenv("TCPFSM_TIME_SCALE");
	if (!s || !*s) {
		scale = TCPFSM_TIME_SCALE_DEFAULT;
		return scale;
	}
	for (p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p == '.')
			dots++;
		else
			other++;
	}
	if (digits && dots <= 1 && !other)
		v = strtod(s, NULL);
	if (!(v >= TCPFSM_TIME_SCALE_MIN && v <= TCPFSM_TIME_SCALE_MAX)) {
		fprintf(stderr, "TCPFSM_TIME_SCALE=\"%s\": not a decimal number "
			"from %g to %g\n", s, TCPFSM_TIME_SCALE_MIN,
			TCPFSM_TIME_SCALE_MAX);
		exit(KSFT_FAIL);
	}
	scale = v;
	return scale;
}

/* @base times the scale, rounded up, at least 1. */
static inline int tcpfsm_scaled(int base)
{
	double x = base * tcpfsm_time_scale();
	int n = (int)x;

	n += x > n + 1e-9;
	return n < 1 ? 1 : n;
}

/* A deadline of @base_ms at scale 1, in ms at the scale in force. */
static inline int tcpfsm_scaled_ms(int base_ms)
{
	return tcpfsm_scaled(base_ms);
}

/* A deadline of @base_s at scale 1, in seconds at the scale in force. */
static inline double tcpfsm_scaled_s(double base_s)
{
	return base_s * tcpfsm_time_scale();
}

/*
 * Sleep until something must have happened: @timer_ms, the time the
 * behaviour itself takes (a timer set by the test; not scaled), plus
 * @margin_ms times the scale.
 */
static inline void tcpfsm_sleep_ms(int timer_ms, int margin_ms)
{
	int ms = timer_ms + tcpfsm_scaled_ms(margin_ms);
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/*
 * The harness limit of a test that gives none (TEST, TEST_F): the base
 * of its program, which defines TCPFSM_TEST_BASE_S (seconds at scale 1)
 * before including this file, in place of the harness's 30 s.
 * TEST_F_TIMEOUT's own limit is a base too.
 */
#ifndef TCPFSM_TEST_BASE_S
#error "define TCPFSM_TEST_BASE_S, the base limit of the program's tests"
#endif
#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT	TCPFSM_TEST_BASE_S

/*
 * After the harness has registered every test (its constructors run at
 * KSELFTEST_PRIO_TEST and KSELFTEST_PRIO_XFAIL): each limit becomes base
 * times the scale.  With TCPFSM_LIST_LIMITS=1 in the environment the
 * program prints "scale S" and a "test LIMIT_S BASE_S NAME" line per
 * test, then exits (scripts/time-limits.sh reads it).
 */
static void __attribute__((constructor(KSELFTEST_PRIO_XFAIL + 1)))
tcpfsm_scale_limits(void)
{
	struct __fixture_variant_metadata no_variant = { .name = "" }, *v;
	const char *list = getenv("TCPFSM_LIST_LIMITS");
	double scale = tcpfsm_time_scale();
	struct __fixture_metadata *f;
	struct __test_metadata *t;

	if (list && !strcmp(list, "1")) {
		printf("scale %g\n", scale);
		for (f = __fixture_list; f; f = f->next)
			for (v = f->variant ?: &no_variant; v; v = v->next)
				for (t = f->tests; t; t = t->next)
					printf("test %d %d %s%s%s.%s\n",
					       tcpfsm_scaled(t->timeout),
					       t->timeout, f->name,
					       v->name[0] ? "." : "", v->name,
					       t->name);
		exit(0);
	}
	for (f = __fixture_list; f; f = f->next)
		for (t = f->tests; t; t = t->next)
			t->timeout = tcpfsm_scaled(t->timeout);
}


/*
 * Under TCPFSM_FAMILY=inet the tests run against Linux TCP (guest-check.sh
 * runs some programs a second time so, as "<program>.inet").  A test that
 * reads what only tcpfsm has (/proc/net/tcpfsm*, its sysctls, TCPFSM_INFO
 * fields that struct tcp_info lays out otherwise) or checks a choice that
 * Linux makes otherwise is skipped there, saying @why.
 */
#define TCPFSM_ONLY(why)						\
	do {								\
		if (tcpfsm_family_is_inet())				\
			SKIP(return, "tcpfsm only: %s", why);		\
	} while (0)

/*
 * Under TCPFSM_FAMILY=tcpwire (TCP wire mode) a segment to a port where
 * tcpfsm has no connection and no listener is Linux TCP's to answer, and
 * to count: a test that counts such segments in tcpfsm_stat is skipped
 * there, saying @why.
 */
#define TCPFSM_NOT_TCPWIRE(why)						\
	do {								\
		if (tcpfsm_wire_is_tcp())				\
			SKIP(return, "protocol 253 only: %s", why);	\
	} while (0)

/*
 * Close @fd with SO_LINGER {1, 0}: a RST, nothing left behind.  A socket
 * whose peer is the raw socket must go so: closed normally it becomes an
 * orphan that retransmits its FIN to nobody for retries2 (a quarter of an
 * hour) and pins the module past the end of the run.
 */
static inline void close_abort(int fd)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	if (fd < 0)
		return;
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(fd);
}

static inline int tcpfsm_socket(void)
{
	return socket(tcpfsm_af(), SOCK_STREAM, 0);
}

static inline struct sockaddr_tcpfsm tcpfsm_addr(const char *ip, uint16_t port)
{
	struct sockaddr_tcpfsm a;

	memset(&a, 0, sizeof(a));
	a.stf_family = tcpfsm_af();
	a.stf_port = htons(port);
	a.stf_addr = inet_addr(ip);
	return a;
}

static inline int tcpfsm_bind(int fd, const char *ip, uint16_t port)
{
	struct sockaddr_tcpfsm a = tcpfsm_addr(ip, port);

	return bind(fd, (struct sockaddr *)&a, sizeof(a));
}

/* The local port of @fd, or -1. */
static inline int tcpfsm_local_port(int fd)
{
	struct sockaddr_tcpfsm a;
	socklen_t len = sizeof(a);

	if (getsockname(fd, (struct sockaddr *)&a, &len))
		return -1;
	return ntohs(a.stf_port);
}

/*
 * The state of @fd from TCP_INFO (TCPFSM_TCP_INFO, Linux's struct
 * tcp_info: either family), or -errno.
 */
static inline int tcpfsm_state(int fd)
{
	struct tcp_info info;
	socklen_t len = sizeof(info);

	if (getsockopt(fd, SOL_TCPFSM, TCPFSM_TCP_INFO, &info, &len))
		return -errno;
	return info.tcpi_state;
}

/*
 * The state column of the /proc/net/tcpfsm row with local port @lport and
 * remote port @rport (0 for a listener), or -1 when there is none.
 */
static inline int proc_state(uint16_t rport, uint16_t lport)
{
	FILE *f = fopen("/proc/net/tcpfsm", "r");
	char line[256];
	int found = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned int la, lp, ra, rp, st;

		if (sscanf(line, " %*d: %x:%x %x:%x %x", &la, &lp, &ra, &rp,
			   &st) != 5)
			continue;
		if (lp == lport && rp == rport) {
			found = st;
			break;
		}
	}
	fclose(f);
	return found;
}

/* The monotonic clock, in milliseconds. */
static inline long tcpfsm_mono_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/*
 * Send @n bytes of @out on @cfd (made non-blocking) and read them on @sfd
 * into @in, both at once, for at most @secs (no limit when 0); returns
 * the bytes received (less than @n if @sfd saw the end of the stream
 * first, or the time ran out).  pump(): without a limit.
 */
static inline size_t pump_within(int cfd, int sfd, const char *out,
				 char *in, size_t n, double secs)
{
	size_t sent = 0, got = 0;
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	fcntl(cfd, F_SETFL, O_NONBLOCK);
	while (got < n) {
		ssize_t k;

		if (secs > 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec - start.tv_sec +
			    (now.tv_nsec - start.tv_nsec) / 1e9 > secs)
				break;
		}
		if (sent < n) {
			k = send(cfd, out + sent, n - sent, 0);
			if (k > 0)
				sent += k;
		}
		k = recv(sfd, in + got, n - got, MSG_DONTWAIT);
		if (k > 0)
			got += k;
		else if (k == 0)
			break;
		else
			usleep(1000);
	}
	return got;
}

static inline size_t pump(int cfd, int sfd, const char *out, char *in,
			  size_t n)
{
	return pump_within(cfd, sfd, out, in, n, 0);
}

/* Counter @name of /proc/net/tcpfsm_stat, or -1 when absent. */
static inline long tcpfsm_stat(const char *name)
{
	FILE *f = fopen("/proc/net/tcpfsm_stat", "r");
	char key[64];
	long val, found = -1;

	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld", key, &val) == 2)
		if (!strcmp(key, name))
			found = val;
	fclose(f);
	return found;
}

/* Read a small file into @buf; returns bytes or -1. */
static inline int read_file(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
	return (int)n;
}

/* Write @val to a sysctl; returns 0 or -errno. */
/* Write @val to the file @path (a sysctl, a /proc or /sys knob); 0 or -errno. */
static inline int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static inline int write_sysctl(const char *name, const char *val)
{
	char path[256];

	snprintf(path, sizeof(path), "/proc/sys/net/tcpfsm/%s", name);
	return write_file(path, val);
}

/* ---- a raw IPv4 peer speaking the wire format by hand ---- */

#define F_FIN 0x01
#define F_SYN 0x02
#define F_RST 0x04
#define F_PSH 0x08
#define F_ACK 0x10

struct wire_hdr {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t doff, flags;
	uint16_t win, csum, urg;
} __attribute__((packed));

struct wire_seg {
	uint32_t saddr, daddr;		/* network order */
	uint16_t sport, dport;		/* host order */
	uint32_t seq, ack;
	uint8_t flags;
	uint16_t win;
	unsigned int len;		/* segment bytes */
	unsigned int datalen;		/* of which text */
};

static inline uint16_t wire_csum(uint32_t saddr, uint32_t daddr, int proto,
				 const void *seg, size_t len)
{
	const uint8_t *p = seg;
	uint32_t sum = 0;
	size_t i;

	sum += ntohs(saddr >> 16 & 0xffff) + ntohs(saddr & 0xffff);
	sum += ntohs(daddr >> 16 & 0xffff) + ntohs(daddr & 0xffff);
	sum += proto + len;
	for (i = 0; i + 1 < len; i += 2)
		sum += p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum & 0xffff);
}

static inline int wire_proto(void)
{
	return tcpfsm_proto();
}

#define WIRE_MARK	0x5eed

/* The raw peer: a raw IPv4 socket of our protocol, its packets marked. */
static inline int wire_open(void)
{
	int fd = socket(AF_INET, SOCK_RAW, wire_proto()), mark = WIRE_MARK;

	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark));
	return fd;
}

/*
 * Move the calling test into a network namespace of its own, loopback up,
 * where nftables drops what matches @match at @hook ("input", "output").
 */
static inline int private_net_drop(const char *hook, const char *match)
{
	char cmd[512];

	if (unshare(CLONE_NEWNET))
		return -1;
	/* A new namespace starts in protocol 253 mode. */
	if (tcpfsm_wire_is_tcp() &&
	    write_file("/proc/sys/net/tcpfsm/wire_proto", "6"))
		return -1;
	/*
	 * Loopback passes GSO trains whole (TCP's and protocol 253's): turn
	 * that off, so that what a raw peer reads are segments, as on a wire.
	 */
	snprintf(cmd, sizeof(cmd),
		 "ip link set lo up && ethtool -K lo tso off "
		 "tx-sctp-segmentation off > /dev/null && "
		 "nft add table inet pn && "
		 "nft add chain inet pn c '{ type filter hook %s priority 0; }' && "
		 "nft add rule inet pn c %s drop", hook, match);
	return system(cmd) ? -1 : 0;
}

/*
 * Move the calling test into a network namespace of its own in which the
 * raw peer really owns port @peer: on loopback tcpfsm itself would answer
 * segments sent to that port with RSTs (there is no socket there), so
 * nftables drops whatever tcpfsm sends from it that the raw peer did not.
 */
static inline int wire_private_net(uint16_t peer)
{
	char match[128];

	snprintf(match, sizeof(match),
		 "meta l4proto %d meta mark != %d @th,0,16 %u", wire_proto(),
		 WIRE_MARK, peer);
	return private_net_drop("output", match);
}

/* The most option bytes a header holds (a data offset of 15). */
#define WIRE_OPT_MAX	40

/*
 * Send a segment from 127.0.0.1:@sport to 127.0.0.1:@dport advertising
 * window @win, with the @optlen option bytes of @opt as they are (a
 * multiple of 4, at most WIRE_OPT_MAX: the caller pads the list) and @len
 * bytes of @data.
 */
static inline int wire_xmit_opts(int raw, uint16_t sport, uint16_t dport,
				 uint32_t seq, uint32_t ack, uint8_t flags,
				 uint16_t win, const uint8_t *opt,
				 size_t optlen, const void *data, size_t len)
{
	uint8_t buf[2048] = { 0 };
	struct wire_hdr *h = (struct wire_hdr *)buf;
	struct sockaddr_in to = { .sin_family = AF_INET };
	uint32_t lo = htonl(INADDR_LOOPBACK);
	size_t hdrlen = 20 + optlen;

	if (optlen % 4 || optlen > WIRE_OPT_MAX || hdrlen + len > sizeof(buf))
		return -1;
	h->sport = htons(sport);
	h->dport = htons(dport);
	h->seq = htonl(seq);
	h->ack = htonl(ack);
	h->doff = (hdrlen / 4) << 4;
	h->flags = flags;
	h->win = htons(win);
	if (optlen)
		memcpy(buf + 20, opt, optlen);
	if (len)
		memcpy(buf + hdrlen, data, len);
	h->csum = wire_csum(lo, lo, wire_proto(), buf, hdrlen + len);
	to.sin_addr.s_addr = lo;
	return sendto(raw, buf, hdrlen + len, 0, (struct sockaddr *)&to,
		      sizeof(to)) == (ssize_t)(hdrlen + len) ? 0 : -1;
}

/*
 * Send a segment from 127.0.0.1:@sport to 127.0.0.1:@dport advertising
 * window @win and carrying @len bytes of @data; an @mss other than 0 goes
 * in an MSS option.
 */
static inline int wire_xmit(int raw, uint16_t sport, uint16_t dport,
			    uint32_t seq, uint32_t ack, uint8_t flags,
			    uint16_t win, uint16_t mss, const void *data,
			    size_t len)
{
	const uint8_t opt[4] = { 2, 4, mss >> 8, mss & 0xff };

	return wire_xmit_opts(raw, sport, dport, seq, ack, flags, win, opt,
			      mss ? sizeof(opt) : 0, data, len);
}

/*
 * Send a segment from 127.0.0.1:@sport to 127.0.0.1:@dport.  @hdrlen may be
 * shorter than 20 to make a runt; @bad_csum spoils the checksum.
 */
static inline int wire_send(int raw, uint16_t sport, uint16_t dport,
			    uint32_t seq, uint32_t ack, uint8_t flags,
			    size_t hdrlen, int bad_csum)
{
	uint8_t buf[60] = { 0 };
	struct wire_hdr *h = (struct wire_hdr *)buf;
	struct sockaddr_in to = { .sin_family = AF_INET };
	uint32_t lo = htonl(INADDR_LOOPBACK);

	if (hdrlen == 20 && !bad_csum)
		return wire_xmit(raw, sport, dport, seq, ack, flags, 65535, 0,
				 NULL, 0);
	h->sport = htons(sport);
	h->dport = htons(dport);
	h->seq = htonl(seq);
	h->ack = htonl(ack);
	h->doff = 5 << 4;
	h->flags = flags;
	h->win = htons(65535);
	h->csum = wire_csum(lo, lo, wire_proto(), buf, hdrlen);
	if (bad_csum)
		h->csum ^= htons(0x0101);
	to.sin_addr.s_addr = lo;
	return sendto(raw, buf, hdrlen, 0, (struct sockaddr *)&to, sizeof(to)) ==
	       (ssize_t)hdrlen ? 0 : -1;
}

/*
 * Wait up to @ms for a segment from port @sport to port @dport; 1 when one
 * came (decoded into @seg, and unless @opt is NULL its option bytes, at
 * most WIRE_OPT_MAX, into @opt and their number into *@optlen), 0 on
 * time-out.
 */
static inline int wire_recv_opts(int raw, uint16_t sport, uint16_t dport,
				 struct wire_seg *seg, uint8_t *opt,
				 size_t *optlen, int ms)
{
	uint8_t buf[2048];
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct pollfd pfd = { .fd = raw, .events = POLLIN };
		const struct wire_hdr *h;
		ssize_t n;
		int ihl, left;

		clock_gettime(CLOCK_MONOTONIC, &now);
		left = ms - (int)((now.tv_sec - start.tv_sec) * 1000 +
				  (now.tv_nsec - start.tv_nsec) / 1000000);
		if (left <= 0 || poll(&pfd, 1, left) <= 0)
			return 0;
		n = recv(raw, buf, sizeof(buf), 0);
		if (n < 20)
			continue;
		ihl = (buf[0] & 0xf) * 4;
		if (n < ihl + 20)
			continue;
		h = (const struct wire_hdr *)(buf + ihl);
		if (ntohs(h->sport) != sport || ntohs(h->dport) != dport)
			continue;
		memcpy(&seg->saddr, buf + 12, 4);
		memcpy(&seg->daddr, buf + 16, 4);
		seg->sport = sport;
		seg->dport = dport;
		seg->seq = ntohl(h->seq);
		seg->ack = ntohl(h->ack);
		seg->flags = h->flags;
		seg->win = ntohs(h->win);
		seg->len = n - ihl;
		seg->datalen = seg->len - (h->doff >> 4) * 4;
		if (opt) {
			size_t olen = (h->doff >> 4) * 4;

			/* What the header says, as far as the packet goes. */
			if (olen > seg->len)
				olen = seg->len;
			olen = olen > 20 ? olen - 20 : 0;
			memcpy(opt, buf + ihl + 20, olen);
			*optlen = olen;
		}
		return 1;
	}
}

/*
 * Wait up to @ms for a segment from port @sport to port @dport; 1 when one
 * came (decoded into @seg), 0 on time-out.
 */
static inline int wire_recv(int raw, uint16_t sport, uint16_t dport,
			    struct wire_seg *seg, int ms)
{
	return wire_recv_opts(raw, sport, dport, seg, NULL, NULL, ms);
}

/* ---- TCP options, for wire_xmit_opts() and wire_recv_opts() ---- */

#define WIRE_OPT_END		0
#define WIRE_OPT_NOP		1
#define WIRE_OPT_MSS		2
#define WIRE_OPT_WSCALE		3
#define WIRE_OPT_SACK_PERM	4
#define WIRE_OPT_SACK		5
#define WIRE_OPT_TIMESTAMP	8

/*
 * The options of a header that the tests look at: MSS (RFC 9293 3.2),
 * window scale and timestamps (RFC 7323), SACK permitted (RFC 2018).
 */
struct wire_opts {
	int mss;		/* 0: none */
	int wscale;		/* the shift as sent; -1: none */
	int sack_perm;		/* SACK permitted */
	int ts;			/* timestamps */
	uint32_t tsval, tsecr;
	int nsack;		/* SACK blocks, in the order sent */
	uint32_t sack[4][2];	/* each: left edge, right edge */
};

/* No options at all. */
#define WIRE_OPTS_NONE	((struct wire_opts){ .wscale = -1 })

/*
 * Decode the @len option bytes at @opt into @o, whatever their order:
 * End stops the list, NOP is skipped, every other kind by its length
 * byte.  Returns 0, or -1 for a malformed list (a length byte missing,
 * below 2 or past the end, an MSS, window scale, SACK permitted, SACK
 * or timestamps option of another length than its own).
 */
static inline int wire_opts_parse(const uint8_t *opt, size_t len,
				  struct wire_opts *o)
{
	size_t i = 0;

	*o = WIRE_OPTS_NONE;
	while (i < len) {
		uint8_t kind = opt[i], olen;

		if (kind == WIRE_OPT_END)
			break;
		if (kind == WIRE_OPT_NOP) {
			i++;
			continue;
		}
		if (len - i < 2)
			return -1;
		olen = opt[i + 1];
		if (olen < 2 || olen > len - i)
			return -1;
		switch (kind) {
		case WIRE_OPT_MSS:
			if (olen != 4)
				return -1;
			o->mss = opt[i + 2] << 8 | opt[i + 3];
			break;
		case WIRE_OPT_WSCALE:
			if (olen != 3)
				return -1;
			o->wscale = opt[i + 2];
			break;
		case WIRE_OPT_SACK_PERM:
			if (olen != 2)
				return -1;
			o->sack_perm = 1;
			break;
		case WIRE_OPT_SACK:
			if (olen < 10 || olen > 34 || (olen - 2) % 8)
				return -1;
			o->nsack = (olen - 2) / 8;
			for (int b = 0; b < o->nsack; b++)
				for (int e = 0; e < 2; e++) {
					const uint8_t *q = opt + i + 2 + b * 8 + e * 4;

					o->sack[b][e] = (uint32_t)q[0] << 24 |
							q[1] << 16 | q[2] << 8 | q[3];
				}
			break;
		case WIRE_OPT_TIMESTAMP:
			if (olen != 10)
				return -1;
			o->ts = 1;
			o->tsval = (uint32_t)opt[i + 2] << 24 | opt[i + 3] << 16 |
				   opt[i + 4] << 8 | opt[i + 5];
			o->tsecr = (uint32_t)opt[i + 6] << 24 | opt[i + 7] << 16 |
				   opt[i + 8] << 8 | opt[i + 9];
			break;
		}
		i += olen;
	}
	return 0;
}

/*
 * Write the options of @o at @opt (WIRE_OPT_MAX bytes of room) as Linux
 * lays them out: MSS; NOP, NOP, timestamps; NOP, window scale; NOP, NOP,
 * SACK permitted; NOP, NOP, SACK blocks.  Returns their length, a
 * multiple of 4 (the caller keeps within 40: at most 3 blocks beside
 * timestamps).
 */
static inline size_t wire_opts_build(uint8_t *opt, const struct wire_opts *o)
{
	uint8_t *p = opt;
	int i;

	if (o->mss) {
		*p++ = WIRE_OPT_MSS;
		*p++ = 4;
		*p++ = o->mss >> 8;
		*p++ = o->mss & 0xff;
	}
	if (o->ts) {
		*p++ = WIRE_OPT_NOP;
		*p++ = WIRE_OPT_NOP;
		*p++ = WIRE_OPT_TIMESTAMP;
		*p++ = 10;
		for (i = 24; i >= 0; i -= 8)
			*p++ = o->tsval >> i;
		for (i = 24; i >= 0; i -= 8)
			*p++ = o->tsecr >> i;
	}
	if (o->wscale >= 0) {
		*p++ = WIRE_OPT_NOP;
		*p++ = WIRE_OPT_WSCALE;
		*p++ = 3;
		*p++ = o->wscale;
	}
	if (o->sack_perm) {
		*p++ = WIRE_OPT_NOP;
		*p++ = WIRE_OPT_NOP;
		*p++ = WIRE_OPT_SACK_PERM;
		*p++ = 2;
	}
	if (o->nsack) {
		*p++ = WIRE_OPT_NOP;
		*p++ = WIRE_OPT_NOP;
		*p++ = WIRE_OPT_SACK;
		*p++ = 2 + 8 * o->nsack;
		for (int b = 0; b < o->nsack; b++)
			for (int e = 0; e < 2; e++)
				for (i = 24; i >= 0; i -= 8)
					*p++ = o->sack[b][e] >> i;
	}
	return p - opt;
}

/*
 * A connection between a tcpfsm listener on 127.0.0.1 and the raw peer at
 * port @peer, made by hand: the peer sends <SYN> with ISN @iss, takes the
 * <SYN,ACK>, sends the ACK.  On success *@lfd is the listener, *@fd the
 * accepted socket, *@port the listener's port and *@irs tcpfsm's ISN.
 * Returns 0, or -1.
 */
static inline int wire_accept(int raw, uint16_t peer, uint32_t iss, int *lfd,
			      int *fd, uint16_t *port, uint32_t *irs)
{
	struct wire_seg r;

	*lfd = tcpfsm_socket();
	if (*lfd < 0 || tcpfsm_bind(*lfd, "127.0.0.1", 0) || listen(*lfd, 8))
		return -1;
	*port = tcpfsm_local_port(*lfd);
	if (wire_send(raw, peer, *port, iss, 0, F_SYN, 20, 0) ||
	    wire_recv(raw, *port, peer, &r, tcpfsm_scaled_ms(5000)) != 1 ||
	    r.flags != (F_SYN | F_ACK) || r.ack != iss + 1)
		return -1;
	*irs = r.seq;
	if (wire_send(raw, peer, *port, iss + 1, *irs + 1, F_ACK, 20, 0))
		return -1;
	*fd = accept(*lfd, NULL, NULL);
	return *fd < 0 ? -1 : 0;
}

#endif /* TCPFSM_TEST_H */
