// SPDX-License-Identifier: GPL-2.0
/* main.c: module parameters, and init/exit that unwind exactly what succeeded. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/socket.h>
#include <kunit/visibility.h>

#include "tcpfsm.h"

int tcpfsm_family = AF_TCPFSM;
EXPORT_SYMBOL_IF_KUNIT(tcpfsm_family);
module_param_named(family, tcpfsm_family, int, 0444);
MODULE_PARM_DESC(family, "address family number (default 22, the AF_SNA slot)");

int tcpfsm_ipproto = IPPROTO_TCPFSM;
module_param_named(ipproto, tcpfsm_ipproto, int, 0444);
MODULE_PARM_DESC(ipproto, "IP protocol number on the wire (default 253)");

static int __init tcpfsm_init(void)
{
	int err;

	if (tcpfsm_family <= AF_UNSPEC || tcpfsm_family >= AF_MAX) {
		pr_err("family=%d is outside 1..%d\n", tcpfsm_family,
		       AF_MAX - 1);
		return -EINVAL;
	}
	if (tcpfsm_ipproto <= 0 || tcpfsm_ipproto > 255) {
		pr_err("ipproto=%d is outside 1..255\n", tcpfsm_ipproto);
		return -EINVAL;
	}

	tcpfsm_conn_init();
	err = tcpfsm_ports_init();
	if (err)
		return err;
	err = tcpfsm_lookup_init();
	if (err)
		goto out_ports;
	err = tcpfsm_tw_init();
	if (err)
		goto out_lookup;
	err = tcpfsm_net_register();
	if (err)
		goto out_tw;
	err = tcpfsm_input_register();
	if (err)
		goto out_net;
	err = tcpfsm_offload_register();
	if (err)
		goto out_input;
	err = tcpfsm_socket_register();
	if (err)
		goto out_offload;
	pr_info("family %d, IP protocol %d\n", tcpfsm_family, tcpfsm_ipproto);
	return 0;

out_offload:
	tcpfsm_offload_unregister();
out_input:
	tcpfsm_input_unregister();
out_net:
	tcpfsm_net_unregister();
	tcpfsm_wire_exit();
out_tw:
	tcpfsm_tw_exit();
out_lookup:
	tcpfsm_lookup_exit();
out_ports:
	tcpfsm_ports_exit();
	return err;
}

static void __exit tcpfsm_exit(void)
{
	tcpfsm_socket_unregister();
	tcpfsm_offload_unregister();
	tcpfsm_input_unregister();
	tcpfsm_net_unregister();
	tcpfsm_wire_exit();
	tcpfsm_tw_exit();
	tcpfsm_lookup_exit();
	tcpfsm_ports_exit();
}

module_init(tcpfsm_init);
module_exit(tcpfsm_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("tcpfsm: the RFC 9293 TCP state machine as its own address family");
MODULE_ALIAS_NETPROTO(AF_TCPFSM);
