# Makefile: entry points: build the module (KDIR=...), check, demo, clean.
KDIR ?= /lib/modules/$(shell uname -r)/build
PWD := $(shell pwd)

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(PWD) modules

check:
	bash scripts/check.sh

demo:
	bash scripts/demo.sh

clean:
	$(MAKE) -C $(KDIR) M=$(PWD) clean 2>/dev/null || true
	$(MAKE) -C tools clean
	$(MAKE) -C tests clean

.PHONY: all modules check demo clean
