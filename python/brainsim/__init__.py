"""Open a brainsim run directory in one line.

    import brainsim
    run = brainsim.load("runs/two-step-hybrid-20261203-1200")
    run.arrays["activity/habit"]        # numpy arrays by name (their path without .npy)
    run.phases, run.status, run.events  # what the manifest and the event log say

Only NumPy is needed. Arrays are read when first asked for, memory-mapped, as the manifest describes them: the zero
tail of a whole-run array that a run did not reach (an interrupted run's files have their full length from the start)
is cut to the samples recorded (a view), and spikes recorded as packed bits are unpacked to 0/1 per unit (a copy, 8
times the packed size).
"""
import json
import os
import re
from collections.abc import Mapping

import numpy as np

__all__ = ["load", "Run", "Arrays"]
__version__ = "0.1.0"


class Run:
    """A run directory: its manifest, arrays, phases and event log."""

    def __init__(self, path, manifest, arrays, described, events):
        self.path = path
        self.manifest = manifest
        self.arrays = arrays
        self.described = described
        self.events = events

    @property
    def status(self):
        """completed, running, interrupted, failed or diverged."""
        return self.manifest.get("status")

    @property
    def steps_completed(self):
        return self.manifest.get("steps_completed")

    @property
    def phases(self):
        """The phases as the run went through them (name, first trial, trials, steps, how each ended)."""
        return self.manifest.get("phases", [])

    @property
    def scenario(self):
        """The scenario as given (name, file, overrides, text) and as resolved."""
        return self.manifest.get("scenario", {})

    @property
    def trial_phase(self):
        """Per trial, the index of its phase (task/phase), or None without a task."""
        return self.arrays.get("task/phase")

    def to_sonata(self, path, row=0):
        """Writes the activity of batch row ``row`` as a SONATA file (spikes and reports; needs h5py)."""
        from . import sonata
        return sonata.write(self, path, row)

    def __getitem__(self, name):
        return self.arrays[name]

    def __repr__(self):
        return "Run(%r, status=%r, %d arrays)" % (self.path, self.status, len(self.arrays))


def _count(units):
    """The unit count of a packed array, from the manifest's unpacking recipe (count=N)."""
    match = re.search(r"count=(\d+)", units or "")
    return int(match.group(1)) if match else None


def _read(path, entry):
    """An array as the manifest describes it: memory-mapped, cut to what was recorded (a view), spikes unpacked."""
    array = np.load(path, mmap_mode="r", allow_pickle=False)
    if entry is None:
        return array
    axes = entry.get("axes") or []
    recorded = entry.get("recorded_steps")
    if recorded is not None and "time" in axes:
        # recorded_steps counts the samples written along the time axis (every every_steps-th step)
        time = axes.index("time")
        cut = (slice(None),) * time + (slice(0, min(int(recorded), array.shape[time])),)
        array = array[cut]
    if axes and axes[-1] == "neuron_bits":
        count = _count(entry.get("units"))
        if count is None:
            raise ValueError("%s: packed spikes without count=N in the manifest's units (%r)"
                             % (entry.get("file"), entry.get("units")))
        array = np.unpackbits(array, axis=-1, count=count)
    return array


class Arrays(Mapping):
    """The run's arrays by name, each read when first asked for (memory-mapped where it can be) and kept."""

    def __init__(self, files, described):
        self._files = files
        self._described = described
        self._loaded = {}

    def __getitem__(self, name):
        if name not in self._loaded:
            self._loaded[name] = _read(self._files[name], self._described.get(name))
        return self._loaded[name]

    def __iter__(self):
        return iter(self._files)

    def __len__(self):
        return len(self._files)

    def __repr__(self):
        parts = []
        for name in self._files:
            entry = self._described.get(name)
            shape = "" if entry is None else " %s %s" % (entry.get("dtype"), tuple(entry.get("shape", ())))
            parts.append(name + shape)
        return "Arrays(%s)" % ", ".join(parts)


def load(path):
    """Reads a run directory: manifest.json, every .npy array under it, and events.jsonl when there is one."""
    path = os.fspath(path)
    manifest_file = os.path.join(path, "manifest.json")
    if not os.path.isfile(manifest_file):
        raise FileNotFoundError("no manifest.json in %s (expected a brainsim run directory)" % path)
    with open(manifest_file, encoding="utf-8") as f:
        manifest = json.load(f)
    described = {}
    for entry in manifest.get("arrays", []):
        name = entry["file"][:-4] if entry["file"].endswith(".npy") else entry["file"]
        described[name] = entry
    files = {}
    for root, _, names in os.walk(path):
        for file in names:
            if not file.endswith(".npy"):
                continue
            full = os.path.join(root, file)
            files[os.path.relpath(full, path)[:-4].replace(os.sep, "/")] = full
    events = []
    events_file = os.path.join(path, "events.jsonl")
    if os.path.isfile(events_file):
        with open(events_file, encoding="utf-8") as f:
            events = [json.loads(line) for line in f if line.strip()]
    return Run(path, manifest, Arrays(dict(sorted(files.items())), described), described, events)
