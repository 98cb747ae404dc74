"""run.to_sonata: the file read back with h5py holds the run's spikes and rates as the SONATA layout says."""
import os
import sys
import tempfile
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
import brainsim  # noqa: E402

try:
    import h5py
except ImportError:  # Debian's python3-h5py; .ci/run installs it when it can
    h5py = None

import test_load  # noqa: E402


def check(test, run, path, row):
    written = run.to_sonata(path, row=row)
    with h5py.File(path, "r") as f:
        test.assertEqual(int(f.attrs["magic"]), 0x0A7A)
        test.assertEqual(list(f.attrs["version"]), [0, 1])
        for population in written["spikes"]:
            values, step = brainsim.sonata._series(run, "activity/" + population, row)
            times = f["spikes/" + population + "/timestamps"][()]
            ids = f["spikes/" + population + "/node_ids"][()]
            test.assertTrue(np.all(np.diff(times) >= 0), "sorted by time")
            sorting = f["spikes/" + population].attrs["sorting"]
            test.assertEqual(h5py.check_enum_dtype(f["spikes/" + population].attrs.get_id("sorting").dtype),
                             {"none": 0, "by_id": 1, "by_time": 2})
            test.assertEqual(int(sorting), 2)
            rebuilt = np.zeros_like(values)
            rebuilt[np.rint(times / step).astype(int), ids.astype(int)] = 1
            np.testing.assert_array_equal(rebuilt, values, population)
        for population in written["report"]:
            values, step = brainsim.sonata._series(run, "activity/" + population, row)
            np.testing.assert_array_equal(f["report/" + population + "/data"][()], values.astype(np.float32))
            np.testing.assert_allclose(f["report/" + population + "/mapping/time"][()],
                                       [0, values.shape[0] * step, step])
            pointers = f["report/" + population + "/mapping/index_pointers"][()]
            ids = f["report/" + population + "/mapping/node_ids"][()]
            elements = f["report/" + population + "/mapping/element_ids"][()]
            test.assertEqual(len(pointers), len(ids) + 1)
            test.assertEqual(pointers[-1], f["report/" + population + "/data"].shape[1])
            test.assertEqual(len(elements), pointers[-1])
    return written


@unittest.skipIf(h5py is None, "no h5py (Debian's python3-h5py)")
class Sonata(unittest.TestCase):
    def test_made_run_round_trips(self):
        with tempfile.TemporaryDirectory() as directory:
            spikes = test_load.MadeRuns().make(directory)
            run = brainsim.load(directory)
            path = os.path.join(directory, "out.h5")
            written = check(self, run, path, row=1)
            self.assertEqual(written, {"spikes": ["v1"], "report": ["ctx", "slow"]})
            # against the made arrays directly: row 1's trials end to end, 1 ms steps; the rates' recorded part
            expected = spikes[:, 1].reshape(-1, 11)
            steps, units = np.nonzero(expected)
            with h5py.File(path, "r") as f:
                self.assertEqual(sorted(zip(f["spikes/v1/timestamps"][()], f["spikes/v1/node_ids"][()])),
                                 sorted(zip(steps.astype(float), units)))
                self.assertEqual(f["report/ctx/data"].shape, (60, 4))
                self.assertTrue(np.all(f["report/ctx/data"][()] == 1.5))
                np.testing.assert_allclose(f["report/slow/mapping/time"][()], [0, 60, 10])

    def test_real_runs_round_trip(self):
        dirs = [d for d in os.environ.get("BRAINSIM_RUN_DIRS", "").split(os.pathsep) if d]
        if not dirs:
            self.skipTest("BRAINSIM_RUN_DIRS names no run (set by .ci/run)")
        with tempfile.TemporaryDirectory() as out:
            for k, directory in enumerate(dirs):
                written = check(self, brainsim.load(directory), os.path.join(out, "%d.h5" % k), row=0)
                self.assertTrue(written["spikes"] or written["report"], directory)


if __name__ == "__main__":
    unittest.main()
