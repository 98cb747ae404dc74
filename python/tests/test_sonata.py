"""run.to_sonata: the file read back with h5py holds the run's spikes and rates as the SONATA layout says."""
import os
import sys
import tempfile
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
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
            rebuilt = np.zeros_like(values)
            rebuilt[np.rint(times / step).astype(int), ids.astype(int)] = 1
            np.testing.assert_array_equal(rebuilt, values, population)
        for population in written["report"]:
            values, step = brainsim.sonata._series(run, "activity/" + population, row)
            np.testing.assert_array_equal(f["report/" + population + "/data"][()], values.astype(np.float32))
            np.testing.assert_allclose(f["report/" + population + "/mapping/time"][()],
                                       [0, values.shape[0] * step, step])
    return written


@unittest.skipIf(h5py is None, "no h5py (Debian's python3-h5py)")
class Sonata(unittest.TestCase):
    def test_made_run_round_trips(self):
        with tempfile.TemporaryDirectory() as directory:
            test_load.MadeRuns().make(directory)
            run = brainsim.load(directory)
            written = check(self, run, os.path.join(directory, "out.h5"), row=1)
            self.assertEqual(written, {"spikes": ["v1"], "report": ["ctx"]})

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
