#!/usr/bin/env python3
"""Prints bench/realworld/coverage.sh's results (results.tsv) as markdown tables.

One table per configuration: a row per harness and snapshot time, a column per engine with the
library regions covered, median over seeds and (min-max), and the branches' median. Below it,
per harness, the first snapshot at which hivefuzz's median reached libFuzzer's median at the
last snapshot. Usage: coverage_table.py RESULTS_TSV
"""
import csv
import statistics
import sys
from collections import defaultdict

ENGINE_ORDER = ["hivefuzz-1", "libfuzzer-1", "hivefuzz-2", "libfuzzer-fork2", "libfuzzer-jobs2"]
ENGINE_NAMES = {
    "hivefuzz-1": "hivefuzz -parallel=1",
    "libfuzzer-1": "libFuzzer",
    "hivefuzz-2": "hivefuzz -parallel=2",
    "libfuzzer-fork2": "libFuzzer -fork=2",
    "libfuzzer-jobs2": "libFuzzer -jobs=2 -workers=2",
}


def median(values):
    return statistics.median(values) if values else None


def fmt(n):
    return f"{n:g}" if isinstance(n, float) else str(n)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: coverage_table.py RESULTS_TSV")
    rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
    if not rows:
        sys.exit(f"{sys.argv[1]}: no results yet")
    # (config, harness, engine, seconds) -> [(regions, branches, crashed)]
    cells = defaultdict(list)
    totals = {}
    for r in rows:
        key = (r["config"], r["harness"], r["engine"], int(r["seconds"]))
        cells[key].append((int(r["regions"]), int(r["branches"]), r["crashed_at"] != "-"))
        totals[r["harness"]] = (r["regions_total"], r["branches_total"])
    for config in sorted({k[0] for k in cells}):
        engines = [e for e in ENGINE_ORDER if any(k[0] == config and k[2] == e for k in cells)]
        harnesses = sorted({k[1] for k in cells if k[0] == config})
        seeds = max(len(v) for k, v in cells.items() if k[0] == config)
        print(f"\nConfiguration {config}: library regions covered, median of up to {seeds} "
              "seeds (min-max); branches covered, median. * = a seed found a crash and stopped.\n")
        print("| harness | s | " + " | ".join(ENGINE_NAMES.get(e, e) for e in engines) + " |")
        print("|---|---|" + "---|" * len(engines))
        for h in harnesses:
            times = sorted({k[3] for k in cells if k[0] == config and k[1] == h})
            for t in times:
                out = []
                for e in engines:
                    v = cells.get((config, h, e, t), [])
                    if not v:
                        out.append("")
                        continue
                    regions = [x[0] for x in v]
                    crash = "*" if any(x[2] for x in v) else ""
                    out.append(f"{fmt(median(regions))} ({min(regions)}-{max(regions)}) / "
                               f"{fmt(median([x[1] for x in v]))}{crash}")
                label = f"{h} ({totals[h][0]} regions)" if t == times[0] else ""
                print(f"| {label} | {t} | " + " | ".join(out) + " |")
        hf = [e for e in engines if e.startswith("hivefuzz")]
        lf = [e for e in engines if e.startswith("libfuzzer")]
        if hf and lf:
            print()
            for h in harnesses:
                times = sorted({k[3] for k in cells if k[0] == config and k[1] == h})
                best_lf = max((median([x[0] for x in cells.get((config, h, e, times[-1]), [])]) or 0)
                              for e in lf)
                reached = next((t for t in times
                                if (median([x[0] for x in cells.get((config, h, hf[0], t), [])]) or 0)
                                >= best_lf), None)
                when = f"{reached} s" if reached is not None else "not reached"
                print(f"- {h}: hivefuzz reaches libFuzzer's best {times[-1]}-s median "
                      f"({fmt(best_lf)} regions) at: {when}")


if __name__ == "__main__":
    main()
