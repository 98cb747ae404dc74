"""A fair PyTorch for comparisons with brainsim: OpenBLAS, and exactly the threads asked for.

Debian's python3-torch calls whatever libblas.so.3 the system points to. With only `libblas3` installed that is
the reference BLAS (netlib), ~20x slower on these products; with `libopenblas0-pthread` it is OpenBLAS, as ND4J
uses. OpenBLAS also starts its own thread pool (one thread per core) that torch.set_num_threads does not limit,
so "one thread" must be set in OPENBLAS_NUM_THREADS before torch is imported.

PyTorch gets the kernels OpenBLAS picks for this CPU, its best set-up: brainsim's launchers pin theirs
(OPENBLAS_CORETYPE=Haswell, for the same bytes on every machine) and some machines set that variable for every
process, but a pin inherited by PyTorch would hold it to AVX2 kernels on an AVX-512 CPU (on the AMD EPYC CI kind,
1.68 ms against 1.0-1.2 ms for the N = 1024 rate step). So the variable is dropped before OpenBLAS loads, unless
BENCH_TORCH_CORETYPE names kernels for PyTorch on purpose; describe() names the kernels OpenBLAS chose.

    import fair
    torch = fair.torch(threads)       # refuses (exit 3) unless the process runs on OpenBLAS
"""
import os
import sys


def torch(threads):
    os.environ["OPENBLAS_NUM_THREADS"] = str(threads)
    os.environ["OMP_NUM_THREADS"] = str(threads)
    os.environ.pop("OPENBLAS_CORETYPE", None)  # read once, when OpenBLAS loads with torch
    if os.environ.get("BENCH_TORCH_CORETYPE"):
        os.environ["OPENBLAS_CORETYPE"] = os.environ["BENCH_TORCH_CORETYPE"]
    import torch as t
    t.set_num_threads(threads)
    (t.ones(64, 64) @ t.ones(64, 64)).sum().item()  # make sure the BLAS is loaded
    libs = {os.path.realpath(lib) for lib in blas_libraries()}
    # torch links libblas.so.3: whichever file that resolves to serves sgemm, even if OpenBLAS is mapped too
    # (OpenBLAS's LAPACK pulls it in beside a reference libblas)
    reference = [lib for lib in libs if os.path.basename(lib).startswith("libblas.so") and "openblas" not in lib]
    if reference or not any("openblas" in lib for lib in libs):
        print("pytorch: refusing to compare: this process runs on " + (", ".join(sorted(libs)) or "no shared BLAS") +
              ", not OpenBLAS (apt-get install libopenblas0-pthread; see STACK.md)", file=sys.stderr)
        sys.exit(3)
    return t


def blas_libraries():
    """The BLAS libraries this process has mapped, by path."""
    with open("/proc/self/maps") as maps:
        return {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}


def kernels():
    """The kernels OpenBLAS chose (its core name, e.g. Haswell or Cooperlake), or "unknown"."""
    import ctypes
    for lib in sorted(blas_libraries()):
        if "openblas" in os.path.basename(lib):
            try:
                name = ctypes.CDLL(lib).openblas_get_corename
            except (OSError, AttributeError):
                continue
            name.restype = ctypes.c_char_p
            return name().decode()
    return "unknown"


def describe(threads):
    """One line: torch version, BLAS library and its kernels, threads."""
    import torch as t
    return "pytorch %s on %s (OpenBLAS kernels: %s%s), %d thread(s)" % (
        t.__version__, ", ".join(sorted(os.path.realpath(p) for p in blas_libraries())), kernels(),
        ", pinned by BENCH_TORCH_CORETYPE" if os.environ.get("BENCH_TORCH_CORETYPE") else ", its own choice", threads)
