// SPDX-License-Identifier: GPL-2.0
/* netns.c: per-network-namespace state: defaults, the sysctl table, counters, /proc. */
#include <linux/slab.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>

#include "tcpfsm.h"

unsigned int tcpfsm_net_id __read_mostly;

static const struct tcpfsm_sysctl tcpfsm_sysctl_defaults = {
	.msl_ms			= 30000,
	.keepalive_time		= 7200,
	.keepalive_intvl	= 75,
	.keepalive_probes	= 10,
	.syn_retries		= 6,
	.synack_retries		= 5,
	.retries2		= 15,
	.rto_min_ms		= 200,
	.rto_max_ms		= 120000,
	.rto_initial_ms		= 1000,
	.fin_timeout		= 60,
	.rfc1337		= 1,
	.invalid_ratelimit_ms	= 500,
	.syncookies		= 1,
	.wire_proto		= IPPROTO_TCPFSM,	/* tcpfsm_ipproto, in fact */
	.window_scaling		= 1,
	.timestamps		= 1,
	.sack			= 1,
	.congestion_control	= &tcpfsm_cubic,
};

/* Bounds of the sysctls; a write outside them fails with EINVAL. */
static int zero;
static int one = 1;
static int two = 2;
static int max_msl_ms = 3600 * 1000;
static int max_keepalive = 32767;	/* seconds, as Linux TCP */
static int max_probes = 127;
static int max_retries = 255;
static int max_rto_ms = 120000;		/* RFC 6298 2.5: at least 60 s */
static int max_fin_timeout = 3600;
static int max_ipproto = 255;

/*
 * congestion_control: the algorithm new sockets take, by its name, as
 * Linux's net.ipv4.tcp_congestion_control (proc_tcp_congestion_control()):
 * a name no algorithm has fails with ENOENT.
 */
static int tcpfsm_sysctl_cong(const struct ctl_table *ctl, int write,
			      void *buffer, size_t *lenp, loff_t *ppos)
{
	const struct tcpfsm_cong_ops **cfg = ctl->data;
	char name[TCPFSM_CC_NAME_MAX];
	struct ctl_table tbl = { .data = name, .maxlen = sizeof(name) };
	const struct tcpfsm_cong_ops *ops;
	int err;

	strscpy(name, READ_ONCE(*cfg)->name, sizeof(name));
	err = proc_dostring(&tbl, write, buffer, lenp, ppos);
	if (!write || err)
		return err;
	ops = tcpfsm_cong_find(name);
	if (!ops)
		return -ENOENT;
	WRITE_ONCE(*cfg, ops);
	return 0;
}

/*
 * wire_proto: the IP protocol the namespace's new sockets speak:
 * tcpfsm_ipproto, or 6 for TCP wire mode (wire.c); another value fails
 * with EINVAL.
 */
static int tcpfsm_sysctl_wire(const struct ctl_table *ctl, int write,
			      void *buffer, size_t *lenp, loff_t *ppos)
{
	struct tcpfsm_net *tn = container_of(ctl->data, struct tcpfsm_net,
					     cfg.wire_proto);
	int val = READ_ONCE(tn->cfg.wire_proto);
	struct ctl_table tbl = { .data = &val, .maxlen = sizeof(val) };
	struct net *net = ctl->extra1;
	int err;

	err = proc_dointvec(&tbl, write, buffer, lenp, ppos);
	if (!write || err)
		return err;
	return tcpfsm_wire_set(net, val);
}

/**
 * struct tcpfsm_sysctl_desc - one sysctl: its name, field and bounds.
 * @name: the file under /proc/sys/net/tcpfsm
 * @off: offset of its int in struct tcpfsm_sysctl
 * @min: lowest value accepted
 * @max: highest value accepted
 * @handler: its own handler, NULL for proc_dointvec_minmax(): for
 *	congestion_control, the algorithm's pointer, read and written as a
 *	name of less than TCPFSM_CC_NAME_MAX bytes; for wire_proto, an int
 *	whose handler is given the namespace (in extra1)
 */
struct tcpfsm_sysctl_desc {
	const char *name;
	size_t off;
	int *min;
	int *max;
	proc_handler *handler;
};

#define TCPFSM_SYSCTL(field, lo, hi) \
	{ #field, offsetof(struct tcpfsm_sysctl, field), lo, hi }

static const struct tcpfsm_sysctl_desc tcpfsm_sysctls[] = {
	TCPFSM_SYSCTL(msl_ms, &one, &max_msl_ms),
	TCPFSM_SYSCTL(keepalive_time, &one, &max_keepalive),
	TCPFSM_SYSCTL(keepalive_intvl, &one, &max_keepalive),
	TCPFSM_SYSCTL(keepalive_probes, &one, &max_probes),
	TCPFSM_SYSCTL(syn_retries, &one, &max_probes),
	TCPFSM_SYSCTL(synack_retries, &zero, &max_probes),
	TCPFSM_SYSCTL(retries2, &zero, &max_retries),
	TCPFSM_SYSCTL(rto_min_ms, &one, &max_rto_ms),
	TCPFSM_SYSCTL(rto_max_ms, &one, &max_rto_ms),
	TCPFSM_SYSCTL(rto_initial_ms, &one, &max_rto_ms),
	TCPFSM_SYSCTL(fin_timeout, &one, &max_fin_timeout),
	TCPFSM_SYSCTL(rfc1337, &zero, &one),
	TCPFSM_SYSCTL(invalid_ratelimit_ms, &zero, &max_rto_ms),
	TCPFSM_SYSCTL(syncookies, &zero, &two),
	TCPFSM_SYSCTL(window_scaling, &zero, &one),
	TCPFSM_SYSCTL(timestamps, &zero, &one),
	TCPFSM_SYSCTL(sack, &zero, &one),
	{ "wire_proto", offsetof(struct tcpfsm_sysctl, wire_proto),
	  &one, &max_ipproto, tcpfsm_sysctl_wire },
	{ "congestion_control", offsetof(struct tcpfsm_sysctl, congestion_control),
	  NULL, NULL, tcpfsm_sysctl_cong },
};

/**
 * tcpfsm_oow_gap() - the least time between two limited ACKs of a socket.
 * @net: the namespace
 *
 * Return: invalid_ratelimit_ms in jiffies (tcpfsm_oow_allow()).
 */
u32 tcpfsm_oow_gap(const struct net *net)
{
	return msecs_to_jiffies(READ_ONCE(tcpfsm_pernet(net)->cfg.invalid_ratelimit_ms));
}

static int tcpfsm_sysctl_init_net(struct net *net, struct tcpfsm_net *tn)
{
	const size_t n = ARRAY_SIZE(tcpfsm_sysctls);
	struct ctl_table *table;
	size_t i;

	table = kcalloc(n, sizeof(*table), GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		table[i].procname = tcpfsm_sysctls[i].name;
		table[i].data = (char *)&tn->cfg + tcpfsm_sysctls[i].off;
		table[i].maxlen = sizeof(int);
		table[i].mode = 0644;
		table[i].proc_handler = proc_dointvec_minmax;
		table[i].extra1 = tcpfsm_sysctls[i].min;
		table[i].extra2 = tcpfsm_sysctls[i].max;
		if (tcpfsm_sysctls[i].handler == tcpfsm_sysctl_cong) {
			/*
			 * The field is the algorithm's pointer; the handler
			 * reads and writes the name through its own buffer.
			 */
			table[i].maxlen = sizeof(const struct tcpfsm_cong_ops *);
			table[i].proc_handler = tcpfsm_sysctl_cong;
		} else if (tcpfsm_sysctls[i].handler) {
			table[i].proc_handler = tcpfsm_sysctls[i].handler;
			table[i].extra1 = net;
		}
	}
	tn->sysctl_hdr = register_net_sysctl_sz(net, "net/tcpfsm", table, n);
	if (!tn->sysctl_hdr) {
		kfree(table);
		return -ENOMEM;
	}
	return 0;
}

static void tcpfsm_sysctl_exit_net(struct tcpfsm_net *tn)
{
	const struct ctl_table *table = tn->sysctl_hdr->ctl_table_arg;

	unregister_net_sysctl_table(tn->sysctl_hdr);
	kfree(table);
}

static int __net_init tcpfsm_init_net(struct net *net)
{
	struct tcpfsm_net *tn = tcpfsm_pernet(net);
	int err;

	tn->cfg = tcpfsm_sysctl_defaults;
	tcpfsm_wire_init_net(net);
	/*
	 * A new namespace starts with the algorithm the initial one has now,
	 * as Linux's tcp_sk_init() copies init_net's tcp_congestion_control.
	 */
	if (!net_eq(net, &init_net))
		tn->cfg.congestion_control =
			READ_ONCE(tcpfsm_pernet(&init_net)->cfg.congestion_control);
	atomic_set(&tn->curr_estab, 0);
	tn->mib = alloc_percpu(struct tcpfsm_mib);
	if (!tn->mib)
		return -ENOMEM;
	err = tcpfsm_sysctl_init_net(net, tn);
	if (err)
		goto free_mib;
	err = tcpfsm_proc_init_net(net);
	if (err)
		goto exit_sysctl;
	return 0;

exit_sysctl:
	tcpfsm_sysctl_exit_net(tn);
free_mib:
	free_percpu(tn->mib);
	return err;
}

static void __net_exit tcpfsm_exit_net(struct net *net)
{
	struct tcpfsm_net *tn = tcpfsm_pernet(net);

	/* No wire_proto write may run once the hook is gone. */
	tcpfsm_sysctl_exit_net(tn);
	tcpfsm_tw_purge_net(net);
	tcpfsm_wire_exit_net(net);
	tcpfsm_proc_exit_net(net);
	free_percpu(tn->mib);
}

static struct pernet_operations tcpfsm_net_ops = {
	.init	= tcpfsm_init_net,
	.exit	= tcpfsm_exit_net,
	.id	= &tcpfsm_net_id,
	.size	= sizeof(struct tcpfsm_net),
};

/**
 * tcpfsm_net_register() - set tcpfsm up in every namespace, present and new.
 *
 * Return: 0 or a negative errno.
 */
int tcpfsm_net_register(void)
{
	return register_pernet_subsys(&tcpfsm_net_ops);
}

/**
 * tcpfsm_net_unregister() - undo tcpfsm_net_register().
 */
void tcpfsm_net_unregister(void)
{
	unregister_pernet_subsys(&tcpfsm_net_ops);
}
