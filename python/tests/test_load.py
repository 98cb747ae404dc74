"""brainsim.load on run directories made here (packed spikes, a zero tail, an event log) and, when
BRAINSIM_RUN_DIRS names some (.ci/run does), on real runs: every array the manifest lists loads, with its recorded
length."""
import json
import os
import sys
import tempfile
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import brainsim  # noqa: E402


class MadeRuns(unittest.TestCase):
    def make(self, directory):
        os.makedirs(os.path.join(directory, "activity"))
        os.makedirs(os.path.join(directory, "task"))
        spikes = np.random.default_rng(1).integers(0, 2, size=(3, 2, 5, 11), dtype=np.uint8)
        np.save(os.path.join(directory, "activity", "v1.npy"), np.packbits(spikes, axis=-1))
        rates = np.zeros((2, 100, 4), dtype=np.float32)
        rates[:, :60] = 1.5
        np.save(os.path.join(directory, "activity", "ctx.npy"), rates)
        # every 10th step kept: 10 samples in the file, 6 of them written when the run stopped at step 60
        sparse = np.zeros((2, 10, 3), dtype=np.float32)
        sparse[:, :6] = 2.5
        np.save(os.path.join(directory, "activity", "slow.npy"), sparse)
        np.save(os.path.join(directory, "task", "phase.npy"), np.array([0, 0, 1], dtype=np.int64))
        manifest = {
            "status": "interrupted", "steps_completed": 60,
            "phases": [{"index": 0, "name": "train"}, {"index": 1, "name": "test"}],
            "scenario": {"name": "made"},
            "arrays": [
                {"file": "activity/v1.npy", "dtype": "uint8", "shape": [3, 2, 5, 2],
                 "axes": ["trial", "row", "time", "neuron_bits"],
                 "units": "spikes, packed bits along the last axis: numpy.unpackbits(a, axis=-1, count=11) gives 0/1"},
                {"file": "activity/ctx.npy", "dtype": "float32", "shape": [2, 100, 4],
                 "axes": ["batch", "time", "neuron"], "every_steps": 1, "recorded_steps": 60},
                {"file": "activity/slow.npy", "dtype": "float32", "shape": [2, 10, 3],
                 "axes": ["batch", "time", "neuron"], "every_steps": 10, "time_step_ms": 10.0, "recorded_steps": 6},
                {"file": "task/phase.npy", "dtype": "int64", "shape": [3], "axes": ["trial"]},
            ],
        }
        with open(os.path.join(directory, "manifest.json"), "w", encoding="utf-8") as f:
            json.dump(manifest, f)
        with open(os.path.join(directory, "events.jsonl"), "w", encoding="utf-8") as f:
            f.write(json.dumps({"step": 7, "target": "ctx", "what": "plasticity", "old": 1, "new": 0}) + "\n")
        return spikes

    def test_unpacks_spikes_trims_the_tail_and_reads_the_rest(self):
        with tempfile.TemporaryDirectory() as directory:
            spikes = self.make(directory)
            run = brainsim.load(directory)
            np.testing.assert_array_equal(run.arrays["activity/v1"], spikes)
            self.assertEqual(run.arrays["activity/ctx"].shape, (2, 60, 4))
            self.assertTrue(np.all(run.arrays["activity/ctx"] == 1.5), "only what was recorded")
            self.assertEqual(run.arrays["activity/slow"].shape, (2, 6, 3), "recorded_steps counts samples")
            self.assertTrue(np.all(run.arrays["activity/slow"] == 2.5))
            self.assertIn("activity/ctx float32 (2, 100, 4)", repr(run.arrays))
            np.testing.assert_array_equal(run.trial_phase, [0, 0, 1])
            self.assertEqual([p["name"] for p in run.phases], ["train", "test"])
            self.assertEqual(run.status, "interrupted")
            self.assertEqual(run.events[0]["step"], 7)
            self.assertIs(run["activity/ctx"], run.arrays["activity/ctx"])

    def test_packed_spikes_without_a_unit_count_are_refused(self):
        with tempfile.TemporaryDirectory() as directory:
            self.make(directory)
            with open(os.path.join(directory, "manifest.json"), encoding="utf-8") as f:
                manifest = json.load(f)
            manifest["arrays"][0]["units"] = "spikes"
            with open(os.path.join(directory, "manifest.json"), "w", encoding="utf-8") as f:
                json.dump(manifest, f)
            run = brainsim.load(directory)
            with self.assertRaises(ValueError):
                run.arrays["activity/v1"]

    def test_a_directory_without_a_manifest_is_refused(self):
        with tempfile.TemporaryDirectory() as directory:
            with self.assertRaises(FileNotFoundError):
                brainsim.load(directory)


class RealRuns(unittest.TestCase):
    def test_every_listed_array_loads(self):
        dirs = [d for d in os.environ.get("BRAINSIM_RUN_DIRS", "").split(os.pathsep) if d]
        if not dirs:
            self.skipTest("BRAINSIM_RUN_DIRS names no run (set by .ci/run)")
        for directory in dirs:
            run = brainsim.load(directory)
            self.assertEqual(set(run.described), set(n for n in run.described if n in run.arrays),
                             "every array the manifest lists is there: " + directory)
            for name, entry in run.described.items():
                array = run.arrays[name]
                axes = entry["axes"]
                shape = list(entry["shape"])
                if entry.get("recorded_steps") is not None:
                    shape[axes.index("time")] = entry["recorded_steps"]
                if axes[-1] == "neuron_bits":
                    shape[-1] = brainsim._count(entry["units"])
                    self.assertTrue(set(np.unique(array)) <= {0, 1}, name)
                self.assertEqual(list(array.shape), shape, directory + ": " + name)


if __name__ == "__main__":
    unittest.main()
