/* SPDX-License-Identifier: GPL-2.0 */
/* tcpfsm.h: the module's internal interfaces: sockets, per-netns state, counters. */
#ifndef _TCPFSM_H
#define _TCPFSM_H

#include <linux/percpu.h>
#include <linux/tcp.h>
#include <net/inet_sock.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <uapi/linux/tcpfsm.h>

extern int tcpfsm_family;
extern int tcpfsm_ipproto;

/**
 * struct tcpfsm_sock - an AF_TCPFSM socket.
 * @inet: the IPv4 socket it is; inet.sk.sk_state holds enum tcpfsm_state.
 * @bind_node: link in the bind table while the socket owns a local port.
 */
struct tcpfsm_sock {
	struct inet_sock inet;
	struct hlist_node bind_node;
};

static inline struct tcpfsm_sock *tcpfsm_sk(const struct sock *sk)
{
	return (struct tcpfsm_sock *)sk;
}

/* The counters of /proc/net/tcpfsm_stat, besides the transition matrix. */
enum tcpfsm_mib_field {
	TCPFSM_MIB_ACTIVEOPENS,
	TCPFSM_MIB_PASSIVEOPENS,
	TCPFSM_MIB_ATTEMPTFAILS,
	TCPFSM_MIB_ESTABRESETS,
	TCPFSM_MIB_INSEGS,
	TCPFSM_MIB_OUTSEGS,
	TCPFSM_MIB_RETRANSSEGS,
	TCPFSM_MIB_INERRS,
	TCPFSM_MIB_INCSUMERRORS,
	TCPFSM_MIB_OUTRSTS,
	TCPFSM_MIB_MAX
};

/**
 * struct tcpfsm_mib - one CPU's share of a namespace's counters.
 * @mibs: the named counters, indexed by enum tcpfsm_mib_field.
 * @trans: state transitions taken, [from][to].
 */
struct tcpfsm_mib {
	unsigned long mibs[TCPFSM_MIB_MAX];
	unsigned long trans[TCPFSM_MAX_STATES][TCPFSM_MAX_STATES];
};

/**
 * struct tcpfsm_sysctl - the tunables of /proc/sys/net/tcpfsm.
 * Each is an int so that proc_dointvec_minmax() can range-check it.
 */
struct tcpfsm_sysctl {
	int msl_ms;
	int keepalive_time;
	int keepalive_intvl;
	int keepalive_probes;
	int syn_retries;
	int synack_retries;
	int retries2;
	int rto_min_ms;
	int rto_max_ms;
	int rto_initial_ms;
	int fin_timeout;
	int rfc1337;
};

/**
 * struct tcpfsm_net - tcpfsm's state in one network namespace.
 * @cfg: the sysctls.
 * @sysctl_hdr: the registered sysctl table.
 * @mib: per-CPU counters.
 * @curr_estab: connections now in ESTABLISHED or CLOSE_WAIT (CurrEstab).
 */
struct tcpfsm_net {
	struct tcpfsm_sysctl cfg;
	struct ctl_table_header *sysctl_hdr;
	struct tcpfsm_mib __percpu *mib;
	atomic_t curr_estab;
};

extern unsigned int tcpfsm_net_id;

static inline struct tcpfsm_net *tcpfsm_pernet(const struct net *net)
{
	return net_generic(net, tcpfsm_net_id);
}

#define TCPFSM_INC_STATS(net, field) \
	this_cpu_inc(tcpfsm_pernet(net)->mib->mibs[field])

/* netns.c */
int tcpfsm_net_register(void);
void tcpfsm_net_unregister(void);

/* proc.c */
int tcpfsm_proc_init_net(struct net *net);
void tcpfsm_proc_exit_net(struct net *net);
extern const char *const tcpfsm_state_names[TCPFSM_MAX_STATES];

/* ports.c */
int tcpfsm_ports_init(void);
void tcpfsm_ports_exit(void);
int tcpfsm_port_get(struct sock *sk, __be32 addr, u16 port);
void tcpfsm_port_put(struct sock *sk);
struct sock *tcpfsm_ports_walk(struct net *net, unsigned int *bucket,
			       unsigned int *offset);

/* state.c */
void tcpfsm_set_state(struct sock *sk, int new);

/* socket.c */
int tcpfsm_socket_register(void);
void tcpfsm_socket_unregister(void);

/* input.c */
int tcpfsm_input_register(void);
void tcpfsm_input_unregister(void);

/* output.c */
void tcpfsm_send_reply(struct net *net, __be32 saddr, __be32 daddr,
		       __be16 sport, __be16 dport, u32 seq, u32 ack,
		       u8 flags, u16 window);

#endif /* _TCPFSM_H */
