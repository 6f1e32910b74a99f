#!/usr/bin/python3
"""Reference data for the von Mises-Fisher distribution (src/ReparamGen/Distributions/VonMisesFisher.cs).

Every value is computed with mpmath at the EXACT double inputs written to the CSV, then rounded once to a double
printed with 17 significant digits. Tests read the CSVs; they never need Python.

  * vmf_bessel.csv: log I_nu(x) = mpmath.log(mpmath.besseli(nu, x)) and the ratio I_{nu+1}(x)/I_nu(x) (50 digits),
    for nu = d/2 - 1 over the dimensions the distribution is used with (d = 2 ... 1000, half-integer orders
    included) and x from 1e-3 to 1e5.
  * vmf_marginal.csv: the CDF F(w | kappa, d) of w = mu'z, whose density is proportional to
    exp(kappa w)(1 - w^2)^((d-3)/2) on [-1, 1], and the implicit gradient dw/dkappa = -dF/dkappa / f(w).
    Oracle (independent of the C# quadrature): in the polar angle theta = arccos w,
    F = int_{theta_x}^{pi} exp(phi) / Z with phi = kappa (cos s - 1) + (d - 2) log sin s, by mpmath.quad (tanh-sinh)
    split at the mode and every 1/8 of the Laplace width h out to 30h (1/2 of it out to 100h) around it and
    beyond the point; the normaliser Z from the closed form
    Z = exp(-kappa) Gamma((d-1)/2) sqrt(pi) (2/kappa)^nu I_nu(kappa) (DLMF 10.32.2), so Z is not a quadrature;
    dF/dkappa by mpmath.diff of that F (numerical differentiation at raised precision), not by the formula the
    C# code uses. Points t = 1 - w at E[t] + k sd(t), k = -2, -1, 0, 1, 3, 6 (those in (0, 2)).
    --check prints, per (d, kappa), |1 - quad(0, pi)/Z| (the quadrature against the closed form).

Usage:  /usr/bin/python3 tools/reference-data/von_mises_fisher.py [--check]
Writes: tests/ReparamGen.Tests/ReferenceData/vmf_bessel.csv, vmf_marginal.csv
"""
import math
import os
import sys

import mpmath as mp

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tests', 'ReparamGen.Tests', 'ReferenceData')
CHECK = '--check' in sys.argv


def d17(v):
    v = float(v)
    if v == 0.0:
        return '0'
    return '%.17g' % v


def write(name, header, rows):
    with open(os.path.join(OUT, name), 'w') as f:
        f.write(header + '\n')
        for r in rows:
            f.write(','.join(r) + '\n')
    print('wrote %s (%d rows)' % (name, len(rows)), flush=True)


def gen_bessel():
    mp.mp.dps = 50
    orders = [0, 0.5, 1, 1.5, 2, 3.5, 4, 9.5, 12, 23.5, 24, 24.5, 25, 25.5, 49, 99.5, 249, 499]
    xs = [float('%.6g' % (10.0 ** (-3 + 0.5 * i))) for i in range(17)] + [0.37, 24.9, 25.1, 333.0, 777.0]
    rows = []
    for nu in orders:
        for x in sorted(set(xs)):
            n, m = mp.mpf(nu), mp.mpf(x)
            i0 = mp.besseli(n, m)
            i1 = mp.besseli(n + 1, m)
            rows.append([d17(nu), d17(x), d17(mp.log(i0)), d17(i1 / i0)])
    write('vmf_bessel.csv', 'order,x,log_i,ratio', rows)


def gen_marginal():
    mp.mp.dps = 30
    rows = []
    for d in [2, 3, 10, 1000]:
        for kappa in [1e-3, 1.0, 50.0, 1e5]:
            dm2 = d - 2
            nu = mp.mpf(d) / 2 - 1

            def phi(s, k):
                v = k * (mp.cos(s) - 1)
                return v + dm2 * mp.log(mp.sin(s)) if dm2 else v

            def z(k):
                return mp.exp(-k) * mp.gamma(mp.mpf(d - 1) / 2) * mp.sqrt(mp.pi) * (2 / k) ** nu * mp.besseli(nu, k)

            k = mp.mpf(kappa)
            if d == 2:
                th0 = mp.mpf(0)
            else:
                r = mp.sqrt(dm2 ** 2 + 4 * k * k)
                th0 = mp.acos(2 * k / (dm2 + r))
            curv = k * mp.cos(th0) + (dm2 / mp.sin(th0) ** 2 if dm2 else 0)
            h = min(mp.pi / 8, 1 / mp.sqrt(curv)) if curv > 0 else mp.pi / 8
            grid = {mp.mpf(0), mp.pi, th0}
            for j in [i / 8 for i in range(1, 241)] + [30 + i / 2 for i in range(1, 141)]:
                for s in (th0 - j * h, th0 + j * h):
                    if 0 < s < mp.pi:
                        grid.add(s)
            grid = sorted(grid)

            def upper(thx, kk):
                pts = sorted({thx} | {g for g in grid if g > thx} | {thx + j * h / 8 for j in range(1, 241) if thx + j * h / 8 < mp.pi})
                return mp.quad(lambda s: mp.exp(phi(s, kk)), pts, maxdegree=8)

            def cdf(thx, kk):
                return upper(thx, kk) / z(kk)

            if CHECK:
                tot = mp.quad(lambda s: mp.exp(phi(s, k)), grid, maxdegree=8)
                print('d=%d kappa=%g  |1 - quad/Z| = %s' % (d, kappa, mp.nstr(abs(1 - tot / z(k)), 3)), flush=True)
            a = mp.besseli(nu + 1, k) / mp.besseli(nu, k)
            mean_t = 1 - a
            sd_t = mp.sqrt(1 - a * a - (d - 1) * a / k)
            for kk in [-2, -1, 0, 1, 3, 6]:
                t = float(mean_t + kk * sd_t)
                if not (0 < t < 2):
                    continue
                w = 1.0 - t
                t = 1.0 - w          # exact: the double w is the input
                if t <= 0:
                    continue
                thx = mp.acos(mp.mpf(w)) if w < 0.5 else 2 * mp.asin(mp.sqrt(mp.mpf(t) / 2))
                f = cdf(thx, k)
                dfdk = mp.diff(lambda kk2: cdf(thx, kk2), k)
                dens_w = mp.exp(phi(thx, k)) / (z(k) * mp.sin(thx))
                rows.append([str(d), d17(kappa), d17(w), d17(f), d17(-dfdk / dens_w)])
            print('d=%d kappa=%g done' % (d, kappa), flush=True)
    write('vmf_marginal.csv', 'dimension,kappa,w,cdf,dw_dkappa', rows)


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    gen_bessel()
    gen_marginal()
