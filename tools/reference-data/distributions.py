"""Reference values for the explicit distributions (src/ReparamGen/Distributions), computed with mpmath
at 50 significant digits from the textbook formulas, independently of the C# code.

Writes, under tests/ReparamGen.Tests/ReferenceData/:
  distributions_logdensity_cdf.csv  log density and CDF with their partials in x and both parameters,
                                    at points spread over each law's quantiles (1e-12 ... 1 - 1e-9);
  distributions_mean_jacobian.csv   E[z] and its partials in the parameters (for Monte Carlo checks);
  distributions_elementary.csv      log1p, expm1 and the standard normal CDF on wide grids.
Partials come from mpmath.diff (central differences at 50 digits with a relative step 1e-20).

Run with Debian's python3-mpmath from the repository root:
    /usr/bin/python3 tools/reference-data/distributions.py
"""
import csv
import os

import mpmath as mp

mp.mp.dps = 50
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "ReparamGen.Tests", "ReferenceData")


def fmt(v):
    v = mp.mpf(v)
    if mp.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return repr(float(v))


# Each law: (log density, CDF, quantile, mean) as functions of (x, p1, p2) / (p, p1, p2) / (p1, p2).
def normal():
    lp = lambda x, m, s: -((x - m) / s) ** 2 / 2 - mp.log(s) - mp.log(2 * mp.pi) / 2
    cdf = lambda x, m, s: mp.ncdf(x, m, s)
    q = lambda p, m, s: m + s * mp.sqrt(2) * mp.erfinv(2 * p - 1)
    mean = lambda m, s: m
    return lp, cdf, q, mean


def lognormal():
    lp = lambda x, m, s: -((mp.log(x) - m) / s) ** 2 / 2 - mp.log(x) - mp.log(s) - mp.log(2 * mp.pi) / 2
    cdf = lambda x, m, s: mp.ncdf(mp.log(x), m, s)
    q = lambda p, m, s: mp.exp(m + s * mp.sqrt(2) * mp.erfinv(2 * p - 1))
    mean = lambda m, s: mp.exp(m + s * s / 2)
    return lp, cdf, q, mean


def uniform():
    lp = lambda x, lo, hi: -mp.log(hi - lo)
    cdf = lambda x, lo, hi: (x - lo) / (hi - lo)
    q = lambda p, lo, hi: lo + (hi - lo) * p
    mean = lambda lo, hi: (lo + hi) / 2
    return lp, cdf, q, mean


def exponential():
    lp = lambda x, r, _: mp.log(r) - r * x
    cdf = lambda x, r, _: -mp.expm1(-r * x)
    q = lambda p, r, _: -mp.log1p(-p) / r
    mean = lambda r, _: 1 / r
    return lp, cdf, q, mean


def laplace():
    lp = lambda x, m, s: -abs(x - m) / s - mp.log(2 * s)
    cdf = lambda x, m, s: mp.exp((x - m) / s) / 2 if x < m else 1 - mp.exp(-(x - m) / s) / 2
    q = lambda p, m, s: m + s * mp.log(2 * p) if p < 0.5 else m - s * mp.log(2 - 2 * p)
    mean = lambda m, s: m
    return lp, cdf, q, mean


def logistic():
    lp = lambda x, m, s: -(x - m) / s - 2 * mp.log1p(mp.exp(-(x - m) / s)) - mp.log(s)
    cdf = lambda x, m, s: 1 / (1 + mp.exp(-(x - m) / s))
    q = lambda p, m, s: m + s * mp.log(p / (1 - p))
    mean = lambda m, s: m
    return lp, cdf, q, mean


def cauchy():
    lp = lambda x, m, s: -mp.log(mp.pi * s) - mp.log1p(((x - m) / s) ** 2)
    cdf = lambda x, m, s: mp.mpf(1) / 2 + mp.atan((x - m) / s) / mp.pi
    q = lambda p, m, s: m + s * mp.tan(mp.pi * (p - mp.mpf(1) / 2))
    return lp, cdf, q, None


def gumbel():
    lp = lambda x, m, s: -(x - m) / s - mp.exp(-(x - m) / s) - mp.log(s)
    cdf = lambda x, m, s: mp.exp(-mp.exp(-(x - m) / s))
    q = lambda p, m, s: m - s * mp.log(-mp.log(p))
    mean = lambda m, s: m + mp.euler * s
    return lp, cdf, q, mean


def weibull():
    lp = lambda x, k, s: mp.log(k / s) + (k - 1) * mp.log(x / s) - (x / s) ** k
    cdf = lambda x, k, s: -mp.expm1(-((x / s) ** k))
    q = lambda p, k, s: s * (-mp.log1p(-p)) ** (1 / k)
    mean = lambda k, s: s * mp.gamma(1 + 1 / k)
    return lp, cdf, q, mean


def kumaraswamy():
    lp = lambda x, a, b: mp.log(a) + mp.log(b) + (a - 1) * mp.log(x) + (b - 1) * mp.log1p(-(x ** a))
    cdf = lambda x, a, b: -mp.expm1(b * mp.log1p(-(x ** a)))
    q = lambda p, a, b: (-mp.expm1(mp.log1p(-p) / b)) ** (1 / a)
    mean = lambda a, b: b * mp.beta(1 + 1 / a, b)
    return lp, cdf, q, mean


# name -> (law, parameter sets, whether p2 exists)
LAWS = {
    "Normal": (normal(), [(0, 1), (-3, 0.25), (100, 40)], True),
    "LogNormal": (lognormal(), [(0, 1), (1.5, 0.3), (-2, 2)], True),
    "Uniform": (uniform(), [(0, 1), (-2, 5), (10, 10.5)], True),
    "Exponential": (exponential(), [(1, None), (0.1, None), (25, None)], False),
    "Laplace": (laplace(), [(0, 1), (2, 0.5), (-10, 3)], True),
    "Logistic": (logistic(), [(0, 1), (2, 0.5), (-10, 3)], True),
    "Cauchy": (cauchy(), [(0, 1), (2, 0.5), (-10, 3)], True),
    "Gumbel": (gumbel(), [(0, 1), (2, 0.5), (-10, 3)], True),
    "Weibull": (weibull(), [(0.5, 1), (1, 2), (2.5, 0.7), (10, 3)], True),
    "Kumaraswamy": (kumaraswamy(), [(0.5, 0.5), (1, 1), (2, 5), (5, 0.8), (0.3, 20)], True),
}

PROBABILITIES = ["1e-12", "1e-4", "0.05", "0.3", "0.5", "0.8", "0.99", "0.999999999"]

# Mean Jacobians at the parameter points of the Monte Carlo tests (Cauchy has no mean).
MEAN_POINTS = {
    "Normal": [(0, 1), (-3, 0.25)],
    "LogNormal": [(0, 0.5), (1.5, 0.3)],
    "Uniform": [(0, 1), (-2, 5)],
    "Exponential": [(1, None), (0.1, None), (25, None)],
    "Laplace": [(0, 1), (2, 0.5)],
    "Logistic": [(0, 1), (2, 0.5)],
    "Gumbel": [(0, 1), (2, 0.5)],
    "Weibull": [(0.7, 1), (1, 2), (2.5, 0.7)],
    "Kumaraswamy": [(0.5, 0.5), (1, 1), (2, 5), (5, 0.8)],
}


def partial(fun, args, i):
    """d fun / d args[i] at args, by mpmath.diff in 50-digit arithmetic."""
    def along(t):
        a = list(args)
        a[i] = t
        return fun(*a)
    # A step relative to the argument keeps tiny arguments (x = 1e-24) inside the domain; with 50 digits
    # the central difference's truncation (h^2 ~ 1e-40) and rounding (1e-50/h ~ 1e-30) are both negligible.
    h = abs(args[i]) * mp.mpf("1e-20") if args[i] != 0 else mp.mpf("1e-20")
    return mp.diff(along, args[i], h=h)


def density_rows():
    rows = []
    for name, ((lp, cdf, q, _), points, two) in LAWS.items():
        for p1, p2 in points:
            for prob in PROBABILITIES:
                if name == "Laplace" and prob == "0.5":
                    continue  # |x − location| has no derivative at the location
                x = float(q(mp.mpf(prob), mp.mpf(p1), mp.mpf(p2) if two else None))
                args = (mp.mpf(x), mp.mpf(p1), mp.mpf(p2) if two else None)
                n = 3 if two else 2
                row = [name, repr(x), repr(float(p1)), repr(float(p2)) if two else ""]
                if name == "Kumaraswamy" and not 0 < x < 1:
                    continue  # the quantile rounded onto the support's end
                for fun in (lp, cdf):
                    row.append(fmt(fun(*args)))
                    for i in range(3):
                        row.append(fmt(partial(fun, args, i)) if i < n else "")
                rows.append(row)
    return rows


def mean_rows():
    rows = []
    for name, points in MEAN_POINTS.items():
        mean = LAWS[name][0][3]
        for p1, p2 in points:
            two = p2 is not None
            args = (mp.mpf(p1), mp.mpf(p2) if two else None)
            rows.append([name, repr(float(p1)), repr(float(p2)) if two else "",
                         fmt(mean(*args)), fmt(partial(mean, args, 0)), fmt(partial(mean, args, 1)) if two else ""])
    return rows


def elementary_rows():
    rows = []
    for e in range(-300, 3):
        for m in ("1", "3.7"):
            for sign in (1, -1):
                x = sign * float(mp.mpf(m) * mp.mpf(10) ** e)
                if x > -1:
                    rows.append(["log1p", repr(x), fmt(mp.log1p(mp.mpf(x)))])
                if x < 709:
                    rows.append(["expm1", repr(x), fmt(mp.expm1(mp.mpf(x)))])
    for x in ("-0.9999999", "-0.5", "0.5", "100", "1e10", "1e300"):
        rows.append(["log1p", repr(float(x)), fmt(mp.log1p(mp.mpf(float(x))))])
    for x in ("-745", "-40", "-1.5", "1.5", "40", "700"):
        rows.append(["expm1", repr(float(x)), fmt(mp.expm1(mp.mpf(float(x))))])
    # Φ on t in [-38, 9] in steps of 0.125 plus a finer irregular grid, and points around each switch of
    # method (|t| = 1) and of continued-fraction depth (t²/2 = 0.7, 1.5, 3, 10).
    ts = [-38 + 0.125 * i for i in range(0, 377)]
    ts += [-38 + 0.0473 * i for i in range(0, 1000)]
    for edge in (1.0, float(mp.sqrt(1.4)), float(mp.sqrt(3)), float(mp.sqrt(6)), float(mp.sqrt(20))):
        ts += [s * edge + d for s in (1, -1) for d in (-1e-9, 0.0, 1e-9)]
    for t in ts:
        rows.append(["ncdf", repr(float(t)), fmt(mp.ncdf(mp.mpf(float(t))))])
    return rows


def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print(name, len(rows), "rows")


os.makedirs(OUT, exist_ok=True)
write("distributions_logdensity_cdf.csv",
      ["distribution", "x", "p1", "p2", "logdensity", "dlogdensity_dx", "dlogdensity_dp1", "dlogdensity_dp2",
       "cdf", "dcdf_dx", "dcdf_dp1", "dcdf_dp2"], density_rows())
write("distributions_mean_jacobian.csv", ["distribution", "p1", "p2", "mean", "dmean_dp1", "dmean_dp2"], mean_rows())
write("distributions_elementary.csv", ["function", "x", "value"], elementary_rows())
