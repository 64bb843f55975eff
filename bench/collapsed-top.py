#!/usr/bin/env python3
"""Where a profile in async-profiler's collapsed format went, by thread group, by method and by a
few categories that matter for Millrace's broker. Standard library only.

Usage: collapsed-top.py PROFILE.collapsed [TOP]

The profile must be recorded with `threads`, so that each stack starts with the thread's name,
e.g. through `jcmd <pid> "JVMTI.agent_load <libasyncProfiler.so> \"start,event=itimer,interval=1ms,threads\""`
and later `... \"stop,collapsed,file=PROFILE.collapsed\""`. Categories are matched in order; the
first that matches a stack takes it.
"""
import sys, re, collections
if len(sys.argv) < 2:
    sys.exit(__doc__)
f = sys.argv[1]; top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
threads = collections.Counter(); self_ = collections.Counter(); incl = collections.Counter(); total = 0
cats = collections.Counter()
CATS = [
 ("per-task threads Thread-N (whole life: start, continuation, exit)", re.compile(r"^\[Thread-\d+ ")),
 ("starting a thread, in the caller (ThreadPerTaskExecutor / JVM_StartThread)", re.compile(r"ThreadPerTaskExecutor|JVM_StartThread|pthread_create")),
 ("GC", re.compile(r"^\[(G1|GC Thread|VM Thread)")),
 ("JIT compiler", re.compile(r"^\[C[12] CompilerThread")),
 ("journal write (MillraceJournal)", re.compile(r"MillraceJournal\.")),
 ("partition log append", re.compile(r"PartitionLog\.|LogSegment\.|io/millrace/log/")),
 ("CRC", re.compile(r"Crc32C|CRC32C|crc32c", re.I)),
 ("TCP stage / NIO", re.compile(r"TcpConnectionStage|SocketChannelImpl|sun\.nio\.ch|TcpOutgoingConnection|SelectionHandler")),
 ("Kafka protocol decode/encode", re.compile(r"org\.apache\.kafka\.common\.(message|requests|protocol)")),
 ("logging", re.compile(r"logback|slf4j|LoggingAdapter|pekko\.event\.")),
]
for line in open(f):
    line = line.rstrip()
    if not line: continue
    stack, n = line.rsplit(" ", 1); n = int(n)
    frames = stack.split(";")
    th = re.sub(r"\d+", "N", frames[0]); frames2 = frames[1:]
    threads[th] += n; total += n
    if frames2: self_[frames2[-1]] += n
    for fr in set(frames2): incl[fr] += n
    for name, rx in CATS:
        if rx.search(stack):
            cats[name] += n
            break
def show(t, c, k=top):
    print(f"\n{t} (of {total} samples)")
    for key, v in c.most_common(k): print(f"  {100*v/total:5.1f}%  {key[:150]}")
show("threads", threads, 15)
show("self", self_)
show("categories (first match wins)", cats)
show("inclusive io.millrace", collections.Counter({k: v for k, v in incl.items() if "millrace" in k}), 20)
