#!/usr/bin/env python3
"""Merge two-step runs of one agent each (batch = 1, e.g. one per seed) into one directory, one row per run, so that
`brainsim analyze two-step OUT [--fit hybrid]` analyses them together (per-agent statistics and one plot).

    python3 tools/merge-two-step-runs.py OUT RUN_DIR...
"""
import os
import shutil
import sys

import numpy as np

if len(sys.argv) < 3:
    sys.exit(__doc__)
out, runs = sys.argv[1], sys.argv[2:]
os.makedirs(os.path.join(out, "task"), exist_ok=True)
for name in ["choice", "second", "common", "rewarded"]:
    arrays = [np.load(os.path.join(r, "task", name + ".npy")) for r in runs]  # [episode, row, trial]
    np.save(os.path.join(out, "task", name + ".npy"), np.concatenate(arrays, axis=1))
shutil.copy(os.path.join(runs[0], "manifest.json"), os.path.join(out, "manifest.json"))
