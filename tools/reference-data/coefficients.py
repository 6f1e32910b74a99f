#!/usr/bin/python3
"""Coefficient tables of ReparamGen's special functions, computed with mpmath (40 digits) and printed as C# arrays.

    /usr/bin/python3 tools/reference-data/coefficients.py

  * DigammaRootTaylor: psi^(k)(x0)/k!, k = 1.., about the positive root x0 of digamma (used on [1, 2]).
  * LogGammaTwoTaylor: (-1)^k (zeta(k) - 1)/k, k = 2.., of log Gamma(2 + e) (A&S 6.1.33 shifted; used for |e| <= 1/2).
  * ErfcxChebyshev: Chebyshev coefficients of g(s) = x erfcx(x) = x exp(x^2) erfc(x), with
    t = (x - K)/(x + K), K = 3 (Schonfelder 1978, Math. Comp. 32, "Chebyshev expansions for the error and related
    functions"), t mapped linearly from [t(1/2), 1] onto s in [-1, 1]; g -> 1/sqrt(pi) as x -> infinity, so the
    expansion has uniform relative accuracy on [1/2, infinity).
Every table stops where the remaining terms are below 1e-19 on its interval.
"""
import mpmath as mp

mp.mp.dps = 40


def fmt(cs, per_line=4):
    items = ['%.17g' % float(c) for c in cs]
    lines = []
    for i in range(0, len(items), per_line):
        lines.append('        ' + ', '.join(items[i:i + per_line]) + ',')
    return '\n'.join(lines)


def digamma_root_taylor():
    x0 = mp.findroot(mp.digamma, mp.mpf('1.46'))
    cs = []
    k = 1
    while True:
        c = mp.polygamma(k, x0) / mp.factorial(k)
        cs.append(c)
        if abs(c) * mp.mpf(0.54) ** k < mp.mpf(1e-19):
            break
        k += 1
    hi = float(x0)
    lo = float(x0 - mp.mpf(hi))
    return x0, hi, lo, cs


def loggamma_two_taylor():
    cs = []
    k = 2
    while True:
        c = (-1) ** k * (mp.zeta(k) - 1) / k
        cs.append(c)
        if abs(c) * mp.mpf(0.5) ** k < mp.mpf(1e-19):
            break
        k += 1
    return cs


ERFCX_K = 3


def erfcx_chebyshev(n=160):
    kk = mp.mpf(ERFCX_K)
    x0 = mp.mpf(0.5)
    t0 = (x0 - kk) / (x0 + kk)

    def g(s):
        t = t0 + (s + 1) * (1 - t0) / 2
        if t >= 1:
            return 1 / mp.sqrt(mp.pi)
        x = kk * (1 + t) / (1 - t)
        return x * mp.exp(x * x) * mp.erfc(x)

    th = [mp.pi * (j + mp.mpf(1) / 2) / n for j in range(n)]
    fv = [g(mp.cos(t)) for t in th]
    cs = [2 * mp.fsum(fv[j] * mp.cos(k * th[j]) for j in range(n)) / n for k in range(n)]
    cs[0] /= 2
    last = max(i for i, c in enumerate(cs) if abs(c) > mp.mpf(1e-19))
    return t0, cs[:last + 1]


if __name__ == '__main__':
    x0, hi, lo, cs = digamma_root_taylor()
    print('// digamma root x0 = %s: hi = %r, lo = %r' % (mp.nstr(x0, 30), hi, lo))
    print('DigammaRootTaylor (%d):' % len(cs))
    print(fmt(cs))
    cs = loggamma_two_taylor()
    print('LogGammaTwoTaylor (%d):' % len(cs))
    print(fmt(cs))
    t0, cs = erfcx_chebyshev()
    print('ErfcxChebyshev K = %d, t0 = %r (%d):' % (ERFCX_K, float(t0), len(cs)))
    print(fmt(cs))
