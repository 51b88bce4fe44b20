#!/usr/bin/env python3
# The report half of bench/compare.sh: turns its raw measurements (a TSV) into the markdown
# report (environment, execs/sec and time-to-bug tables, issue 4's goals) and gnuplot plots.
"""Usage: compare_report.py --results R.tsv --environment E.tsv --out REPORT.md
                            --plots PREFIX [--gnuplot PATH]

R.tsv columns: kind (speed|bug), index (round or trial), target, engine, threads, found,
seconds, execs. Plots are written as PREFIX-execs.png and PREFIX-time-to-bug.png.
"""

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile

ENGINE_ORDER = ["libfuzzer", "libfuzzer-vp", "aflpp", "hivefuzz"]
ENGINE_NAMES = {"libfuzzer": "libFuzzer", "libfuzzer-vp": "libFuzzer-vp", "aflpp": "AFL++",
                "hivefuzz": "hivefuzz"}
# Per engine: the colour of 1 process/thread, then darker shades for more.
ENGINE_COLOURS = {
    "libfuzzer": ["#8fb3e8", "#4472c4", "#2a4a85", "#16284a"],
    "libfuzzer-vp": ["#c9a6e4", "#8e5bbf", "#5e3a82", "#321e46"],
    "aflpp": ["#f6c27a", "#ed8b1f", "#a85d0c", "#5e3406"],
    "hivefuzz": ["#9fd89a", "#3fa34d", "#26702f", "#123d17"],
}
# Issue 4 §5: (target, numerator, denominator, goal, wording).
GOALS = [
    ("empty", ("hivefuzz", 1), ("libfuzzer", 1), 1.0,
     "hivefuzz 1 thread >= 1.0x libFuzzer execs/sec on the empty target"),
    ("slow", ("hivefuzz", 2), ("hivefuzz", 1), 1.8,
     "hivefuzz 2 threads >= 1.8x hivefuzz 1 thread on the slow target"),
]


def config_label(engine, threads, long=True):
    name = ENGINE_NAMES[engine]
    if not long:
        return f"{name} {threads}"
    if engine == "libfuzzer":
        return name if threads == 1 else f"{name} -jobs={threads}"
    if engine == "libfuzzer-vp":
        name = "libFuzzer -use_value_profile=1"
        return name if threads == 1 else f"{name} -jobs={threads}"
    if engine == "aflpp":
        return name if threads == 1 else f"{name} x{threads} (-M/-S)"
    return f"{name} -parallel={threads}"


def colour(engine, threads, thread_counts):
    shades = ENGINE_COLOURS[engine]
    return shades[min(sorted(thread_counts).index(threads), len(shades) - 1)]


def si(value):
    """3 significant digits with k/M/G, as execs and rates are read."""
    for factor, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= factor:
            return f"{value / factor:.3g}{suffix}"
    return f"{value:.3g}"


def seconds_text(value):
    return f"{value:.3f}" if value < 1 else f"{value:.3g}" if value < 100 else f"{value:.0f}"


def ratio_text(value):
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def spread(values, fmt):
    """median (min-max) of the values, each formatted by fmt."""
    if not values:
        return "–"
    if len(values) == 1:
        return fmt(values[0])
    return f"{fmt(statistics.median(values))} ({fmt(min(values))}–{fmt(max(values))})"


def ordered_configs(rows):
    present = {(r["engine"], r["threads"]) for r in rows}
    return sorted(present, key=lambda c: (ENGINE_ORDER.index(c[0]), c[1]))


def ordered_targets(rows):
    seen = []
    for r in rows:
        if r["target"] not in seen:
            seen.append(r["target"])
    return seen


def load_results(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for r in rows:
        r["index"] = int(r["index"])
        r["threads"] = int(r["threads"])
        r["found"] = r["found"] == "1"
        r["seconds"] = float(r["seconds"])
        r["execs"] = int(r["execs"]) if r["execs"] else None
    return rows


def load_environment(path):
    env = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("\t")
            env[key] = value
    return env


# ---- speed --------------------------------------------------------------------------------------

def rates_by_round(speed_rows):
    """{target: {config: {round: execs/sec}}}"""
    rates = {}
    for r in speed_rows:
        config = (r["engine"], r["threads"])
        rates.setdefault(r["target"], {}).setdefault(config, {})[r["index"]] = (
            r["execs"] / r["seconds"])
    return rates


def ratio_per_round(by_config, numerator, denominator):
    """The ratio numerator/denominator within each round both were measured in."""
    num, den = by_config.get(numerator, {}), by_config.get(denominator, {})
    return [num[k] / den[k] for k in sorted(num) if k in den and den[k] > 0]


def ratio_pairs(configs):
    """The ratios worth reading: hivefuzz against each engine at equal count, then scaling."""
    present = set(configs)
    counts = sorted({n for _, n in configs})
    pairs = []
    for n in counts:
        for other in ("libfuzzer", "libfuzzer-vp", "aflpp"):
            if ("hivefuzz", n) in present and (other, n) in present:
                pairs.append((("hivefuzz", n), (other, n)))
    for engine in ENGINE_ORDER:
        for n in counts[1:]:
            if (engine, n) in present and (engine, counts[0]) in present:
                pairs.append(((engine, n), (engine, counts[0])))
    return pairs


def speed_section(speed_rows, env, plot_name):
    rates = rates_by_round(speed_rows)
    configs = ordered_configs(speed_rows)
    targets = ordered_targets(speed_rows)
    rounds = max(r["index"] for r in speed_rows)
    out = ["## Executions per second", ""]
    out.append(f"Each engine ran {env.get('seconds', '?')} s of wall time per measurement, "
               f"{rounds} interleaved round(s); rate = all executions / wall time from launch "
               "to exit of the last process, so start-up counts (it weighs on short runs, "
               "AFL++'s fork server and calibration most). Median (min–max) over the rounds.")
    out.append("")
    out.append("| target | " + " | ".join(config_label(*c) for c in configs) + " |")
    out.append("|---|" + "---|" * len(configs))
    for t in targets:
        cells = [spread(list(rates[t].get(c, {}).values()), si) for c in configs]
        out.append(f"| {t} | " + " | ".join(cells) + " |")
    out.append("")
    pairs = ratio_pairs(configs)
    if pairs:
        out.append("Ratios, each taken within one round (so both sides saw the same machine "
                   "noise), median (min–max):")
        out.append("")
        out.append("| target | " + " | ".join(
            f"{config_label(*a, long=False)} / {config_label(*b, long=False)}"
            for a, b in pairs) + " |")
        out.append("|---|" + "---|" * len(pairs))
        for t in targets:
            cells = [spread(ratio_per_round(rates[t], a, b), ratio_text) for a, b in pairs]
            out.append(f"| {t} | " + " | ".join(cells) + " |")
        out.append("")
    goal_lines = []
    for target, num, den, goal, wording in GOALS:
        ratios = ratio_per_round(rates.get(target, {}), num, den)
        if not ratios:
            continue
        median = statistics.median(ratios)
        if min(ratios) >= goal:
            verdict = "**met** in every round"
        elif median >= goal:
            verdict = "**met** by the median, not in every round"
        else:
            verdict = "**missed**"
        goal_lines.append(f"- {wording}: {median:.2f}x (min {min(ratios):.2f}x) — {verdict}")
    if goal_lines:
        out += ["Issue 4 §5 goals:", ""] + goal_lines + [""]
    if plot_name:
        out += [f"![execs/sec by engine and process/thread count]({plot_name})", ""]
    return out


def plot_speed(speed_rows, png, gnuplot, scratch):
    rates = rates_by_round(speed_rows)
    configs = ordered_configs(speed_rows)
    thread_counts = {n for _, n in configs}
    targets = ordered_targets(speed_rows)
    rounds = max(r["index"] for r in speed_rows)
    lines = [
        f"set terminal pngcairo size {max(460 * len(targets), 640)},480 font 'sans,10'",
        "set termoption noenhanced",
        f"set output '{png}'",
        f"set multiplot layout 1,{len(targets)} title 'execs/sec at equal wall time "
        f"(bar: median, whiskers: min-max over {rounds} round(s))'",
        "set style fill solid 0.85 border rgb 'black'",
        "set boxwidth 0.7",
        "set style arrow 1 heads size screen 0.012,90 lc rgb 'black' lw 1.2",
        "set grid ytics",
        "set xtics rotate by -35 left nomirror",
        "set ytics nomirror",
        "set bmargin 6",
        f"set xrange [-0.6:{len(configs) - 0.4}]",
        "set ylabel 'execs/sec'",
    ]
    for t in targets:
        values = [v for c in rates[t].values() for v in c.values() if v > 0]
        # A log scale only where the engines differ by orders of magnitude.
        log_scale = max(values) / min(values) > 20
        if log_scale:
            lines += ["set logscale y", "set format y '%.0s%c'",
                      f"set yrange [{min(values) / 4}:{max(values) * 4}]"]
        else:
            lines += ["unset logscale y", "set format y '%.1s%c'",
                      f"set yrange [0:{max(values) * 1.2}]"]
        data = os.path.join(scratch, f"speed-{t}.dat")
        with open(data, "w") as f:
            for i, c in enumerate(configs):
                runs = list(rates[t].get(c, {}).values())
                if not runs:
                    continue
                median, low, high = statistics.median(runs), min(runs), max(runs)
                label_y = high * 1.5 if log_scale else high + max(values) * 0.05
                f.write(f'{i} "{config_label(*c, long=False)}" {median} {low} {high} '
                        f'{int(colour(*c, thread_counts)[1:], 16)} {label_y} "{si(median)}"\n')
        lines.append(f"set title '{t}{' (log scale)' if log_scale else ''}'")
        lines.append(f"plot '{data}' using 1:3:6:xtic(2) with boxes lc rgb variable notitle, "
                     f"'' using 1:4:(0):($5-$4) with vectors arrowstyle 1 notitle, "
                     f"'' using 1:7:8 with labels notitle")
    lines.append("unset multiplot")
    return run_gnuplot(gnuplot, lines, scratch, "speed")


# ---- time to bug --------------------------------------------------------------------------------

def bug_section(bug_rows, env, plot_name):
    configs = ordered_configs(bug_rows)
    targets = ordered_targets(bug_rows)
    trials = max(r["index"] for r in bug_rows)
    cap = env.get("cap", "?")
    out = ["## Time to bug", ""]
    out.append(
        f"{trials} trial(s) per target and engine with seeds 1..{trials}, each capped at {cap} s. "
        "Seconds: from launch to the engine's first crash file on disk (its mtime), so "
        "start-up counts and crash reporting does not. Executions: libFuzzer's "
        "`stat::number_of_executed_units`, the `execs:` field of AFL++'s crash file name, "
        "hivefuzz's \"N in all\" (all threads). hivefuzz ran with `-fuzzminimizetime=0`. "
        "Median (min–max) over the trials that found the bug; found = trials that did.")
    out.append("")
    by_cell = {}
    for r in bug_rows:
        by_cell.setdefault((r["target"], (r["engine"], r["threads"])), []).append(r)
    for title, key, fmt in (("seconds to bug", "seconds", seconds_text),
                            ("executions to bug", "execs", si)):
        out.append(f"**{title}**")
        out.append("")
        out.append("| target | " + " | ".join(config_label(*c) for c in configs) + " |")
        out.append("|---|" + "---|" * len(configs))
        for t in targets:
            cells = []
            for c in configs:
                runs = by_cell.get((t, c), [])
                found = [r[key] for r in runs if r["found"] and r[key] is not None]
                found_count = sum(r["found"] for r in runs)
                cells.append(f"{spread(found, fmt)}, found {found_count}/{len(runs)}"
                             if runs else "–")
            out.append(f"| {t} | " + " | ".join(cells) + " |")
        out.append("")
    if plot_name:
        out += [f"![time and executions to bug per target and engine]({plot_name})", "",
                "Dots: trials that found the bug; bars: their median; crosses: trials that did "
                f"not, drawn at the {cap} s cap (and at the executions they had done by then).",
                ""]
    return out


def plot_bugs(bug_rows, cap, png, gnuplot, scratch):
    configs = ordered_configs(bug_rows)
    thread_counts = {n for _, n in configs}
    targets = ordered_targets(bug_rows)
    xtics = ", ".join(f"'{config_label(*c, long=False)}' {i}" for i, c in enumerate(configs))
    lines = [
        f"set terminal pngcairo size {max(330 * len(targets) + 80, 500)},760 font 'sans,10'",
        "set termoption noenhanced",
        f"set output '{png}'",
        f"set multiplot layout 2,{len(targets)} title 'time to bug (top) and executions to bug "
        "(bottom), one dot per trial'",
        "set logscale y",
        "set grid ytics mytics",
        f"set xtics ({xtics}) rotate by -35 left nomirror",
        "set ytics nomirror",
        "set bmargin 6",
        f"set xrange [-0.6:{len(configs) - 0.4}]",
        "set style arrow 1 nohead lw 3 lc rgb 'black'",
    ]
    panels = {"seconds": [], "execs": []}
    for t in targets:
        for key in ("seconds", "execs"):
            points, misses, medians, values = [], [], [], []
            for i, c in enumerate(configs):
                runs = [r for r in bug_rows if r["target"] == t and (r["engine"], r["threads"]) == c]
                hits = [r for r in runs if r["found"] and r[key] is not None]
                for j, r in enumerate(runs):
                    # Spread a config's trials sideways so equal values stay visible.
                    x = i + (j - (len(runs) - 1) / 2) * min(0.5 / max(len(runs), 1), 0.1)
                    if r["found"] and r[key] is not None:
                        points.append((x, r[key], int(colour(*c, thread_counts)[1:], 16)))
                        values.append(r[key])
                    elif not r["found"]:
                        y = float(cap) if key == "seconds" else r["execs"]
                        if y:
                            misses.append((x, y))
                            values.append(y)
                if hits:
                    medians.append((i - 0.3, statistics.median(r[key] for r in hits)))
            panels[key].append((t, points, misses, medians, values))
    for key, ylabel in (("seconds", "seconds to bug"), ("execs", "executions to bug")):
        for t, points, misses, medians, values in panels[key]:
            lines.append(f"set title '{t}'" if key == "seconds" else "unset title")
            lines.append(f"set ylabel '{ylabel}'")
            lines.append("set format y '%g'" if key == "seconds" else "set format y '%.0s%c'")
            positive = [v for v in values if v > 0]
            low, high = (min(positive) / 2, max(positive) * 2) if positive else (0.1, 10)
            lines.append(f"set yrange [{low}:{high}]")
            clauses = []
            for name, rows, style in (
                    ("points", points, "using 1:2:3 with points pt 7 ps 1.2 lc rgb variable"),
                    ("misses", misses, "using 1:2 with points pt 2 ps 1.5 lw 2 lc rgb 'black'"),
                    ("medians", medians, "using 1:2:(0.6):(0) with vectors arrowstyle 1")):
                if not rows:
                    continue
                data = os.path.join(scratch, f"bug-{t}-{key}-{name}.dat")
                with open(data, "w") as f:
                    f.writelines(" ".join(str(v) for v in row) + "\n" for row in rows)
                clauses.append(f"'{data}' {style} notitle")
            lines.append("plot " + (", ".join(clauses) if clauses else "NaN notitle"))
    lines.append("unset multiplot")
    return run_gnuplot(gnuplot, lines, scratch, "bugs")


def run_gnuplot(gnuplot, lines, scratch, name):
    script = os.path.join(scratch, f"{name}.gp")
    with open(script, "w") as f:
        f.write("\n".join(lines) + "\n")
    result = subprocess.run([gnuplot, script], capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(f"compare: gnuplot failed on the {name} plot:\n{result.stderr}")
        return False
    return True


# ---- report -------------------------------------------------------------------------------------

def environment_section(env):
    edge_only = env.get("edge_only") == "1"
    out = ["## Environment", ""]
    for key, label in (("date", "date"), ("cpu", "CPU"), ("cores", "cores"),
                       ("load", "load average (1, 5, 15 min) at start"),
                       ("load_end", "load average at end"), ("kernel", "kernel"),
                       ("clang", "clang"), ("aflpp", "AFL++"), ("hivefuzz", "hivefuzz"),
                       ("command", "command")):
        if env.get(key):
            value = f"`{env[key]}`" if key == "command" else env[key]
            out.append(f"- {label}: {value}")
    engines = env.get("engines", " ".join(ENGINE_ORDER)).split()
    builds = {"libfuzzer": "libFuzzer `clang++ -fsanitize=fuzzer`",
              "libfuzzer-vp": "libFuzzer's build run with `-use_value_profile=1`",
              "aflpp": "AFL++ `afl-clang-fast++ -fsanitize=fuzzer` (persistent mode through its "
                       "libFuzzer driver)",
              "hivefuzz": "hivefuzz `hivefuzz-clang++`"}
    out.append("- builds, all `-O2 -g -std=c++20`: " + ", ".join(builds[e] for e in engines) +
               "; targets that need AddressSanitizer get `-fsanitize=address` with every "
               "engine (`ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0`)")
    out.append("- starting corpus, the same for all: the target's `targets/seeds/<name>/`, "
               "else one file holding a newline (AFL++ cannot start from an empty corpus)")
    out.append("- dictionary, the same for all: `targets/dicts/<name>.dict` where the target has "
               "one (`-dict=`, AFL++ `-x`)")
    if edge_only:
        out.append("- `--edge-only`: libFuzzer ran with `-use_cmp=0`")
    elif "libfuzzer" in engines:
        out.append("- each engine with its own defaults: libFuzzer and hivefuzz trace "
                   "comparisons (`-use_cmp=1`, no value profile unless libFuzzer-vp); AFL++ "
                   "runs without CmpLog (use `--edge-only` to run libFuzzer with edge coverage "
                   "alone)")
    if env.get("aflpp", "").startswith("not installed"):
        out.append("- AFL++ columns skipped: it is not installed")
    elif env.get("aflpp", "").startswith("not run"):
        pass
    elif env.get("core_pattern", "").startswith("|"):
        out.append(f"- note: core_pattern pipes to `{env['core_pattern']}`, which slows AFL++'s "
                   "crash detection")
    out.append("")
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", required=True)
    parser.add_argument("--environment", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--plots", required=True, help="path prefix of the PNG files")
    parser.add_argument("--gnuplot", help="gnuplot executable; no plots without it")
    args = parser.parse_args()

    rows = load_results(args.results)
    env = load_environment(args.environment)
    speed_rows = [r for r in rows if r["kind"] == "speed"]
    bug_rows = [r for r in rows if r["kind"] == "bug"]
    speed_png = f"{args.plots}-execs.png"
    bugs_png = f"{args.plots}-time-to-bug.png"
    report_dir = os.path.dirname(os.path.abspath(args.out))

    def link(png):
        return os.path.relpath(os.path.abspath(png), report_dir)

    speed_plot = bugs_plot = None
    with tempfile.TemporaryDirectory(prefix="hivefuzz-compare-plots-") as scratch:
        if args.gnuplot and speed_rows and plot_speed(speed_rows, speed_png, args.gnuplot,
                                                      scratch):
            speed_plot = link(speed_png)
        if args.gnuplot and bug_rows and plot_bugs(bug_rows, env.get("cap", "60"), bugs_png,
                                                   args.gnuplot, scratch):
            bugs_plot = link(bugs_png)

    out = [f"# hivefuzz side by side with libFuzzer and AFL++ ({env.get('date', '')})", ""]
    out += environment_section(env)
    if speed_rows:
        out += speed_section(speed_rows, env, speed_plot)
    if bug_rows:
        out += bug_section(bug_rows, env, bugs_plot)
    if not args.gnuplot:
        out += ["No plots: gnuplot is not installed (`tools/install-deps.sh --bench`).", ""]
    out.append(f"Raw measurements: `{link(args.plots + '.tsv')}`.")
    with open(args.out, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
