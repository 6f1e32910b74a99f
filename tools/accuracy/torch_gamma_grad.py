#!/usr/bin/python3
"""PyTorch's implicit reparameterization gradients on ReparamGen's reference grid (for docs/accuracy.md).

    /usr/bin/python3 tools/accuracy/torch_gamma_grad.py

Reads tests/ReparamGen.Tests/ReferenceData/{gamma,beta}_implicit.csv (mpmath, 50 digits) and evaluates, at the same
samples z:
  * Gamma:  torch._standard_gamma_grad(shape, z), the kernel behind Gamma.rsample's backward (ATen
            standard_gamma_grad_one: series / asymptotic pieces, not an exact derivative);
  * Beta:   the backward of Beta.rsample, which PyTorch routes through Dirichlet([a, b]) and
            torch._dirichlet_grad(x, alpha, total): dz/da = g0 (1 - z), dz/db = -z g1 with
            g = _dirichlet_grad([z, 1 - z], [a, b], [a + b, a + b]) (checked against autograd of
            Beta(a, b).rsample() at a random draw, see check_beta_formula).
Relative errors |computed/exact - 1|; a non-finite result for a finite exact value counts as +inf. float32 figures use
the float32-rounded inputs and the exact derivative at those inputs (the *_f32 columns), counting only points whose
exact result is a normal float, as the C# report does.
Needs Debian's python3-torch (PyTorch 1.13 here); single thread.
"""
import csv
import math
import os
import sys

import numpy as np
import torch

torch.set_num_threads(1)
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tests', 'ReparamGen.Tests', 'ReferenceData')
FLOAT_MIN_NORMAL = 1.1754943508222875e-38


def load(name):
    with open(os.path.join(DATA, name)) as f:
        rows = list(csv.DictReader(f))
    return {k: np.array([float(r[k]) for r in rows]) for k in rows[0]}


def rel_errors(computed, exact):
    computed = np.asarray(computed, dtype=np.float64)
    with np.errstate(divide='ignore', invalid='ignore'):
        e = np.abs(computed / exact - 1.0)
    e[~np.isfinite(e)] = np.inf
    e[(computed == exact)] = 0.0
    return e


def summary(label, errors, where):
    i = int(np.argmax(errors))
    finite = np.isfinite(errors)
    print('%-28s n = %4d  median %.1e  worst %.1e  (non-finite %d)  worst at %s'
          % (label, len(errors), float(np.median(errors)), float(errors[i]), int((~finite).sum()), where(i)))
    return float(np.median(errors)), float(errors[i])


def gamma(dtype):
    d = load('gamma_implicit.csv')
    suffix = '_f32' if dtype == torch.float32 else ''
    a, z, exact = d['shape' + suffix], d['z' + suffix], d['dz_dshape' + suffix]
    keep = np.isfinite(exact) & (z > 0)
    if dtype == torch.float32:
        keep &= np.abs(exact) >= FLOAT_MIN_NORMAL
    a, z, exact = a[keep], z[keep], exact[keep]
    g = torch._standard_gamma_grad(torch.tensor(a, dtype=dtype), torch.tensor(z, dtype=dtype)).double().numpy()
    e = rel_errors(g, exact)
    return summary('Gamma dz/dshape ' + ('float32' if dtype == torch.float32 else 'double'), e,
                   lambda i: 'shape=%.17g z=%.17g (torch %.17g, exact %.17g)' % (a[i], z[i], g[i], exact[i]))


def beta_grads(a, b, z, dtype):
    a_t = torch.tensor(a, dtype=dtype)
    b_t = torch.tensor(b, dtype=dtype)
    z_t = torch.tensor(z, dtype=dtype)
    x = torch.stack([z_t, 1 - z_t], dim=-1)
    alpha = torch.stack([a_t, b_t], dim=-1)
    total = alpha.sum(-1, keepdim=True).expand_as(alpha)
    g = torch._dirichlet_grad(x, alpha, total)
    dza = (g[..., 0] * (1 - z_t)).double().numpy()
    dzb = (-z_t * g[..., 1]).double().numpy()
    return dza, dzb


def beta(dtype):
    d = load('beta_implicit.csv')
    suffix = '_f32' if dtype == torch.float32 else ''
    a, b, z = d['a' + suffix], d['b' + suffix], d['z' + suffix]
    ea, eb = d['dz_da' + suffix], d['dz_db' + suffix]
    keep = np.isfinite(ea) & np.isfinite(eb) & (z > 0) & (z < 1)
    if dtype == torch.float32:
        keep &= (np.abs(ea) >= FLOAT_MIN_NORMAL) & (np.abs(eb) >= FLOAT_MIN_NORMAL) & (np.abs(ea) <= 3.4e38) & (np.abs(eb) <= 3.4e38)
    a, b, z, ea, eb = a[keep], b[keep], z[keep], ea[keep], eb[keep]
    dza, dzb = beta_grads(a, b, z, dtype)
    name = 'float32' if dtype == torch.float32 else 'double'
    ra = summary('Beta dz/da ' + name, rel_errors(dza, ea), lambda i: 'a=%.17g b=%.17g z=%.17g (torch %.17g, exact %.17g)' % (a[i], b[i], z[i], dza[i], ea[i]))
    rb = summary('Beta dz/db ' + name, rel_errors(dzb, eb), lambda i: 'a=%.17g b=%.17g z=%.17g (torch %.17g, exact %.17g)' % (a[i], b[i], z[i], dzb[i], eb[i]))
    return ra, rb


def check_beta_formula():
    """The formula above reproduces autograd through Beta(a, b).rsample() at the drawn sample."""
    torch.manual_seed(1)
    worst = 0.0
    for a0, b0 in [(2.5, 0.7), (0.3, 4.0), (30.0, 12.0)]:
        a = torch.tensor(a0, dtype=torch.float64, requires_grad=True)
        b = torch.tensor(b0, dtype=torch.float64, requires_grad=True)
        z = torch.distributions.Beta(a, b).rsample()
        z.backward()
        dza, dzb = beta_grads(np.array([a0]), np.array([b0]), np.array([z.item()]), torch.float64)
        worst = max(worst, abs(dza[0] / a.grad.item() - 1), abs(dzb[0] / b.grad.item() - 1))
    print('Beta formula vs autograd of Beta.rsample: max relative difference %.1e' % worst)
    return worst


if __name__ == '__main__':
    print('PyTorch %s' % torch.__version__)
    ok = check_beta_formula() < 1e-9
    gamma(torch.float64)
    beta(torch.float64)
    gamma(torch.float32)
    beta(torch.float32)
    sys.exit(0 if ok else 1)
