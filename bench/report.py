#!/usr/bin/env python3
"""Summarises a bench/compare-kafka.sh run: Millrace/Kafka ratios per workload, CPU per record,
latency; writes a results JSON and an SVG chart. Standard library only.

Usage: report.py RUNS_TSV MACHINE_JSON OUT_JSON OUT_SVG

RUNS_TSV has one line per (round, broker, workload):
    round  broker  workload  kind  result_json  cpu_seconds  wall_seconds  exit_code
    client_cpu_seconds  machine_busy_cpu_seconds  load_average_1m
(cpu: the broker's; client: the perf tool's JVM; machine busy: every process on the machine, so
busy - broker - client is what other work took from the same CPUs during the run.)
"""
import json
import math
import os
import statistics
import sys
from html import escape

BROKERS = ("kafka", "millrace")
CPUS = os.cpu_count() or 1


def load_runs(path):
    runs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            rnd, broker, workload, kind, result, cpu, wall, code, client, busy, load = line.split("\t")
            try:
                with open(result, encoding="utf-8") as r:
                    res = json.load(r)
            except (OSError, ValueError):
                res = None
            runs.append(
                {
                    "round": int(rnd),
                    "broker": broker,
                    "workload": workload,
                    "kind": kind,
                    "cpuSeconds": float(cpu),
                    "wallSeconds": float(wall),
                    "exitCode": int(code),
                    "clientCpuSeconds": float(client),
                    "machineBusyCpuSeconds": float(busy),
                    "loadAverage1m": float(load),
                    "result": res,
                }
            )
    return runs


def metrics(run):
    """The numbers compared for one run, or None when it failed."""
    res = run["result"]
    if res is None or not res.get("complete"):
        return None
    records = res["records"]
    m = {
        "recordsPerSec": res["recordsPerSec"],
        "mbPerSec": res["mbPerSec"],
        "records": records,
        "brokerCpuSeconds": run["cpuSeconds"],
        "clientCpuSeconds": run["clientCpuSeconds"],
        "wallSeconds": run["wallSeconds"],
        # CPU that neither the broker nor the client used while the workload ran: other work
        "otherCpuSeconds": max(0.0, run["machineBusyCpuSeconds"] - run["cpuSeconds"] - run["clientCpuSeconds"]),
        "otherCpuShare": max(0.0, run["machineBusyCpuSeconds"] - run["cpuSeconds"] - run["clientCpuSeconds"])
        / run["wallSeconds"] / CPUS if run["wallSeconds"] > 0 else None,
        "loadAverage1m": run["loadAverage1m"],
        # seconds per million records = microseconds per record
        "brokerCpuSecondsPerMillionRecords": run["cpuSeconds"] / records * 1e6 if records else None,
    }
    lat = res.get("latency")
    if lat:
        m.update({"p50Us": lat["p50Us"], "p99Us": lat["p99Us"], "p999Us": lat["p999Us"], "maxUs": lat["maxUs"]})
    return m


def spread(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"min": min(values), "median": statistics.median(values), "max": max(values), "n": len(values)}


def summarise(runs):
    workloads = []
    for run in runs:
        if run["workload"] not in workloads:
            workloads.append(run["workload"])
    rounds = sorted({r["round"] for r in runs})
    out = []
    for w in workloads:
        kind = next(r["kind"] for r in runs if r["workload"] == w)
        per = {b: {} for b in BROKERS}
        failures = []
        for r in runs:
            if r["workload"] != w:
                continue
            m = metrics(r)
            if m is None:
                failures.append({"round": r["round"], "broker": r["broker"], "exitCode": r["exitCode"]})
            else:
                per[r["broker"]][r["round"]] = m
        keys = ["recordsPerSec", "mbPerSec", "brokerCpuSecondsPerMillionRecords", "p50Us", "p99Us", "p999Us",
                "otherCpuShare"]
        brokers = {}
        for b in BROKERS:
            brokers[b] = {k: spread([m.get(k) for m in per[b].values()]) for k in keys}
            brokers[b]["rounds"] = {str(k): v for k, v in sorted(per[b].items())}
        ratios = {}
        for k in keys:
            vals = []
            for rnd in rounds:
                km, mm = per["kafka"].get(rnd), per["millrace"].get(rnd)
                if km and mm and km.get(k) and mm.get(k) is not None:
                    vals.append(mm[k] / km[k])
            ratios[k] = spread(vals)
        out.append({"workload": w, "kind": kind, "brokers": brokers, "ratios": ratios, "failures": failures})
    return out


def fmt(v, digits=2):
    if v is None:
        return "-"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.{digits}f}"


def pct(v):
    return "-" if v is None else f"{v * 100:.0f}%"


def ratio_text(s):
    if not s:
        return "-"
    return f"{s['median']:.2f} ({s['min']:.2f}-{s['max']:.2f})"


def med(s):
    return s["median"] if s else None


def print_tables(summary):
    print()
    print("Throughput and broker CPU (medians over rounds; ratio = Millrace/Kafka, median (min-max);")
    print("other work = CPU used by processes other than the broker and the client during the run,")
    print(f"as a share of all {CPUS} CPUs)")
    print()
    print("| workload | Kafka rec/s | Millrace rec/s | throughput ratio | Kafka CPU s/M rec | Millrace CPU s/M rec | CPU ratio | other work K / M |")
    print("|---|---:|---:|---|---:|---:|---|---|")
    for w in summary:
        if w["kind"] == "e2e":
            continue
        k, m, r = w["brokers"]["kafka"], w["brokers"]["millrace"], w["ratios"]
        print(
            f"| {w['workload']} | {fmt(med(k['recordsPerSec']))} | {fmt(med(m['recordsPerSec']))} | "
            f"{ratio_text(r['recordsPerSec'])} | {fmt(med(k['brokerCpuSecondsPerMillionRecords']))} | "
            f"{fmt(med(m['brokerCpuSecondsPerMillionRecords']))} | {ratio_text(r['brokerCpuSecondsPerMillionRecords'])} | "
            f"{pct(med(k['otherCpuShare']))} / {pct(med(m['otherCpuShare']))} |"
        )
    lat = [w for w in summary if w["kind"] in ("e2e", "produce")]
    if lat:
        print()
        print("Latency in microseconds (medians over rounds; ratio = Millrace/Kafka, median (min-max))")
        print()
        print("| workload | percentile | Kafka | Millrace | ratio |")
        print("|---|---|---:|---:|---|")
        for w in lat:
            for key, name in (("p50Us", "p50"), ("p99Us", "p99"), ("p999Us", "p99.9")):
                k, m = w["brokers"]["kafka"][key], w["brokers"]["millrace"][key]
                print(f"| {w['workload']} | {name} | {fmt(med(k), 1)} | {fmt(med(m), 1)} | {ratio_text(w['ratios'][key])} |")
    for w in summary:
        for f in w["failures"]:
            print(f"FAILED: {w['workload']} round {f['round']} on {f['broker']} (exit code {f['exitCode']})")


def svg(summary, machine):
    """Bars of the median Millrace/Kafka ratio per workload and metric on a log2 axis, drawn from
    the 1x line (left: Millrace lower, right: Millrace higher), with min-max whiskers."""
    rows = []
    for w in summary:
        if w["kind"] == "e2e":
            rows.append((w["workload"], "end-to-end p50 latency", w["ratios"]["p50Us"], "#8c564b"))
            rows.append((w["workload"], "end-to-end p99 latency", w["ratios"]["p99Us"], "#d62728"))
            rows.append((w["workload"], "end-to-end p99.9 latency", w["ratios"]["p999Us"], "#9467bd"))
        else:
            rows.append((w["workload"], "throughput", w["ratios"]["recordsPerSec"], "#1f77b4"))
            rows.append((w["workload"], "broker CPU per record", w["ratios"]["brokerCpuSecondsPerMillionRecords"], "#ff7f0e"))
    values = [v for _, _, s, _ in rows if s for v in (s["min"], s["max"]) if v > 0]
    lo_exp = min([-2] + [math.floor(math.log2(v)) for v in values])
    hi_exp = max([2] + [math.ceil(math.log2(v)) for v in values])
    left, width, bar_h, gap = 330, 560, 14, 6
    height = 90 + len(rows) * (bar_h + gap) + 40

    def x(v):
        e = math.log2(max(v, 2.0 ** lo_exp))
        return left + (min(e, hi_exp) - lo_exp) / (hi_exp - lo_exp) * width

    def tick(e):
        return f"{2 ** e:g}×" if e >= 0 else f"1/{2 ** -e:g}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 70}" height="{height}" '
        'font-family="sans-serif" font-size="12">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="10" y="22" font-size="15" font-weight="bold">Millrace / Apache Kafka {escape(machine.get("kafkaVersion", ""))}, '
        "same machine, same client (median of rounds, whiskers min-max, log scale)</text>",
        f'<text x="10" y="42">{escape(machine.get("date", ""))} · commit {escape(machine.get("commit", ""))} · '
        f'{escape(str(machine.get("cpus", "")))} CPUs · {escape(machine.get("java", ""))} · heap {escape(machine.get("heap", ""))} · '
        f'{escape(str(machine.get("rounds", "")))} rounds</text>',
        '<text x="10" y="60">throughput: right of 1× is better for Millrace; CPU per record and latency: left of 1× is better</text>',
    ]
    y0 = 75
    for e in range(lo_exp, hi_exp + 1):
        gx = x(2.0 ** e)
        parts.append(f'<line x1="{gx:.1f}" y1="{y0}" x2="{gx:.1f}" y2="{height - 30}" stroke="#ddd"/>')
        parts.append(f'<text x="{gx:.1f}" y="{height - 15}" text-anchor="middle">{tick(e)}</text>')
    one = x(1.0)
    parts.append(f'<line x1="{one:.1f}" y1="{y0}" x2="{one:.1f}" y2="{height - 30}" stroke="black" stroke-dasharray="4,3"/>')
    for n, (workload, metric, s, colour) in enumerate(rows):
        y = y0 + 8 + n * (bar_h + gap)
        parts.append(f'<text x="{left - 8}" y="{y + bar_h - 3}" text-anchor="end">{escape(workload)}: {escape(metric)}</text>')
        if not s:
            parts.append(f'<text x="{one + 4:.1f}" y="{y + bar_h - 3}" fill="#999">no result</text>')
            continue
        xm = x(s["median"])
        parts.append(f'<rect x="{min(one, xm):.1f}" y="{y}" width="{abs(xm - one):.1f}" height="{bar_h}" fill="{colour}"/>')
        cy = y + bar_h / 2
        parts.append(f'<line x1="{x(s["min"]):.1f}" y1="{cy}" x2="{x(s["max"]):.1f}" y2="{cy}" stroke="black"/>')
        for v in (s["min"], s["max"]):
            parts.append(f'<line x1="{x(v):.1f}" y1="{y + 2}" x2="{x(v):.1f}" y2="{y + bar_h - 2}" stroke="black"/>')
        parts.append(f'<text x="{max(x(s["max"]), xm, one) + 6:.1f}" y="{y + bar_h - 3}">{s["median"]:.2f}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main(argv):
    if len(argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    runs_tsv, machine_json, out_json, out_svg = argv[1:]
    with open(machine_json, encoding="utf-8") as f:
        machine = json.load(f)
    runs = load_runs(runs_tsv)
    summary = summarise(runs)
    print_tables(summary)
    doc = {"machine": machine, "workloads": summary}
    with open(out_json, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    with open(out_svg, "w", encoding="utf-8") as f:
        f.write(svg(summary, machine))
    print()
    print(f"wrote {out_json} and {out_svg}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
