// SPDX-License-Identifier: GPL-2.0
/* tcpfsm-stat.c: an ss-like view of /proc/net/tcpfsm: state names, filters, --watch for transitions. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

static const char *const states[] = {
	"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
	"TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING",
};

static const char *const timers[] = { "", "retrans", "keepalive",
				       "timewait", "probe" };

struct row {
	unsigned int laddr, lport, raddr, rport, state, tr;
	unsigned long when;
	unsigned int retr, probes;
	unsigned long inode;
};

static int state_num(const char *name)
{
	unsigned int i;

	for (i = 1; i < sizeof(states) / sizeof(states[0]); i++)
		if (!strcasecmp(name, states[i]))
			return i;
	return -1;
}

static int read_rows(struct row *rows, int max)
{
	FILE *f = fopen("/proc/net/tcpfsm", "r");
	char line[512];
	int n = 0;

	if (!f) {
		perror("/proc/net/tcpfsm");
		exit(1);
	}
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return 0;
	}
	while (n < max && fgets(line, sizeof(line), f)) {
		struct row *r = &rows[n];
		unsigned int uid;

		if (sscanf(line, " %*d: %x:%x %x:%x %x %*x:%*x %x:%lx %x %u %u %lu",
			   &r->laddr, &r->lport, &r->raddr, &r->rport, &r->state,
			   &r->tr, &r->when, &r->retr, &uid, &r->probes,
			   &r->inode) == 11)
			n++;
	}
	fclose(f);
	return n;
}

static const char *addr(unsigned int a, unsigned int port, char *buf)
{
	struct in_addr in = { .s_addr = a };

	snprintf(buf, 32, "%s:%u", inet_ntoa(in), port);
	return buf;
}

static void print_row(const char *prefix, const struct row *r)
{
	char l[32], p[32];

	printf("%s%-12s %-21s %-21s", prefix,
	       r->state < 12 ? states[r->state] : "?",
	       addr(r->laddr, r->lport, l), addr(r->raddr, r->rport, p));
	if (r->tr && r->tr < 5)
		printf(" timer:(%s,%.2fs,%u)", timers[r->tr], r->when / 100.0,
		       r->tr == 2 ? r->probes : r->retr);
	printf("\n");
}

static int wanted(const struct row *r, int state, int port)
{
	if (state > 0 && (int)r->state != state)
		return 0;
	if (port > 0 && (int)r->lport != port && (int)r->rport != port)
		return 0;
	return 1;
}

static int same_conn(const struct row *a, const struct row *b)
{
	return a->laddr == b->laddr && a->lport == b->lport &&
	       a->raddr == b->raddr && a->rport == b->rport;
}

static void usage(const char *me)
{
	fprintf(stderr, "usage: %s [-s STATE] [-p PORT] [--watch [MS]]\n"
		"  -s, --state STATE  only this state (e.g. TIME_WAIT)\n"
		"  -p, --port PORT    only this local or remote port\n"
		"  -w, --watch [MS]   print transitions as they happen (poll every MS, 50)\n",
		me);
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "state", required_argument, NULL, 's' },
		{ "port", required_argument, NULL, 'p' },
		{ "watch", optional_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	static struct row old[65536], cur[65536];
	int state = 0, port = 0, watch = 0, c, i, j, nold, ncur;

	while ((c = getopt_long(argc, argv, "s:p:w::h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			state = state_num(optarg);
			if (state < 0)
				usage(argv[0]);
			break;
		case 'p':
			port = atoi(optarg);
			break;
		case 'w':
			watch = optarg ? atoi(optarg) : 50;
			if (watch <= 0)
				watch = 50;
			break;
		default:
			usage(argv[0]);
		}
	}

	nold = read_rows(old, 65536);
	printf("%-12s %-21s %-21s\n", "State", "Local", "Peer");
	for (i = 0; i < nold; i++)
		if (wanted(&old[i], state, port))
			print_row("", &old[i]);
	if (!watch)
		return 0;

	for (;;) {
		usleep(watch * 1000);
		ncur = read_rows(cur, 65536);
		for (i = 0; i < ncur; i++) {
			for (j = 0; j < nold && !same_conn(&cur[i], &old[j]); j++)
				;
			if (!wanted(&cur[i], state, port))
				continue;
			if (j == nold)
				print_row("+ ", &cur[i]);
			else if (old[j].state != cur[i].state)
				printf("  %s -> ", states[old[j].state]),
				print_row("", &cur[i]);
		}
		for (j = 0; j < nold; j++) {
			for (i = 0; i < ncur && !same_conn(&cur[i], &old[j]); i++)
				;
			if (i == ncur && wanted(&old[j], state, port))
				print_row("- ", &old[j]);
		}
		memcpy(old, cur, sizeof(cur[0]) * ncur);
		nold = ncur;
		fflush(stdout);
	}
}
