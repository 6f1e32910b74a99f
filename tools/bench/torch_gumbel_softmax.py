#!/usr/bin/python3
"""Times PyTorch's F.gumbel_softmax forward + backward per element, single thread.

The reference point for ReparamGen's batch relaxed path (Relaxation.GumbelSoftmaxBatch then
GumbelSoftmaxBackwardBatch, with the noise from GumbelNoise.FillGumbel): per element of an N x K batch,
PyTorch draws the Gumbel noise, computes softmax((logits + g) / tau) along the last axis, and
back-propagates an upstream gradient to the logits.

Run:  /usr/bin/python3 tools/bench/torch_gumbel_softmax.py [--elements 262144] [--repeats 40]
(Debian package python3-torch: apt-get install -y python3-torch). Prints one JSON line per case
(K = 10 and 100; float32 and float64) with the median and the minimum over the repeats. On a shared
machine the minimum is the steadier figure (one repeat of 2^18 elements takes ~10 ms, shorter than most
interruptions); compare it with the same statistic of the C# side measured in the same run.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F


def time_case(k, dtype, elements, repeats, tau):
    torch.manual_seed(0)
    n = elements // k
    logits = torch.randn(n, k, dtype=dtype, requires_grad=True)
    upstream = torch.randn(n, k, dtype=dtype)

    def step():
        y = F.gumbel_softmax(logits, tau=tau, hard=False, dim=-1)
        y.backward(upstream)
        logits.grad = None

    def forward():
        with torch.no_grad():
            F.gumbel_softmax(logits, tau=tau, hard=False, dim=-1)

    for _ in range(3):  # warm-up: allocator, autograd graph caches
        step()
    samples, forward_samples = [], []
    for _ in range(repeats):
        t0 = time.perf_counter_ns()
        step()
        samples.append((time.perf_counter_ns() - t0) / (n * k))
        t0 = time.perf_counter_ns()
        forward()
        forward_samples.append((time.perf_counter_ns() - t0) / (n * k))
    return {
        "impl": "torch",
        "op": "gumbel_softmax_forward_backward",
        "k": k,
        "dtype": str(dtype).replace("torch.", ""),
        "batch": n,
        "elements": n * k,
        "tau": tau,
        "ns_per_element_median": round(statistics.median(samples), 3),
        "ns_per_element_min": round(min(samples), 3),
        "forward_only_ns_per_element_median": round(statistics.median(forward_samples), 3),
        "repeats": repeats,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elements", type=int, default=1 << 18, help="N*K per batch (default 2^18)")
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--tau", type=float, default=0.5)
    args = parser.parse_args()
    torch.set_num_threads(1)
    for k in (10, 100):
        for dtype in (torch.float32, torch.float64):
            print(json.dumps(time_case(k, dtype, args.elements, args.repeats, args.tau)), flush=True)


if __name__ == "__main__":
    main()
