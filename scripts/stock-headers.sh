#!/usr/bin/env bash
# stock-headers.sh: prints the newest Debian 6.12 stock headers tree (/usr/src/linux-headers-6.12.*-amd64), or nothing.
#
# The one place that chooses the stock kernel the module is built for and
# tested on: check.sh, check-stock.sh, dkms-test.sh and install-test.sh
# call it.  The cloud and rt flavours are not the kernel users run.
compgen -G '/usr/src/linux-headers-6.12.*-amd64' | grep -vE -- '-(cloud|rt)-amd64$' |
	sort -V | tail -n1
