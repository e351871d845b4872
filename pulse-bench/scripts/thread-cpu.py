#!/usr/bin/env python3
"""Where a demo scenario's CPU goes, per thread (Linux only).

Runs one `pulse scenario` row for 10 s in a JVM of its own and reads each thread's user + system
time from /proc/PID/task/TID/stat, and its context switches from .../status, at 3 s and at
9 s; prints the cores each thread used in between and its switches per second (voluntary:
it blocked; involuntary: the OS preempted it) (as NAME#TID, the name as the kernel keeps it, cut to 15 characters: the JDK's
scheduler threads all read "ForkJoinPool-1-"), the total, then the row's hog work and light p50, p99, p99.9.

usage: pulse-bench/scripts/thread-cpu.py JAR SCENARIO CARRIERS
  JAR       pulse-demo/target/pulse.jar
  SCENARIO  a demo row, e.g. pulse/checkpoint-hogs or jdk-default/checkpoint-hogs
  CARRIERS  carriers (Pulse) or the JDK scheduler's parallelism, e.g. 2, or 6 for hogs + carriers
"""
import collections
import os
import re
import subprocess
import sys
import time


def main(argv):
    if len(argv) != 4 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(argv) > 1 and argv[1] in ("-h", "--help") else 2
    jar, scenario, carriers = argv[1:4]
    if not carriers.isdigit() or not 1 <= int(carriers) <= 1024:
        print(f"CARRIERS must be 1 to 1024, got {carriers}", file=sys.stderr)
        return 2
    java = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
    cmd = [java, "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
           f"-Djdk.virtualThreadScheduler.parallelism={carriers}",
           f"-Djdk.virtualThreadScheduler.maxPoolSize={carriers}", "-Dpulse.demo.progress=false",
           "-cp", jar, "dev.pulse.demo.PulseCli", "scenario", scenario,
           "--carriers", carriers, "--hogs", "4", "--lights", "50", "--seconds", "10"]
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def ticks_by_thread():
        ticks = collections.Counter()
        voluntary = collections.Counter()
        involuntary = collections.Counter()
        for tid in os.listdir(f"/proc/{child.pid}/task"):
            try:
                stat = open(f"/proc/{child.pid}/task/{tid}/stat").read()
            except OSError:
                continue  # the thread ended
            name = stat[stat.index("(") + 1:stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2:].split()
            key = f"{name}#{tid}"
            ticks[key] += int(fields[11]) + int(fields[12])  # utime, stime
            try:
                for line in open(f"/proc/{child.pid}/task/{tid}/status"):
                    if line.startswith("voluntary_ctxt_switches"):
                        voluntary[key] = int(line.split()[1])
                    elif line.startswith("nonvoluntary_ctxt_switches"):
                        involuntary[key] = int(line.split()[1])
            except OSError:
                pass
        return ticks, dict(voluntary), dict(involuntary)

    time.sleep(3)
    (before, vol0, invol0), start = ticks_by_thread(), time.time()
    time.sleep(6)
    (after, vol1, invol1), seconds = ticks_by_thread(), time.time() - start
    out = child.communicate()[0].decode()
    hz = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for name in sorted(after, key=lambda n: before.get(n, 0) - after[n]):
        cores = (after[name] - before.get(name, 0)) / hz / seconds
        total += cores
        if cores > 0.005:
            vol = (vol1.get(name, 0) - vol0.get(name, 0)) / seconds
            invol = (invol1.get(name, 0) - invol0.get(name, 0)) / seconds
            print(f"  {name:<26} {cores:.3f} cores  {vol:8.0f} voluntary/s  {invol:7.0f} involuntary/s")
    print(f"  total {total:.3f} cores")
    print("  " + " ".join(f"{k}={v}" for k, v in re.findall(r'"(hog_work|light_p50_ms|light_p99_ms|light_p999_ms)":([0-9.]+)', out)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
