using System;
using System.Globalization;

namespace ReparamGen.Tests.SpecialFunctionsTests;

/// <summary>
/// The measurements the tests assert on and the accuracy report prints: each walks one reference CSV and collects
/// relative errors against the mpmath values.
/// </summary>
internal static class AccuracyMeasurements
{
    private static string At(params (string Name, double Value)[] args)
    {
        var parts = new string[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            parts[i] = args[i].Name + "=" + args[i].Value.ToString("R", CultureInfo.InvariantCulture);
        }

        return string.Join(", ", parts);
    }

    // Float32 figures count points whose exact result is a normal float (≥ 2⁻¹²⁶): subnormal floats carry fewer bits.
    private static bool IsNormalFloat(double v) => Math.Abs(v) >= 1.1754943508222875e-38 && Math.Abs(v) <= float.MaxValue;

    public static ErrorStats GammaShape(bool float32 = false)
    {
        var csv = ReferenceCsv.Load("gamma_implicit.csv");
        var stats = new ErrorStats(float32 ? "Gamma dz/dshape (float32)" : "Gamma dz/dshape");
        int cA = csv.Column(float32 ? "shape_f32" : "shape"), cZ = csv.Column(float32 ? "z_f32" : "z"), cD = csv.Column(float32 ? "dz_dshape_f32" : "dz_dshape");
        foreach (var r in csv.Rows)
        {
            if (double.IsNaN(r[cD]) || (float32 && !IsNormalFloat(r[cD])))
            {
                continue; // the float32 sample underflowed to 0, or the exact result is not a normal float
            }

            var computed = float32 ? ImplicitDerivatives.GammaShape((float)r[cZ], (float)r[cA]) : ImplicitDerivatives.GammaShape(r[cZ], r[cA]);
            stats.Add(computed, r[cD], At(("shape", r[cA]), ("z", r[cZ])));
        }

        return stats;
    }

    /// <summary>Shapes below 7, samples from α + 1 to just past where the series hands over to the continued fraction.</summary>
    public static ErrorStats GammaShapeSeriesReach()
    {
        var csv = ReferenceCsv.Load("gamma_series_reach.csv");
        var stats = new ErrorStats("Gamma dz/dshape, series hand-over");
        int cA = csv.Column("shape"), cZ = csv.Column("z"), cD = csv.Column("dz_dshape"), cQ = csv.Column("ccdf");
        foreach (var r in csv.Rows)
        {
            stats.Add(ImplicitDerivatives.GammaShape(r[cZ], r[cA]), r[cD], At(("shape", r[cA]), ("z", r[cZ]), ("Q", r[cQ])));
        }

        return stats;
    }

    public static (ErrorStats A, ErrorStats B) Beta(bool float32 = false)
    {
        var csv = ReferenceCsv.Load("beta_implicit.csv");
        var suffix = float32 ? "_f32" : "";
        var sa = new ErrorStats("Beta dz/da" + (float32 ? " (float32)" : ""));
        var sb = new ErrorStats("Beta dz/db" + (float32 ? " (float32)" : ""));
        int cA = csv.Column("a" + suffix), cB = csv.Column("b" + suffix), cZ = csv.Column("z" + suffix);
        int cDa = csv.Column("dz_da" + suffix), cDb = csv.Column("dz_db" + suffix);
        foreach (var r in csv.Rows)
        {
            if (double.IsNaN(r[cDa]) || (float32 && !(IsNormalFloat(r[cDa]) && IsNormalFloat(r[cDb]))))
            {
                continue; // the float32 sample rounded to 0 or 1, or an exact result is not a normal float
            }

            double da, db;
            if (float32)
            {
                da = ImplicitDerivatives.BetaA((float)r[cZ], (float)r[cA], (float)r[cB]);
                db = ImplicitDerivatives.BetaB((float)r[cZ], (float)r[cA], (float)r[cB]);
            }
            else
            {
                ImplicitDerivatives.Beta(r[cZ], r[cA], r[cB], out da, out db);
            }

            var at = At(("a", r[cA]), ("b", r[cB]), ("z", r[cZ]));
            sa.Add(da, r[cDa], at);
            sb.Add(db, r[cDb], at);
        }

        return (sa, sb);
    }

    public static ErrorStats VonMisesConcentration(bool float32 = false)
    {
        var csv = ReferenceCsv.Load("vonmises_implicit.csv");
        var suffix = float32 ? "_f32" : "";
        var stats = new ErrorStats("von Mises dz/dconcentration" + (float32 ? " (float32)" : ""));
        int cK = csv.Column("concentration" + suffix), cZ = csv.Column("z" + suffix), cD = csv.Column("dz_dconcentration" + suffix);
        foreach (var r in csv.Rows)
        {
            if (float32 && !IsNormalFloat(r[cD]))
            {
                continue;
            }

            var computed = float32
                ? ImplicitDerivatives.VonMisesConcentration((float)r[cZ], (float)r[cK])
                : ImplicitDerivatives.VonMisesConcentration(r[cZ], r[cK]);
            stats.Add(computed, r[cD], At(("concentration", r[cK]), ("z", r[cZ])));
        }

        return stats;
    }
}
