// SPDX-License-Identifier: GPL-2.0
/* tcpfsm-cat.c: a netcat for AF_TCPFSM: listen or connect, stdin to the socket, the socket to stdout. */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include <linux/tcpfsm.h>

#include "tcpfsm-param.h"

static void usage(const char *me)
{
	fprintf(stderr,
		"usage: %s [options] HOST PORT      connect\n"
		"       %s [options] -l [HOST] PORT  listen, serve one connection\n"
		"  -l, --listen      listen instead of connecting\n"
		"  --linger0         close with SO_LINGER {1, 0}: abort with a RST\n"
		"  --half-close      at EOF on stdin, shutdown(SHUT_WR) and keep reading\n"
		"  -q, --quiet       no messages on stderr\n", me, me);
	exit(2);
}

static int quiet;

static void note(const char *what)
{
	if (!quiet)
		fprintf(stderr, "tcpfsm-cat: %s\n", what);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", no_argument, NULL, 'l' },
		{ "linger0", no_argument, NULL, 'L' },
		{ "half-close", no_argument, NULL, 'H' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int listening = 0, linger0 = 0, half = 0, c, fd, one = 1;
	struct sockaddr_tcpfsm a;
	const char *host = "0.0.0.0";
	struct pollfd pfd[2];
	char buf[65536];
	int in_open = 1;

	while ((c = getopt_long(argc, argv, "lqh", opts, NULL)) != -1) {
		switch (c) {
		case 'l': listening = 1; break;
		case 'L': linger0 = 1; break;
		case 'H': half = 1; break;
		case 'q': quiet = 1; break;
		default: usage(argv[0]);
		}
	}
	if (argc - optind == 2)
		host = argv[optind++];
	else if (argc - optind != 1 || !listening)
		usage(argv[0]);

	memset(&a, 0, sizeof(a));
	a.stf_family = tcpfsm_af();
	a.stf_port = htons(atoi(argv[optind]));
	if (inet_pton(AF_INET, host, &a.stf_addr) != 1)
		usage(argv[0]);

	fd = socket(tcpfsm_af(), SOCK_STREAM, 0);
	if (fd < 0) {
		perror("socket (is tcpfsm.ko loaded?)");
		return 1;
	}
	if (listening) {
		int lfd = fd;

		setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(lfd, (struct sockaddr *)&a, sizeof(a)) || listen(lfd, 1)) {
			perror("bind/listen");
			return 1;
		}
		note("listening");
		fd = accept(lfd, NULL, NULL);
		close(lfd);
		if (fd < 0) {
			perror("accept");
			return 1;
		}
		note("connection accepted");
	} else {
		if (connect(fd, (struct sockaddr *)&a, sizeof(a))) {
			fprintf(stderr, "tcpfsm-cat: connect: %s\n", strerror(errno));
			return 1;
		}
		note("connected");
	}
	if (linger0) {
		struct linger l = { .l_onoff = 1, .l_linger = 0 };

		setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	}

	pfd[0] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = fd, .events = POLLIN };
	for (;;) {
		ssize_t n;

		if (poll(pfd, 2, -1) < 0)
			break;
		if (in_open && (pfd[0].revents & (POLLIN | POLLHUP))) {
			n = read(STDIN_FILENO, buf, sizeof(buf));
			if (n > 0) {
				if (send(fd, buf, n, MSG_NOSIGNAL) != n) {
					perror("send");
					break;
				}
			} else {
				in_open = 0;
				pfd[0].fd = -1;
				if (!half)
					break;
				shutdown(fd, SHUT_WR);
				note("sent FIN (half-close); still reading");
			}
		}
		if (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = recv(fd, buf, sizeof(buf), 0);
			if (n < 0) {
				fprintf(stderr, "tcpfsm-cat: recv: %s\n", strerror(errno));
				break;
			}
			if (n == 0) {
				note("peer closed (FIN)");
				break;
			}
			if (write(STDOUT_FILENO, buf, n) != n)
				break;
		}
	}
	close(fd);
	return 0;
}
