using System;
using System.Globalization;
using System.Linq;
using SF = ReparamGen.SpecialFunctions;

namespace ReparamGen.Tests.SpecialFunctions;

/// <summary>Relative errors of the plain special functions and their partial derivatives against the reference CSVs.</summary>
internal static class FunctionMeasurements
{
    /// <summary>Walks <paramref name="file"/> and compares <paramref name="compute"/> with column <paramref name="expected"/>.</summary>
    public static ErrorStats Measure(string file, string label, string expected, Func<ReferenceCsv, double[], double> compute, Func<ReferenceCsv, double[], bool>? include = null, params string[] inputs)
    {
        var csv = ReferenceCsv.Load(file);
        var stats = new ErrorStats(label);
        var ce = csv.Column(expected);
        var ci = inputs.Select(csv.Column).ToArray();
        foreach (var r in csv.Rows)
        {
            if (include != null && !include(csv, r))
            {
                continue;
            }

            var at = string.Join(", ", inputs.Select((n, k) => n + "=" + r[ci[k]].ToString("R", CultureInfo.InvariantCulture)));
            stats.Add(compute(csv, r), r[ce], at);
        }

        return stats;
    }

    private static double C(ReferenceCsv csv, double[] r, string name) => r[csv.Column(name)];

    public static ErrorStats LogGamma() => Measure("loggamma.csv", "LogGamma", "loggamma", (c, r) => SF.LogGamma(C(c, r, "x")), null, "x");

    public static ErrorStats Digamma() => Measure("loggamma.csv", "Digamma", "digamma", (c, r) => SF.Digamma(C(c, r, "x")), null, "x");

    public static ErrorStats Trigamma() => Measure("loggamma.csv", "Trigamma", "trigamma", (c, r) => SF.Trigamma(C(c, r, "x")), null, "x");

    public static ErrorStats LogGammaTangent() => Measure("loggamma.csv", "LogGammaTangent (dResult vs ψ)", "digamma",
        (c, r) => { SF.LogGammaTangent(C(c, r, "x"), 1.0, out var d); return d; }, null, "x");

    public static ErrorStats DigammaTangent() => Measure("loggamma.csv", "DigammaTangent (dResult vs ψ')", "trigamma",
        (c, r) => { SF.DigammaTangent(C(c, r, "x"), 1.0, out var d); return d; }, null, "x");

    public static ErrorStats TrigammaTangent() => Measure("loggamma.csv", "TrigammaTangent (dResult vs ψ'')", "tetragamma",
        (c, r) => { SF.TrigammaTangent(C(c, r, "x"), 1.0, out var d); return d; }, null, "x");

    public static ErrorStats LogBeta() => Measure("logbeta.csv", "LogBeta", "logbeta", (c, r) => SF.LogBeta(C(c, r, "a"), C(c, r, "b")), null, "a", "b");

    public static ErrorStats Log1p() => Measure("log1p.csv", "Log1p", "log1p", (c, r) => SF.Log1p(C(c, r, "x")), null, "x");

    public static ErrorStats LogBesselI0() => Measure("bessel.csv", "LogBesselI0", "log_i0", (c, r) => SF.LogBesselI0(C(c, r, "x")), (c, r) => C(c, r, "x") > 0, "x");

    public static ErrorStats BesselRatio() => Measure("bessel.csv", "I1/I0 (LogBesselI0Tangent)", "ratio",
        (c, r) => { SF.LogBesselI0Tangent(C(c, r, "x"), 1.0, out var d); return d; }, (c, r) => C(c, r, "x") > 0, "x");

    public static ErrorStats BesselOneMinusRatio() => Measure("bessel.csv", "1 − I1/I0", "one_minus_ratio",
        (c, r) => { SF.BesselRatio(C(c, r, "x"), out _, out var d); return d; }, null, "x");

    public static ErrorStats GammaP() => Measure("gamma_incomplete.csv", "RegularizedGammaP", "p", (c, r) => SF.RegularizedGammaP(C(c, r, "a"), C(c, r, "x")), null, "a", "x");

    public static ErrorStats GammaQ() => Measure("gamma_incomplete.csv", "RegularizedGammaQ", "q", (c, r) => SF.RegularizedGammaQ(C(c, r, "a"), C(c, r, "x")), null, "a", "x");

    public static ErrorStats GammaPDerivativeA() => Measure("gamma_incomplete.csv", "RegularizedGammaPDerivativeA", "dp_da",
        (c, r) => SF.RegularizedGammaPDerivativeA(C(c, r, "a"), C(c, r, "x")), null, "a", "x");

    public static ErrorStats GammaPDerivativeX() => Measure("gamma_incomplete.csv", "RegularizedGammaPDerivativeX", "pdf",
        (c, r) => SF.RegularizedGammaPDerivativeX(C(c, r, "a"), C(c, r, "x")), null, "a", "x");

    public static ErrorStats GammaPTangentA() => Measure("gamma_incomplete.csv", "RegularizedGammaPTangent (da)", "dp_da",
        (c, r) => { SF.RegularizedGammaPTangent(C(c, r, "a"), C(c, r, "x"), 1, 0, out var d); return d; }, null, "a", "x");

    public static ErrorStats GammaPTangentX() => Measure("gamma_incomplete.csv", "RegularizedGammaPTangent (dx)", "pdf",
        (c, r) => { SF.RegularizedGammaPTangent(C(c, r, "a"), C(c, r, "x"), 0, 1, out var d); return d; }, null, "a", "x");

    public static ErrorStats GammaQTangentA() => Measure("gamma_incomplete.csv", "RegularizedGammaQTangent (da)", "dp_da",
        (c, r) => { SF.RegularizedGammaQTangent(C(c, r, "a"), C(c, r, "x"), 1, 0, out var d); return -d; }, null, "a", "x");

    public static ErrorStats Beta() => Measure("beta_incomplete.csv", "RegularizedBeta", "i", (c, r) => SF.RegularizedBeta(C(c, r, "a"), C(c, r, "b"), C(c, r, "x")), null, "a", "b", "x");

    public static ErrorStats BetaComplement() => Measure("beta_incomplete.csv", "1 − RegularizedBeta (upper tail)", "one_minus_i",
        (c, r) => { SF.IncompleteBeta(C(c, r, "a"), C(c, r, "b"), C(c, r, "x"), out _, out var j, out _, out _, out _); return j; }, null, "a", "b", "x");

    public static ErrorStats BetaDerivativeA() => Measure("beta_incomplete.csv", "RegularizedBetaDerivativeA", "di_da",
        (c, r) => SF.RegularizedBetaDerivativeA(C(c, r, "a"), C(c, r, "b"), C(c, r, "x")), null, "a", "b", "x");

    public static ErrorStats BetaDerivativeB() => Measure("beta_incomplete.csv", "RegularizedBetaDerivativeB", "di_db",
        (c, r) => SF.RegularizedBetaDerivativeB(C(c, r, "a"), C(c, r, "b"), C(c, r, "x")), null, "a", "b", "x");

    public static ErrorStats BetaDerivativeX() => Measure("beta_incomplete.csv", "RegularizedBetaDerivativeX", "pdf",
        (c, r) => SF.RegularizedBetaDerivativeX(C(c, r, "a"), C(c, r, "b"), C(c, r, "x")), null, "a", "b", "x");

    public static ErrorStats Erf() => Measure("erf.csv", "Erf", "erf", (c, r) => SF.Erf(C(c, r, "x")), null, "x");

    public static ErrorStats Erfc() => Measure("erf.csv", "Erfc", "erfc", (c, r) => SF.Erfc(C(c, r, "x")), (c, r) => C(c, r, "erfc") > 0, "x");

    public static ErrorStats ErfTangent() => Measure("erf.csv", "ErfTangent", "derf", (c, r) => { SF.ErfTangent(C(c, r, "x"), 1, out var d); return d; }, (c, r) => C(c, r, "derf") > 0, "x");

    public static ErrorStats ErfcTangent() => Measure("erf.csv", "ErfcTangent", "derf", (c, r) => { SF.ErfcTangent(C(c, r, "x"), 1, out var d); return -d; }, (c, r) => C(c, r, "derf") > 0, "x");

    public static ErrorStats ErfInv() => Measure("erfinv.csv", "ErfInv", "erfinv", (c, r) => SF.ErfInv(C(c, r, "y")), null, "y");

    public static ErrorStats ErfInvTangent() => Measure("erfinv.csv", "ErfInvTangent", "derfinv", (c, r) => { SF.ErfInvTangent(C(c, r, "y"), 1, out var d); return d; }, null, "y");

    public static ErrorStats ErfcInv() => Measure("erfcinv.csv", "ErfcInv", "erfcinv", (c, r) => SF.ErfcInv(C(c, r, "q")), (c, r) => C(c, r, "erfcinv") != 0, "q");

    public static ErrorStats VonMisesCdf() => Measure("vonmises_implicit.csv", "VonMisesCdf", "cdf", (c, r) => SF.VonMisesCdf(C(c, r, "z"), C(c, r, "concentration")), null, "concentration", "z");

    public static ErrorStats VonMisesCdfDerivative() => Measure("vonmises_implicit.csv", "VonMisesCdfDerivativeConcentration", "dcdf_dconcentration",
        (c, r) => SF.VonMisesCdfDerivativeConcentration(C(c, r, "z"), C(c, r, "concentration")), null, "concentration", "z");

    public static ErrorStats VonMisesCdfTangent() => Measure("vonmises_implicit.csv", "VonMisesCdfTangent (dκ)", "dcdf_dconcentration",
        (c, r) => { SF.VonMisesCdfTangent(C(c, r, "z"), C(c, r, "concentration"), 0, 1, out var d); return d; }, null, "concentration", "z");

    public static ErrorStats[] All() => new[]
    {
        Log1p(), LogGamma(), Digamma(), Trigamma(), LogGammaTangent(), DigammaTangent(), TrigammaTangent(), LogBeta(),
        LogBesselI0(), BesselRatio(), BesselOneMinusRatio(),
        GammaP(), GammaQ(), GammaPDerivativeA(), GammaPDerivativeX(), GammaPTangentA(), GammaPTangentX(), GammaQTangentA(),
        Beta(), BetaComplement(), BetaDerivativeA(), BetaDerivativeB(), BetaDerivativeX(),
        Erf(), Erfc(), ErfTangent(), ErfcTangent(), ErfInv(), ErfInvTangent(), ErfcInv(),
        VonMisesCdf(), VonMisesCdfDerivative(), VonMisesCdfTangent(),
    };
}
