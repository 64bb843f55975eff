#!/usr/bin/env python3
"""Where a JFR recording spent its CPU samples and its allocations. Standard library only.

Usage: jfr-top.py RECORDING.jfr [TOP]

Runs the JDK's `jfr print` (JAVA_HOME/bin/jfr, else jfr on PATH) and prints:
  - execution samples per thread group (thread names with digits folded),
  - the top methods by self samples (the frame on top of the stack),
  - the top methods by inclusive samples (anywhere on the stack), Millrace and Pekko frames only,
  - the top allocated classes and the Millrace frames nearest to those allocations (by weight).
Execution samples cover Java threads only: GC and JIT compiler threads do not appear.
"""
import collections
import os
import re
import shutil
import subprocess
import sys

FRAME = re.compile(r"^\s+([\w$.<>/]+)\(.*\)\s+line:")
THREAD = re.compile(r'sampledThread = "([^"]*)"|eventThread = "([^"]*)"')
CLASS = re.compile(r"objectClass = ([\w$.\[\]]+)")
WEIGHT = re.compile(r"weight = ([\d.]+) (bytes|kB|MB|GB)")
UNITS = {"bytes": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}
OURS = ("io.millrace.", "org.apache.pekko.")


def jfr_tool():
    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin", "jfr")):
        return os.path.join(home, "bin", "jfr")
    found = shutil.which("jfr")
    if not found:
        sys.exit("no jfr tool: set JAVA_HOME to a JDK")
    return found


def events(recording, name, depth=64):
    out = subprocess.run(
        [jfr_tool(), "print", "--events", name, "--stack-depth", str(depth), recording],
        capture_output=True, text=True, check=True).stdout
    event = []
    for line in out.splitlines():
        if line.startswith(name) or line.startswith("jdk."):
            if event:
                yield event
            event = []
        event.append(line)
    if event:
        yield event


def parse(event):
    thread, frames, cls, weight = None, [], None, 0.0
    for line in event:
        m = THREAD.search(line)
        if m and thread is None:
            thread = m.group(1) or m.group(2)
        m = FRAME.match(line)
        if m:
            frames.append(m.group(1))
        m = CLASS.search(line)
        if m and cls is None:
            cls = m.group(1)
        m = WEIGHT.search(line)
        if m:
            weight = float(m.group(1)) * UNITS[m.group(2)]
    return thread or "?", frames, cls, weight


def table(title, counter, total, top, unit="samples"):
    print(f"\n{title} (of {total:,.0f} {unit})")
    for key, n in counter.most_common(top):
        print(f"  {100.0 * n / total:5.1f}%  {key}")


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    recording, top = argv[1], int(argv[2]) if len(argv) > 2 else 25
    threads, self_, incl = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for ev in events(recording, "jdk.ExecutionSample"):
        thread, frames, _, _ = parse(ev)
        if not frames:
            continue
        total += 1
        threads[re.sub(r"\d+", "N", thread)] += 1
        self_[frames[0]] += 1
        for f in set(frames):
            if f.startswith(OURS):
                incl[f] += 1
    if total:
        table("Execution samples by thread", threads, total, top)
        table("Top methods, self", self_, total, top)
        table("Millrace and Pekko methods, inclusive", incl, total, top)
    alloc_cls, alloc_site = collections.Counter(), collections.Counter()
    weight_total = 0.0
    for ev in events(recording, "jdk.ObjectAllocationSample", 32):
        _, frames, cls, weight = parse(ev)
        weight_total += weight
        alloc_cls[cls or "?"] += weight
        site = next((f for f in frames if f.startswith("io.millrace.")), frames[0] if frames else "?")
        alloc_site[site] += weight
    if weight_total:
        table("Allocation by class (sampled weight)", alloc_cls, weight_total, top, "bytes")
        table("Allocation by nearest Millrace frame", alloc_site, weight_total, top, "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
