#!/usr/bin/python3
"""Reference values of the Concrete (relaxed one-hot categorical) and binary Concrete log-densities
and their partial derivatives, for tests/ReparamGen.Tests/Relaxations.

Independent of the C# implementation: the density is evaluated from the product formula of
Maddison, Mnih and Teh (2017), eq. (4) (categorical) and eq. (17) (binary), in 50-digit arithmetic
(mpmath), and differentiated numerically by mpmath.diff at that precision. Every input is a double,
written with repr (round-trips exactly), so both sides evaluate the same point.

Run:  /usr/bin/python3 tools/reference-data/concrete_density.py
(Debian packages python3-mpmath). Writes tests/ReparamGen.Tests/ReferenceData/concrete_density.csv
and binary_concrete_density.csv.

Columns (vectors are ';'-separated):
  concrete_density.csv: form,k,temperature,logits,point,logdensity,d_logits,d_temperature,d_point
    form = "linear" (point = the sample x) or "log" (point = log x, elementwise);
    d_point are partials with respect to each coordinate of point, all K taken as independent.
  binary_concrete_density.csv: form,logit,temperature,point,logdensity,d_logit,d_temperature,d_point
    form = "linear" (point = y) or "logit" (point = log y - log(1 - y)).
"""
import os
import random

import mpmath as mp

mp.mp.dps = 50
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "tests", "ReparamGen.Tests", "ReferenceData")


def concrete_log_density(logits, lam, x):
    """log of eq. (4): (K-1)! lam^(K-1) prod(a_k x_k^(-lam-1)) / (sum a_i x_i^(-lam))^K."""
    k = len(logits)
    alpha = [mp.exp(a) for a in logits]
    num = mp.factorial(k - 1) * lam ** (k - 1)
    for a, xi in zip(alpha, x):
        num *= a * xi ** (-lam - 1)
    den = mp.fsum(a * xi ** (-lam) for a, xi in zip(alpha, x)) ** k
    return mp.log(num / den)


def binary_log_density(logit, lam, y, one_minus_y):
    """log of eq. (17): lam a y^(-lam-1) (1-y)^(-lam-1) / (a y^(-lam) + (1-y)^(-lam))^2.
    1 - y is passed separately: for y = sigmoid(900) it is not 1 - y at any working precision."""
    a = mp.exp(logit)
    p = lam * a * y ** (-lam - 1) * one_minus_y ** (-lam - 1) / (a * y ** (-lam) + one_minus_y ** (-lam)) ** 2
    return mp.log(p)


def num(v):
    return mp.nstr(v, 20)


def vec(vs):
    return ";".join(num(v) for v in vs)


def dbl(v):
    return repr(float(v))


def partials(f, args):
    """f(list of mpf) -> mpf; returns the gradient by mpmath.diff at 50 digits."""
    grads = []
    for i in range(len(args)):
        def g(t, i=i):
            a = list(args)
            a[i] = t
            return f(a)
        grads.append(mp.diff(g, args[i]))
    return grads


def categorical_rows(rng):
    rows = []
    for k in (2, 3, 10):
        for lam in (0.1, 0.5, 1.0, 2.0):
            for _ in range(3):
                logits = [rng.uniform(-3.0, 3.0) for _ in range(k)]
                # A point of the simplex, away from its edge: normalized Gamma(2) draws, rounded to doubles.
                g = [rng.gammavariate(2.0, 1.0) for _ in range(k)]
                x = [float(v / sum(g)) for v in g]
                rows.append(("linear", logits, lam, x))
        # Near the simplex's edge, where (K - 1)λ = 1 makes ∂/∂x of the smallest coordinate cancel.
        lam = 1.0 / (k - 1)
        logits = [rng.uniform(-1.0, 1.0) for _ in range(k)]
        x = [1e-10] + [float((1 - 1e-10) / (k - 1))] * (k - 1)
        rows.append(("linear", logits, lam, x))
        # Near one-hot points at small temperature, in log space (their small coordinates underflow in double).
        for lam in (0.01, 0.001):
            for _ in range(2):
                logits = [rng.uniform(-3.0, 3.0) for _ in range(k)]
                s = [mp.mpf(l + (-mp.log(-mp.log(rng.random())))) / lam for l in logits]
                lse = mp.log(mp.fsum(mp.exp(v - max(s)) for v in s)) + max(s)
                z = [float(v - lse) for v in s]
                rows.append(("log", logits, lam, z))
    out = []
    for form, logits, lam, point in rows:
        k = len(logits)
        ml = [mp.mpf(v) for v in logits]
        mlam = mp.mpf(lam)
        mp_point = [mp.mpf(v) for v in point]
        xs = (lambda p: [mp.exp(v) for v in p]) if form == "log" else (lambda p: p)
        value = concrete_log_density(ml, mlam, xs(mp_point))
        d_logits = partials(lambda a: concrete_log_density(a, mlam, xs(mp_point)), ml)
        d_lam = mp.diff(lambda t: concrete_log_density(ml, t, xs(mp_point)), mlam)
        d_point = partials(lambda p: concrete_log_density(ml, mlam, xs(p)), mp_point)
        out.append([form, str(k), dbl(lam), ";".join(dbl(v) for v in logits), ";".join(dbl(v) for v in point),
                    num(value), vec(d_logits), num(d_lam), vec(d_point)])
    return out


def binary_rows(rng):
    cases = []
    for lam in (0.05, 0.5, 1.0, 3.0):
        for logit in (-20.0, -2.5, 0.0, 0.75, 20.0):
            y = rng.uniform(0.02, 0.98)
            cases.append(("linear", logit, lam, y))
        for y in (1e-10, 1.0 - 1e-10, 0.5):
            cases.append(("linear", 1.3, lam, y))
    # The logit form at sample logits whose sigmoid rounds to 0 or 1 in double.
    for lam in (0.01, 0.5, 2.0):
        for x in (-900.0, -40.0, 3.0, 40.0, 900.0):
            cases.append(("logit", -0.7, lam, x))
    out = []
    for form, logit, lam, point in cases:
        ml, mlam, mpt = mp.mpf(logit), mp.mpf(lam), mp.mpf(point)
        if form == "logit":
            f = lambda a, l, t: binary_log_density(a, l, 1 / (1 + mp.exp(-t)), 1 / (1 + mp.exp(t)))
        else:
            f = lambda a, l, t: binary_log_density(a, l, t, 1 - t)
        value = f(ml, mlam, mpt)
        d_logit = mp.diff(lambda a: f(a, mlam, mpt), ml)
        d_lam = mp.diff(lambda l: f(ml, l, mpt), mlam)
        d_point = mp.diff(lambda t: f(ml, mlam, t), mpt)
        out.append([form, dbl(logit), dbl(lam), dbl(point), num(value), num(d_logit), num(d_lam), num(d_point)])
    return out


def write(name, header, rows):
    path = os.path.join(OUT, name)
    with open(path, "w", newline="\n") as f:
        f.write(header + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")
    print("wrote", os.path.normpath(path), len(rows), "rows")


if __name__ == "__main__":
    rng = random.Random(20170101)
    write("concrete_density.csv", "form,k,temperature,logits,point,logdensity,d_logits,d_temperature,d_point", categorical_rows(rng))
    write("binary_concrete_density.csv", "form,logit,temperature,point,logdensity,d_logit,d_temperature,d_point", binary_rows(rng))
