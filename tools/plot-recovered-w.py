#!/usr/bin/env python3
"""Plot the hybrid fit's w against the arbiter's configured w (docs/results.md, "Recovering w").

    python3 tools/plot-recovered-w.py OUT.png W=RUN_DIR,RUN_DIR... [W=...]
        reads each run's two-step-fit.json (brainsim analyze two-step RUN --fit hybrid)
    python3 tools/plot-recovered-w.py OUT.png W=value,value... [W=...]
        plots the fitted values as given (the table of docs/results.md)

Needs matplotlib (Debian's python3-matplotlib).
"""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def fitted(item):
    if os.path.isdir(item):
        with open(os.path.join(item, "two-step-fit.json"), encoding="utf-8") as f:
            return json.load(f)["pooled"]["parameters"]["w"]["estimate"]
    return float(item)


if len(sys.argv) < 3:
    sys.exit(__doc__)
out = sys.argv[1]
fig, ax = plt.subplots(figsize=(4.5, 4.5))
for group in sys.argv[2:]:
    w, items = group.split("=", 1)
    w = float(w)
    values = [fitted(i) for i in items.split(",")]
    ax.scatter([w] * len(values), values, color="tab:blue", alpha=0.6, zorder=3)
    mean = sum(values) / len(values)
    ax.errorbar([w + 0.03], [mean], fmt="o", color="black", zorder=4)
ax.plot([0, 1], [0, 1], color="grey", lw=1, label="fitted = configured")
ax.fill_between([0, 1], [-0.15, 0.85], [0.15, 1.15], color="grey", alpha=0.15, label="± 0.15")
ax.set_xlim(0, 1)
ax.set_ylim(0, 1)
ax.set_xlabel("arbiter's w (configured)")
ax.set_ylabel("hybrid model's w (maximum likelihood)")
ax.set_title("Recovering w (dots: seeds, black: mean)", fontsize=11)
ax.legend(loc="upper left", fontsize=8)
fig.tight_layout()
fig.savefig(out, dpi=110)
