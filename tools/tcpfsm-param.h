/* SPDX-License-Identifier: GPL-2.0 */
/* tcpfsm-param.h: the loaded module's parameters (family, ipproto) for the tools and the tests. */
#ifndef TCPFSM_PARAM_H
#define TCPFSM_PARAM_H

#include <stdio.h>

#include <linux/tcpfsm.h>

/* /sys/module/tcpfsm/parameters/@name, or @dflt when it cannot be read. */
static inline int tcpfsm_param(const char *name, int dflt)
{
	char path[128];
	int v = dflt;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/tcpfsm/parameters/%s", name);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = dflt;
		fclose(f);
	}
	return v;
}

/* The address family in use. */
static inline int tcpfsm_af(void)
{
	return tcpfsm_param("family", AF_TCPFSM);
}

/* The IP protocol number in use. */
static inline int tcpfsm_proto(void)
{
	return tcpfsm_param("ipproto", IPPROTO_TCPFSM);
}

#endif /* TCPFSM_PARAM_H */
