#!/usr/bin/python3
"""Times PyTorch's Normal rsample + gradient and its Gamma shape gradient, per element, single thread.

The reference points for ReparamGen's generated batch members (tests/ReparamGen.Benchmarks, --versus-torch):
  normal_rsample_gradient  z = loc + scale * eps, backward of sum(z) to loc and scale
  gamma_shape_gradient     torch._standard_gamma_grad(alpha, z) at given Gamma(alpha, 1) samples
  gamma_rsample_gradient   torch._standard_gamma(alpha) then the shape gradient
Shapes are log-uniform on [0.1, 100], as on the C# side. Debian's python3-torch (1.13); prints one JSON line per case.
Run:  /usr/bin/python3 tools/bench/torch_samplers.py [--repeats 20]
"""
import argparse
import json
import statistics
import time

import torch


def timed(step, elements, repeats):
    """Median and minimum ns per element, by the wall clock and by the process CPU clock (one thread: the CPU clock
    does not count the time the process waits while other jobs run)."""
    for _ in range(3):
        step()
    samples = []
    cpu = []
    for _ in range(repeats):
        c0 = time.process_time_ns()
        t0 = time.perf_counter_ns()
        step()
        samples.append((time.perf_counter_ns() - t0) / elements)
        cpu.append((time.process_time_ns() - c0) / elements)
    return (round(statistics.median(samples), 3), round(min(samples), 3),
            round(statistics.median(cpu), 3), round(min(cpu), 3))


def emit(op, elements, result):
    print(json.dumps({"impl": "torch", "op": op, "k": 0, "dtype": "float64", "elements": elements,
                      "ns_per_element_median": result[0], "ns_per_element_min": result[1],
                      "cpu_ns_per_element_median": result[2], "cpu_ns_per_element_min": result[3]}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)

    n = 1 << 20
    loc = torch.rand(n, dtype=torch.float64, requires_grad=True)
    scale = (0.5 + torch.rand(n, dtype=torch.float64)).requires_grad_()
    dist = torch.distributions.Normal(loc, scale)

    def normal_step():
        z = dist.rsample()
        z.backward(torch.ones_like(z))
        loc.grad = None
        scale.grad = None

    emit("normal_rsample_gradient", n, timed(normal_step, n, args.repeats))

    m = 1 << 18
    alpha = 0.1 * 1000.0 ** torch.rand(m, dtype=torch.float64)
    z = torch._standard_gamma(alpha)
    emit("gamma_shape_gradient", m, timed(lambda: torch._standard_gamma_grad(alpha, z), m, args.repeats))

    def gamma_step():
        sample = torch._standard_gamma(alpha)
        torch._standard_gamma_grad(alpha, sample)

    emit("gamma_rsample_gradient", m, timed(gamma_step, m, args.repeats))


if __name__ == "__main__":
    main()
