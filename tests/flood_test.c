// SPDX-License-Identifier: GPL-2.0
/* flood_test.c: a SYN flood from spoofed addresses: real clients still connect, state stays bounded. */
#include <netinet/ip.h>
#include <sys/uio.h>

#include "kselftest_harness.h"

/*
 * 100,000 SYNs through a TCG guest: 286 s at scale 2 alone on 2 cores,
 * 852 s beside two CPU hogs and a compiler.
 */
#define TCPFSM_TEST_BASE_S	900
#include "tcpfsm_test.h"

#define FLOOD_SYNS	100000
#define FLOOD_ROUNDS	5
#define FLOOD_BACKLOG	128
#define FLOOD_BATCH	64

/* Rows of /proc/net/tcpfsm (/proc/net/tcp under inet), header excluded. */
static int proc_rows(void)
{
	FILE *f = fopen(tcpfsm_family_is_inet() ? "/proc/net/tcp" :
			"/proc/net/tcpfsm", "r");
	char line[256];
	int n = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n++;
	fclose(f);
	return n;
}

/* A field of /proc/meminfo, in kB. */
static long meminfo(const char *name)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char key[64];
	long val, found = -1;

	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld kB", key, &val) == 2)
		if (!strncmp(key, name, strlen(name)) && key[strlen(name)] == ':')
			found = val;
	fclose(f);
	return found;
}

/*
 * A namespace of the test's own, where what is sent to the spoofed
 * sources (127.1.0.0/16) is dropped: they never answer, as a flood's
 * sources do not.
 */
static int flood_net(void)
{
	char match[96];

	snprintf(match, sizeof(match), "ip daddr 127.1.0.0/16 meta l4proto %d",
		 tcpfsm_proto());
	return private_net_drop("output", match);
}

/* One spoofed SYN (IPv4 header included) from 127.1.x.y to 127.0.0.1:@port. */
static size_t flood_syn(uint8_t *buf, uint16_t port, unsigned int *rnd)
{
	struct iphdr *ip = (struct iphdr *)buf;
	struct wire_hdr *h = (struct wire_hdr *)(buf + sizeof(*ip));
	uint8_t *opt = (uint8_t *)(h + 1);

	memset(buf, 0, sizeof(*ip) + 24);
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = wire_proto();
	ip->tot_len = htons(sizeof(*ip) + 24);
	ip->saddr = htonl(0x7f010000 | (rand_r(rnd) & 0xffff));
	ip->daddr = htonl(INADDR_LOOPBACK);
	h->sport = htons(1024 + rand_r(rnd) % 60000);
	h->dport = htons(port);
	h->seq = htonl(rand_r(rnd));
	h->doff = 6 << 4;
	h->flags = F_SYN;
	h->win = htons(65535);
	opt[0] = 2;
	opt[1] = 4;
	opt[2] = 1460 >> 8;
	opt[3] = 1460 & 0xff;
	h->csum = wire_csum(ip->saddr, ip->daddr, wire_proto(), h, 24);
	return sizeof(*ip) + 24;
}

/*
 * A real client: connect, one byte each way; 0 when it all worked, else
 * the step that failed, said on stdout with what the client saw.
 */
static int real_client(int lfd, uint16_t port, int ms)
{
	struct sockaddr_tcpfsm a = tcpfsm_addr("127.0.0.1", port);
	const char *step = "socket";
	struct pollfd p;
	int fd = tcpfsm_socket(), sfd = -1, err = -1, i, cport = -1;
	socklen_t len = sizeof(err);
	char c = 'x';

	if (fd < 0)
		goto out;
	fcntl(fd, F_SETFL, O_NONBLOCK);
	connect(fd, (struct sockaddr *)&a, sizeof(a));
	cport = tcpfsm_local_port(fd);
	step = "connect";
	p = (struct pollfd){ .fd = fd, .events = POLLOUT };
	if (poll(&p, 1, ms) != 1 ||
	    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) || err)
		goto out;
	step = "accept";
	for (i = 0; i < ms / 10 && sfd < 0; i++) {
		sfd = accept(lfd, NULL, NULL);
		if (sfd < 0)
			usleep(10000);
	}
	err = -1;
	if (sfd < 0 || send(fd, &c, 1, 0) != 1)
		goto out;
	step = "data";
	p = (struct pollfd){ .fd = sfd, .events = POLLIN };
	if (poll(&p, 1, ms) == 1 && recv(sfd, &c, 1, 0) == 1 &&
	    send(sfd, &c, 1, 0) == 1) {
		p = (struct pollfd){ .fd = fd, .events = POLLIN };
		if (poll(&p, 1, ms) == 1 && recv(fd, &c, 1, 0) == 1)
			err = 0;
	}
out:
	if (err)
		printf("# real client from port %d failed at %s (error %d, state %d)\n",
		       cport, step, err, fd >= 0 ? tcpfsm_state(fd) : -1);
	if (sfd >= 0)
		close(sfd);
	if (fd >= 0)
		close(fd);
	return err;
}

/*
 * 100,000 SYNs from spoofed sources at a listener of backlog 128, and
 * between each fifth of them a real client: with SYN cookies every client
 * connects and carries a byte each way, and the connections held stay
 * within the backlog (without them the queue, full of half-open children
 * for a minute each, dropped every real client).
 */
TEST(syn_flood__real_clients_connect_and_state_stays_bounded)
{
	static uint8_t bufs[FLOOD_BATCH][64];
	struct mmsghdr msgs[FLOOD_BATCH];
	struct iovec iov[FLOOD_BATCH];
	struct sockaddr_in to = { .sin_family = AF_INET };
	unsigned int rnd = 12345;
	int raw, lfd, one = 1, round, connected = 0, rows_max = 0;
	long slab0, slab1, sent = 0;
	uint16_t port;

	ASSERT_EQ(0, flood_net());
	raw = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	ASSERT_LE(0, raw);
	ASSERT_EQ(0, setsockopt(raw, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one)));
	lfd = tcpfsm_socket();
	ASSERT_EQ(0, tcpfsm_bind(lfd, "127.0.0.1", 0));
	ASSERT_EQ(0, listen(lfd, FLOOD_BACKLOG));
	ASSERT_EQ(0, fcntl(lfd, F_SETFL, O_NONBLOCK));
	port = tcpfsm_local_port(lfd);
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	slab0 = meminfo("Slab");

	for (round = 0; round < FLOOD_ROUNDS; round++) {
		long goal = (long)FLOOD_SYNS * (round + 1) / FLOOD_ROUNDS;
		int rows;

		while (sent < goal) {
			int i, n = goal - sent < FLOOD_BATCH ? goal - sent :
							       FLOOD_BATCH, k;

			for (i = 0; i < n; i++) {
				iov[i].iov_base = bufs[i];
				iov[i].iov_len = flood_syn(bufs[i], port, &rnd);
				memset(&msgs[i], 0, sizeof(msgs[i]));
				msgs[i].msg_hdr.msg_iov = &iov[i];
				msgs[i].msg_hdr.msg_iovlen = 1;
				msgs[i].msg_hdr.msg_name = &to;
				msgs[i].msg_hdr.msg_namelen = sizeof(to);
			}
			k = sendmmsg(raw, msgs, n, 0);
			ASSERT_LT(0, k) TH_LOG("sendmmsg: %s", strerror(errno));
			sent += k;
		}
		rows = proc_rows();
		if (rows > rows_max)
			rows_max = rows;
		if (real_client(lfd, port, tcpfsm_scaled_ms(10000)) == 0)
			connected++;
		else if (!tcpfsm_family_is_inet())
			printf("# round %d: rows %d; SyncookiesSent %ld, Recv %ld, Failed %ld, ListenOverflows %ld\n",
			       round, rows, tcpfsm_stat("SyncookiesSent"),
			       tcpfsm_stat("SyncookiesRecv"),
			       tcpfsm_stat("SyncookiesFailed"),
			       tcpfsm_stat("ListenOverflows"));
	}
	slab1 = meminfo("Slab");
	printf("# %ld spoofed SYNs; real clients connected %d/%d; rows at most %d "
	       "(backlog %d); Slab %ld -> %ld kB; SyncookiesSent %ld, ListenOverflows %ld\n",
	       sent, connected, FLOOD_ROUNDS, rows_max, FLOOD_BACKLOG, slab0, slab1,
	       tcpfsm_family_is_inet() ? -1 : tcpfsm_stat("SyncookiesSent"),
	       tcpfsm_family_is_inet() ? -1 : tcpfsm_stat("ListenOverflows"));
	/*
	 * The listener, its half-open children (Linux keeps one more than
	 * the backlog), and what the real clients leave: each round's two
	 * ends, one of them in TIME_WAIT for a minute.  Bounded by the
	 * backlog, not by the SYNs.
	 */
	EXPECT_GE(1 + FLOOD_BACKLOG + 1 + 2 * FLOOD_ROUNDS, rows_max);
	/* Nothing kept per SYN: far less than 100,000 of anything. */
	EXPECT_GT(16 * 1024, slab1 - slab0);
	EXPECT_EQ(FLOOD_ROUNDS, connected);
	close(lfd);
	close(raw);
}

TEST_HARNESS_MAIN
