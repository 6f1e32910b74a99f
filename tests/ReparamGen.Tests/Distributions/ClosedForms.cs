using System;

namespace ReparamGen.Tests.Distributions;

/// <summary>
/// The test's own closed forms of z = g(ε | λ) and ∂z/∂λ, written from the textbook formulas and without
/// the library's helpers (its log1p/expm1/Φ are replaced by short series here), as the independent
/// oracle for the generated gradients.
/// </summary>
internal static class ClosedForms
{
    /// <summary>(z, ∂z/∂p1, ∂z/∂p2) for the law's inverse-CDF (or standard-normal) transform of <paramref name="eps"/>.</summary>
    public static Grad Sample(string law, double p1, double p2, double eps) => law switch
    {
        // z = mean + stdDev·ε
        "Normal" => new(p1 + p2 * eps, 1, eps),
        // z = exp(mu + sigma·ε): ∂mu = z, ∂sigma = z·ε
        "LogNormal" => LogNormal(p1, p2, eps),
        // z = lower + (upper − lower)·u
        "Uniform" => new(p1 + (p2 - p1) * eps, 1 - eps, eps),
        // z = E/rate with E = −log(1 − u): ∂rate = −E/rate²
        "Exponential" => new(MinusLog1m(eps) / p1, -MinusLog1m(eps) / (p1 * p1), 0),
        // location-scale: z = location + scale·s(u), ∂location = 1, ∂scale = s(u)
        "Laplace" => LocationScale(p1, p2, eps < 0.5 ? Math.Log(2 * eps) : -Math.Log(2 * (1 - eps))),
        "Logistic" => LocationScale(p1, p2, Math.Log(eps) + MinusLog1m(eps)),
        "Cauchy" => LocationScale(p1, p2, CauchyStandard(eps)),
        "Gumbel" => LocationScale(p1, p2, -Math.Log(-Math.Log(eps))),
        "Weibull" => Weibull(p1, p2, eps),
        "Kumaraswamy" => Kumaraswamy(p1, p2, eps),
        _ => throw new ArgumentException(law),
    };

    private static Grad LocationScale(double location, double scale, double s) => new(location + scale * s, 1, s);

    // tan(π(u − ½)) directly in the middle (u − ½ exact, no pole near); near the poles as
    // −cot(πu) resp. cot(π(1 − u)), whose arguments stay exact for tiny u and 1 − u.
    private static double CauchyStandard(double u) => Math.Abs(u - 0.5) <= 0.25
        ? Math.Tan(Math.PI * (u - 0.5))
        : u < 0.5 ? -Math.Cos(Math.PI * u) / Math.Sin(Math.PI * u) : Math.Cos(Math.PI * (1 - u)) / Math.Sin(Math.PI * (1 - u));

    private static Grad LogNormal(double mu, double sigma, double eps)
    {
        var z = Math.Exp(mu + sigma * eps);
        return new(z, z, z * eps);
    }

    // z = scale·E^(1/k), E = −log(1 − u): ∂scale = E^(1/k), ∂k = −z·log(E)/k²
    private static Grad Weibull(double k, double scale, double u)
    {
        var e = MinusLog1m(u);
        var root = Math.Pow(e, 1 / k);
        var z = scale * root;
        return new(z, -z * Math.Log(e) / (k * k), root);
    }

    // z = w^(1/a), w = 1 − (1 − u)^(1/b): ∂a = −z·log(w)/a²;
    // ∂b = (z/(a·w))·∂w/∂b with ∂w/∂b = (1 − u)^(1/b)·log(1 − u)/b².
    private static Grad Kumaraswamy(double a, double b, double u)
    {
        var log1mU = -MinusLog1m(u);
        var w = -Expm1(log1mU / b);
        var z = Math.Pow(w, 1 / a);
        var dwdb = Math.Exp(log1mU / b) * log1mU / (b * b);
        return new(z, -z * Math.Log(w) / (a * a), z * (dwdb / (a * w))); // dwdb/w first: z·dwdb underflows for u ~ 1e-300
    }

    /// <summary>−log(1 − u): the Mercator series Σ uⁿ/n for u &lt; ¼ (where 1 − u would lose digits), else direct.</summary>
    public static double MinusLog1m(double u)
    {
        if (u >= 0.25)
        {
            return -Math.Log(1 - u); // 1 − u is exact (Sterbenz) for u ≥ ½ and loses < 2 bits relative to the result for u in [¼, ½)
        }

        double sum = 0, power = 1;
        for (var n = 1; n < 60; n++)
        {
            power *= u;
            sum += power / n;
        }

        return sum;
    }

    /// <summary>exp(x) − 1: the Taylor series for |x| &lt; ¼, else direct.</summary>
    public static double Expm1(double x)
    {
        if (Math.Abs(x) >= 0.25)
        {
            return Math.Exp(x) - 1;
        }

        double sum = 0, term = 1;
        for (var n = 1; n < 40; n++)
        {
            term *= x / n;
            sum += term;
        }

        return sum;
    }
}
