#!/usr/bin/env python3
"""spawn-stats.py OUT.json ROUND.json...: pools the runs of hyperfine's rounds (each round
times every command in turn, so that the load of these shared machines, which drifts, falls
on all of them alike) and prints "spawn.<command>.<stat>_ms value" lines: median, stddev,
min, max over all runs. Writes the pooled times to OUT.json."""
import json
import statistics
import sys

pooled = {}
for path in sys.argv[2:]:
    for r in json.load(open(path))["results"]:
        pooled.setdefault(r["command"], []).extend(r["times"])
json.dump({"results": [{"command": c, "times": t} for c, t in pooled.items()]},
          open(sys.argv[1], "w"), indent=1)
for c, t in pooled.items():
    ms = [x * 1000 for x in t]
    print(f"spawn.{c}.median_ms {statistics.median(ms):.3f}")
    print(f"spawn.{c}.stddev_ms {statistics.pstdev(ms):.3f}")
    print(f"spawn.{c}.min_ms {min(ms):.3f}")
    print(f"spawn.{c}.max_ms {max(ms):.3f}")
    print(f"spawn.{c}.runs {len(ms)}")
