#!/usr/bin/env python3
# bench-report.py: reads build/bench/bench.jsonl; writes the table of medians and ratios, results.json and the PNG charts.
"""Usage: bench-report.py DIR [DOCDIR]

DIR/bench.jsonl holds one JSON object per benchmark run (tcpfsm-bench's
output with "path" and "round" added).  Writes DIR/table.txt (also
printed), DIR/results.json, DIR/ratios.png and DIR/figures.png; with
DOCDIR, records the run there too (performance-results.inc and the charts).
"""
import json
import statistics
import sys
from pathlib import Path

# (test, key, label, unit, bar): bar is (op, limit) on tcpfsm / TCP, or
# ("abs<=", limit) on tcpfsm's own value, or ("abs<=,<=", limit, ratio)
# for both, or ("abs in", low, high) for tcpfsm's own value within
# [low, high], or None (shown, not judged); or a dict of them by path.
FIGURES = [
    ("stream", "MBps", "stream throughput", "MB/s",
     {"lo": (">=", 1.0), "veth": (">=", 0.9), "wire": (">=", 0.9)}),
    ("rr", "tps", "rr transactions/s", "1/s", (">=", 1.0)),
    ("rr", "p50_us", "rr latency p50", "us", None),
    ("rr", "p99_us", "rr latency p99", "us", None),
    ("crr", "cps", "crr connections/s", "1/s", (">=", 1.0)),
    ("scale", "bytes_per_conn", "memory per established connection", "B",
     ("<=", 1.0)),
    ("scale", "rr_idle_ratio", "rr latency beside N idle / alone", "",
     ("abs<=", 1.2)),
    ("scale", "proc_read_ms", "/proc table read time", "ms", ("<=", 1.0)),
    ("time_wait", "bytes_per_tw", "memory per TIME_WAIT entry", "B",
     ("abs<=,<=", 256, 1.0)),
    ("time_wait", "tw_objsize", "TIME_WAIT object size", "B", None),
    ("tw_lateness", "p99_ms", "TIME_WAIT expiry lateness p99", "ms",
     ("abs<=", 5.0)),
    ("tw_lateness", "p50_ms", "TIME_WAIT expiry lateness p50", "ms", None),
    ("idle", "cpu_busy_pct", "guest CPU while idle", "%", None),
    ("netem", "secs", "16 MiB via 10 ms + 1% loss, time", "s",
     ("<=", 1.1)),
    ("fair", "MBps", "tbf 100 Mbit/s shared, rate", "MB/s", None),
    ("fair", "share", "tbf 100 Mbit/s shared, share", "",
     ("abs in", 0.4, 0.6)),
]


def load(path):
    runs = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith("{"):
            r = json.loads(line)
            if r.get("test") == "scale" and r.get("rr_p50_us_alone"):
                r["rr_idle_ratio"] = r["rr_p50_us_beside"] / r["rr_p50_us_alone"]
            runs.append(r)
    # fair: each flow's share of the two that ran at once in a round.
    for r in runs:
        if r.get("test") != "fair":
            continue
        pair = [p for p in runs if p.get("test") == "fair"
                and p.get("round") == r.get("round")]
        total = sum(p.get("MBps", 0) for p in pair)
        if len(pair) == 2 and total > 0:
            r["share"] = r["MBps"] / total
    return runs


def bar_text(bar):
    if not bar:
        return None
    if bar[0] == "abs<=,<=":
        return f"<={bar[1]},<={bar[2]}"
    if bar[0] == "abs<=":
        return f"<={bar[1]} abs"
    if bar[0] == "abs in":
        return f"{bar[1]}..{bar[2]}"
    return f"{bar[0]}{bar[1]}"


def summary(values):
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values),
            "max": max(values), "n": len(values)}


def judge(bar, fsm, tcp):
    """Return (ratio, verdict) for one figure."""
    ratio = fsm["median"] / tcp["median"] if fsm and tcp and tcp["median"] else None
    if not bar or not fsm:
        return ratio, ""
    op, limit = bar[0], bar[1]
    if op == "abs<=":
        return ratio, "met" if fsm["median"] <= limit else "SHORT"
    if op == "abs in":
        return ratio, "met" if limit <= fsm["median"] <= bar[2] else "SHORT"
    if op == "abs<=,<=":
        ok = fsm["median"] <= limit and ratio is not None and ratio <= bar[2]
        return ratio, "met" if ok else "SHORT"
    if ratio is None:
        return ratio, "?"
    ok = ratio >= limit if op == ">=" else ratio <= limit
    return ratio, "met" if ok else "SHORT"


def num(v):
    if abs(v) >= 1000:
        return f"{v:.0f}"
    return f"{v:.3g}"


def fmt(s):
    if not s:
        return "-"
    return f"{num(s['median'])} [{num(s['min'])}..{num(s['max'])}]"


def main():
    d = Path(sys.argv[1] if len(sys.argv) > 1 else "build/bench")
    runs = load(d / "bench.jsonl")
    rows = []
    for test, key, label, unit, bars in FIGURES:
        # "wire": tcpfsm in TCP wire mode across veth against a Linux TCP
        # server (family "tcpwire"), next to Linux TCP at both ends.
        for path in ("lo", "veth", "wire"):
            bar = bars.get(path) if isinstance(bars, dict) else bars
            src = "veth" if path == "wire" else path
            mine = "tcpwire" if path == "wire" else "tcpfsm"
            sel = [r for r in runs if r["test"] == test and r["path"] == src
                   and key in r and r[key] is not None and r[key] >= 0]
            fsm = summary([r[key] for r in sel if r["family"] == mine])
            tcp = summary([r[key] for r in sel if r["family"] == "inet"])
            if (not fsm and not tcp) or (path == "wire" and not fsm):
                continue
            ratio, verdict = judge(bar, fsm, tcp)
            rows.append({"figure": label, "test": test, "key": key,
                         "path": path, "unit": unit, "tcpfsm": fsm,
                         "tcp": tcp, "ratio": ratio,
                         "bar": bar_text(bar),
                         "verdict": verdict})
    (d / "results.json").write_text(json.dumps(rows, indent=1) + "\n")

    head = (f"{'figure':38} {'path':5} {'tcpfsm median [min..max]':28} "
            f"{'TCP median [min..max]':28} {'ratio':>7} {'bar':>11} verdict")
    lines = [head, "-" * len(head)]
    for r in rows:
        ratio = f"{r['ratio']:.3f}" if r["ratio"] is not None else "-"
        label = r["figure"] + (f" ({r['unit']})" if r["unit"] else "")
        lines.append(f"{label:38} {r['path']:5} {fmt(r['tcpfsm']):28} "
                     f"{fmt(r['tcp']):28} {ratio:>7} {r['bar'] or '':>11} "
                     f"{r['verdict']}")
    table = "\n".join(lines) + "\n"
    (d / "table.txt").write_text(table)
    print(table, end="")
    charts(d, rows)
    if len(sys.argv) > 2:
        record(d, Path(sys.argv[2]), table, runs)


def record(d, doc, table, runs):
    """Write the run into DOC/performance-results.inc, charts beside it."""
    import shutil
    for png in ("ratios.png", "figures.png"):
        if (d / png).exists():
            shutil.copy(d / png, doc / f"performance-{png}")
    head = next((r for r in runs if "conns" in r and r["test"] == "scale"), {})
    rounds = max((r.get("round", 1) for r in runs), default=0)
    lines = [".. The latest 'make bench' run, written by scripts/bench-report.py.",
             "",
             f"{rounds} rounds, AF_TCPFSM and AF_INET alternating;"
             f" {head.get('conns', '?')} connections for scale, time_wait"
             " and idle.  Medians [min..max] over the rounds; the ratio is"
             " tcpfsm / TCP of the medians.  Path \"wire\": tcpfsm's"
             " clients in TCP wire mode across veth against a Linux TCP"
             " server; its TCP column is Linux TCP at both ends (path"
             " veth).",
             "",
             "::",
             ""]
    lines += ["   " + l for l in table.splitlines()]
    lines += ["", ".. image:: performance-ratios.png", "",
              ".. image:: performance-figures.png", ""]
    (doc / "performance-results.inc").write_text("\n".join(lines))


def charts(d, rows):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("bench-report: no matplotlib (python3-matplotlib); no charts")
        return
    ratio_rows = [r for r in rows if r["ratio"] is not None]
    if ratio_rows:
        fig, ax = plt.subplots(figsize=(9, 0.45 * len(ratio_rows) + 1.5))
        names = [f"{r['figure']} ({r['path']})" for r in ratio_rows]
        vals = [r["ratio"] for r in ratio_rows]
        colors = ["tab:green" if r["verdict"] == "met" else
                  "tab:red" if r["verdict"] == "SHORT" else "tab:gray"
                  for r in ratio_rows]
        ax.barh(names, vals, color=colors)
        ax.axvline(1.0, color="black", linewidth=0.8)
        for i, r in enumerate(ratio_rows):
            if r["bar"] and r["bar"][0] in "<>" and "abs" not in r["bar"]:
                limit = float(r["bar"].split(",")[-1].lstrip("<>="))
                ax.plot([limit, limit], [i - 0.4, i + 0.4], color="black",
                        linestyle="--")
        ax.invert_yaxis()
        ax.set_xlabel("tcpfsm / Linux TCP (median of runs; dashed: the bar)")
        ax.set_title("tcpfsm against Linux TCP, same guest, same run")
        fig.tight_layout()
        fig.savefig(d / "ratios.png", dpi=100)
        plt.close(fig)
    both = [r for r in rows if r["tcpfsm"] and r["tcp"]]
    if both:
        cols = 3
        n = len(both)
        fig, axes = plt.subplots((n + cols - 1) // cols, cols,
                                 figsize=(11, 2.6 * ((n + cols - 1) // cols)))
        axes = axes.flatten() if hasattr(axes, "flatten") else [axes]
        for ax, r in zip(axes, both):
            meds = [r["tcpfsm"]["median"], r["tcp"]["median"]]
            lo = [m - s["min"] for m, s in zip(meds, (r["tcpfsm"], r["tcp"]))]
            hi = [s["max"] - m for m, s in zip(meds, (r["tcpfsm"], r["tcp"]))]
            ax.bar(["tcpfsm", "TCP"], meds, yerr=[lo, hi], capsize=4,
                   color=["tab:blue", "tab:orange"])
            ax.set_title(f"{r['figure']} ({r['path']})", fontsize=8)
            ax.set_ylabel(r["unit"], fontsize=8)
            ax.tick_params(labelsize=8)
        for ax in axes[len(both):]:
            ax.axis("off")
        fig.tight_layout()
        fig.savefig(d / "figures.png", dpi=100)
        plt.close(fig)


if __name__ == "__main__":
    main()
