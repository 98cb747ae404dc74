"""A fair PyTorch for comparisons with brainsim: OpenBLAS, and exactly the threads asked for.

Debian's python3-torch calls whatever libblas.so.3 the system points to. With only `libblas3` installed that is
the reference BLAS (netlib), ~20x slower on these products; with `libopenblas0-pthread` it is OpenBLAS, as ND4J
uses. OpenBLAS also starts its own thread pool (one thread per core) that torch.set_num_threads does not limit,
so "one thread" must be set in OPENBLAS_NUM_THREADS before torch is imported.

    import fair
    torch = fair.torch(threads)       # refuses (exit 3) unless the process runs on OpenBLAS
"""
import os
import sys


def torch(threads):
    os.environ["OPENBLAS_NUM_THREADS"] = str(threads)
    os.environ["OMP_NUM_THREADS"] = str(threads)
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


def describe(threads):
    """One line: torch version, BLAS library, threads."""
    import torch as t
    return "pytorch %s on %s, %d thread(s)" % (t.__version__, ", ".join(sorted(os.path.realpath(p) for p in
                                                                                blas_libraries())), threads)
