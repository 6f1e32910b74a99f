"""Ziggurat constants for StandardNoise.Normal (Marsaglia and Tsang 2000, 128 layers, f(x) = exp(-x^2/2)).

Solves for the base-strip edge R such that 128 layers of equal area V close exactly at the top,
V(R) = R f(R) + integral_R^inf f. Prints R and V to 20 digits (used in
src/ReparamGen/Distributions/StandardNoise.cs). Run with Debian's python3-mpmath:
    /usr/bin/python3 tools/reference-data/ziggurat_constants.py
"""
import mpmath as mp

mp.mp.dps = 40
LAYERS = 128


def f(x):
    return mp.exp(-x * x / 2)


def area(r):
    return r * f(r) + mp.sqrt(mp.pi / 2) * mp.erfc(r / mp.sqrt(2))


def top_mismatch(r):
    """f(0) minus the height the recursion reaches after 127 layers: 0 when the ziggurat closes."""
    v, x = area(r), r
    for i in range(2, LAYERS):
        h = v / x + f(x)
        if h >= 1:
            return 1 + (LAYERS - i)  # closed too early: r too small
        x = mp.sqrt(-2 * mp.log(h))
    return v / x + f(x) - 1


r = mp.findroot(top_mismatch, 3.44261985589)
print("R =", mp.nstr(r, 20))
print("V =", mp.nstr(area(r), 20))
