# Makefile: entry points: build the module (KDIR=...), check, check-stock, bench, demo, state-machine, clean.
KDIR ?= /lib/modules/$(shell uname -r)/build
PWD := $(shell pwd)

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(PWD) modules

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

.PHONY: all modules check check-stock bench demo state-machine clean
