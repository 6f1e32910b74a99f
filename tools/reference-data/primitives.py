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

Usage:  /usr/bin/python3 tools/reference-data/primitives.py [--check]
Writes: tests/ReparamGen.Tests/ReferenceData/{normal_quantile,logistic,logaddexp,logsumexp}.csv
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


def main():
    os.makedirs(OUT, exist_ok=True)
    print('normal quantile ...', flush=True)
    gen_normal_quantile()
    print('logistic family ...', flush=True)
    gen_logistic()


if __name__ == '__main__':
    main()
