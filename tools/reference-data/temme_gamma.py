#!/usr/bin/python3
"""Taylor coefficients of Temme's C_k(eta) for the uniform expansion of the incomplete gamma function.

Q(a, x) = erfc(eta*sqrt(a/2))/2 + exp(-a*eta^2/2)/sqrt(2*pi*a) * S_a(eta),  S_a(eta) ~ sum_k C_k(eta) a^-k
(DLMF 8.12.3, 8.12.7-8.12.10; Temme 1979), with lambda = x/a and eta^2/2 = lambda - 1 - ln(lambda), sign(eta) = sign(lambda - 1).
C_0 = 1/(lambda-1) - 1/eta and C_k = (1/eta) C_{k-1}' + (-1)^k g_k/(lambda-1), g_k the Stirling coefficients of
Gamma(a) ~ sqrt(2*pi/a) a^a e^-a sum_k g_k a^-k (DLMF 5.11.3, 5.11.4). Exact rational arithmetic; the 1/eta pole of each
C_k cancelling is the check that the recurrence is used with the right signs.
Prints the C# table d[k][n] (C_k = sum_n d[k][n] eta^n) and checks the gradient formula against mpmath.
Run: /usr/bin/python3 tools/reference-data/temme_gamma.py [K] [N] [--check | --bands]
(--bands with K = 15, N = 24: the truncation per shape and eta band used by the C# code, and the bands' t edges).
"""
import sys
from fractions import Fraction as F
import mpmath

K = int(sys.argv[1]) if len(sys.argv) > 1 else 10
N = int(sys.argv[2]) if len(sys.argv) > 2 else 25
M = N + 2 * K + 4  # working order of the series in eta

def mul(p, q, n):
    r = [F(0)] * n
    for i, pi in enumerate(p[:n]):
        if pi:
            for j, qj in enumerate(q[: n - i]):
                r[i + j] += pi * qj
    return r

def inv(p, n):  # 1/p for p[0] != 0
    r = [F(0)] * n
    r[0] = 1 / p[0]
    for k in range(1, n):
        r[k] = -sum(p[j] * r[k - j] for j in range(1, min(k, len(p) - 1) + 1)) / p[0]
    return r

# mu = lambda - 1 = sum b_n eta^n with mu - ln(1+mu) = eta^2/2: coefficient by coefficient.
b = [F(0), F(1)]
def lhs(bs, n):  # series of mu - ln(1+mu) to order n
    mu = bs + [F(0)] * (n - len(bs))
    out = [F(0)] * n
    power = mu[:]
    for j in range(2, n + 1):
        power = mul(power, mu, n)
        c = F((-1) ** j, j)
        out = [o + c * pw for o, pw in zip(out, power)]
    return out
for n in range(2, M + 2):
    trial = b + [F(0)]
    r0 = lhs(trial, n + 2)[n + 1]            # coefficient of eta^(n+1) with b_n = 0
    trial[n] = F(1)
    r1 = lhs(trial, n + 2)[n + 1]
    b.append(-r0 / (r1 - r0))
assert lhs(b, 6)[2] == F(1, 2) and all(c == 0 for i, c in enumerate(lhs(b, M)) if i != 2)

# 1/mu = (1/eta) * 1/(1 + b2 eta + ...): Laurent series as (shift, coeffs) with a 1/eta leading term.
unit = inv(b[1:M + 1], M)                    # 1/(mu/eta)
def inv_mu_times(c):                          # c/mu as a Laurent series: coefficients of eta^-1, eta^0, ...
    return [c * u for u in unit]

# Stirling coefficients g_k of Gamma: exp(sum_j B_2j/(2j(2j-1) a^(2j-1))) as a series in 1/a.
from sympy import bernoulli
L = K + 2
logser = [F(0)] * L
for j in range(1, L):
    if 2 * j - 1 < L:
        bj = bernoulli(2 * j)
        logser[2 * j - 1] = F(int(bj.p), int(bj.q)) / (2 * j * (2 * j - 1))
g = [F(1)] + [F(0)] * (L - 1)
term = [F(1)] + [F(0)] * (L - 1)
for m in range(1, L):
    term = [t / m for t in mul(term, logser, L)]
    g = [x + y for x, y in zip(g, term)]

# C_0 as a Laurent series from eta^-1 (its eta^-1 coefficient must vanish).
C = []
lau = inv_mu_times(F(1))
lau[0] -= 1
assert lau[0] == 0
C.append(lau[1:])                             # power series
for k in range(1, K + 1):
    prev = C[-1]
    # (1/eta) d/deta prev: coefficient of eta^(n-2) is n*prev[n], so Laurent from eta^-1: index n-1 -> eta^(n-2)
    lau = [F(0)] * (len(prev))
    for n in range(1, len(prev)):
        lau[n - 1] += n * prev[n]
    add = inv_mu_times(F((-1) ** k) * g[k])
    for i in range(min(len(lau), len(add))):
        lau[i] += add[i]
    assert lau[0] == 0, (k, lau[0])
    C.append(lau[1:len(prev) - 1])

for k in range(K + 1):
    assert len(C[k]) >= N, (k, len(C[k]))

def dzda_formula(a, x):
    a = mpmath.mpf(a); x = mpmath.mpf(x)
    lam = x / a
    eta = mpmath.sign(lam - 1) * mpmath.sqrt(2 * (lam - 1 - mpmath.log(lam)))
    ck = [sum(mpmath.mpf(C[k][n].numerator) / C[k][n].denominator * eta ** n for n in range(N)) for k in range(K + 1)]
    s = sum(ck[k] / a ** k for k in range(K + 1))
    t = sum((k + mpmath.mpf(1) / 2) * ck[k] / a ** (k + 1) for k in range(K + 1))
    gstar = mpmath.gamma(a) / (mpmath.sqrt(2 * mpmath.pi / a) * a ** a * mpmath.exp(-a))
    return lam * (1 - gstar * (eta / 2 + eta ** 2 / 2 * s + t))

def dzda_exact(a, x):
    a = mpmath.mpf(a); x = mpmath.mpf(x)
    dp = mpmath.diff(lambda s: mpmath.gammainc(s, 0, x, regularized=True), a)
    dens = mpmath.exp((a - 1) * mpmath.log(x) - x - mpmath.loggamma(a))
    return -dp / dens

if __name__ == "__main__":
    mpmath.mp.dps = 40
    if "--bands" in sys.argv:
        # The truncations of SpecialFunctions.TemmeTruncation: for each shape band (a from 7, 20, 60) and eta band
        # (|eta| up to 0.3, 0.6, 1, with 1 % margin), the fewest C_k (a multiple of 4) and the fewest Taylor terms (even) such
        # that the neglected coefficients of the table, weighted as in the bracket eta/2 + (eta^2/2) s + tail
        # (|c_kn| |eta|^n a^-k (eta^2/2 + (k + 1/2)/a)), sum to at most 3e-17. Also the t = lambda - 1 edges of the eta bands.
        def neglected(a, eta, terms, order):
            e = mpmath.mpf(0)
            for k in range(K + 1):
                for n in range(N):
                    if k >= terms or n >= order:
                        w = abs(mpmath.mpf(C[k][n].numerator) / C[k][n].denominator) * mpmath.mpf(eta) ** n / mpmath.mpf(a) ** k
                        e += w * (mpmath.mpf(eta) ** 2 / 2 + (k + mpmath.mpf(1) / 2) / a)
            return e
        for a in [7, 20, 60]:
            for eta, order in [(0.3, 14), (0.6, 20), (1.0, 24)]:
                terms = next(t for t in range(4, K + 2, 4) if neglected(a, 1.01 * eta, t, order) <= 3e-17)
                print(f"a >= {a}, |eta| <= {eta}: {terms} terms, order {order}, neglected {float(neglected(a, 1.01 * eta, terms, order)):.1e}")
        for eta in [0.3, 0.6, 1.0]:
            f = lambda lam: lam - 1 - mpmath.log(lam) - mpmath.mpf(eta) ** 2 / 2
            lo = mpmath.findroot(f, 0.3 if eta == 1 else 0.6) - 1
            hi = mpmath.findroot(f, 2.3 if eta == 1 else 1.5) - 1
            print(f"|eta| <= {eta}: t in [{float(lo)!r}, {float(hi)!r}]")
    elif "--check" in sys.argv:
        for a in [5, 8, 10, 15, 20, 50, 200]:
            for lam in [0.3, 0.5, 0.7, 0.9, 1.0001, 1.1, 1.5, 2.0, 2.5]:
                x = a * lam
                e, f = dzda_exact(a, x), dzda_formula(a, x)
                eta = float(mpmath.sign(lam - 1) * mpmath.sqrt(2 * (lam - 1 - mpmath.log(lam))))
                print(f"a={a} lam={lam} eta={eta:+.3f} rel={float(abs(f - e) / abs(e)):.2e}")
    else:
        # Row n holds the eta^n coefficients of C_0 ... C_K (k fastest), the layout the vectorised Horner reads.
        print(f"    // Coefficient of eta^n in C_k(eta) at [n*{K + 1} + k], k = 0..{K}, n = 0..{N - 1} (tools/reference-data/temme_gamma.py {K} {N}).")
        print("    private static readonly double[] TemmeCoefficients =")
        print("    [")
        for n in range(N):
            print("        " + ", ".join(repr(float(C[k][n])) for k in range(K + 1)) + ",")
        print("    ];")
