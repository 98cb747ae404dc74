"""Wall time of one BPTT training iteration of the evidence-accumulation network in PyTorch.

The same network and set-up as scenarios/evidence-accumulation.conf with rule = bptt: 40 Poisson inputs,
50 LIF + 50 ALIF (EligALIF form: reset by subtraction, refractory 5 steps, tau_m 20 ms, tau_a 2000 ms,
beta 1.7(1-rho)/(1-alpha), v_th 0.6, pseudo-derivative 0.3 max(0, 1 - |v - A| / v_th) / v_th), a leaky
readout (tau_out 20 ms), cross-entropy over the last 150 steps, firing-rate regularisation, Adam 5e-3,
batch 64, 2250 steps of 1 ms. Inputs are random Poisson spikes of the task's rates (the timing does not
depend on the cue pattern). Prints seconds per iteration (forward + backward + Adam).

    python3 bench/pytorch/evidence_bptt.py [iterations] [threads]
"""
import math
import sys
import time

import fair

iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 3
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
torch = fair.torch(threads)
print(fair.describe(threads), flush=True)
torch.manual_seed(1)

B, T, N_IN, N_LIF, N_ALIF, N_OUT = 64, 2250, 40, 50, 50, 2
N = N_LIF + N_ALIF
alpha = math.exp(-1 / 20)
rho = math.exp(-1 / 2000)
kappa = math.exp(-1 / 20)
beta = torch.cat([torch.zeros(N_LIF), torch.full((N_ALIF,), 1.7 * (1 - rho) / (1 - alpha))])
v_th, gamma, n_ref = 0.6, 0.3, 5


class SpikeFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (x > 0).float()

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * gamma / v_th * torch.clamp(1 - torch.abs(x) / v_th, min=0)


w_in = torch.nn.Parameter(torch.randn(N_IN, N) / math.sqrt(N_IN))
w_rec = torch.nn.Parameter(torch.randn(N, N) / math.sqrt(N))
w_out = torch.nn.Parameter(torch.randn(N, N_OUT) / math.sqrt(N))
no_self = 1 - torch.eye(N)
opt = torch.optim.Adam([w_in, w_rec, w_out], lr=5e-3, eps=1e-7)

rates = torch.full((T, B, N_IN), 0.01)
x_all = (torch.rand(T, B, N_IN) < rates).float()
labels = torch.randint(0, 2, (B,))

for it in range(iterations):
    t0 = time.perf_counter()
    v = torch.zeros(B, N)
    a = torch.zeros(B, N)
    z = torch.zeros(B, N)
    y = torch.zeros(B, N_OUT)
    ref = torch.zeros(B, N)
    w = w_rec * no_self
    logits, spikes = [], []
    for t in range(T):
        v = alpha * v + x_all[t] @ w_in + z @ w - v_th * z
        a = rho * a + z
        thr = v_th + beta * a
        z = SpikeFn.apply(v - thr) * (ref == 0).float()
        ref = torch.where(z > 0, torch.full_like(ref, n_ref - 1), torch.clamp(ref - 1, min=0))
        y = kappa * y + (1 - kappa) * z @ w_out
        spikes.append(z)
        if t >= T - 150:
            logits.append(y)
    ce = torch.nn.functional.cross_entropy(torch.stack(logits).reshape(-1, N_OUT), labels.repeat(150))
    rate = torch.stack(spikes).mean(dim=(0, 1))
    loss = ce + ((rate - 0.01) ** 2).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"pytorch {torch.__version__} threads {threads}: iteration {it}: {time.perf_counter() - t0:.2f} s "
          f"(loss {loss.item():.4f})", flush=True)
