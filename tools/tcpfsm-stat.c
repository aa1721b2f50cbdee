// SPDX-License-Identifier: GPL-2.0
/* tcpfsm-stat.c: ss -tan for AF_TCPFSM: /proc/net/tcpfsm in ss's columns, state filters, timers (-o), --watch for transitions. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <linux/tcpfsm.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define STATE_BIT(s)	(1u << TCPFSM_##s)
#define ALL_STATES	(((1u << TCPFSM_MAX_STATES) - 1) & ~1u)
/* ss's default: neither listeners nor the minisocket states. */
#define CONN_STATES	(ALL_STATES & ~(STATE_BIT(LISTEN) | STATE_BIT(CLOSE) | \
					STATE_BIT(TIME_WAIT) | STATE_BIT(SYN_RECV)))

/* The names ss(8) prints, by state number. */
static const char *const ss_names[TCPFSM_MAX_STATES] = {
	[0]			= "UNKNOWN",
	[TCPFSM_ESTABLISHED]	= "ESTAB",
	[TCPFSM_SYN_SENT]	= "SYN-SENT",
	[TCPFSM_SYN_RECV]	= "SYN-RECV",
	[TCPFSM_FIN_WAIT1]	= "FIN-WAIT-1",
	[TCPFSM_FIN_WAIT2]	= "FIN-WAIT-2",
	[TCPFSM_TIME_WAIT]	= "TIME-WAIT",
	[TCPFSM_CLOSE]		= "UNCONN",
	[TCPFSM_CLOSE_WAIT]	= "CLOSE-WAIT",
	[TCPFSM_LAST_ACK]	= "LAST-ACK",
	[TCPFSM_LISTEN]		= "LISTEN",
	[TCPFSM_CLOSING]	= "CLOSING",
};

/*
 * What -s takes, without regard to case: tcpfsm's names (interface.rst,
 * /proc/net/tcpfsm_stat), ss's column names, and ss's state filter names
 * and groups.
 */
static const struct {
	const char *name;
	unsigned int states;
} state_words[] = {
	{ "ESTABLISHED", STATE_BIT(ESTABLISHED) },
	{ "ESTAB", STATE_BIT(ESTABLISHED) },
	{ "SYN_SENT", STATE_BIT(SYN_SENT) },
	{ "SYN-SENT", STATE_BIT(SYN_SENT) },
	{ "SYN_RECV", STATE_BIT(SYN_RECV) },
	{ "SYN-RECV", STATE_BIT(SYN_RECV) },
	{ "FIN_WAIT1", STATE_BIT(FIN_WAIT1) },
	{ "FIN-WAIT-1", STATE_BIT(FIN_WAIT1) },
	{ "FIN_WAIT2", STATE_BIT(FIN_WAIT2) },
	{ "FIN-WAIT-2", STATE_BIT(FIN_WAIT2) },
	{ "TIME_WAIT", STATE_BIT(TIME_WAIT) },
	{ "TIME-WAIT", STATE_BIT(TIME_WAIT) },
	{ "CLOSE", STATE_BIT(CLOSE) },
	{ "CLOSED", STATE_BIT(CLOSE) },
	{ "UNCONN", STATE_BIT(CLOSE) },
	{ "CLOSE_WAIT", STATE_BIT(CLOSE_WAIT) },
	{ "CLOSE-WAIT", STATE_BIT(CLOSE_WAIT) },
	{ "LAST_ACK", STATE_BIT(LAST_ACK) },
	{ "LAST-ACK", STATE_BIT(LAST_ACK) },
	{ "LISTEN", STATE_BIT(LISTEN) },
	{ "LISTENING", STATE_BIT(LISTEN) },
	{ "CLOSING", STATE_BIT(CLOSING) },
	{ "all", ALL_STATES },
	{ "connected", ALL_STATES & ~(STATE_BIT(LISTEN) | STATE_BIT(CLOSE)) },
	{ "synchronized", ALL_STATES & ~(STATE_BIT(LISTEN) | STATE_BIT(CLOSE) |
					 STATE_BIT(SYN_SENT)) },
	{ "bucket", STATE_BIT(SYN_RECV) | STATE_BIT(TIME_WAIT) },
	{ "big", ALL_STATES & ~(STATE_BIT(SYN_RECV) | STATE_BIT(TIME_WAIT)) },
};

/* ss's timer names, by the tr column of /proc/net/tcp. */
static const char *const timer_names[] = {
	"off", "on", "keepalive", "timewait", "persist", "unknown",
};

/* One row of /proc/net/tcpfsm. */
struct row {
	unsigned int laddr, lport, raddr, rport, state;
	unsigned int txq, rxq, tr, retr, uid, probes;
	unsigned long when, inode;
	unsigned long long sk;
};

struct rows {
	struct row *r;
	size_t n, size;
};

/* A process's descriptor of a socket, for --processes. */
struct user {
	unsigned long inode;
	int pid, fd;
	char comm[32];
};

static struct {
	const char *proc;
	unsigned int states;
	int port;
	int timers, extended, processes, header;
	long hz;
	struct user *users;
	size_t nusers;
} o = { .header = 1 };

/* The columns, as ss lays them out when its output is not a terminal. */
enum {
	C_STATE, C_RECVQ, C_SENDQ, C_LADDR, C_LPORT, C_RADDR, C_RPORT, C_EXT,
	NCOLS
};

static const struct {
	const char *header;
	const char *delim;	/* before the column, unless first on the line */
	int right;		/* aligned right */
} cols[NCOLS] = {
	[C_STATE] = { "State", "", 0 },
	[C_RECVQ] = { "Recv-Q", " ", 0 },
	[C_SENDQ] = { "Send-Q", " ", 0 },
	[C_LADDR] = { "Local Address:", " ", 1 },
	[C_LPORT] = { "Port", "", 0 },
	[C_RADDR] = { "Peer Address:", " ", 1 },
	[C_RPORT] = { "Port", "", 0 },
	[C_EXT]   = { "Process", "", 0 },
};

/* A line's cells, each allocated. */
struct cells {
	char *c[NCOLS];
};

static int width[NCOLS];

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (!p) {
		perror("tcpfsm-stat");
		exit(1);
	}
	return p;
}

/* What printf would print, allocated. */
static char * __attribute__((format(printf, 1, 2))) xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		perror("tcpfsm-stat");
		exit(1);
	}
	return s;
}

static int read_rows(struct rows *rs)
{
	FILE *f = fopen(o.proc, "r");
	char *line = NULL;
	size_t len = 0;

	rs->n = 0;
	if (!f) {
		fprintf(stderr, "tcpfsm-stat: %s: %s%s\n", o.proc, strerror(errno),
			errno == ENOENT && !strcmp(o.proc, "/proc/net/tcpfsm") ?
			" (is tcpfsm.ko loaded?)" : "");
		exit(1);
	}
	if (getline(&line, &len, f) < 0) {	/* the header */
		free(line);
		fclose(f);
		return 0;
	}
	while (getline(&line, &len, f) >= 0) {
		struct row r = { 0 };

		if (sscanf(line, " %*d: %x:%x %x:%x %x %x:%x %x:%lx %x %u %u %lu %*d %llx",
			   &r.laddr, &r.lport, &r.raddr, &r.rport, &r.state,
			   &r.txq, &r.rxq, &r.tr, &r.when, &r.retr, &r.uid,
			   &r.probes, &r.inode, &r.sk) < 13)
			continue;
		if (rs->n == rs->size) {
			rs->size = rs->size ? 2 * rs->size : 256;
			rs->r = xrealloc(rs->r, rs->size * sizeof(*rs->r));
		}
		rs->r[rs->n++] = r;
	}
	free(line);
	fclose(f);
	return rs->n;
}

static int user_cmp(const void *a, const void *b)
{
	const struct user *x = a, *y = b;

	return x->inode < y->inode ? -1 : x->inode > y->inode;
}

/* Every process's socket descriptors, by inode, as ss -p finds them. */
static void read_users(void)
{
	DIR *proc = opendir("/proc"), *fds;
	struct dirent *p, *d;
	size_t size = 0;

	o.nusers = 0;
	if (!proc)
		return;
	while ((p = readdir(proc))) {
		char path[300], link[64], comm[32] = "";
		int pid = atoi(p->d_name);
		FILE *f;

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/fd", pid);
		fds = opendir(path);
		if (!fds)
			continue;
		while ((d = readdir(fds))) {
			unsigned long inode;
			ssize_t n;

			if (!isdigit((unsigned char)d->d_name[0]))
				continue;
			snprintf(path, sizeof(path), "/proc/%d/fd/%s", pid,
				 d->d_name);
			n = readlink(path, link, sizeof(link) - 1);
			if (n <= 0)
				continue;
			link[n] = 0;
			if (sscanf(link, "socket:[%lu]", &inode) != 1)
				continue;
			if (!comm[0]) {
				snprintf(path, sizeof(path), "/proc/%d/comm", pid);
				f = fopen(path, "r");
				if (f) {
					if (fgets(comm, sizeof(comm), f))
						comm[strcspn(comm, "\n")] = 0;
					fclose(f);
				}
			}
			if (o.nusers == size) {
				size = size ? 2 * size : 256;
				o.users = xrealloc(o.users, size * sizeof(*o.users));
			}
			o.users[o.nusers].inode = inode;
			o.users[o.nusers].pid = pid;
			o.users[o.nusers].fd = atoi(d->d_name);
			snprintf(o.users[o.nusers].comm,
				 sizeof(o.users[o.nusers].comm), "%s", comm);
			o.nusers++;
		}
		closedir(fds);
	}
	closedir(proc);
	if (o.nusers)
		qsort(o.users, o.nusers, sizeof(*o.users), user_cmp);
}

/* A time left in ms as ss prints it: "200ms", "59sec", "1.500ms", "119min". */
static void ms_timer(FILE *f, unsigned long ms)
{
	unsigned long mins = ms / 60000, secs = ms / 1000 % 60, msecs = ms % 1000;

	if (mins) {
		msecs = 0;
		fprintf(f, "%lumin", mins);
		if (mins > 9)
			secs = 0;
	}
	if (secs) {
		if (secs > 9)
			msecs = 0;
		fprintf(f, "%lu%s", secs, msecs ? "." : "sec");
	}
	if (msecs)
		fprintf(f, "%03lums", msecs);
}

/* ss -p's users:(("comm",pid=N,fd=N),...) of the socket @inode. */
static void users_of(FILE *f, unsigned long inode)
{
	struct user key = { .inode = inode }, *u;
	size_t i;

	if (!inode || !o.nusers)
		return;
	u = bsearch(&key, o.users, o.nusers, sizeof(*u), user_cmp);
	if (!u)
		return;
	while (u > o.users && u[-1].inode == inode)
		u--;
	fprintf(f, " users:(");
	for (i = 0; u + i < o.users + o.nusers && u[i].inode == inode; i++)
		fprintf(f, "%s(\"%s\",pid=%d,fd=%d)", i ? "," : "",
			u[i].comm, u[i].pid, u[i].fd);
	fprintf(f, ")");
}

static char *address(unsigned int addr)
{
	struct in_addr a = { .s_addr = addr };

	return xasprintf("%s:", inet_ntoa(a));
}

/* A port, or "*" for none. */
static char *port(unsigned int p)
{
	return p ? xasprintf("%u", p) : xasprintf("*");
}

static void cells_of(const struct row *r, struct cells *c)
{
	size_t len;
	FILE *f;

	c->c[C_STATE] = xasprintf("%s", r->state < TCPFSM_MAX_STATES ?
				  ss_names[r->state] : "UNKNOWN");
	c->c[C_RECVQ] = xasprintf("%-6u", r->rxq);
	c->c[C_SENDQ] = xasprintf("%-6u", r->txq);
	c->c[C_LADDR] = address(r->laddr);
	c->c[C_LPORT] = port(r->lport);
	c->c[C_RADDR] = address(r->raddr);
	c->c[C_RPORT] = port(r->rport);
	f = open_memstream(&c->c[C_EXT], &len);
	if (!f) {
		perror("tcpfsm-stat");
		exit(1);
	}
	if (o.processes)
		users_of(f, r->inode);
	if (o.timers && r->tr) {
		/*
		 * Ticks to ms, rounded up, and the count ss shows (the probes
		 * but for the retransmission timer), as ss reads /proc/net/tcp.
		 */
		fprintf(f, " timer:(%s,", timer_names[r->tr < 5 ? r->tr : 5]);
		ms_timer(f, (r->when * 1000 + o.hz - 1) / o.hz);
		fprintf(f, ",%u)", r->tr == 1 ? r->retr : r->probes);
	}
	if (o.extended) {
		if (r->uid)
			fprintf(f, " uid:%u", r->uid);
		fprintf(f, " ino:%lu sk:%llx", r->inode, r->sk);
	}
	fclose(f);
}

static void header_cells(struct cells *c)
{
	int i;

	for (i = 0; i < NCOLS; i++)
		c->c[i] = xasprintf("%s", cols[i].header);
}

static void free_cells(struct cells *c)
{
	int i;

	for (i = 0; i < NCOLS; i++)
		free(c->c[i]);
}

static void widen(const struct cells *c)
{
	int i, len;

	for (i = 0; i < NCOLS; i++) {
		len = strlen(c->c[i]);
		if (len > width[i])
			width[i] = len;
	}
}

/* One line in the column widths, without the blanks at its end. */
static void print_cells(const char *prefix, const struct cells *c)
{
	char *line;
	size_t len;
	FILE *f;
	int i;

	f = open_memstream(&line, &len);
	if (!f) {
		perror("tcpfsm-stat");
		exit(1);
	}
	fputs(prefix, f);
	for (i = 0; i < NCOLS; i++)
		fprintf(f, cols[i].right ? "%s%*s" : "%s%-*s",
			i ? cols[i].delim : "", width[i], c->c[i]);
	fclose(f);
	while (len && line[len - 1] == ' ')
		line[--len] = 0;
	puts(line);
	free(line);
}

static int wanted(const struct row *r)
{
	if (r->state >= TCPFSM_MAX_STATES || !(o.states & (1u << r->state)))
		return 0;
	if (o.port > 0 && (int)r->lport != o.port && (int)r->rport != o.port)
		return 0;
	return 1;
}

static int same_conn(const struct row *a, const struct row *b)
{
	return a->laddr == b->laddr && a->lport == b->lport &&
	       a->raddr == b->raddr && a->rport == b->rport;
}

/* The rows wanted, as a table: column widths from the header and them. */
static void print_table(const struct rows *rs)
{
	struct cells *c = xrealloc(NULL, (rs->n + 1) * sizeof(*c));
	size_t i, n = 0;

	if (o.processes)
		read_users();
	if (o.header) {
		header_cells(&c[n]);
		widen(&c[n++]);
	}
	for (i = 0; i < rs->n; i++) {
		if (!wanted(&rs->r[i]))
			continue;
		cells_of(&rs->r[i], &c[n]);
		widen(&c[n++]);
	}
	for (i = 0; i < n; i++) {
		print_cells("", &c[i]);
		free_cells(&c[i]);
	}
	free(c);
}

/* One event of --watch: @prefix, then the row in the widths so far. */
static void print_event(const char *prefix, const struct row *r)
{
	struct cells c;

	cells_of(r, &c);
	widen(&c);
	print_cells(prefix, &c);
	free_cells(&c);
}

static void watch(struct rows *old, int ms)
{
	struct rows cur = { 0 };
	char prefix[64];
	size_t i, j;

	for (;;) {
		usleep(ms * 1000);
		read_rows(&cur);
		if (o.processes)
			read_users();
		for (i = 0; i < cur.n; i++) {
			const struct row *r = &cur.r[i];

			for (j = 0; j < old->n && !same_conn(r, &old->r[j]); j++)
				;
			if (j == old->n) {
				if (wanted(r))
					print_event("+ ", r);
			} else if (old->r[j].state != r->state &&
				   (wanted(r) || wanted(&old->r[j]))) {
				snprintf(prefix, sizeof(prefix), "  %s -> ",
					 old->r[j].state < TCPFSM_MAX_STATES ?
					 ss_names[old->r[j].state] : "UNKNOWN");
				print_event(prefix, r);
			}
		}
		for (j = 0; j < old->n; j++) {
			for (i = 0; i < cur.n && !same_conn(&cur.r[i], &old->r[j]); i++)
				;
			if (i == cur.n && wanted(&old->r[j]))
				print_event("- ", &old->r[j]);
		}
		if (cur.n > old->size) {
			old->size = cur.size;
			old->r = xrealloc(old->r, old->size * sizeof(*old->r));
		}
		memcpy(old->r, cur.r, cur.n * sizeof(*cur.r));
		old->n = cur.n;
		fflush(stdout);
	}
}

static unsigned int state_set(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(state_words); i++)
		if (!strcasecmp(name, state_words[i].name))
			return state_words[i].states;
	return 0;
}

static void usage(const char *me, FILE *out, int status)
{
	fprintf(out,
		"usage: %s [-anlotHe] [--processes] [-s STATE]... [-p PORT] [--proc FILE] [--watch[=MS]]\n"
		"  The AF_TCPFSM sockets of /proc/net/tcpfsm in ss -tan's columns.\n"
		"  -a, --all          every state (default: no LISTEN, SYN-RECV, TIME-WAIT)\n"
		"  -l, --listening    listening sockets only\n"
		"  -s, --state STATE  only this state (TIME_WAIT, time-wait, ESTAB,\n"
		"                     listening, connected, bucket...); repeatable\n"
		"  -p, --port PORT    only this local or remote port\n"
		"  -o, --options      timers: timer:(on|keepalive|timewait|persist,left,count)\n"
		"  -e, --extended     uid, inode and socket address (and -o, as ss -e)\n"
		"      --processes    the processes that hold each socket (ss -p)\n"
		"  -n, --numeric      numbers (the only way it shows addresses)\n"
		"  -t, --tcp          accepted, as ss -t (every socket here is a stream)\n"
		"  -H, --no-header    no header line\n"
		"      --proc FILE    read FILE instead (default $TCPFSM_PROC, else\n"
		"                     /proc/net/tcpfsm; /proc/net/tcp with TCPFSM_FAMILY=inet)\n"
		"  -w, --watch[=MS]   then print transitions as they happen (poll every MS, 50)\n",
		me);
	exit(status);
}

int main(int argc, char **argv)
{
	enum { OPT_PROC = 256, OPT_PROCESSES };
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "listening", no_argument, NULL, 'l' },
		{ "state", required_argument, NULL, 's' },
		{ "port", required_argument, NULL, 'p' },
		{ "options", no_argument, NULL, 'o' },
		{ "extended", no_argument, NULL, 'e' },
		{ "processes", no_argument, NULL, OPT_PROCESSES },
		{ "numeric", no_argument, NULL, 'n' },
		{ "tcp", no_argument, NULL, 't' },
		{ "no-header", no_argument, NULL, 'H' },
		{ "proc", required_argument, NULL, OPT_PROC },
		{ "watch", optional_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	const char *family = getenv("TCPFSM_FAMILY");
	unsigned int chosen = 0, only = 0, s;
	struct rows rs = { 0 };
	int interval = 0, c;

	o.proc = getenv("TCPFSM_PROC");
	if (!o.proc || !*o.proc)
		o.proc = family && !strcmp(family, "inet") ? "/proc/net/tcp" :
							     "/proc/net/tcpfsm";
	o.states = CONN_STATES;
	while ((c = getopt_long(argc, argv, "als:p:oenHtw::h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			o.states = ALL_STATES;
			break;
		case 'l':
			o.states = STATE_BIT(LISTEN);
			break;
		case 's':
			s = state_set(optarg);
			if (!s) {
				fprintf(stderr, "tcpfsm-stat: no state '%s'\n", optarg);
				usage(argv[0], stderr, 2);
			}
			only |= s;
			chosen = 1;
			break;
		case 'p':
			o.port = atoi(optarg);
			break;
		case 'o':
			o.timers = 1;
			break;
		case 'e':
			o.extended = 1;
			o.timers = 1;	/* as ss -e */
			break;
		case OPT_PROCESSES:
			o.processes = 1;
			break;
		case 'n':
		case 't':
			break;
		case 'H':
			o.header = 0;
			break;
		case OPT_PROC:
			o.proc = optarg;
			break;
		case 'w':
			interval = optarg ? atoi(optarg) : 50;
			if (interval <= 0)
				interval = 50;
			break;
		case 'h':
			usage(argv[0], stdout, 0);
			break;
		default:
			usage(argv[0], stderr, 2);
		}
	}
	if (optind < argc)
		usage(argv[0], stderr, 2);
	/* A state named picks the states, whatever -a or -l say (ss's "state"). */
	if (chosen)
		o.states = only;
	o.hz = sysconf(_SC_CLK_TCK);
	if (o.hz <= 0)
		o.hz = 100;

	read_rows(&rs);
	print_table(&rs);
	if (interval) {
		fflush(stdout);
		watch(&rs, interval);
	}
	free(rs.r);
	free(o.users);
	return 0;
}
