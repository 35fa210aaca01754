#!/usr/bin/env python3
"""Tables of the demo model's evaluation from the runs scripts/eval-demo made.

usage: demo_eval_tables.py WORK_DIR COMMAND_LINE

Reads WORK_DIR/{pss,random,most-similar}-h{L}-s{S}/metrics.json (adgen eval's report) and prints
Markdown: per setting the mean over seeds and the spread (sample standard deviation of the
per-seed means, and their range), then whether history 10 beats history 0 on text and image by
more than the spread (the difference must exceed the sum of the two settings' standard deviations).
"""

import json
import statistics
import sys
from pathlib import Path

METRICS = [
    ("BLEU-4", lambda s: s["concatenated"]["bleu4"]),
    ("ROUGE-L", lambda s: s["concatenated"]["rouge_l"]),
    ("BGS", lambda s: s["bgs"]["mean"]),
    ("SP-only share", lambda s: s["sp_only"]["share"]),
]


def runs(work, strategy, length):
    found = sorted(work.glob(f"{strategy}-h{length}-s*/metrics.json"))
    if not found:
        sys.exit(f"no runs {strategy}-h{length}-s* in {work}; run scripts/eval-demo first")
    return [json.loads(p.read_text())["summary"] for p in found]


def spread(values):
    mean = statistics.fmean(values)
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return mean, sd, min(values), max(values)


def cell(values):
    mean, sd, low, high = spread(values)
    return f"{mean:.4f} ± {sd:.4f} ({low:.4f}-{high:.4f})"


def table(title, rows):
    out = [f"### {title}", "", "| setting | seeds | " + " | ".join(name for name, _ in METRICS) + " |",
           "|---|---:|" + "---:|" * len(METRICS)]
    for label, summaries in rows:
        cells = [cell([get(s) for s in summaries]) for _, get in METRICS]
        out.append(f"| {label} | {len(summaries)} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def main():
    work, command = Path(sys.argv[1]), sys.argv[2]
    lengths = {n: runs(work, "pss", n) for n in (0, 3, 5, 10)}
    strategies = {name: runs(work, name, 10) for name in ("random", "most-similar", "pss")}
    items = lengths[10][0]["concatenated"]["count"]
    print(f"Test split: {items} records. Command: `{command}`.\n")
    print("Each cell: mean over the seeds ± standard deviation of the per-seed means (min-max).\n")
    print(table("History length (PSS)", [(f"history {n}", lengths[n]) for n in lengths]))
    print(table("Sampling strategy (history 10)", [(name, strategies[name]) for name in strategies]))
    print("### History 10 against history 0\n")
    print("| metric | history 10 | history 0 | difference | spread (sd 10 + sd 0) | beats by more than the spread |")
    print("|---|---:|---:|---:|---:|---|")
    for name, get in METRICS[:3]:
        m10, sd10, _, _ = spread([get(s) for s in lengths[10]])
        m0, sd0, _, _ = spread([get(s) for s in lengths[0]])
        verdict = "yes" if m10 - m0 > sd10 + sd0 else "no"
        print(f"| {name} | {m10:.4f} | {m0:.4f} | {m10 - m0:+.4f} | {sd10 + sd0:.4f} | {verdict} |")


if __name__ == "__main__":
    main()
