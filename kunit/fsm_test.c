// SPDX-License-Identifier: GPL-2.0
/* fsm_test.c: KUnit cases for module/fsm.c: every cell of the table, a suite per state. */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/string.h>

#include "fsm.h"

#define C(x)	TCPFSM_CMD_##x

/*
 * The commands a cell is judged by: what goes on the wire, which timers are
 * armed, what happens to the TCB and to the data.  Stopping timers, waking
 * and taking ACKs are bookkeeping the interpreter does anyway.
 */
#define KEY_CMDS (~(C(TAKE_SYN) | C(TAKE_ACK) | C(STOP_RETRANS) | \
		    C(STOP_TIMERS) | C(WAKE) | C(DISCARD)))

/**
 * struct cell_expect - what one cell must do, written down from RFC 9293.
 * @ev: the event (rows list every event once, in enum order)
 * @next: next state, or TCPFSM_SAME
 * @cmds: the key commands, exactly
 * @err: errno for the caller
 * @sk_err: errno reported to the application
 *
 * The fixture of each state is tcb_in() below; segment events are fed the
 * segment seg_for() makes.  A passive SYN-RECEIVED connection, and no orphan.
 */
struct cell_expect {
	u8 ev;
	u8 next;
	u32 cmds;
	int err;
	int sk_err;
};

#define EV(x)	TCPFSM_EV_##x
#define ST(x)	TCPFSM_##x

static const struct cell_expect expect_closed[] = {
	{ EV(ACTIVE_OPEN), ST(SYN_SENT), C(SEND_SYN) | C(ARM_RETRANS), 0, 0 },
	{ EV(PASSIVE_OPEN), ST(LISTEN), 0, 0, 0 },
	{ EV(SEND), ST(SAME), 0, -EPIPE, 0 },
	{ EV(CLOSE), ST(SAME), C(DELETE_TCB), 0, 0 },
	{ EV(SHUTDOWN), ST(SAME), 0, -ENOTCONN, 0 },
	{ EV(ABORT), ST(SAME), C(DELETE_TCB), 0, 0 },
	{ EV(SYN), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(SYN_ACK), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(ACK), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(ACK_OF_FIN), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(DATA), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(FIN), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(FIN_ACK), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(RST), ST(SAME), 0, 0, 0 },
	{ EV(RST_IN_WINDOW), ST(SAME), 0, 0, 0 },
	{ EV(UNACCEPTABLE), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(BAD_ACK), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(TEXT_AFTER_CLOSE), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(DROP), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(RETRANS_TIMEOUT), ST(SAME), 0, 0, 0 },
	{ EV(RETRANS_GIVE_UP), ST(SAME), 0, 0, 0 },
	{ EV(TIME_WAIT_TIMEOUT), ST(SAME), 0, 0, 0 },
	{ EV(KEEPALIVE_TIMEOUT), ST(SAME), 0, 0, 0 },
	{ EV(KEEPALIVE_GIVE_UP), ST(SAME), 0, 0, 0 },
	{ EV(FIN_WAIT2_TIMEOUT), ST(SAME), 0, 0, 0 },
};

static const struct cell_expect expect_listen[] = {
	{ EV(ACTIVE_OPEN), ST(SAME), 0, -EISCONN, 0 },
	{ EV(PASSIVE_OPEN), ST(SAME), 0, 0, 0 },
	{ EV(SEND), ST(SAME), 0, -EPIPE, 0 },
	{ EV(CLOSE), ST(CLOSE), C(DELETE_TCB), 0, 0 },
	{ EV(SHUTDOWN), ST(SAME), 0, 0, 0 },
	{ EV(ABORT), ST(CLOSE), C(DELETE_TCB), 0, 0 },
	{ EV(SYN), ST(SYN_RECV), C(SPAWN_CHILD) | C(SEND_SYN_ACK) |
	  C(ARM_RETRANS), 0, 0 },
	{ EV(SYN_ACK), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(ACK), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(ACK_OF_FIN), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(DATA), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(FIN), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(FIN_ACK), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(RST), ST(SAME), 0, 0, 0 },
	{ EV(RST_IN_WINDOW), ST(SAME), 0, 0, 0 },
	{ EV(UNACCEPTABLE), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(BAD_ACK), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(TEXT_AFTER_CLOSE), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(DROP), ST(SAME), 0, 0, 0 },
	{ EV(RETRANS_TIMEOUT), ST(SAME), 0, 0, 0 },
	{ EV(RETRANS_GIVE_UP), ST(SAME), 0, 0, 0 },
	{ EV(TIME_WAIT_TIMEOUT), ST(SAME), 0, 0, 0 },
	{ EV(KEEPALIVE_TIMEOUT), ST(SAME), 0, 0, 0 },
	{ EV(KEEPALIVE_GIVE_UP), ST(SAME), 0, 0, 0 },
	{ EV(FIN_WAIT2_TIMEOUT), ST(SAME), 0, 0, 0 },
};

static const struct cell_expect expect_syn_sent[] = {
	{ EV(ACTIVE_OPEN), ST(SAME), 0, -EALREADY, 0 },
	{ EV(PASSIVE_OPEN), ST(SAME), 0, -EINVAL, 0 },
	{ EV(SEND), ST(SAME), C(WAIT_CONNECT), 0, 0 },
	{ EV(CLOSE), ST(CLOSE), C(DELETE_TCB), 0, 0 },
	{ EV(SHUTDOWN), ST(CLOSE), C(DELETE_TCB), 0, 0 },
	{ EV(ABORT), ST(CLOSE), C(DELETE_TCB), 0, 0 },
	{ EV(SYN), ST(SYN_RECV), C(SEND_SYN_ACK) | C(ARM_RETRANS), 0, 0 },
	{ EV(SYN_ACK), ST(ESTABLISHED), C(SEND_ACK) | C(ARM_KEEPALIVE), 0, 0 },
	{ EV(ACK), ST(SAME), 0, 0, 0 },
	{ EV(ACK_OF_FIN), ST(SAME), 0, 0, 0 },
	{ EV(DATA), ST(SAME), 0, 0, 0 },
	{ EV(FIN), ST(SAME), 0, 0, 0 },
	{ EV(FIN_ACK), ST(SAME), 0, 0, 0 },
	{ EV(RST), ST(CLOSE), C(DELETE_TCB), 0, ECONNREFUSED },
	{ EV(RST_IN_WINDOW), ST(SAME), 0, 0, 0 },
	{ EV(UNACCEPTABLE), ST(SAME), 0, 0, 0 },
	{ EV(BAD_ACK), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(TEXT_AFTER_CLOSE), ST(SAME), 0, 0, 0 },
	{ EV(DROP), ST(SAME), 0, 0, 0 },
	{ EV(RETRANS_TIMEOUT), ST(SAME), C(RETRANSMIT) | C(ARM_RETRANS), 0, 0 },
	{ EV(RETRANS_GIVE_UP), ST(CLOSE), C(DELETE_TCB), 0, ETIMEDOUT },
	{ EV(TIME_WAIT_TIMEOUT), ST(SAME), 0, 0, 0 },
	{ EV(KEEPALIVE_TIMEOUT), ST(SAME), 0, 0, 0 },
	{ EV(KEEPALIVE_GIVE_UP), ST(SAME), 0, 0, 0 },
	{ EV(FIN_WAIT2_TIMEOUT), ST(SAME), 0, 0, 0 },
};

static const struct cell_expect expect_syn_recv[] = {
	{ EV(ACTIVE_OPEN), ST(SAME), 0, -EALREADY, 0 },
	{ EV(PASSIVE_OPEN), ST(SAME), 0, -EINVAL, 0 },
	{ EV(SEND), ST(SAME), C(WAIT_CONNECT), 0, 0 },
	{ EV(CLOSE), ST(FIN_WAIT1), C(SEND_FIN) | C(ARM_RETRANS), 0, 0 },
	{ EV(SHUTDOWN), ST(FIN_WAIT1), C(SEND_FIN) | C(ARM_RETRANS), 0, 0 },
	{ EV(ABORT), ST(CLOSE), C(SEND_RST) | C(DELETE_TCB), 0, 0 },
	{ EV(SYN), ST(SAME), C(SEND_SYN_ACK), 0, 0 },
	{ EV(SYN_ACK), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(ACK), ST(ESTABLISHED), C(ARM_KEEPALIVE) | C(TO_ACCEPT_QUEUE), 0, 0 },
	{ EV(ACK_OF_FIN), ST(ESTABLISHED), C(ARM_KEEPALIVE) |
	  C(TO_ACCEPT_QUEUE), 0, 0 },
	{ EV(DATA), ST(ESTABLISHED), C(ARM_KEEPALIVE) | C(TO_ACCEPT_QUEUE) |
	  C(DELIVER) | C(SEND_ACK), 0, 0 },
	{ EV(FIN), ST(CLOSE_WAIT), C(ARM_KEEPALIVE) | C(TO_ACCEPT_QUEUE) |
	  C(DELIVER) | C(DELIVER_EOF) | C(SEND_ACK), 0, 0 },
	{ EV(FIN_ACK), ST(CLOSE_WAIT), C(ARM_KEEPALIVE) | C(TO_ACCEPT_QUEUE) |
	  C(DELIVER) | C(DELIVER_EOF) | C(SEND_ACK), 0, 0 },
	{ EV(RST), ST(LISTEN), C(DELETE_TCB), 0, 0 },
	{ EV(RST_IN_WINDOW), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(UNACCEPTABLE), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(BAD_ACK), ST(SAME), C(REPLY_RST), 0, 0 },
	{ EV(TEXT_AFTER_CLOSE), ST(SAME), 0, 0, 0 },
	{ EV(DROP), ST(SAME), 0, 0, 0 },
	{ EV(RETRANS_TIMEOUT), ST(SAME), C(RETRANSMIT) | C(ARM_RETRANS), 0, 0 },
	{ EV(RETRANS_GIVE_UP), ST(LISTEN), C(DELETE_TCB), 0, 0 },
	{ EV(TIME_WAIT_TIMEOUT), ST(SAME), 0, 0, 0 },
	{ EV(KEEPALIVE_TIMEOUT), ST(SAME), 0, 0, 0 },
	{ EV(KEEPALIVE_GIVE_UP), ST(SAME), 0, 0, 0 },
	{ EV(FIN_WAIT2_TIMEOUT), ST(SAME), 0, 0, 0 },
};

static const struct cell_expect expect_established[] = {
	{ EV(ACTIVE_OPEN), ST(SAME), 0, -EISCONN, 0 },
	{ EV(PASSIVE_OPEN), ST(SAME), 0, -EINVAL, 0 },
	{ EV(SEND), ST(SAME), C(SEND_DATA) | C(ARM_RETRANS), 0, 0 },
	{ EV(CLOSE), ST(FIN_WAIT1), C(SEND_FIN) | C(ARM_RETRANS), 0, 0 },
	{ EV(SHUTDOWN), ST(FIN_WAIT1), C(SEND_FIN) | C(ARM_RETRANS), 0, 0 },
	{ EV(ABORT), ST(CLOSE), C(SEND_RST) | C(DELETE_TCB), 0, 0 },
	{ EV(SYN), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(SYN_ACK), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(ACK), ST(SAME), C(SEND_DATA), 0, 0 },
	{ EV(ACK_OF_FIN), ST(SAME), C(SEND_DATA), 0, 0 },
	{ EV(DATA), ST(SAME), C(DELIVER) | C(SEND_DATA) | C(SEND_ACK), 0, 0 },
	{ EV(FIN), ST(CLOSE_WAIT), C(DELIVER) | C(DELIVER_EOF) | C(SEND_ACK) |
	  C(SEND_DATA), 0, 0 },
	{ EV(FIN_ACK), ST(CLOSE_WAIT), C(DELIVER) | C(DELIVER_EOF) |
	  C(SEND_ACK) | C(SEND_DATA), 0, 0 },
	{ EV(RST), ST(CLOSE), C(DELETE_TCB), 0, ECONNRESET },
	{ EV(RST_IN_WINDOW), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(UNACCEPTABLE), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(BAD_ACK), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(TEXT_AFTER_CLOSE), ST(SAME), C(DELIVER) | C(SEND_DATA) | C(SEND_ACK), 0, 0 },
	{ EV(DROP), ST(SAME), 0, 0, 0 },
	{ EV(RETRANS_TIMEOUT), ST(SAME), C(RETRANSMIT) | C(ARM_RETRANS), 0, 0 },
	{ EV(RETRANS_GIVE_UP), ST(CLOSE), C(DELETE_TCB), 0, ETIMEDOUT },
	{ EV(TIME_WAIT_TIMEOUT), ST(SAME), 0, 0, 0 },
	{ EV(KEEPALIVE_TIMEOUT), ST(SAME), C(SEND_PROBE) | C(ARM_KEEPALIVE), 0, 0 },
	{ EV(KEEPALIVE_GIVE_UP), ST(CLOSE), C(SEND_RST) | C(DELETE_TCB), 0, ETIMEDOUT },
	{ EV(FIN_WAIT2_TIMEOUT), ST(SAME), 0, 0, 0 },
};

static const struct cell_expect expect_fin_wait1[] = {
	{ EV(ACTIVE_OPEN), ST(SAME), 0, -EISCONN, 0 },
	{ EV(PASSIVE_OPEN), ST(SAME), 0, -EINVAL, 0 },
	{ EV(SEND), ST(SAME), 0, -EPIPE, 0 },
	{ EV(CLOSE), ST(SAME), 0, 0, 0 },
	{ EV(SHUTDOWN), ST(SAME), 0, 0, 0 },
	{ EV(ABORT), ST(CLOSE), C(SEND_RST) | C(DELETE_TCB), 0, 0 },
	{ EV(SYN), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(SYN_ACK), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(ACK), ST(SAME), C(SEND_DATA), 0, 0 },
	{ EV(ACK_OF_FIN), ST(FIN_WAIT2), 0, 0, 0 },
	{ EV(DATA), ST(SAME), C(DELIVER) | C(SEND_DATA) | C(SEND_ACK), 0, 0 },
	{ EV(FIN), ST(CLOSING), C(DELIVER) | C(DELIVER_EOF) | C(SEND_ACK), 0, 0 },
	{ EV(FIN_ACK), ST(TIME_WAIT), C(DELIVER) | C(DELIVER_EOF) |
	  C(SEND_ACK) | C(ARM_TIME_WAIT), 0, 0 },
	{ EV(RST), ST(CLOSE), C(DELETE_TCB), 0, ECONNRESET },
	{ EV(RST_IN_WINDOW), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(UNACCEPTABLE), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(BAD_ACK), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(TEXT_AFTER_CLOSE), ST(CLOSE), C(REPLY_RST) | C(DELETE_TCB), 0,
	  ECONNRESET },
	{ EV(DROP), ST(SAME), 0, 0, 0 },
	{ EV(RETRANS_TIMEOUT), ST(SAME), C(RETRANSMIT) | C(ARM_RETRANS), 0, 0 },
	{ EV(RETRANS_GIVE_UP), ST(CLOSE), C(DELETE_TCB), 0, ETIMEDOUT },
	{ EV(TIME_WAIT_TIMEOUT), ST(SAME), 0, 0, 0 },
	{ EV(KEEPALIVE_TIMEOUT), ST(SAME), C(SEND_PROBE) | C(ARM_KEEPALIVE), 0, 0 },
	{ EV(KEEPALIVE_GIVE_UP), ST(CLOSE), C(SEND_RST) | C(DELETE_TCB), 0, ETIMEDOUT },
	{ EV(FIN_WAIT2_TIMEOUT), ST(SAME), 0, 0, 0 },
};

static const struct cell_expect expect_fin_wait2[] = {
	{ EV(ACTIVE_OPEN), ST(SAME), 0, -EISCONN, 0 },
	{ EV(PASSIVE_OPEN), ST(SAME), 0, -EINVAL, 0 },
	{ EV(SEND), ST(SAME), 0, -EPIPE, 0 },
	{ EV(CLOSE), ST(SAME), C(ARM_FIN_WAIT2), 0, 0 },
	{ EV(SHUTDOWN), ST(SAME), 0, 0, 0 },
	{ EV(ABORT), ST(CLOSE), C(SEND_RST) | C(DELETE_TCB), 0, 0 },
	{ EV(SYN), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(SYN_ACK), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(ACK), ST(SAME), 0, 0, 0 },
	{ EV(ACK_OF_FIN), ST(SAME), 0, 0, 0 },
	{ EV(DATA), ST(SAME), C(DELIVER) | C(SEND_DATA) | C(SEND_ACK), 0, 0 },
	{ EV(FIN), ST(TIME_WAIT), C(DELIVER) | C(DELIVER_EOF) | C(SEND_ACK) |
	  C(ARM_TIME_WAIT), 0, 0 },
	{ EV(FIN_ACK), ST(TIME_WAIT), C(DELIVER) | C(DELIVER_EOF) |
	  C(SEND_ACK) | C(ARM_TIME_WAIT), 0, 0 },
	{ EV(RST), ST(CLOSE), C(DELETE_TCB), 0, ECONNRESET },
	{ EV(RST_IN_WINDOW), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(UNACCEPTABLE), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(BAD_ACK), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(TEXT_AFTER_CLOSE), ST(CLOSE), C(REPLY_RST) | C(DELETE_TCB), 0,
	  ECONNRESET },
	{ EV(DROP), ST(SAME), 0, 0, 0 },
	{ EV(RETRANS_TIMEOUT), ST(SAME), 0, 0, 0 },
	{ EV(RETRANS_GIVE_UP), ST(SAME), 0, 0, 0 },
	{ EV(TIME_WAIT_TIMEOUT), ST(SAME), 0, 0, 0 },
	{ EV(KEEPALIVE_TIMEOUT), ST(SAME), C(SEND_PROBE) | C(ARM_KEEPALIVE), 0, 0 },
	{ EV(KEEPALIVE_GIVE_UP), ST(CLOSE), C(SEND_RST) | C(DELETE_TCB), 0, ETIMEDOUT },
	{ EV(FIN_WAIT2_TIMEOUT), ST(CLOSE), C(SEND_RST) | C(DELETE_TCB), 0, 0 },
};

static const struct cell_expect expect_close_wait[] = {
	{ EV(ACTIVE_OPEN), ST(SAME), 0, -EISCONN, 0 },
	{ EV(PASSIVE_OPEN), ST(SAME), 0, -EINVAL, 0 },
	{ EV(SEND), ST(SAME), C(SEND_DATA) | C(ARM_RETRANS), 0, 0 },
	{ EV(CLOSE), ST(LAST_ACK), C(SEND_FIN) | C(ARM_RETRANS), 0, 0 },
	{ EV(SHUTDOWN), ST(LAST_ACK), C(SEND_FIN) | C(ARM_RETRANS), 0, 0 },
	{ EV(ABORT), ST(CLOSE), C(SEND_RST) | C(DELETE_TCB), 0, 0 },
	{ EV(SYN), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(SYN_ACK), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(ACK), ST(SAME), C(SEND_DATA), 0, 0 },
	{ EV(ACK_OF_FIN), ST(SAME), C(SEND_DATA), 0, 0 },
	{ EV(DATA), ST(SAME), C(SEND_ACK), 0, 0 },
	{ EV(FIN), ST(SAME), C(SEND_ACK), 0, 0 },
	{ EV(FIN_ACK), ST(SAME), C(SEND_ACK), 0, 0 },
	{ EV(RST), ST(CLOSE), C(DELETE_TCB), 0, ECONNRESET },
	{ EV(RST_IN_WINDOW), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(UNACCEPTABLE), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(BAD_ACK), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(TEXT_AFTER_CLOSE), ST(SAME), C(SEND_ACK), 0, 0 },
	{ EV(DROP), ST(SAME), 0, 0, 0 },
	{ EV(RETRANS_TIMEOUT), ST(SAME), C(RETRANSMIT) | C(ARM_RETRANS), 0, 0 },
	{ EV(RETRANS_GIVE_UP), ST(CLOSE), C(DELETE_TCB), 0, ETIMEDOUT },
	{ EV(TIME_WAIT_TIMEOUT), ST(SAME), 0, 0, 0 },
	{ EV(KEEPALIVE_TIMEOUT), ST(SAME), C(SEND_PROBE) | C(ARM_KEEPALIVE), 0, 0 },
	{ EV(KEEPALIVE_GIVE_UP), ST(CLOSE), C(SEND_RST) | C(DELETE_TCB), 0, ETIMEDOUT },
	{ EV(FIN_WAIT2_TIMEOUT), ST(SAME), 0, 0, 0 },
};

static const struct cell_expect expect_closing[] = {
	{ EV(ACTIVE_OPEN), ST(SAME), 0, -EISCONN, 0 },
	{ EV(PASSIVE_OPEN), ST(SAME), 0, -EINVAL, 0 },
	{ EV(SEND), ST(SAME), 0, -EPIPE, 0 },
	{ EV(CLOSE), ST(SAME), 0, 0, 0 },
	{ EV(SHUTDOWN), ST(SAME), 0, 0, 0 },
	{ EV(ABORT), ST(CLOSE), C(DELETE_TCB), 0, 0 },
	{ EV(SYN), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(SYN_ACK), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(ACK), ST(SAME), C(SEND_DATA), 0, 0 },
	{ EV(ACK_OF_FIN), ST(TIME_WAIT), C(ARM_TIME_WAIT), 0, 0 },
	{ EV(DATA), ST(SAME), C(SEND_ACK), 0, 0 },
	{ EV(FIN), ST(SAME), C(SEND_ACK), 0, 0 },
	{ EV(FIN_ACK), ST(TIME_WAIT), C(ARM_TIME_WAIT) | C(SEND_ACK), 0, 0 },
	{ EV(RST), ST(CLOSE), C(DELETE_TCB), 0, 0 },
	{ EV(RST_IN_WINDOW), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(UNACCEPTABLE), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(BAD_ACK), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(TEXT_AFTER_CLOSE), ST(SAME), C(SEND_ACK), 0, 0 },
	{ EV(DROP), ST(SAME), 0, 0, 0 },
	{ EV(RETRANS_TIMEOUT), ST(SAME), C(RETRANSMIT) | C(ARM_RETRANS), 0, 0 },
	{ EV(RETRANS_GIVE_UP), ST(CLOSE), C(DELETE_TCB), 0, ETIMEDOUT },
	{ EV(TIME_WAIT_TIMEOUT), ST(SAME), 0, 0, 0 },
	{ EV(KEEPALIVE_TIMEOUT), ST(SAME), 0, 0, 0 },
	{ EV(KEEPALIVE_GIVE_UP), ST(SAME), 0, 0, 0 },
	{ EV(FIN_WAIT2_TIMEOUT), ST(SAME), 0, 0, 0 },
};

static const struct cell_expect expect_last_ack[] = {
	{ EV(ACTIVE_OPEN), ST(SAME), 0, -EISCONN, 0 },
	{ EV(PASSIVE_OPEN), ST(SAME), 0, -EINVAL, 0 },
	{ EV(SEND), ST(SAME), 0, -EPIPE, 0 },
	{ EV(CLOSE), ST(SAME), 0, 0, 0 },
	{ EV(SHUTDOWN), ST(SAME), 0, 0, 0 },
	{ EV(ABORT), ST(CLOSE), C(DELETE_TCB), 0, 0 },
	{ EV(SYN), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(SYN_ACK), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(ACK), ST(SAME), C(SEND_DATA), 0, 0 },
	{ EV(ACK_OF_FIN), ST(CLOSE), C(DELETE_TCB), 0, 0 },
	{ EV(DATA), ST(SAME), C(SEND_ACK), 0, 0 },
	{ EV(FIN), ST(SAME), C(SEND_ACK), 0, 0 },
	{ EV(FIN_ACK), ST(CLOSE), C(DELETE_TCB), 0, 0 },
	{ EV(RST), ST(CLOSE), C(DELETE_TCB), 0, 0 },
	{ EV(RST_IN_WINDOW), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(UNACCEPTABLE), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(BAD_ACK), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(TEXT_AFTER_CLOSE), ST(SAME), C(SEND_ACK), 0, 0 },
	{ EV(DROP), ST(SAME), 0, 0, 0 },
	{ EV(RETRANS_TIMEOUT), ST(SAME), C(RETRANSMIT) | C(ARM_RETRANS), 0, 0 },
	{ EV(RETRANS_GIVE_UP), ST(CLOSE), C(DELETE_TCB), 0, ETIMEDOUT },
	{ EV(TIME_WAIT_TIMEOUT), ST(SAME), 0, 0, 0 },
	{ EV(KEEPALIVE_TIMEOUT), ST(SAME), 0, 0, 0 },
	{ EV(KEEPALIVE_GIVE_UP), ST(SAME), 0, 0, 0 },
	{ EV(FIN_WAIT2_TIMEOUT), ST(SAME), 0, 0, 0 },
};

static const struct cell_expect expect_time_wait[] = {
	{ EV(ACTIVE_OPEN), ST(SAME), 0, -EISCONN, 0 },
	{ EV(PASSIVE_OPEN), ST(SAME), 0, -EINVAL, 0 },
	{ EV(SEND), ST(SAME), 0, -EPIPE, 0 },
	{ EV(CLOSE), ST(SAME), 0, 0, 0 },
	{ EV(SHUTDOWN), ST(SAME), 0, 0, 0 },
	{ EV(ABORT), ST(CLOSE), C(DELETE_TCB), 0, 0 },
	{ EV(SYN), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(SYN_ACK), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(ACK), ST(SAME), 0, 0, 0 },
	{ EV(ACK_OF_FIN), ST(SAME), 0, 0, 0 },
	{ EV(DATA), ST(SAME), C(SEND_ACK), 0, 0 },
	{ EV(FIN), ST(SAME), C(SEND_ACK) | C(ARM_TIME_WAIT), 0, 0 },
	{ EV(FIN_ACK), ST(SAME), C(SEND_ACK) | C(ARM_TIME_WAIT), 0, 0 },
	{ EV(RST), ST(CLOSE), C(DELETE_TCB), 0, 0 },
	{ EV(RST_IN_WINDOW), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(UNACCEPTABLE), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(BAD_ACK), ST(SAME), C(CHALLENGE_ACK), 0, 0 },
	{ EV(TEXT_AFTER_CLOSE), ST(SAME), C(SEND_ACK), 0, 0 },
	{ EV(DROP), ST(SAME), 0, 0, 0 },
	{ EV(RETRANS_TIMEOUT), ST(SAME), 0, 0, 0 },
	{ EV(RETRANS_GIVE_UP), ST(SAME), 0, 0, 0 },
	{ EV(TIME_WAIT_TIMEOUT), ST(CLOSE), C(DELETE_TCB), 0, 0 },
	{ EV(KEEPALIVE_TIMEOUT), ST(SAME), 0, 0, 0 },
	{ EV(KEEPALIVE_GIVE_UP), ST(SAME), 0, 0, 0 },
	{ EV(FIN_WAIT2_TIMEOUT), ST(SAME), 0, 0, 0 },
};

static const struct cell_expect *const expect[TCPFSM_MAX_STATES] = {
	[TCPFSM_CLOSE]		= expect_closed,
	[TCPFSM_LISTEN]		= expect_listen,
	[TCPFSM_SYN_SENT]	= expect_syn_sent,
	[TCPFSM_SYN_RECV]	= expect_syn_recv,
	[TCPFSM_ESTABLISHED]	= expect_established,
	[TCPFSM_FIN_WAIT1]	= expect_fin_wait1,
	[TCPFSM_FIN_WAIT2]	= expect_fin_wait2,
	[TCPFSM_CLOSE_WAIT]	= expect_close_wait,
	[TCPFSM_CLOSING]	= expect_closing,
	[TCPFSM_LAST_ACK]	= expect_last_ack,
	[TCPFSM_TIME_WAIT]	= expect_time_wait,
};

static_assert(ARRAY_SIZE(expect_closed) == TCPFSM_NR_EVENTS);
static_assert(ARRAY_SIZE(expect_listen) == TCPFSM_NR_EVENTS);
static_assert(ARRAY_SIZE(expect_syn_sent) == TCPFSM_NR_EVENTS);
static_assert(ARRAY_SIZE(expect_syn_recv) == TCPFSM_NR_EVENTS);
static_assert(ARRAY_SIZE(expect_established) == TCPFSM_NR_EVENTS);
static_assert(ARRAY_SIZE(expect_fin_wait1) == TCPFSM_NR_EVENTS);
static_assert(ARRAY_SIZE(expect_fin_wait2) == TCPFSM_NR_EVENTS);
static_assert(ARRAY_SIZE(expect_close_wait) == TCPFSM_NR_EVENTS);
static_assert(ARRAY_SIZE(expect_closing) == TCPFSM_NR_EVENTS);
static_assert(ARRAY_SIZE(expect_last_ack) == TCPFSM_NR_EVENTS);
static_assert(ARRAY_SIZE(expect_time_wait) == TCPFSM_NR_EVENTS);

#define ISS	1000U
#define IRS	5000U
#define WND	8192U

/**
 * tcb_in() - the fixture: a connection control block in @state.
 * @tcb: filled in
 * @state: the state
 *
 * The connection sent 100 bytes after its SYN; FIN-WAIT-1 has them and the
 * FIN in flight, the later closing states have everything acked but what
 * their name says is outstanding.  The peer's FIN, where it came, took
 * sequence number IRS + 1.
 */
static void tcb_in(struct tcpfsm_tcb *tcb, u8 state)
{
	memset(tcb, 0, sizeof(*tcb));
	tcb->state = state;
	tcb->iss = ISS;
	tcb->snd_wnd = WND;
	tcb->rcv_wnd = WND;
	tcb->rfc1337 = true;

	switch (state) {
	case TCPFSM_CLOSE:
	case TCPFSM_LISTEN:
		return;
	case TCPFSM_SYN_SENT:
		tcb->snd_una = ISS;
		tcb->snd_nxt = ISS + 1;
		return;
	case TCPFSM_SYN_RECV:
		tcb->passive = true;
		tcb->snd_una = ISS;
		tcb->snd_nxt = ISS + 1;
		break;
	case TCPFSM_ESTABLISHED:
		tcb->snd_una = ISS + 1;
		tcb->snd_nxt = ISS + 101;
		break;
	case TCPFSM_FIN_WAIT1:
		tcb->snd_una = ISS + 1;
		tcb->snd_nxt = ISS + 102;
		tcb->fin_sent = true;
		break;
	case TCPFSM_FIN_WAIT2:
		tcb->snd_una = ISS + 102;
		tcb->snd_nxt = ISS + 102;
		tcb->fin_sent = true;
		break;
	case TCPFSM_CLOSE_WAIT:
		tcb->snd_una = ISS + 1;
		tcb->snd_nxt = ISS + 101;
		break;
	case TCPFSM_CLOSING:
	case TCPFSM_LAST_ACK:
		tcb->snd_una = ISS + 101;
		tcb->snd_nxt = ISS + 102;
		tcb->fin_sent = true;
		break;
	case TCPFSM_TIME_WAIT:
		tcb->snd_una = ISS + 102;
		tcb->snd_nxt = ISS + 102;
		tcb->fin_sent = true;
		break;
	}
	tcb->irs = IRS;
	tcb->rcv_nxt = IRS + 1;
	if (state == TCPFSM_CLOSE_WAIT || state == TCPFSM_CLOSING ||
	    state == TCPFSM_LAST_ACK || state == TCPFSM_TIME_WAIT)
		tcb->rcv_nxt = IRS + 2;
}

/* A segment that stands for @ev in the cell tests. */
static void seg_for(struct tcpfsm_seg *seg, const struct tcpfsm_tcb *tcb,
		    enum tcpfsm_event ev)
{
	static const u8 flags[TCPFSM_NR_EVENTS] = {
		[TCPFSM_EV_SYN]			= TCPFSM_SYN,
		[TCPFSM_EV_SYN_ACK]		= TCPFSM_SYN | TCPFSM_ACK,
		[TCPFSM_EV_ACK]			= TCPFSM_ACK,
		[TCPFSM_EV_ACK_OF_FIN]		= TCPFSM_ACK,
		[TCPFSM_EV_DATA]		= TCPFSM_ACK | TCPFSM_PSH,
		[TCPFSM_EV_FIN]			= TCPFSM_FIN | TCPFSM_ACK,
		[TCPFSM_EV_FIN_ACK]		= TCPFSM_FIN | TCPFSM_ACK,
		[TCPFSM_EV_RST]			= TCPFSM_RST | TCPFSM_ACK,
		[TCPFSM_EV_RST_IN_WINDOW]	= TCPFSM_RST,
		[TCPFSM_EV_UNACCEPTABLE]	= TCPFSM_ACK,
		[TCPFSM_EV_BAD_ACK]		= TCPFSM_ACK,
		[TCPFSM_EV_TEXT_AFTER_CLOSE]	= TCPFSM_ACK | TCPFSM_PSH,
		[TCPFSM_EV_DROP]		= 0,
	};

	memset(seg, 0, sizeof(*seg));
	seg->flags = flags[ev];
	seg->seq = tcb->rcv_nxt;
	seg->ack = tcb->snd_nxt;
	seg->wnd = WND;
	if (ev == TCPFSM_EV_DATA || ev == TCPFSM_EV_TEXT_AFTER_CLOSE)
		seg->datalen = 10;
}

static bool is_segment_event(enum tcpfsm_event ev)
{
	return ev >= TCPFSM_EV_SYN && ev <= TCPFSM_EV_DROP;
}

static const char *state_name(u8 state)
{
	static const char *const names[TCPFSM_MAX_STATES] = {
		[TCPFSM_ESTABLISHED] = "established",
		[TCPFSM_SYN_SENT] = "syn_sent", [TCPFSM_SYN_RECV] = "syn_recv",
		[TCPFSM_FIN_WAIT1] = "fin_wait1", [TCPFSM_FIN_WAIT2] = "fin_wait2",
		[TCPFSM_TIME_WAIT] = "time_wait", [TCPFSM_CLOSE] = "closed",
		[TCPFSM_CLOSE_WAIT] = "close_wait", [TCPFSM_LAST_ACK] = "last_ack",
		[TCPFSM_LISTEN] = "listen", [TCPFSM_CLOSING] = "closing",
	};

	return state < TCPFSM_MAX_STATES && names[state] ? names[state] : "?";
}

/* The parameter of a cell case: its event; the suite gives the state. */
static const void *event_gen(const void *prev, char *desc, u8 state)
{
	const enum tcpfsm_event *first = prev;
	static const enum tcpfsm_event all[TCPFSM_NR_EVENTS] = {
		0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
		18, 19, 20, 21, 22, 23, 24,
	};
	static_assert(TCPFSM_NR_EVENTS == 25, "list every event in all[]");
	const enum tcpfsm_event *ev = first ? first + 1 : &all[0];

	if (ev >= all + TCPFSM_NR_EVENTS)
		return NULL;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s__%s", state_name(state),
		 tcpfsm_event_names[*ev]);
	return ev;
}

static void check_cell(struct kunit *test, u8 state, enum tcpfsm_event ev)
{
	const struct cell_expect *want = &expect[state][ev];
	struct tcpfsm_result res;
	struct tcpfsm_tcb tcb;
	struct tcpfsm_seg seg;

	KUNIT_ASSERT_EQ_MSG(test, want->ev, ev, "expectation rows out of order");
	tcb_in(&tcb, state);
	seg_for(&seg, &tcb, ev);
	tcpfsm_step(&tcb, ev, is_segment_event(ev) ? &seg : NULL, &res);

	KUNIT_EXPECT_NOT_NULL(test, res.action);
	KUNIT_EXPECT_EQ_MSG(test, res.next, want->next, "action %s", res.action);
	KUNIT_EXPECT_EQ_MSG(test, res.cmds & KEY_CMDS, want->cmds,
			    "action %s", res.action);
	KUNIT_EXPECT_EQ_MSG(test, res.err, want->err, "action %s", res.action);
	KUNIT_EXPECT_EQ_MSG(test, res.sk_err, want->sk_err, "action %s",
			    res.action);
	/*
	 * A cell that deletes the TCB ends in CLOSED (or, for a passive child,
	 * back in LISTEN), and a change to CLOSED deletes it.
	 */
	if (res.next != TCPFSM_SAME && !(res.cmds & C(SPAWN_CHILD)))
		KUNIT_EXPECT_EQ(test, res.next == TCPFSM_CLOSE ||
				(state == TCPFSM_SYN_RECV && res.next == TCPFSM_LISTEN),
				!!(res.cmds & C(DELETE_TCB)));
}

static atomic_t cells_checked = ATOMIC_INIT(0);

#define STATE_SUITE(lower, STATE)					\
static const void *lower##_gen(const void *prev, char *desc)		\
{									\
	return event_gen(prev, desc, TCPFSM_##STATE);			\
}									\
static void lower##__cell(struct kunit *test)				\
{									\
	const enum tcpfsm_event *ev = test->param_value;		\
	check_cell(test, TCPFSM_##STATE, *ev);				\
	atomic_inc(&cells_checked);					\
}									\
static struct kunit_case lower##_cases[] = {				\
	KUNIT_CASE_PARAM(lower##__cell, lower##_gen),			\
	{}								\
};									\
static struct kunit_suite lower##_suite = {				\
	.name = "tcpfsm_fsm_" #lower,					\
	.test_cases = lower##_cases,					\
}

STATE_SUITE(closed, CLOSE);
STATE_SUITE(listen, LISTEN);
STATE_SUITE(syn_sent, SYN_SENT);
STATE_SUITE(syn_recv, SYN_RECV);
STATE_SUITE(established, ESTABLISHED);
STATE_SUITE(fin_wait1, FIN_WAIT1);
STATE_SUITE(fin_wait2, FIN_WAIT2);
STATE_SUITE(close_wait, CLOSE_WAIT);
STATE_SUITE(closing, CLOSING);
STATE_SUITE(last_ack, LAST_ACK);
STATE_SUITE(time_wait, TIME_WAIT);

/* Runs after the state suites: every cell has an expectation and a case. */
static void tcpfsm_table__every_cell_has_a_case(struct kunit *test)
{
	unsigned int cells = 0, written = 0;
	int state, ev;

	for (state = TCPFSM_ESTABLISHED; state < TCPFSM_MAX_STATES; state++) {
		for (ev = 0; ev < TCPFSM_NR_EVENTS; ev++) {
			cells += !!tcpfsm_table[ev][state].action;
			written += expect[state][ev].ev == ev;
		}
	}
	kunit_info(test, "table cells: %u, expectations: %u, cell cases run: %d\n",
		   cells, written, atomic_read(&cells_checked));
	KUNIT_EXPECT_EQ(test, cells, (unsigned int)(TCPFSM_MAX_STATES - 1) * TCPFSM_NR_EVENTS);
	KUNIT_EXPECT_EQ(test, written, cells);
	/* The state suites run first, unless a filter left them out. */
	if (atomic_read(&cells_checked))
		KUNIT_EXPECT_EQ(test, (unsigned int)atomic_read(&cells_checked), cells);
}

static void tcpfsm_table__every_event_has_a_name(struct kunit *test)
{
	int ev;

	for (ev = 0; ev < TCPFSM_NR_EVENTS; ev++)
		KUNIT_EXPECT_NOT_NULL(test, tcpfsm_event_names[ev]);
}

static void tcpfsm_table__actions_named_after_rfc_sections(struct kunit *test)
{
	int state, ev;

	for (state = TCPFSM_ESTABLISHED; state < TCPFSM_MAX_STATES; state++)
		for (ev = 0; ev < TCPFSM_NR_EVENTS; ev++)
			KUNIT_EXPECT_EQ(test, 0, strncmp(tcpfsm_table[ev][state].name, "rfc", 3));
}

static void tcpfsm_step__invalid_state_discards(struct kunit *test)
{
	struct tcpfsm_tcb tcb = { .state = 0 };
	struct tcpfsm_result res;

	tcpfsm_step(&tcb, TCPFSM_EV_SYN, NULL, &res);
	KUNIT_EXPECT_EQ(test, res.cmds, (u32)C(DISCARD));
	tcb.state = TCPFSM_MAX_STATES;
	tcpfsm_step(&tcb, TCPFSM_EV_SYN, NULL, &res);
	KUNIT_EXPECT_EQ(test, res.cmds, (u32)C(DISCARD));
	tcb.state = TCPFSM_ESTABLISHED;
	tcpfsm_step(&tcb, TCPFSM_NR_EVENTS, NULL, &res);
	KUNIT_EXPECT_EQ(test, res.cmds, (u32)C(DISCARD));
}

static void tcpfsm_step__active_syn_recv_rst_is_refused(struct kunit *test)
{
	struct tcpfsm_tcb tcb;
	struct tcpfsm_result res;

	tcb_in(&tcb, TCPFSM_SYN_RECV);
	tcb.passive = false;	/* simultaneous open */
	tcpfsm_step(&tcb, TCPFSM_EV_RST, NULL, &res);
	KUNIT_EXPECT_EQ(test, res.next, TCPFSM_CLOSE);
	KUNIT_EXPECT_EQ(test, res.sk_err, ECONNREFUSED);
	tcpfsm_step(&tcb, TCPFSM_EV_RETRANS_GIVE_UP, NULL, &res);
	KUNIT_EXPECT_EQ(test, res.next, TCPFSM_CLOSE);
	KUNIT_EXPECT_EQ(test, res.sk_err, ETIMEDOUT);
}

static void tcpfsm_step__orphan_fin_wait1_ack_of_fin_arms_fin_wait2(struct kunit *test)
{
	struct tcpfsm_tcb tcb;
	struct tcpfsm_result res;
	struct tcpfsm_seg seg;

	tcb_in(&tcb, TCPFSM_FIN_WAIT1);
	tcb.orphan = true;
	seg_for(&seg, &tcb, TCPFSM_EV_ACK_OF_FIN);
	tcpfsm_step(&tcb, TCPFSM_EV_ACK_OF_FIN, &seg, &res);
	KUNIT_EXPECT_EQ(test, res.next, TCPFSM_FIN_WAIT2);
	KUNIT_EXPECT_TRUE(test, res.cmds & C(ARM_FIN_WAIT2));
}

static void tcpfsm_step__listen_segment_without_ack_dropped_quietly(struct kunit *test)
{
	struct tcpfsm_tcb tcb;
	struct tcpfsm_result res;
	struct tcpfsm_seg seg = { .flags = TCPFSM_FIN };

	tcb_in(&tcb, TCPFSM_LISTEN);
	tcpfsm_step(&tcb, TCPFSM_EV_FIN, &seg, &res);
	KUNIT_EXPECT_FALSE(test, res.cmds & C(REPLY_RST));
	KUNIT_EXPECT_TRUE(test, res.cmds & C(DISCARD));
}

static void tcpfsm_step__time_wait_stray_ack_does_not_restart_timer(struct kunit *test)
{
	struct tcpfsm_tcb tcb;
	struct tcpfsm_result res;
	struct tcpfsm_seg seg = { .flags = TCPFSM_ACK, .seq = IRS };

	tcb_in(&tcb, TCPFSM_TIME_WAIT);
	tcpfsm_step(&tcb, TCPFSM_EV_UNACCEPTABLE, &seg, &res);
	KUNIT_EXPECT_TRUE(test, res.cmds & C(CHALLENGE_ACK));
	KUNIT_EXPECT_FALSE(test, res.cmds & C(ARM_TIME_WAIT));
	seg.flags |= TCPFSM_FIN;	/* the peer's FIN, retransmitted */
	tcpfsm_step(&tcb, TCPFSM_EV_UNACCEPTABLE, &seg, &res);
	KUNIT_EXPECT_TRUE(test, res.cmds & C(ARM_TIME_WAIT));
}

static void tcpfsm_step__unacceptable_text_always_acked(struct kunit *test)
{
	struct tcpfsm_tcb tcb;
	struct tcpfsm_result res;
	struct tcpfsm_seg seg = { .flags = TCPFSM_ACK, .seq = IRS + 1,
				  .datalen = 1 };

	/* A window probe with a byte of text gets its ACK, unlimited. */
	tcb_in(&tcb, TCPFSM_ESTABLISHED);
	tcpfsm_step(&tcb, TCPFSM_EV_UNACCEPTABLE, &seg, &res);
	KUNIT_EXPECT_TRUE(test, res.cmds & C(SEND_ACK));
	KUNIT_EXPECT_FALSE(test, res.cmds & C(CHALLENGE_ACK));
	/* A pure ACK out of the window gets one limited per socket. */
	seg.datalen = 0;
	tcpfsm_step(&tcb, TCPFSM_EV_UNACCEPTABLE, &seg, &res);
	KUNIT_EXPECT_FALSE(test, res.cmds & C(SEND_ACK));
	KUNIT_EXPECT_TRUE(test, res.cmds & C(CHALLENGE_ACK));
	/* A FIN again (our ACK of it was lost) is answered, unlimited. */
	seg.flags |= TCPFSM_FIN;
	tcpfsm_step(&tcb, TCPFSM_EV_UNACCEPTABLE, &seg, &res);
	KUNIT_EXPECT_TRUE(test, res.cmds & C(SEND_ACK));
}

static void tcpfsm_step__time_wait_bare_ack_answered_by_nothing(struct kunit *test)
{
	struct tcpfsm_tcb tcb;
	struct tcpfsm_result res;
	struct tcpfsm_seg seg = { .flags = TCPFSM_ACK };

	tcb_in(&tcb, TCPFSM_TIME_WAIT);
	seg.seq = tcb.rcv_nxt;
	seg.ack = tcb.snd_nxt;
	tcpfsm_step(&tcb, TCPFSM_EV_ACK_OF_FIN, &seg, &res);
	KUNIT_EXPECT_FALSE(test, res.cmds & (C(SEND_ACK) | C(CHALLENGE_ACK)));
	tcpfsm_step(&tcb, TCPFSM_EV_ACK, &seg, &res);
	KUNIT_EXPECT_FALSE(test, res.cmds & (C(SEND_ACK) | C(CHALLENGE_ACK)));
}

static struct kunit_case table_cases[] = {
	KUNIT_CASE(tcpfsm_table__every_cell_has_a_case),
	KUNIT_CASE(tcpfsm_table__every_event_has_a_name),
	KUNIT_CASE(tcpfsm_table__actions_named_after_rfc_sections),
	KUNIT_CASE(tcpfsm_step__invalid_state_discards),
	KUNIT_CASE(tcpfsm_step__active_syn_recv_rst_is_refused),
	KUNIT_CASE(tcpfsm_step__orphan_fin_wait1_ack_of_fin_arms_fin_wait2),
	KUNIT_CASE(tcpfsm_step__listen_segment_without_ack_dropped_quietly),
	KUNIT_CASE(tcpfsm_step__time_wait_stray_ack_does_not_restart_timer),
	KUNIT_CASE(tcpfsm_step__unacceptable_text_always_acked),
	KUNIT_CASE(tcpfsm_step__time_wait_bare_ack_answered_by_nothing),
	{}
};

static struct kunit_suite table_suite = {
	.name = "tcpfsm_fsm_table",
	.test_cases = table_cases,
};

kunit_test_suites(&closed_suite, &listen_suite, &syn_sent_suite,
		  &syn_recv_suite, &established_suite, &fin_wait1_suite,
		  &fin_wait2_suite, &close_wait_suite, &closing_suite,
		  &last_ack_suite, &time_wait_suite, &table_suite);
