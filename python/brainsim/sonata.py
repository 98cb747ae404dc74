"""SONATA files from a brainsim run (needs h5py): spikes as a SONATA spike file, rates and other continuous activity
as SONATA reports, one population per region or input, so that BMTK, libsonata and the SONATA-to-NWB converters read
brainsim's output.

Layout (AllenInstitute/sonata, docs/SONATA_DEVELOPER_GUIDE.md): root attributes ``magic`` = 0x0A7A and ``version``
= (0, 1); ``/spikes/<population>/timestamps`` (float64, ms) and ``node_ids`` (uint64), sorted by time;
``/report/<population>/data`` (float32, time x units) with ``mapping/node_ids``, ``index_pointers``, ``element_ids``
and ``time`` = [start, stop, step] in ms.

Time: a whole-run array ([batch, time, neuron]) is placed at its steps (step k at k x its ``time_step_ms``); a
per-trial array ([trial, row, time, neuron]) has its recorded trials laid end to end in order (trial j's step k at
(j x steps + k) x ``time_step_ms``), since the run records whole trials, not the steps between them.
"""
import numpy as np

MAGIC = 0x0A7A


def _series(run, name, row):
    """(values [time, units], step_ms) of one batch row of an activity array, or None for other arrays."""
    entry = run.described.get(name, {})
    axes = entry.get("axes") or []
    array = run.arrays[name]
    step = float(entry.get("time_step_ms", 1.0))
    if axes[:3] == ["batch", "time", "neuron"]:
        return array[row], step
    if axes[:3] == ["trial", "row", "time"] and array.ndim == 4:
        trials = array[:, row]
        return trials.reshape(trials.shape[0] * trials.shape[1], trials.shape[2]), step
    return None


def write(run, path, row=0):
    """Writes the run's activity (``activity/*``) for one batch row as a SONATA file; returns the populations."""
    import h5py

    written = {"spikes": [], "report": []}
    with h5py.File(path, "w") as f:
        f.attrs["magic"] = np.uint32(MAGIC)
        f.attrs["version"] = np.array([0, 1], dtype=np.uint32)
        for name in sorted(run.arrays):
            if not name.startswith("activity/"):
                continue
            series = _series(run, name, row)
            if series is None:
                continue
            values, step = series
            population = name[len("activity/"):]
            if values.dtype == np.uint8:  # spikes, 0/1 per unit and step
                steps, units = np.nonzero(values)
                order = np.lexsort((units, steps))
                group = f.create_group("spikes/" + population)
                # an HDF5 enum, as the guide specifies and libsonata reads it
                group.attrs.create("sorting", 2, dtype=h5py.enum_dtype({"none": 0, "by_id": 1, "by_time": 2},
                                                                       basetype=np.uint8))
                times = group.create_dataset("timestamps", data=steps[order].astype(np.float64) * step)
                times.attrs["units"] = "ms"
                group.create_dataset("node_ids", data=units[order].astype(np.uint64))
                written["spikes"].append(population)
            else:
                group = f.create_group("report/" + population)
                data = group.create_dataset("data", data=np.asarray(values, dtype=np.float32))
                data.attrs["units"] = run.described.get(name, {}).get("units", "activity")
                units = values.shape[1]
                mapping = group.create_group("mapping")
                ids = mapping.create_dataset("node_ids", data=np.arange(units, dtype=np.uint64))
                ids.attrs["sorted"] = True
                mapping.create_dataset("index_pointers", data=np.arange(units + 1, dtype=np.uint64))
                mapping.create_dataset("element_ids", data=np.zeros(units, dtype=np.uint32))
                time = mapping.create_dataset("time", data=np.array([0.0, values.shape[0] * step, step]))
                time.attrs["units"] = "ms"
                written["report"].append(population)
    return written
