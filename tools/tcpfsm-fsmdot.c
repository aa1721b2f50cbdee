// SPDX-License-Identifier: GPL-2.0
/* tcpfsm-fsmdot.c: prints module/fsm.c's table as Graphviz DOT (--dot) or reStructuredText (--rst). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fsm.h"

static const char *const state_names[TCPFSM_MAX_STATES] = {
	[TCPFSM_ESTABLISHED] = "ESTABLISHED", [TCPFSM_SYN_SENT] = "SYN_SENT",
	[TCPFSM_SYN_RECV] = "SYN_RECV", [TCPFSM_FIN_WAIT1] = "FIN_WAIT1",
	[TCPFSM_FIN_WAIT2] = "FIN_WAIT2", [TCPFSM_TIME_WAIT] = "TIME_WAIT",
	[TCPFSM_CLOSE] = "CLOSED", [TCPFSM_CLOSE_WAIT] = "CLOSE_WAIT",
	[TCPFSM_LAST_ACK] = "LAST_ACK", [TCPFSM_LISTEN] = "LISTEN",
	[TCPFSM_CLOSING] = "CLOSING",
};

/* The order in which the states are shown, as in RFC 9293's figure. */
static const int state_order[] = {
	TCPFSM_CLOSE, TCPFSM_LISTEN, TCPFSM_SYN_SENT, TCPFSM_SYN_RECV,
	TCPFSM_ESTABLISHED, TCPFSM_FIN_WAIT1, TCPFSM_FIN_WAIT2,
	TCPFSM_CLOSE_WAIT, TCPFSM_CLOSING, TCPFSM_LAST_ACK, TCPFSM_TIME_WAIT,
};

#define NSTATES	(sizeof(state_order) / sizeof(state_order[0]))

static const struct {
	unsigned int cmd;
	const char *what;
} sends[] = {
	{ TCPFSM_CMD_SEND_SYN, "SYN" },
	{ TCPFSM_CMD_SEND_SYN_ACK, "SYN,ACK" },
	{ TCPFSM_CMD_SEND_FIN, "FIN" },
	{ TCPFSM_CMD_SEND_ACK, "ACK" },
	{ TCPFSM_CMD_SEND_DATA, "data" },
	{ TCPFSM_CMD_SEND_RST, "RST" },
	{ TCPFSM_CMD_REPLY_RST, "RST" },
	{ TCPFSM_CMD_CHALLENGE_ACK, "challenge ACK" },
	{ TCPFSM_CMD_SEND_PROBE, "probe" },
	{ TCPFSM_CMD_RETRANSMIT, "again" },
};

static const struct {
	unsigned int cmd;
	const char *what;
} others[] = {
	{ TCPFSM_CMD_TAKE_SYN, "take SYN" },
	{ TCPFSM_CMD_TAKE_ACK, "take ACK" },
	{ TCPFSM_CMD_DELIVER, "deliver text" },
	{ TCPFSM_CMD_DELIVER_EOF, "deliver EOF" },
	{ TCPFSM_CMD_ARM_RETRANS, "arm retransmit" },
	{ TCPFSM_CMD_STOP_RETRANS, "stop retransmit" },
	{ TCPFSM_CMD_ARM_TIME_WAIT, "arm 2MSL" },
	{ TCPFSM_CMD_ARM_KEEPALIVE, "arm keepalive" },
	{ TCPFSM_CMD_ARM_FIN_WAIT2, "arm fin_timeout" },
	{ TCPFSM_CMD_STOP_TIMERS, "stop timers" },
	{ TCPFSM_CMD_SPAWN_CHILD, "new child" },
	{ TCPFSM_CMD_TO_ACCEPT_QUEUE, "to accept queue" },
	{ TCPFSM_CMD_WAIT_CONNECT, "wait for connect" },
	{ TCPFSM_CMD_WAKE, "wake" },
	{ TCPFSM_CMD_DELETE_TCB, "delete TCB" },
	{ TCPFSM_CMD_DISCARD, "discard" },
};

static const char *const err_names[] = {
	[EPIPE] = "EPIPE", [EINVAL] = "EINVAL", [EALREADY] = "EALREADY",
	[EISCONN] = "EISCONN", [ENOTCONN] = "ENOTCONN",
	[ECONNREFUSED] = "ECONNREFUSED", [ECONNRESET] = "ECONNRESET",
	[ETIMEDOUT] = "ETIMEDOUT",
};

/* The segment that stands for a segment event (as in kunit/fsm_test.c). */
static void seg_for(struct tcpfsm_seg *seg, enum tcpfsm_event ev)
{
	static const u8 flags[TCPFSM_NR_EVENTS] = {
		[TCPFSM_EV_SYN] = TCPFSM_SYN,
		[TCPFSM_EV_SYN_ACK] = TCPFSM_SYN | TCPFSM_ACK,
		[TCPFSM_EV_ACK] = TCPFSM_ACK,
		[TCPFSM_EV_ACK_OF_FIN] = TCPFSM_ACK,
		[TCPFSM_EV_DATA] = TCPFSM_ACK,
		[TCPFSM_EV_FIN] = TCPFSM_FIN | TCPFSM_ACK,
		[TCPFSM_EV_FIN_ACK] = TCPFSM_FIN | TCPFSM_ACK,
		[TCPFSM_EV_RST] = TCPFSM_RST | TCPFSM_ACK,
		[TCPFSM_EV_RST_IN_WINDOW] = TCPFSM_RST,
		[TCPFSM_EV_UNACCEPTABLE] = TCPFSM_ACK,
		[TCPFSM_EV_BAD_ACK] = TCPFSM_ACK,
		[TCPFSM_EV_TEXT_AFTER_CLOSE] = TCPFSM_ACK,
	};

	memset(seg, 0, sizeof(*seg));
	seg->flags = flags[ev];
	seg->datalen = ev == TCPFSM_EV_DATA ||
		       ev == TCPFSM_EV_TEXT_AFTER_CLOSE ? 10 : 0;
}

static const char *event_label(enum tcpfsm_event ev, char *buf, size_t size)
{
	if (ev >= TCPFSM_EV_SYN && ev <= TCPFSM_EV_DROP)
		snprintf(buf, size, "rcv %s", tcpfsm_event_names[ev]);
	else
		snprintf(buf, size, "%s", tcpfsm_event_names[ev]);
	return buf;
}

/* "snd SYN,ACK" and so on; empty when nothing is sent. */
static void sends_label(const struct tcpfsm_result *res, char *buf,
			size_t size)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(sends) / sizeof(sends[0]); i++) {
		if (!(res->cmds & sends[i].cmd))
			continue;
		n += snprintf(buf + n, size - n, "%s%s", n ? "+" : "snd ",
			      sends[i].what);
	}
	if (res->sk_err)
		snprintf(buf + n, size - n, "%s%s", n ? ", " : "",
			 err_names[res->sk_err]);
}

static void step(int state, bool passive, enum tcpfsm_event ev,
		 struct tcpfsm_result *res)
{
	struct tcpfsm_tcb tcb = { .state = state, .passive = passive };
	struct tcpfsm_seg seg;

	seg_for(&seg, ev);
	tcpfsm_step(&tcb, ev, &seg, res);
}

struct edge {
	int from, to;
	bool classic;	/* some event on it is not a failure */
	char label[1024];
};

static struct edge edges[256];
static unsigned int nedges;

/* Aborts, resets and give-ups: drawn dashed, apart from the classic arcs. */
static bool is_failure(enum tcpfsm_event ev)
{
	return ev == TCPFSM_EV_ABORT || ev == TCPFSM_EV_RST ||
	       ev == TCPFSM_EV_RETRANS_GIVE_UP ||
	       ev == TCPFSM_EV_KEEPALIVE_GIVE_UP ||
	       ev == TCPFSM_EV_FIN_WAIT2_TIMEOUT ||
	       ev == TCPFSM_EV_TEXT_AFTER_CLOSE;
}

static void add_edge(int from, int to, enum tcpfsm_event ev, const char *line)
{
	struct edge *e = NULL;
	unsigned int i;

	for (i = 0; i < nedges; i++)
		if (edges[i].from == from && edges[i].to == to)
			e = &edges[i];
	if (!e) {
		e = &edges[nedges++];
		e->from = from;
		e->to = to;
		e->label[0] = '\0';
		e->classic = false;
	}
	e->classic |= !is_failure(ev);
	if (strstr(e->label, line))
		return;
	if (e->label[0])
		strncat(e->label, "\\n", sizeof(e->label) - strlen(e->label) - 1);
	strncat(e->label, line, sizeof(e->label) - strlen(e->label) - 1);
}

static void add_arc(int st, enum tcpfsm_event ev,
		    const struct tcpfsm_result *res, const char *how)
{
	char evl[64], snd[256], line[400];

	if (res->next == TCPFSM_SAME)
		return;
	event_label(ev, evl, sizeof(evl));
	sends_label(res, snd, sizeof(snd));
	snprintf(line, sizeof(line), "%s%s%s%s", evl, how, snd[0] ? " / " : "",
		 snd);
	add_edge(st, res->next, ev, line);
}

static void print_dot(void)
{
	unsigned int i;
	int ev;

	for (i = 0; i < NSTATES; i++) {
		int st = state_order[i];

		for (ev = 0; ev < TCPFSM_NR_EVENTS; ev++) {
			struct tcpfsm_result passive, active;

			/*
			 * Only SYN_RECV depends on how the connection was
			 * opened; where the two differ, both arcs are drawn.
			 */
			step(st, true, ev, &passive);
			step(st, false, ev, &active);
			if (passive.next == active.next &&
			    passive.sk_err == active.sk_err) {
				add_arc(st, ev, &passive, "");
			} else {
				add_arc(st, ev, &passive, " (passive)");
				add_arc(st, ev, &active, " (active)");
			}
		}
	}

	printf("// Generated by tools/tcpfsm-fsmdot --dot from module/fsm.c; do not edit.\n");
	printf("digraph tcpfsm {\n");
	printf("\tgraph [rankdir=TB, fontname=\"Helvetica\", nodesep=0.6, ranksep=0.7];\n");
	printf("\tnode [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", fontname=\"Helvetica\"];\n");
	printf("\tedge [fontname=\"Helvetica\", fontsize=9];\n");
	for (i = 0; i < NSTATES; i++)
		printf("\t%s;\n", state_names[state_order[i]]);
	printf("\t{ rank=same; SYN_SENT; SYN_RECV; }\n");
	printf("\t{ rank=same; FIN_WAIT1; CLOSE_WAIT; }\n");
	printf("\t{ rank=same; FIN_WAIT2; CLOSING; LAST_ACK; }\n");
	for (i = 0; i < nedges; i++)
		printf("\t%s -> %s [label=\"%s\"%s];\n",
		       state_names[edges[i].from], state_names[edges[i].to],
		       edges[i].label, edges[i].classic ? "" :
		       ", style=dashed, color=\"#888888\", fontcolor=\"#666666\"");
	printf("}\n");
}

static void print_rst(void)
{
	unsigned int i, k;
	int ev;

	printf(".. Generated by tools/tcpfsm-fsmdot --rst from module/fsm.c; do not edit.\n\n");
	for (i = 0; i < NSTATES; i++) {
		int st = state_order[i];

		printf("%s\n", state_names[st]);
		for (k = 0; k < strlen(state_names[st]); k++)
			putchar('-');
		printf("\n\n.. list-table::\n   :header-rows: 1\n   :widths: 18 30 14 38\n\n");
		printf("   * - event\n     - action\n     - next\n     - does\n");
		for (ev = 0; ev < TCPFSM_NR_EVENTS; ev++) {
			struct tcpfsm_result res;
			char evl[64], does[1024];
			size_t n = 0, j;

			step(st, true, ev, &res);
			event_label(ev, evl, sizeof(evl));
			does[0] = '\0';
			sends_label(&res, does, sizeof(does));
			n = strlen(does);
			for (j = 0; j < sizeof(others) / sizeof(others[0]); j++)
				if (res.cmds & others[j].cmd)
					n += snprintf(does + n, sizeof(does) - n, "%s%s",
						      n ? "; " : "", others[j].what);
			if (res.err)
				snprintf(does + n, sizeof(does) - n, "%sreturns %s",
					 n ? "; " : "", err_names[-res.err]);
			printf("   * - %s\n     - ``%s``\n     - %s\n     - %s\n",
			       evl, res.action,
			       res.next ? state_names[res.next] : "(same)",
			       does[0] ? does : "nothing");
		}
		printf("\n");
	}
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--dot")) {
		print_dot();
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "--rst")) {
		print_rst();
		return 0;
	}
	fprintf(stderr, "usage: %s --dot | --rst\n", argv[0]);
	return 2;
}
