#!/usr/bin/env python3
"""ktap-counts.py: passed, failed and skipped test cases in kunit.py's JSON results.

usage: ktap-counts.py RESULTS.json...

Prints "PASSED FAILED SKIPPED" summed over the files; each failed case (and
each file with no results, counted as one failure) is named on stderr.
"""
import json
import sys


def walk(group, counts):
    for case in group.get("test_cases", []):
        status = case["status"]
        if status == "PASS":
            counts[0] += 1
        elif status == "SKIP":
            counts[2] += 1
        else:
            counts[1] += 1
            print("failed: %s.%s" % (group.get("name"), case["name"]), file=sys.stderr)
    for sub in group.get("sub_groups", []):
        walk(sub, counts)


def main():
    counts = [0, 0, 0]
    for path in sys.argv[1:]:
        try:
            with open(path) as f:
                walk(json.load(f), counts)
        except (OSError, ValueError):
            counts[1] += 1
            print("failed: no results in %s" % path, file=sys.stderr)
    print(*counts)


if __name__ == "__main__":
    main()
