#!/usr/bin/env python3
# test-times.py: check.sh's timing report: each socket test's wall time in the guest against its limit (informational).
#
# usage: test-times.py LIMITS_DIR TIMES_DIR [TABLE]
#
# LIMITS_DIR/PROG holds what PROG printed with TCPFSM_LIST_LIMITS=1
# ("scale S", "test LIMIT_S BASE_S NAME"); TIMES_DIR/PROG its output in the
# guest, each line after the time it was read (guest-check.sh).  A test's
# time runs from the harness's "#  RUN NAME ..." line to its "# OK NAME" or
# "# FAIL NAME" line.  Prints, per program, the slowest test with its time
# and limit, and a warning for every test that took more than a third of
# its limit; TABLE, if given, gets every test.  Never fails a run: the
# tests assert behaviour, not speed.
import os
import re
import sys

RUN = re.compile(r"^#  RUN\s+(\S+) \.\.\.$")
END = re.compile(r"^#\s+(OK|FAIL)\s+(\S+)$")


def limits_of(path):
    scale, limits = None, {}
    with open(path) as f:
        for line in f:
            w = line.split()
            if len(w) == 2 and w[0] == "scale":
                scale = w[1]
            elif len(w) == 4 and w[0] == "test":
                limits[w[3]] = (int(w[1]), int(w[2]))
    return scale, limits


def times_of(path):
    start, took, order = {}, {}, []
    with open(path, errors="replace") as f:
        for line in f:
            ts, _, text = line.rstrip("\n").partition(" ")
            try:
                t = float(ts)
            except ValueError:
                continue
            m = RUN.match(text)
            if m:
                start[m.group(1)] = t
                order.append(m.group(1))
                continue
            m = END.match(text)
            if m and m.group(2) in start:
                took[m.group(2)] = t - start[m.group(2)]
    # A test that started and never ended: the program was killed in it.
    unfinished = [n for n in order if n not in took]
    return took, unfinished


def main():
    limits_dir, times_dir = sys.argv[1], sys.argv[2]
    table = open(sys.argv[3], "w") if len(sys.argv) > 3 else None
    warnings = []
    for prog in sorted(os.listdir(limits_dir)):
        scale, limits = limits_of(os.path.join(limits_dir, prog))
        tpath = os.path.join(times_dir, prog)
        if not os.path.exists(tpath):
            print("%-12s not run" % prog)
            continue
        took, unfinished = times_of(tpath)
        for name in unfinished:
            print("%-12s %s: started, never ended" % (prog, name))
        if not took:
            print("%-12s no test ended" % prog)
            continue
        for name, secs in sorted(took.items(), key=lambda kv: -kv[1]):
            limit, base = limits.get(name, (0, 0))
            if table:
                table.write("%s %s %.1f %d %d\n" % (prog, name, secs, limit, base))
            if limit and secs > limit / 3:
                warnings.append("%s %s: %.1f s, more than a third of its "
                                "limit %d s" % (prog, name, secs, limit))
        name, secs = max(took.items(), key=lambda kv: kv[1])
        limit, base = limits.get(name, (0, 0))
        print("%-12s slowest %s: %.1f s of its %d s (base %d s x scale %s); "
              "all %d tests %.1f s" % (prog, name, secs, limit, base, scale,
                                       len(took), sum(took.values())))
    for w in warnings:
        print("check: warning: %s" % w)
    if table:
        table.close()


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # informational only: never fail the run
        print("test-times: %s" % e)
