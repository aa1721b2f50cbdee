/* SPDX-License-Identifier: GPL-2.0 */
/* tcpfsm-param.h: the loaded module's parameters (family, ipproto) for the tools and the tests. */
#ifndef TCPFSM_PARAM_H
#define TCPFSM_PARAM_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>

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

/*
 * TCPFSM_FAMILY=inet in the environment points the tests and tools at
 * Linux TCP instead (AF_INET, IP protocol 6), to show that a test tests
 * TCP's behaviour and not tcpfsm's own idea of it.  SOL_TCPFSM and its
 * option numbers are SOL_TCP's.
 */
static inline int tcpfsm_family_is_inet(void)
{
	const char *f = getenv("TCPFSM_FAMILY");

	return f && !strcmp(f, "inet");
}

/*
 * TCPFSM_FAMILY=tcpwire: tcpfsm's sockets in TCP wire mode (its sysctl
 * wire_proto at 6 in every namespace the tests use): AF_TCPFSM, IP
 * protocol 6, so that a raw peer of protocol 6 sees the same
 * conversation as one of 253.
 */
static inline int tcpfsm_wire_is_tcp(void)
{
	const char *f = getenv("TCPFSM_FAMILY");

	return f && !strcmp(f, "tcpwire");
}

/* The address family in use. */
static inline int tcpfsm_af(void)
{
	if (tcpfsm_family_is_inet())
		return AF_INET;
	return tcpfsm_param("family", AF_TCPFSM);
}

/* The IP protocol number in use. */
static inline int tcpfsm_proto(void)
{
	if (tcpfsm_family_is_inet() || tcpfsm_wire_is_tcp())
		return IPPROTO_TCP;
	return tcpfsm_param("ipproto", IPPROTO_TCPFSM);
}

#endif /* TCPFSM_PARAM_H */
