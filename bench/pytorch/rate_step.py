"""PyTorch reference for brainsim's rate step (bench/run rate): h <- (1-a) h + a tanh(h W + x Win + b).

Usage: python3 bench/pytorch/rate_step.py [N] [batch] [steps] [threads]
Prints microseconds per step, float32, the same shapes as org.brainsim.bench.RateStepBenchmark.
"""
import sys
import time

import fair

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
batch = int(sys.argv[2]) if len(sys.argv) > 2 else 64
steps = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 1
torch = fair.torch(threads)
torch.manual_seed(1)
n_in = 64
alpha = 0.05
w = torch.randn(n, n) * (1.2 / n ** 0.5)
w_in = torch.randn(n_in, n) / n_in ** 0.5
b = torch.randn(1, n) * 0.1
h = torch.zeros(batch, n)
x = torch.randn(batch, n_in)
pre = torch.empty(batch, n)
with torch.no_grad():
    for _ in range(200):  # warm-up
        torch.addmm(b, h, w, out=pre)
        pre.addmm_(x, w_in)
        pre.tanh_()
        h.mul_(1 - alpha).add_(pre, alpha=alpha)
    start = time.perf_counter()
    for _ in range(steps):
        torch.addmm(b, h, w, out=pre)
        pre.addmm_(x, w_in)
        pre.tanh_()
        h.mul_(1 - alpha).add_(pre, alpha=alpha)
    elapsed = time.perf_counter() - start
print(f"{fair.describe(threads)} N={n} batch={batch}: {elapsed / steps * 1e6:.1f} us/step")
