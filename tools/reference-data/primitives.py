#!/usr/bin/python3
"""Reference data for the numerical primitives: the normal quantile (probit) and the logistic family
(softplus, sigmoid, log-sigmoid, log-add-exp, log-sum-exp), each with its derivative.

Every value is computed with mpmath at 60 digits at the EXACT double inputs written to the CSV, then
rounded once to a double printed with 17 significant digits. Tests read the CSVs; they never need Python.

Oracles (independent of the C# algorithms):
  * Normal quantile: for min(p, 1-p) >= 1e-10, sqrt(2)*erfinv(2q - 1) at 60 digits (2q - 1 keeps every digit
    of q there); below, an mpmath root solve of log(ncdf(x)) = log(q). The upper half is -quantile(1 - p),
    1 - p being exact in double for p >= 1/2. Derivative 1/npdf(x) = sqrt(2 pi) exp(x^2/2) at the 60-digit x.
    --check compares the two methods where both apply.
  * Logistic family: the defining formulas log1p(exp(x)), 1/(1 + exp(-x)), log(exp(a) + exp(b)),
    log(sum exp(x_i)) and their derivatives (sigmoid, softmax weights) evaluated at 60 digits, where no
    overflow or cancellation can occur.

  * Dirichlet gradient at a sample: the conditional expectation, given z, of the Gamma-path factor
    (dg_j/dalpha_j)/S, with S = sum g ~ Gamma(alpha_0) independent of z and g_j = z_j S:
        c_j = integral_0^inf  dg/da(z_j s; alpha_j) / s  *  s^(alpha_0 - 1) e^-s / Gamma(alpha_0)  ds,
    by mpmath.quad (30 digits; the Gamma(alpha_0) mass beyond alpha_0 + 40 sqrt(alpha_0) + 80 is dropped, below
    e^-40), with dg/da = -dP(a, g)/da / pdf(g; a) from the exact series for dP/da (DLMF 8.7.1 differentiated
    term by term). This integral is the definition of the quantity, independent of the marginal-Beta formula
    the C# code uses; --check also prints that formula (mpmath.betainc, mpmath.diff) for comparison.

Usage:  /usr/bin/python3 tools/reference-data/primitives.py [--check]
Writes: tests/ReparamGen.Tests/ReferenceData/{normal_quantile,logistic,logaddexp,logsumexp,dirichlet_conditional}.csv
"""
import math
import os
import random
import sys

import mpmath as mp
import numpy as np

mp.mp.dps = 60
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tests', 'ReparamGen.Tests', 'ReferenceData')
CHECK = '--check' in sys.argv


def d17(v):
    """A double printed with 17 significant digits (round-trips exactly)."""
    v = float(v)
    if v == 0.0:
        return '0'
    if math.isinf(v) or math.isnan(v):
        return repr(v)
    return '%.17g' % v


def write(name, header, rows):
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        f.write(header + '\n')
        for r in rows:
            f.write(','.join(r) + '\n')
    print('  wrote %s (%d rows)' % (name, len(rows)), flush=True)


# ---------------------------------------------------------------- normal quantile
def lower_quantile(q):
    """Phi^-1(q) for 0 < q <= 1/2, q an exact mpf."""
    if q >= mp.mpf('1e-10'):
        return mp.sqrt(2) * mp.erfinv(2 * q - 1)
    lq = mp.log(q)
    start = -mp.sqrt(-2 * lq - mp.log(-4 * mp.pi * lq))  # leading terms of the tail expansion
    return mp.findroot(lambda t: mp.log(mp.ncdf(t)) - lq, start)


def gen_normal_quantile():
    ps = {float(v) for v in 10.0 ** np.linspace(-300, -1, 100)}
    ps |= {float(v) for v in np.linspace(0.01, 0.99, 99)}
    ps |= {1 - float(v) for v in 10.0 ** np.linspace(-16, -1, 46)}
    ps |= {0.5, 0.075, 0.07500000000000001, 0.925, 0.92500000000000004, 0.25, 0.75, 1e-300, 1e-200, 1e-100,
           math.exp(-25), 1.3888e-11, 1.3889e-11, 1e-16, 2.0 ** -53, 1 - 2.0 ** -53, 1 - 1e-16, 0.5 - 1e-10, 0.5 + 1e-10}
    rows = []
    worst = 0
    for p in sorted(ps):
        if not (0 < p < 1):
            continue
        m = mp.mpf(p)
        if p <= 0.5:
            x = lower_quantile(m)
        else:
            x = -lower_quantile(1 - m)
        if CHECK and 1e-10 <= min(p, 1 - p) < 1e-3:
            lq = mp.log(min(m, 1 - m))
            y = mp.findroot(lambda t: mp.log(mp.ncdf(t)) - lq, -abs(x))
            worst = max(worst, abs(y / -abs(x) - 1))
        dx = 1 / mp.npdf(x)
        rows.append([d17(p), d17(x), d17(dx)])
    write('normal_quantile.csv', 'p,quantile,dquantile', rows)
    if CHECK:
        print('  normal quantile --check: max |root solve / erfinv - 1| = %.3g' % worst)


# ---------------------------------------------------------------- logistic family
SPECIAL = [1e-10, 1.0, 30.0, 40.0, 700.0, 1e4]


def sigmoid(m):
    return 1 / (1 + mp.exp(-m))


def gen_logistic():
    xs = set(SPECIAL) | {1e-300, 1e-20, 1e-5, 0.1, 0.5, 2.0, 5.0, 10.0, 20.0, 36.0, 37.0, 100.0, 708.0, 745.0, 800.0, 1e300}
    xs |= {float(v) for v in np.linspace(0.05, 12, 40)}
    rows = []
    for x in sorted(xs):
        for v in ([x, -x] if x > 0 else [x]):
            m = mp.mpf(v)
            s = sigmoid(m)
            rows.append([d17(v), d17(mp.log1p(mp.exp(m))), d17(s), d17(s * sigmoid(-m)), d17(-mp.log1p(mp.exp(-m))),
                         d17(sigmoid(-m))])
    rows.append(['0', d17(mp.log(2)), '0.5', '0.25', d17(-mp.log(2)), '0.5'])
    rows.sort(key=lambda r: float(r[0]))
    write('logistic.csv', 'x,softplus,sigmoid,dsigmoid,logsigmoid,sigmoid_neg', rows)

    args = sorted({0.0} | set(SPECIAL) | {-v for v in SPECIAL} | {-745.0, 745.0, 2.5, -0.3})
    rows = []
    for a in args:
        for b in args:
            ma, mb = mp.mpf(a), mp.mpf(b)
            value = mp.log(mp.exp(ma) + mp.exp(mb))
            rows.append([d17(a), d17(b), d17(value), d17(sigmoid(ma - mb)), d17(sigmoid(mb - ma))])
    write('logaddexp.csv', 'a,b,logaddexp,da,db', rows)

    width = 6
    cases = [
        [0.0], [0.0, 0.0, 0.0], [1e4, 0.0, -1e4], [-1e4, -1e4 + 1, -1e4 + 2], [700.0, 700.0, 699.0],
        [-745.0, -746.0, -800.0, -1e4], [1e-10, -1e-10], [30.0, 40.0, -30.0, -40.0, 1.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        [-1000.0, -1000.0, -1000.0, -1000.0, -1000.0, -1000.0], [40.0, 0.0], [-40.0, 0.0, -40.0], [1e300, 1.0],
        [-1e300, 2.5], [3.0, 3.0 - 1e-12, 3.0 + 1e-12],
    ]
    rng = random.Random(20261202)
    for _ in range(40):
        n = rng.randint(1, width)
        scale = 10.0 ** rng.uniform(-2, 3)
        cases.append([rng.uniform(-scale, scale) for _ in range(n)])
    rows = []
    for c in cases:
        ms = [mp.mpf(v) for v in c]
        total = mp.fsum(mp.exp(v) for v in ms)
        weights = [mp.exp(v) / total for v in ms]
        pad = width - len(c)
        rows.append([str(len(c))] + [d17(v) for v in c] + ['0'] * pad + [d17(mp.log(total))]
                    + [d17(w) for w in weights] + ['0'] * pad)
    write('logsumexp.csv', 'n,' + ','.join('x%d' % i for i in range(width)) + ',logsumexp,'
          + ','.join('w%d' % i for i in range(width)), rows)


# ---------------------------------------------------------------- Dirichlet gradient at a sample
def gamma_dp_da_series(a, x):
    """dP(a, x)/da by the series of DLMF 8.7.1 differentiated term by term."""
    term = mp.exp(a * mp.log(x) - x - mp.loggamma(a + 1))  # x^a e^-x / Gamma(a+1)
    psi = mp.digamma(a + 1)
    s = term
    sp = term * psi
    k = 0
    while True:
        k += 1
        term = term * x / (a + k)
        psi = psi + 1 / (a + k)
        s += term
        sp += term * psi
        if term * psi < mp.mp.eps * abs(sp) * mp.mpf(10) ** -5 and k > x - a:
            break
    return mp.log(x) * s - sp


def gamma_dg_da(a, g):
    return -gamma_dp_da_series(a, g) / mp.exp((a - 1) * mp.log(g) - g - mp.loggamma(a))


def dirichlet_conditional(a, others, z):
    """The integral over s = e^u (log space: the Gamma(alpha_0) density and dg/da both vary smoothly in u)."""
    a0 = a + others
    f = lambda u: gamma_dg_da(a, z * mp.exp(u)) * mp.exp((a0 - 1) * u - mp.exp(u) - mp.loggamma(a0))
    la = mp.log(a0)
    upper = mp.log(a0 + 40 * mp.sqrt(a0) + 80)
    value, error = mp.quad(f, [la - 40, la - 8, la - 2, la, la + 1, upper], error=True)
    return value, error


def gen_dirichlet():
    from scipy.special import betaincinv
    rows = []
    worst_quad = 0
    worst_check = 0
    dropped = []
    with mp.workdps(30):
        for a in [0.05, 0.7, 3.0, 50.0]:
            for o1, o2 in [(0.25, 1.5), (2.0, 6.0)]:
                for q in [0.01, 0.3, 0.5, 0.7, 0.99]:
                    others = o1 + o2  # exact in double for these values
                    z = float(betaincinv(a, others, q))
                    if not (0 < z < 1):
                        continue
                    c, err = dirichlet_conditional(mp.mpf(a), mp.mpf(o1) + mp.mpf(o2), mp.mpf(z))
                    if abs(err / c) > 1e-20:
                        # Samples far below the smallest quantiles of the other shapes (z = 4e-41 at a = 0.05): the
                        # quadrature does not converge to 1e-20 there; such points are left out rather than trusted.
                        dropped.append((a, o1 + o2, z, float(abs(err / c))))
                        continue
                    worst_quad = max(worst_quad, abs(err / c))
                    if CHECK:
                        ma, mb, mz = mp.mpf(a), mp.mpf(others), mp.mpf(z)
                        da = mp.diff(lambda t: mp.betainc(t, mb, 0, mz, regularized=True), ma)
                        pdf = mp.exp((ma - 1) * mp.log(mz) + (mb - 1) * mp.log1p(-mz) - mp.log(mp.beta(ma, mb)))
                        worst_check = max(worst_check, abs((-da / pdf / (1 - mz)) / c - 1))
                    rows.append([d17(a), d17(o1), d17(o2), d17(z), d17(c)])
    write('dirichlet_conditional.csv', 'a,other1,other2,z,c', rows)
    print('  Dirichlet: worst quad error estimate (relative) %.3g; left out (quad error estimate > 1e-20): %s'
          % (worst_quad, dropped))
    if CHECK:
        print('  Dirichlet --check: max |marginal-Beta formula / integral - 1| = %.3g' % worst_check)


def main():
    os.makedirs(OUT, exist_ok=True)
    print('normal quantile ...', flush=True)
    gen_normal_quantile()
    print('logistic family ...', flush=True)
    gen_logistic()
    print('Dirichlet gradient at a sample ...', flush=True)
    gen_dirichlet()


if __name__ == '__main__':
    main()
