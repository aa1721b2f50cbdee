# Makefile: entry points: build the module (KDIR=...), install/uninstall, DKMS, check, check-stock, bench, demo, state-machine, clean.
KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
PWD := $(shell pwd)

# tcpfsm's version is written in one place, dkms.conf's PACKAGE_VERSION.
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' dkms.conf)

# make install: the module into /lib/modules/$(KVER)/updates, the rest
# under $(PREFIX); DESTDIR stages it all elsewhere.
PREFIX ?= /usr/local
DESTDIR ?=
MODDIR = $(DESTDIR)/lib/modules/$(KVER)
BINDIR = $(DESTDIR)$(PREFIX)/bin
INCDIR = $(DESTDIR)$(PREFIX)/include/linux
LIBDIR = $(DESTDIR)$(PREFIX)/lib
MANDIR = $(DESTDIR)$(PREFIX)/share/man
# What a user runs; tcpfsm-bench and tcpfsm-fsmdot drive 'make bench' and
# 'make state-machine' from this tree and stay here.
TOOLS := tcpfsm-cat tcpfsm-stat
# LD_PRELOAD=$(PREFIX)/lib/libtcpfsm-preload.so PROGRAM: its TCP on tcpfsm.
PRELOAD_LIB := libtcpfsm-preload.so
MAN1 := $(wildcard man/*.1)
MAN7 := $(wildcard man/*.7)
# The files of a DKMS source tree (/usr/src/tcpfsm-$(VERSION)).
DKMS_FILES := Kbuild Makefile dkms.conf module/Kbuild $(wildcard module/*.[ch]) \
	include/uapi/linux/tcpfsm.h
DKMS_SRC ?= /usr/src/tcpfsm-$(VERSION)
# DKMS_FLAGS: options for every dkms command (scripts/dkms-test.sh moves
# DKMS's trees into a temporary directory with them).  dkms runs as it
# would from a shell: without this make's flags and variables.
DKMS = env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL dkms $(DKMS_FLAGS)

# Debian's headers carry no module signing key: kbuild's SIGN step in
# modules_install could only fail (noisily, and harmlessly for an external
# module), so it is skipped unless the key is there.
sig_key = $(shell sed -n 's/^CONFIG_MODULE_SIG_KEY="\(.*\)"$$/\1/p' $(KDIR)/.config 2>/dev/null)
nosign = $(if $(sig_key),$(if $(filter pkcs11:%,$(sig_key))$(wildcard $(KDIR)/$(sig_key) $(sig_key)),,CONFIG_MODULE_SIG_ALL=))

all: modules

version:
	@echo $(VERSION)

modules:
	$(MAKE) -C $(KDIR) M=$(PWD) modules

# The module alone, through module/Kbuild (never the KUnit module), into
# updates/, then depmod so that 'modprobe tcpfsm' finds it.
install-module:
	@krel=$$(cat $(KDIR)/include/config/kernel.release 2>/dev/null) || \
		{ echo "install: no kernel build tree in $(KDIR) (linux-headers-$(KVER)?)" >&2; exit 1; }; \
	[ "$$krel" = "$(KVER)" ] || { echo "install: $(KDIR) builds for $$krel, not KVER=$(KVER)" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR)/module modules
	$(MAKE) -C $(KDIR) M=$(CURDIR)/module INSTALL_MOD_DIR=updates \
		$(if $(DESTDIR),INSTALL_MOD_PATH=$(abspath $(DESTDIR))) $(nosign) modules_install
	depmod $(if $(DESTDIR),-b $(DESTDIR)) $(KVER)

install-tools:
	$(MAKE) -C tools $(TOOLS) $(PRELOAD_LIB)
	install -d $(BINDIR)
	install -m 755 $(addprefix tools/,$(TOOLS)) $(BINDIR)/
	install -d $(LIBDIR)
	install -m 644 tools/$(PRELOAD_LIB) $(LIBDIR)/
	install -d $(INCDIR)
	install -m 644 include/uapi/linux/tcpfsm.h $(INCDIR)/

install-man:
ifneq ($(MAN1),)
	install -d $(MANDIR)/man1
	install -m 644 $(MAN1) $(MANDIR)/man1/
endif
ifneq ($(MAN7),)
	install -d $(MANDIR)/man7
	install -m 644 $(MAN7) $(MANDIR)/man7/
endif

install: install-module install-tools install-man

# Exactly what install put.  In a staging DESTDIR that holds no other
# module, depmod's indexes were install's too and go with it.
uninstall:
	rm -f $(MODDIR)/updates/tcpfsm.ko $(MODDIR)/updates/tcpfsm.ko.*
	@if [ -n "$(DESTDIR)" ] && [ ! -e $(MODDIR)/modules.order ] && \
	    [ -z "$$(find $(MODDIR) -name '*.ko*' 2>/dev/null)" ]; then \
		echo "rm -f $(MODDIR)/modules.*"; rm -f $(MODDIR)/modules.*; \
	elif [ -d $(MODDIR) ]; then \
		echo "depmod $(if $(DESTDIR),-b $(DESTDIR)) $(KVER)"; \
		depmod $(if $(DESTDIR),-b $(DESTDIR)) $(KVER); \
	fi
	rm -f $(addprefix $(BINDIR)/,$(TOOLS)) $(INCDIR)/tcpfsm.h $(LIBDIR)/$(PRELOAD_LIB)
	rm -f $(addprefix $(MANDIR)/man1/,$(notdir $(MAN1))) \
		$(addprefix $(MANDIR)/man7/,$(notdir $(MAN7)))

# A DKMS source tree: the module's sources and dkms.conf, nothing built.
dkms-source:
	@[ -n "$(VERSION)" ] || { echo "dkms: no PACKAGE_VERSION in dkms.conf" >&2; exit 1; }
	rm -rf $(DKMS_SRC)
	for f in $(DKMS_FILES); do install -D -m 644 $$f $(DKMS_SRC)/$$f || exit 1; done

# DKMS builds and installs it for $(KVER) now, and for each 6.12 kernel
# installed later (AUTOINSTALL).
dkms-install:
	@if $(DKMS) status -m tcpfsm -v $(VERSION) | grep -q .; then \
		echo "dkms-install: tcpfsm/$(VERSION) is in DKMS already: make dkms-remove first" >&2; exit 1; fi
	$(MAKE) --no-print-directory dkms-source
	$(DKMS) add -m tcpfsm -v $(VERSION)
	$(DKMS) build -m tcpfsm -v $(VERSION) -k $(KVER) --kernelsourcedir $(KDIR)
	$(DKMS) install -m tcpfsm -v $(VERSION) -k $(KVER) --kernelsourcedir $(KDIR)

dkms-remove:
	if $(DKMS) status -m tcpfsm -v $(VERSION) | grep -q .; then \
		$(DKMS) remove -m tcpfsm -v $(VERSION) --all; fi
	rm -rf $(DKMS_SRC)

check:
	bash scripts/check.sh

# The module built against Debian's stock headers, loaded into Debian's
# stock kernel in QEMU, the socket tests run there (also a step of check).
check-stock:
	bash scripts/check-stock.sh

demo:
	bash scripts/demo.sh

# Every benchmark, AF_TCPFSM against AF_INET, on a non-debug kernel; results
# and charts in build/bench/.
bench:
	bash scripts/bench.sh

# The state diagram and the table in words, generated from module/fsm.c.
state-machine:
	$(MAKE) -C tools tcpfsm-fsmdot
	tools/tcpfsm-fsmdot --dot > Documentation/state-machine.dot
	tools/tcpfsm-fsmdot --rst > Documentation/state-table.inc
	dot -Tsvg Documentation/state-machine.dot > Documentation/state-machine.svg

clean:
	$(MAKE) -C $(KDIR) M=$(PWD) clean 2>/dev/null || true
	$(MAKE) -C tools clean
	$(MAKE) -C tests clean

.PHONY: all version modules install install-module install-tools install-man uninstall \
	dkms-source dkms-install dkms-remove check check-stock bench demo state-machine clean
