#!/usr/bin/python3
"""Reference data for ReparamGen's special functions and implicit reparameterization derivatives.

Every value is computed with mpmath at high precision (mp.dps = 50 unless noted) at the EXACT double
inputs written to the CSV, then rounded once to a double printed with 17 significant digits. Samples
z are doubles near the requested quantile (scipy or an mpmath root solve gives z; the exact quantile
level of that double is recorded). Tests read the CSVs; they never need Python.

Oracles (independent of the C# algorithms):
  * Gamma:  P(a, x) = mpmath.gammainc (regularized); dP/da by mpmath.diff (finite differences at raised
            precision); dz/da = -dP/da / pdf(z; a) (Figurnov et al. 2018, eq. 9). --check compares
            mpmath.diff with the exact series dP/da = log(x) P - x^a e^-x sum_k x^k psi(a+k+1)/Gamma(a+k+1).
  * Beta:   mpmath.betainc fails to converge for large a, b, so I_x(a, b) is evaluated at high precision
            by its continued fraction (DLMF 8.17.22) on the side x < (a+1)/(a+b+2) and by symmetry
            otherwise; the derivatives in a and b by mpmath.diff of that function. --check compares
            the continued fraction with mpmath.betainc where mpmath converges.
  * von Mises: CDF and dz/dkappa by mpmath.quad (tanh-sinh) of exp(kappa cos t) on [-pi, z], split
            at points geometric in the distance from z; dz/dkappa = -int_{-pi}^z (cos t - A)
            exp(kappa (cos t - cos z)) dt, A = I1/I0. --check compares it with mpmath.diff of the CDF.
  * LogGamma/Digamma/Trigamma: mpmath.loggamma, digamma, polygamma(1, .). Erf/Erfc: mpmath.erf/erfc.
    ErfInv: mpmath.erfinv; ErfcInv by an mpmath root solve of log erfc(x) = log q.

Usage:  /usr/bin/python3 tools/reference-data/special_functions.py [--check] [--only NAME]
Writes: tests/ReparamGen.Tests/ReferenceData/*.csv
"""
import math
import os
import sys
import time

import mpmath as mp
import numpy as np
import scipy.special as sc

mp.mp.dps = 50
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tests', 'ReparamGen.Tests', 'ReferenceData')
CHECK = '--check' in sys.argv
ONLY = sys.argv[sys.argv.index('--only') + 1] if '--only' in sys.argv else None

TINY = 2.2250738585072014e-308  # smallest normal double


def d17(v):
    """A double printed with 17 significant digits (round-trips exactly)."""
    v = float(v)
    if v == 0.0:
        return '0'
    if math.isinf(v) or math.isnan(v):
        return repr(v)
    return '%.17g' % v


def f32(v):
    return float(np.float32(v))


def write(name, header, rows):
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        f.write(header + '\n')
        for r in rows:
            f.write(','.join(r) + '\n')
    print('  wrote %s (%d rows)' % (name, len(rows)), flush=True)


GAMMA_SHAPES = [float(v) for v in 10.0 ** np.linspace(-3, 4, 29)]
QUANTILES = [1e-8, 1e-6, 1e-4, 1e-2, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1 - 1e-4, 1 - 1e-6, 1 - 1e-8]


# ---------------------------------------------------------------- Gamma
def gamma_p(a, x):
    return mp.gammainc(a, 0, x, regularized=True)


def gamma_q(a, x):
    return mp.gammainc(a, x, mp.inf, regularized=True)


def gamma_dp_da(a, x):
    """dP/da at exact (a, x): differentiate whichever of P, Q is smaller (no cancellation)."""
    a = mp.mpf(a)
    x = mp.mpf(x)
    if gamma_p(a, x) < mp.mpf(0.5):
        return mp.diff(lambda s: gamma_p(s, x), a, relative=True)
    return -mp.diff(lambda s: gamma_q(s, x), a, relative=True)


def gamma_dp_da_series(a, x):
    """Exact series for dP/da (DLMF 8.7.1 differentiated term by term); used by --check only."""
    a = mp.mpf(a)
    x = mp.mpf(x)
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


def gamma_pdf(a, x):
    a = mp.mpf(a)
    x = mp.mpf(x)
    return mp.exp((a - 1) * mp.log(x) - x - mp.loggamma(a))


def gamma_dz_da(a, z):
    return -gamma_dp_da(a, z) / gamma_pdf(a, z)


def gamma_quantile(a, q):
    z = sc.gammaincinv(a, q) if q <= 0.5 else sc.gammainccinv(a, 1 - q)
    return float(z)


def gen_gamma():
    rows = []
    skipped = []
    worst_check = 0.0
    for a in GAMMA_SHAPES:
        for q in QUANTILES:
            z = gamma_quantile(a, q)
            if not (z >= TINY) or not math.isfinite(z):
                skipped.append((a, q, z))
                continue
            p = gamma_p(a, z)
            dz = gamma_dz_da(a, z)
            a32, z32 = f32(a), f32(z)
            dz32 = gamma_dz_da(a32, z32) if z32 > 0 else mp.nan
            rows.append([d17(a), d17(q), d17(z), d17(p), d17(dz), d17(a32), d17(z32), d17(dz32)])
            if CHECK:
                ref = -gamma_dp_da_series(a, z) / gamma_pdf(a, z)
                worst_check = max(worst_check, float(abs(ref / dz - 1)))
    write('gamma_implicit.csv', 'shape,quantile,z,cdf,dz_dshape,shape_f32,z_f32,dz_dshape_f32', rows)
    print('  gamma: skipped %d points whose quantile underflows below the smallest normal double' % len(skipped))
    if CHECK:
        print('  gamma --check: max |diff/series - 1| = %.3g' % worst_check)

    # tiny samples, down to the smallest subnormal
    rows = []
    for a in [1e-3, 1e-2, 0.1, 0.5, 1.0, 2.0, 10.0, 100.0]:
        for z in [5e-324, 1e-320, 1e-310, TINY, 1e-300, 1e-200, 1e-100]:
            rows.append([d17(a), d17(z), d17(gamma_dz_da(a, z))])
    write('gamma_tiny.csv', 'shape,z,dz_dshape', rows)

    # plain values of P, Q and dP/da over shapes x ratios
    rows = []
    for a in [float(v) for v in 10.0 ** np.linspace(-3, 4, 15)]:
        for r in [1e-3, 1e-2, 0.1, 0.5, 0.9, 0.99, 1.0, 1.01, 1.1, 2.0, 5.0, 10.0, 30.0]:
            x = float(a * r)
            if x <= 0:
                continue
            p = gamma_p(a, x)
            qv = gamma_q(a, x)
            if p < TINY or qv < TINY:
                continue  # P or Q below the normal range: not a relative-accuracy test point
            rows.append([d17(a), d17(x), d17(p), d17(qv), d17(gamma_dp_da(a, x)), d17(gamma_pdf(a, x))])
    write('gamma_incomplete.csv', 'a,x,p,q,dp_da,pdf', rows)


# ---------------------------------------------------------------- Beta
def beta_cf(a, b, x):
    """Continued fraction of I_x(a,b) (DLMF 8.17.22), modified Lentz, at the current precision."""
    tiny = mp.mpf(2) ** (-4 * mp.mp.prec)
    eps = mp.mp.eps
    qab = a + b
    qap = a + 1
    qam = a - 1
    c = mp.mpf(1)
    d = 1 - qab * x / qap
    if abs(d) < tiny:
        d = tiny
    d = 1 / d
    h = d
    m = 0
    while True:
        m += 1
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        d = tiny if abs(d) < tiny else d
        c = 1 + aa / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        d = tiny if abs(d) < tiny else d
        c = 1 + aa / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < eps:
            return h
        if m > 10 ** 6:
            raise RuntimeError('beta_cf did not converge')


def log_beta(a, b):
    return mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)


def beta_lower_side(a, b, x):
    return x < (a + 1) / (a + b + 2)


def ibeta_direct(a, b, x):
    """I_x(a,b) by the continued fraction, valid (fast, no cancellation) for x < (a+1)/(a+b+2)."""
    return mp.exp(a * mp.log(x) + b * mp.log1p(-x) - mp.log(a) - log_beta(a, b)) * beta_cf(a, b, x)


def beta_tails(a, b, x):
    """(I, 1 - I), each computed without cancellation."""
    a, b, x = mp.mpf(a), mp.mpf(b), mp.mpf(x)
    if beta_lower_side(a, b, x):
        i = ibeta_direct(a, b, x)
        return i, 1 - i
    j = ibeta_direct(b, a, 1 - x)
    return 1 - j, j


def beta_di(a, b, x):
    """(dI/da, dI/db) at exact inputs; the small tail is differentiated."""
    a, b, x = mp.mpf(a), mp.mpf(b), mp.mpf(x)
    if beta_lower_side(a, b, x):
        da = mp.diff(lambda s: ibeta_direct(s, b, x), a, relative=True)
        db = mp.diff(lambda s: ibeta_direct(a, s, x), b, relative=True)
        return da, db
    da = -mp.diff(lambda s: ibeta_direct(b, s, 1 - x), a, relative=True)
    db = -mp.diff(lambda s: ibeta_direct(s, a, 1 - x), b, relative=True)
    return da, db


def beta_pdf(a, b, x):
    a, b, x = mp.mpf(a), mp.mpf(b), mp.mpf(x)
    return mp.exp((a - 1) * mp.log(x) + (b - 1) * mp.log1p(-x) - log_beta(a, b))


def beta_dz(a, b, z):
    da, db = beta_di(a, b, z)
    pdf = beta_pdf(a, b, z)
    return -da / pdf, -db / pdf


def beta_quantile(a, b, q):
    if q <= 0.5:
        return float(sc.betaincinv(a, b, q))
    return float(1 - sc.betaincinv(b, a, 1 - q))


BETA_PARAMS = [float(v) for v in 10.0 ** np.linspace(-3, 4, 15)]
BETA_QUANTILES = [1e-8, 1e-5, 1e-2, 0.25, 0.5, 0.75, 1 - 1e-2, 1 - 1e-5, 1 - 1e-8]


def gen_beta():
    rows = []
    skipped = 0
    t0 = time.time()
    for a in BETA_PARAMS:
        for b in BETA_PARAMS:
            for q in BETA_QUANTILES:
                z = beta_quantile(a, b, q)
                if not math.isfinite(z) or not (TINY <= z < 1.0):
                    skipped += 1
                    continue
                i, _ = beta_tails(a, b, z)
                dza, dzb = beta_dz(a, b, z)
                a32, b32, z32 = f32(a), f32(b), f32(z)
                if 0 < z32 < 1:
                    dza32, dzb32 = beta_dz(a32, b32, z32)
                else:
                    dza32 = dzb32 = mp.nan
                rows.append([d17(a), d17(b), d17(q), d17(z), d17(i), d17(dza), d17(dzb),
                             d17(a32), d17(b32), d17(z32), d17(dza32), d17(dzb32)])
        print('    beta a=%g done (%.0fs)' % (a, time.time() - t0), flush=True)
    write('beta_implicit.csv', 'a,b,quantile,z,cdf,dz_da,dz_db,a_f32,b_f32,z_f32,dz_da_f32,dz_db_f32', rows)
    print('  beta: skipped %d points whose quantile rounds to 0 or 1 (or below the normal range)' % skipped)

    rows = []
    for a in [1e-3, 0.1, 1.0, 10.0, 1e3]:
        for b in [1e-3, 1.0, 1e4]:
            for z in [5e-324, 1e-310, TINY, 1e-300, 1e-100]:
                dza, dzb = beta_dz(a, b, z)
                rows.append([d17(a), d17(b), d17(z), d17(dza), d17(dzb)])
    write('beta_tiny.csv', 'a,b,z,dz_da,dz_db', rows)

    rows = []
    for a in [float(v) for v in 10.0 ** np.linspace(-3, 4, 8)]:
        for b in [float(v) for v in 10.0 ** np.linspace(-3, 4, 8)]:
            for x in [1e-6, 1e-3, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999, 1 - 1e-6]:
                i, j = beta_tails(a, b, x)
                if i < TINY or j < TINY:
                    continue
                da, db = beta_di(a, b, x)
                rows.append([d17(a), d17(b), d17(x), d17(i), d17(j), d17(da), d17(db), d17(beta_pdf(a, b, x))])
    write('beta_incomplete.csv', 'a,b,x,i,one_minus_i,di_da,di_db,pdf', rows)

    if CHECK:
        worst = 0.0
        for a in [0.1, 1.0, 3.0, 20.0]:
            for b in [0.5, 2.0, 30.0]:
                for x in [0.01, 0.3, 0.7, 0.99]:
                    i, _ = beta_tails(a, b, x)
                    ref = mp.betainc(a, b, 0, x, regularized=True)
                    worst = max(worst, float(abs(i / ref - 1)))
        print('  beta --check: max |cf/betainc - 1| = %.3g' % worst)


# ---------------------------------------------------------------- von Mises
def vm_points(kappa, z):
    """Split points on [-pi, z] geometric in the distance from z (the integrand's peak)."""
    s = 1 / (kappa * abs(mp.sin(z)) + mp.sqrt(kappa) + 1)
    pts = [z]
    step = s
    while z - step > -mp.pi:
        pts.append(z - step)
        step *= 2
    pts.append(-mp.pi)
    return pts[::-1]


def vm_cdf_lower(kappa, z):
    """F(z) for z <= 0: int_{-pi}^z exp(kappa (cos t - 1)) dt / (2 pi I0(kappa) e^-kappa)."""
    kappa, z = mp.mpf(kappa), mp.mpf(z)
    i0e = mp.besseli(0, kappa) * mp.exp(-kappa)
    integral = mp.quad(lambda t: mp.exp(kappa * (mp.cos(t) - 1)), vm_points(kappa, z))
    return integral / (2 * mp.pi * i0e)


def vm_pdf(kappa, z):
    kappa, z = mp.mpf(kappa), mp.mpf(z)
    return mp.exp(kappa * (mp.cos(z) - 1)) / (2 * mp.pi * mp.besseli(0, kappa) * mp.exp(-kappa))


def vm_dz_dkappa(kappa, z):
    """dz/dkappa = -int_{-pi}^z (cos t - A) exp(kappa (cos t - cos z)) dt for z <= 0 (odd in z)."""
    kappa, z = mp.mpf(kappa), mp.mpf(z)
    if z > 0:
        return -vm_dz_dkappa(kappa, -z)
    a = mp.besseli(1, kappa) / mp.besseli(0, kappa)
    cz = mp.cos(z)
    return -mp.quad(lambda t: (mp.cos(t) - a) * mp.exp(kappa * (mp.cos(t) - cz)), vm_points(kappa, z))


def vm_quantile_lower(kappa, q):
    """Double z <= 0 with F(z) close to q (q <= 0.5), by Newton on log F at 30 digits."""
    with mp.workdps(30):
        kappa_m = mp.mpf(kappa)
        if kappa >= 1:
            w = mp.sqrt(2) * mp.erfinv(2 * mp.mpf(q) - 1)
            zz = 2 * mp.asin(max(-1, w / (2 * mp.sqrt(kappa_m))))
        else:
            zz = -mp.pi + 2 * mp.pi * q
        zz = max(zz, -mp.pi + mp.mpf(1e-12))
        for _ in range(60):
            f = vm_cdf_lower(kappa_m, zz)
            step = (mp.log(f) - mp.log(q)) * f / vm_pdf(kappa_m, zz)
            new = zz - step
            if new <= -mp.pi:
                new = (zz - mp.pi) / 2
            if new > 0:
                new = zz / 2
            if abs(new - zz) < mp.mpf(1e-25) * (1 + abs(zz)):
                zz = new
                break
            zz = new
        return float(zz)


VM_KAPPAS = [float(v) for v in 10.0 ** np.linspace(-2, 3, 21)]
VM_QUANTILES = [1e-8, 1e-6, 1e-4, 1e-2, 0.1, 0.3, 0.45]


def gen_vonmises():
    rows = []
    t0 = time.time()
    worst_check = 0.0
    for kappa in VM_KAPPAS:
        for q in VM_QUANTILES:
            z = vm_quantile_lower(kappa, q)
            for zz, qq in [(z, q), (-z, 1 - q)]:
                cdf = vm_cdf_lower(kappa, zz) if zz <= 0 else 1 - vm_cdf_lower(kappa, -zz)
                dz = vm_dz_dkappa(kappa, zz)
                dcdf = -dz * vm_pdf(kappa, zz)
                k32, z32 = f32(kappa), f32(zz)
                dz32 = vm_dz_dkappa(k32, z32)
                rows.append([d17(kappa), d17(qq), d17(zz), d17(cdf), d17(dcdf), d17(dz), d17(k32), d17(z32), d17(dz32)])
                if CHECK and zz < 0:
                    with mp.workdps(40):
                        dfd = mp.diff(lambda s: vm_cdf_lower(s, mp.mpf(zz)), mp.mpf(kappa))
                    worst_check = max(worst_check, float(abs(-dfd / vm_pdf(kappa, zz) / dz - 1)))
        print('    von Mises kappa=%g done (%.0fs)' % (kappa, time.time() - t0), flush=True)
    write('vonmises_implicit.csv', 'concentration,quantile,z,cdf,dcdf_dconcentration,dz_dconcentration,concentration_f32,z_f32,dz_dconcentration_f32', rows)
    if CHECK:
        print('  von Mises --check: max |diff(F)/pdf vs quad - 1| = %.3g' % worst_check)


# ---------------------------------------------------------------- Gamma function family, erf
def gen_loggamma():
    xs = set(float(v) for v in 10.0 ** np.linspace(-10, 6, 81))
    xs |= {0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 1.4616321449683622, 1 - 1e-8, 1 + 1e-8, 2 - 1e-8, 2 + 1e-8,
           0.9, 1.1, 1.9, 2.1, 7.5, 12.9, 13.1, 1e10, 1e15, 1e20, 1e100, 1e300, 1e-300, 5e-324}
    xs |= {float(v) for v in np.linspace(0.05, 20, 80)}
    rows = []
    for x in sorted(xs):
        m = mp.mpf(x)
        rows.append([d17(x), d17(mp.loggamma(m)), d17(mp.digamma(m)), d17(mp.polygamma(1, m)), d17(mp.polygamma(2, m))])
    write('loggamma.csv', 'x,loggamma,digamma,trigamma,tetragamma', rows)

    rows = []
    grid = [float(v) for v in 10.0 ** np.linspace(-3, 4, 15)] + [1e6, 1e10]
    for a in grid:
        for b in grid:
            rows.append([d17(a), d17(b), d17(log_beta(mp.mpf(a), mp.mpf(b)))])
    write('logbeta.csv', 'a,b,logbeta', rows)

    rows = []
    for x in sorted({float(v) for v in 10.0 ** np.linspace(-3, 5, 49)} | {19.99, 20.0, 20.01, 0.0}):
        m = mp.mpf(x)
        i0, i1 = mp.besseli(0, m), mp.besseli(1, m)
        rows.append([d17(x), d17(mp.log(i0)), d17(i1 / i0), d17(1 - i1 / i0)])
    write('bessel.csv', 'x,log_i0,ratio,one_minus_ratio', rows)

    rows = []
    xs = {float(v) for v in 10.0 ** np.linspace(-300, 300, 61)} | {float(v) for v in np.linspace(-0.99, 3, 60)}
    xs |= {-1 + 2.0 ** -52, -0.5, -0.375, 0.375, 1e-17, -1e-17, 5e-324}
    for x in sorted(xs):
        rows.append([d17(x), d17(mp.log1p(mp.mpf(x)))])
    write('log1p.csv', 'x,log1p', rows)


def gen_erf():
    xs = {0.0, 5e-324, 1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 1e-3}
    xs |= {float(v) for v in np.linspace(0.01, 6.5, 120)}
    xs |= {float(v) for v in np.linspace(6.5, 27.2, 60)}
    xs |= {0.5, 0.84375, 1.0, 1.25, 2.0, 4.0, 5.9, 26.5, 27.0, 27.2, 30.0, 1e3}
    rows = []
    for x in sorted(xs):
        for s in ([1, -1] if x > 0 else [1]):
            v = s * x
            m = mp.mpf(v)
            rows.append([d17(v), d17(mp.erf(m)), d17(mp.erfc(m)), d17(2 / mp.sqrt(mp.pi) * mp.exp(-m * m))])
    write('erf.csv', 'x,erf,erfc,derf', rows)

    rows = []
    ys = {float(v) for v in np.linspace(-0.999, 0.999, 81)}
    ys |= {0.0, 1e-300, 1e-20, 1e-8, 0.5, 0.9, 0.99, 1 - 1e-4, 1 - 1e-8, 1 - 1e-12, 1 - 2.0 ** -52, 1 - 2.0 ** -53}
    for y in sorted(ys):
        for s in ([1, -1] if y > 0 else [1]):
            v = s * y
            r = mp.erfinv(mp.mpf(v))
            rows.append([d17(v), d17(r), d17(mp.sqrt(mp.pi) / 2 * mp.exp(r * r))])
    write('erfinv.csv', 'y,erfinv,derfinv', rows)

    rows = []
    qs = {float(v) for v in 10.0 ** np.linspace(-300, 0, 61)} | {float(v) for v in np.linspace(0.02, 1.98, 50)}
    qs |= {5e-324, 1e-310, TINY, 1e-16, 0.5, 1.0, 1.5, 2 - 1e-8, 2 - 2.0 ** -52}
    for q in sorted(qs):
        if q >= 2.0:
            continue
        m = mp.mpf(q)
        if q >= 1:
            x = -mp.erfinv(m - 1)
        elif q > 1e-10:
            x = mp.erfinv(1 - m)
        else:
            with mp.workdps(60):
                lq = mp.log(m)
                x = mp.sqrt(-lq)
                x = mp.findroot(lambda t: mp.log(mp.erfc(t)) - lq, x)
        rows.append([d17(q), d17(x)])
    write('erfcinv.csv', 'q,erfcinv', rows)


def gen_gamma_series_reach():
    """Samples where the C# Gamma shape gradient switches from its series to its continued fraction for shapes
    below 7: z from a + 1 up to just past 1.6 + 1.85a (SeriesReach in SpecialFunctions.GammaShapeGradient.cs), where
    the series loses the most digits to cancellation (P closest to 1)."""
    rows = []
    for a in [float(v) for v in 10.0 ** np.linspace(-3, math.log10(6.99), 31)]:
        lo, reach = a + 1.0, 1.6 + 1.85 * a
        for f in [0.0, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999999, 1.000001, 1.01, 1.1]:
            z = lo + f * (reach - lo)
            rows.append([d17(a), d17(z), d17(gamma_dz_da(a, z)), d17(gamma_q(a, z))])
    write('gamma_series_reach.csv', 'shape,z,dz_dshape,ccdf', rows)


# The t = z/a − 1 edges of the η bands of the Temme route (|η| = 0.3, 0.6, 1), as in SpecialFunctions.GammaShapeGradient.cs:
# the roots of t − log(1 + t) = η²/2 on each side of 0 (mpmath.findroot).
TEMME_T_EDGES = [-0.698290437315664, -0.486494458979568, -0.27078051373306383,
                 0.3307206000880015, 0.7255401069602101, 1.357676673945899]


def temme_t_edges():
    """Recomputes TEMME_T_EDGES (used by --check)."""
    out = []
    for eta in [1.0, 0.6, 0.3]:
        f = lambda lam: lam - 1 - mp.log(lam) - mp.mpf(eta) ** 2 / 2
        out.append(float(mp.findroot(f, 0.3 if eta == 1 else 0.6) - 1))
    for eta in [0.3, 0.6, 1.0]:
        f = lambda lam: lam - 1 - mp.log(lam) - mp.mpf(eta) ** 2 / 2
        out.append(float(mp.findroot(f, 2.3 if eta == 1 else 1.5) - 1))
    return out


def gen_gamma_temme_bands():
    """Samples at the switch points of the C# Gamma shape gradient's Temme route: shapes on both sides of 7 (series or
    continued fraction below, Temme above), 20 and 60 (fewer C_k above), and samples z = a(1 + t) on both sides of each
    edge of the eta bands (fewer Taylor terms inside |eta| = 0.3 and 0.6; the series or continued fraction beyond |eta| = 1)."""
    if CHECK:
        edges = temme_t_edges()
        assert sorted(edges) == TEMME_T_EDGES, edges
    rows = []
    for a in [6.999999, 7.0, 7.000001, 19.999999, 20.0, 20.000001, 59.999999, 60.0, 60.000001, 1000.0]:
        for t in TEMME_T_EDGES:
            for f in [1 - 1e-9, 1 + 1e-9]:
                z = a * (1 + t * f)
                rows.append([d17(a), d17(z), d17(gamma_dz_da(a, z))])
        for t in [-0.1, 0.0, 0.05]:
            z = a * (1 + t)
            rows.append([d17(a), d17(z), d17(gamma_dz_da(a, z))])
    write('gamma_temme_bands.csv', 'shape,z,dz_dshape', rows)


def main():
    os.makedirs(OUT, exist_ok=True)
    jobs = [('loggamma', gen_loggamma), ('erf', gen_erf), ('gamma', gen_gamma), ('beta', gen_beta), ('vonmises', gen_vonmises),
            ('gamma_series_reach', gen_gamma_series_reach), ('gamma_temme_bands', gen_gamma_temme_bands)]
    for name, job in jobs:
        if ONLY and name != ONLY:
            continue
        t = time.time()
        print('%s ...' % name, flush=True)
        job()
        print('  %s: %.1fs' % (name, time.time() - t), flush=True)


if __name__ == '__main__':
    main()
