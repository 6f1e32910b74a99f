"""Reference values for ReparamGen.Distributions.TruncatedNormal, computed with mpmath at 50 significant
digits from the textbook formulas, independently of the C# code.

For a grid of (mean, stdDev, lower, upper) -- the bulk, one-sided and two-sided intervals, and intervals far
in either tail ([8, 9], [20, 25], [-31, -30], (-inf, -30], [20, inf) in standard units, also with mean and
stdDev other than 0 and 1) -- and quantiles q from 1e-8 to 1 - 1e-8 of the truncated law, it finds the
sample z = F^-1(q) by bisection at high precision, rounds it to a double, and at that double computes

    F(z) = (Phi(zeta) - Phi(alpha)) / (Phi(beta) - Phi(alpha)),  zeta = (z - mean)/stdDev, ...,
    the density f(z) = phi(zeta) / (stdDev (Phi(beta) - Phi(alpha))),
    dz/dtheta = -(dF/dtheta) / f(z)   for theta = mean, stdDev, lower, upper,

with dF/dtheta in closed form (phi(+-inf) * dbeta = 0 for an infinite bound). Differences of Phi are taken
on the side of 0 where they do not cancel (upper-tail Q(x) = erfc(x/sqrt 2)/2 for positive arguments), so
50 digits are ample even at the tails.

Writes tests/ReparamGen.Tests/ReferenceData/truncated_normal.csv. Run with Debian's python3-mpmath from the
repository root:
    /usr/bin/python3 tools/reference-data/truncated_normal.py
"""
import csv
import os

import mpmath as mp

mp.mp.dps = 50
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "ReparamGen.Tests", "ReferenceData")
INF = float("inf")


def fmt(v):
    v = mp.mpf(v)
    if mp.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return repr(float(v))


def upper_q(x):
    """Q(x) = P(N(0,1) > x)."""
    if mp.isinf(x):
        return mp.mpf(0) if x > 0 else mp.mpf(1)
    return mp.erfc(x / mp.sqrt(2)) / 2


def mass(x, y):
    """Phi(y) - Phi(x) for x <= y, without cancellation across 0."""
    if x >= 0:
        return upper_q(x) - upper_q(y)
    if y <= 0:
        return upper_q(-y) - upper_q(-x)
    return 1 - upper_q(-x) - upper_q(y)


def pdf(x):
    if mp.isinf(x):
        return mp.mpf(0)
    return mp.exp(-x * x / 2) / mp.sqrt(2 * mp.pi)


def quantile(q, a, b):
    """zeta with F = q, by bisection on the smaller of the two masses."""
    total = mass(a, b)
    lo = a if not mp.isinf(a) else min(b, mp.mpf(0)) - 60
    hi = b if not mp.isinf(b) else max(a, mp.mpf(0)) + 60
    if q <= mp.mpf(1) / 2:
        target = q * total
        g = lambda t: mass(a, t) - target        # increasing
    else:
        target = (1 - q) * total
        g = lambda t: target - mass(t, b)        # increasing
    for _ in range(400):
        mid = (lo + hi) / 2
        if g(mid) < 0:
            lo = mid
        else:
            hi = mid
        if hi - lo <= mp.mpf(10) ** -45 * max(1, abs(mid)):
            break
    return (lo + hi) / 2


def gradients(z, m, s, l, u):
    m, s, z = mp.mpf(m), mp.mpf(s), mp.mpf(z)
    a = (mp.mpf(l) - m) / s if not mp.isinf(l) else mp.mpf(l)
    b = (mp.mpf(u) - m) / s if not mp.isinf(u) else mp.mpf(u)
    t = (z - m) / s
    total = mass(a, b)
    F = mass(a, t) / total
    f = pdf(t) / (s * total)
    pa, pb, pt = pdf(a), pdf(b), pdf(t)
    # d(alpha), d(beta), d(zeta) per parameter; phi(+-inf)*anything = 0.
    def dF(da, db, dt):
        term_a = pa * da if not mp.isinf(a) else 0
        term_b = pb * db if not mp.isinf(b) else 0
        return (pt * dt - term_a) / total - F * (term_b - term_a) / total
    d_mean = dF(-1 / s, -1 / s, -1 / s)
    d_sd = dF(-a / s if not mp.isinf(a) else 0, -b / s if not mp.isinf(b) else 0, -t / s)
    d_l = dF(1 / s, 0, 0)
    d_u = dF(0, 1 / s, 0)
    return F, mp.log(f), [-d / f for d in (d_mean, d_sd, d_l, d_u)]


def truncated_mean(m, s, l, u):
    a = (mp.mpf(l) - m) / s if not mp.isinf(l) else mp.mpf(l)
    b = (mp.mpf(u) - m) / s if not mp.isinf(u) else mp.mpf(u)
    return m + s * (pdf(a) - pdf(b)) / mass(a, b)


# (mean, stdDev, lower, upper); the standardized interval is in the comment.
CASES = [
    (0.0, 1.0, -1.0, 2.0),            # bulk [-1, 2]
    (0.0, 1.0, 0.0, INF),             # one-sided [0, inf)
    (0.0, 1.0, -INF, 1.0),            # (-inf, 1]
    (1.0, 2.0, -INF, INF),            # untruncated
    (0.0, 1.0, -0.5, 0.5),            # narrow, around 0
    (0.0, 1.0, 0.3, 0.31),            # very narrow, near 0
    (0.0, 1.0, 3.0, 3.001),           # very narrow, tail
    (10.0, 3.0, 4.0, 40.0),           # [-2, 10]
    (0.0, 1.0, 8.0, 9.0),             # far tail [8, 9]
    (1.5, 0.75, 7.5, 8.25),           # [8, 9]
    (0.0, 1.0, 20.0, 25.0),           # [20, 25]
    (0.0, 1.0, 20.0, INF),            # [20, inf)
    (-3.0, 2.5, 47.0, INF),           # [20, inf)
    (0.0, 1.0, -31.0, -30.0),         # [-31, -30]
    (2.0, 0.5, -13.5, -13.0),         # [-31, -30]
    (0.0, 1.0, -INF, -30.0),          # (-inf, -30]
    (0.0, 1.0, 5.0, 5.5),             # [5, 5.5]
    (0.0, 1.0, -6.0, -2.0),           # [-6, -2]
]

QUANTILES = ["1e-8", "1e-6", "1e-4", "0.01", "0.1", "0.25", "0.5", "0.75", "0.9", "0.99",
             "0.9999", "0.999999", "0.99999999"]


def main():
    rows = []
    for (m, s, l, u) in CASES:
        a = (mp.mpf(l) - m) / s if l != -INF else mp.mpf(-mp.inf)
        b = (mp.mpf(u) - m) / s if u != INF else mp.mpf(mp.inf)
        for qs in QUANTILES:
            q = mp.mpf(qs)
            t = quantile(q, a, b)
            z = float(m + s * t)
            z = min(max(z, l), u)
            F, logf, g = gradients(z, m, s, l, u)
            rows.append([fmt(m), fmt(s), fmt(l), fmt(u), qs, fmt(z), fmt(F), fmt(logf)] + [fmt(x) for x in g]
                        + [fmt(truncated_mean(mp.mpf(m), mp.mpf(s), l, u))])
    path = os.path.join(OUT, "truncated_normal.csv")
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["mean", "stdDev", "lower", "upper", "quantile", "z", "cdf", "logdensity",
                    "dz_dmean", "dz_dstddev", "dz_dlower", "dz_dupper", "truncated_mean"])
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
