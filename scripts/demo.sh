#!/usr/bin/env bash
# demo.sh: 'make demo': builds what is needed, boots the VM and plays the demo story in it.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
bash scripts/deps.sh
eval "$(bash scripts/build-kernel.sh)"
make -s -C "$KBUILD" M="$top" modules > /dev/null
make -s -C tools
exec bash scripts/vm-run.sh -o build/demo -- python3 scripts/demo-guest.py
