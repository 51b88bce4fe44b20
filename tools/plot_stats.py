#!/usr/bin/env python3
# Plots hivefuzz's stats time series (fuzz-stats.csv, written while fuzzing; -stats_file) with
# gnuplot: coverage over time and execs/sec over time, one line per file, so runs compare.
"""Usage: plot_stats.py [--out PREFIX] [--format png|svg] [--title TEXT] [--gnuplot PATH]
                     STATS.csv [STATS.csv ...]

Writes PREFIX-coverage.png (coverage bits and corpus entries over time) and PREFIX-execs.png
(execs/sec over time), or .svg with --format svg. PREFIX defaults to the first file's path
without its .csv. Each file is one line in each plot, named after the file (or its directory
when the files share a name). Failures recorded with -keep_going are marked on the coverage
plot. Needs gnuplot (tools/install-deps.sh --bench installs gnuplot-nox).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

COLUMNS = ["time_s", "execs", "execs_per_sec", "corpus", "coverage_bits", "crashes"]
COLOURS = ["#4472c4", "#ed7d31", "#3fa34d", "#a5a5a5", "#7030a0", "#c00000", "#264478"]


class StatsError(Exception):
    pass


def load(path):
    """The rows of one stats file as dicts of floats; raises StatsError naming the problem."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise StatsError(f"{path}: cannot read: {e.strerror}") from e
    except UnicodeDecodeError as e:
        raise StatsError(f"{path}: not a text file") from e
    if not lines:
        raise StatsError(f"{path}: empty file; expected a hivefuzz stats CSV (-stats_file)")
    header = lines[0].split(",")
    if header[:len(COLUMNS)] != COLUMNS:
        raise StatsError(f"{path}:1: not a hivefuzz stats header: expected it to start with "
                         f"{','.join(COLUMNS)}")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split(",")
        if len(fields) != len(header):
            raise StatsError(f"{path}:{number}: {len(fields)} fields, the header has "
                             f"{len(header)}")
        try:
            values = [float(x) for x in fields]
        except ValueError:
            raise StatsError(f"{path}:{number}: a field is not a number: {line!r}") from None
        rows.append(dict(zip(header, values)))
    if not rows:
        raise StatsError(f"{path}: a header but no rows (the run ended before its first row)")
    return rows


def labels_for(paths):
    """Short, distinct names for the legend."""
    names = [os.path.basename(p) for p in paths]
    if len(set(names)) == len(names):
        return names
    names = [os.path.basename(os.path.dirname(os.path.abspath(p))) or p for p in paths]
    return names if len(set(names)) == len(names) else list(paths)


def quote(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def terminal(fmt, width, height):
    if fmt == "svg":
        return f"set terminal svg size {width},{height} dynamic font 'sans,10'"
    return f"set terminal pngcairo size {width},{height} font 'sans,10'"


def crash_times(rows):
    """Times at which the crashes column went up: failures recorded by the supervisor."""
    times, last = [], 0
    for r in rows:
        if r["crashes"] > last:
            times.append(r["time_s"])
            last = r["crashes"]
    return times


def headroom(runs, column):
    top = max(r[column] for _, rows in runs for r in rows)
    return top * 1.1 + 1


def script(runs, out, fmt, title, scratch):
    """The gnuplot script for both plots; data files are written into `scratch`."""
    coverage_file, execs_file = f"{out}-coverage.{fmt}", f"{out}-execs.{fmt}"
    data = []
    for i, (label, rows) in enumerate(runs):
        path = os.path.join(scratch, f"run{i}.dat")
        with open(path, "w") as f:
            for r in rows:
                f.write(f"{r['time_s']} {r['coverage_bits']} {r['execs_per_sec']} "
                        f"{r['corpus']}\n")
        data.append((label, path, COLOURS[i % len(COLOURS)], crash_times(rows)))
    suffix = f" - {title}" if title else ""
    lines = [
        terminal(fmt, 900, 520),
        "set termoption noenhanced",
        "set datafile separator whitespace",
        "set grid",
        "set key top left",
        "set xlabel 'time (s)'",
        "set xrange [0:*]",
        f"set output {quote(coverage_file)}",
        f"set title {quote('coverage over time' + suffix)}",
        "set ylabel 'coverage bits'",
        "set y2label 'corpus entries'",
        "set ytics nomirror",
        "set y2tics",
        # Headroom above the largest value, so a flat line at the maximum stays off the border.
        f"set yrange [0:{headroom(runs, 'coverage_bits')}]",
        f"set y2range [0:{headroom(runs, 'corpus')}]",
    ]
    arrow = 1
    for _, _, colour, crashes in data:
        for t in crashes:
            lines.append(f"set arrow {arrow} from {t},graph 0 to {t},graph 1 nohead "
                         f"lc rgb '{colour}' dt 3")
            arrow += 1
    plots = []
    for label, path, colour, crashes in data:
        plots.append(f"{quote(path)} using 1:2 with lines lw 2 lc rgb '{colour}' "
                     f"title {quote(label + ': coverage bits')}")
        plots.append(f"{quote(path)} using 1:4 axes x1y2 with lines lw 1 dt 2 "
                     f"lc rgb '{colour}' title {quote(label + ': corpus')}")
    if any(crashes for _, _, _, crashes in data):
        plots.append("NaN with lines dt 3 lc rgb 'black' title 'failure recorded (-keep_going)'")
    lines.append("plot " + ", \\\n     ".join(plots))
    lines += [
        "unset arrow",
        "unset y2tics",
        "unset y2label",
        "set ytics mirror",
        f"set output {quote(execs_file)}",
        f"set title {quote('execs/sec over time' + suffix)}",
        "set ylabel 'execs/sec'",
        f"set yrange [0:{headroom(runs, 'execs_per_sec')}]",
        "set format y '%.1s%c'",
    ]
    plots = [f"{quote(path)} using 1:3 with lines lw 2 lc rgb '{colour}' title {quote(label)}"
             for label, path, colour, _ in data]
    lines.append("plot " + ", \\\n     ".join(plots))
    return "\n".join(lines) + "\n", [coverage_file, execs_file]


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", metavar="STATS.csv")
    parser.add_argument("--out", help="path prefix of the plots (default: the first file "
                        "without .csv)")
    parser.add_argument("--format", choices=["png", "svg"], default="png")
    parser.add_argument("--title", default="", help="added to each plot's title")
    parser.add_argument("--gnuplot", default="gnuplot", help="gnuplot executable")
    args = parser.parse_args()

    try:
        runs = list(zip(labels_for(args.files), [load(p) for p in args.files]))
    except StatsError as e:
        sys.exit(f"plot_stats: error: {e}")
    gnuplot = shutil.which(args.gnuplot)
    if gnuplot is None:
        sys.exit(f"plot_stats: error: {args.gnuplot} not found; install gnuplot-nox "
                 "(tools/install-deps.sh --bench) or name it with --gnuplot")
    out = args.out or os.path.splitext(args.files[0])[0]
    out_dir = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(out_dir):
        sys.exit(f"plot_stats: error: {out_dir} is not a directory (--out)")
    with tempfile.TemporaryDirectory(prefix="hivefuzz-plot-stats-") as scratch:
        text, outputs = script(runs, out, args.format, args.title, scratch)
        path = os.path.join(scratch, "plot.gp")
        with open(path, "w") as f:
            f.write(text)
        result = subprocess.run([gnuplot, path], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"plot_stats: error: gnuplot failed:\n{result.stderr}")
    for o in outputs:
        print(o)


if __name__ == "__main__":
    main()
