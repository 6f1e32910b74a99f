using System;
using System.Globalization;
using SF = ReparamGen.SpecialFunctions;

namespace ReparamGen.Tests.SpecialFunctionsTests;

/// <summary>
/// Errors of the normal quantile and the logistic family (values and tangent rules) against the reference CSVs written
/// by <c>tools/reference-data/primitives.py</c>.
/// </summary>
internal static class PrimitiveMeasurements
{
    /// <summary>The smallest positive normal double: below it a double carries fewer than 53 bits, so relative bars do not apply.</summary>
    private const double MinNormal = 2.2250738585072014e-308;

    private static double C(ReferenceCsv csv, double[] r, string name) => r[csv.Column(name)];

    private static bool NormalOrZero(double v) => v == 0 || Math.Abs(v) >= MinNormal;

    public static ErrorStats NormalQuantile() => FunctionMeasurements.Measure("normal_quantile.csv", "NormalQuantile", "quantile",
        (c, r) => SF.NormalQuantile(C(c, r, "p")), null, "p");

    public static ErrorStats NormalQuantileTangent() => FunctionMeasurements.Measure("normal_quantile.csv", "NormalQuantileTangent", "dquantile",
        (c, r) => { SF.NormalQuantileTangent(C(c, r, "p"), 1.0, out var d); return d; }, null, "p");

    public static ErrorStats Softplus() => FunctionMeasurements.Measure("logistic.csv", "Softplus", "softplus",
        (c, r) => SF.Softplus(C(c, r, "x")), (c, r) => NormalOrZero(C(c, r, "softplus")), "x");

    public static ErrorStats Log1pExp() => FunctionMeasurements.Measure("logistic.csv", "Log1pExp", "softplus",
        (c, r) => SF.Log1pExp(C(c, r, "x")), (c, r) => NormalOrZero(C(c, r, "softplus")), "x");

    public static ErrorStats SoftplusTangent() => FunctionMeasurements.Measure("logistic.csv", "SoftplusTangent (σ)", "sigmoid",
        (c, r) => { SF.SoftplusTangent(C(c, r, "x"), 1.0, out var d); return d; }, (c, r) => NormalOrZero(C(c, r, "sigmoid")), "x");

    public static ErrorStats Log1pExpTangent() => FunctionMeasurements.Measure("logistic.csv", "Log1pExpTangent (σ)", "sigmoid",
        (c, r) => { SF.Log1pExpTangent(C(c, r, "x"), 1.0, out var d); return d; }, (c, r) => NormalOrZero(C(c, r, "sigmoid")), "x");

    public static ErrorStats Sigmoid() => FunctionMeasurements.Measure("logistic.csv", "Sigmoid", "sigmoid",
        (c, r) => SF.Sigmoid(C(c, r, "x")), (c, r) => NormalOrZero(C(c, r, "sigmoid")), "x");

    public static ErrorStats SigmoidTangent() => FunctionMeasurements.Measure("logistic.csv", "SigmoidTangent (σ(1 − σ))", "dsigmoid",
        (c, r) => { SF.SigmoidTangent(C(c, r, "x"), 1.0, out var d); return d; }, (c, r) => NormalOrZero(C(c, r, "dsigmoid")), "x");

    public static ErrorStats LogSigmoid() => FunctionMeasurements.Measure("logistic.csv", "LogSigmoid", "logsigmoid",
        (c, r) => SF.LogSigmoid(C(c, r, "x")), (c, r) => NormalOrZero(C(c, r, "logsigmoid")), "x");

    public static ErrorStats LogSigmoidTangent() => FunctionMeasurements.Measure("logistic.csv", "LogSigmoidTangent (σ(−x))", "sigmoid_neg",
        (c, r) => { SF.LogSigmoidTangent(C(c, r, "x"), 1.0, out var d); return d; }, (c, r) => NormalOrZero(C(c, r, "sigmoid_neg")), "x");

    /// <summary>
    /// log-add-exp is <c>max + log1p(e^{−|a−b|})</c>: one addition of two terms. Its error is measured relative to the sum
    /// of their magnitudes, <c>|max| + log 2 ≥ |max| + log1p(…)</c>, which is the relative error when they do not cancel and
    /// the conditioning of the addition when they do (e.g. a = b = −0.7 gives −0.007).
    /// </summary>
    public static ErrorStats LogAddExp()
    {
        var csv = ReferenceCsv.Load("logaddexp.csv");
        var stats = new ErrorStats("LogAddExp (relative to |max| + log 2)");
        foreach (var r in csv.Rows)
        {
            double a = C(csv, r, "a"), b = C(csv, r, "b"), expected = C(csv, r, "logaddexp");
            var computed = SF.LogAddExp(a, b);
            var scale = Math.Abs(Math.Max(a, b)) + Math.Log(2.0);
            stats.AddScaled(computed, expected, scale, At(("a", a), ("b", b)));
        }

        return stats;
    }

    public static ErrorStats LogAddExpTangent()
    {
        var csv = ReferenceCsv.Load("logaddexp.csv");
        var stats = new ErrorStats("LogAddExpTangent (σ(a − b), σ(b − a))");
        foreach (var r in csv.Rows)
        {
            double a = C(csv, r, "a"), b = C(csv, r, "b");
            SF.LogAddExpTangent(a, b, 1.0, 0.0, out var da);
            SF.LogAddExpTangent(a, b, 0.0, 1.0, out var db);
            if (NormalOrZero(C(csv, r, "da")))
            {
                stats.Add(da, C(csv, r, "da"), At(("a", a), ("b", b)) + " ∂a");
            }

            if (NormalOrZero(C(csv, r, "db")))
            {
                stats.Add(db, C(csv, r, "db"), At(("a", a), ("b", b)) + " ∂b");
            }
        }

        return stats;
    }

    /// <summary>log-sum-exp is <c>m + log1p(rest)</c>; its error is measured relative to <c>|m| + log n</c>, as for log-add-exp.</summary>
    public static ErrorStats LogSumExp()
    {
        var csv = ReferenceCsv.Load("logsumexp.csv");
        var stats = new ErrorStats("LogSumExp (relative to |max| + log n)");
        foreach (var r in csv.Rows)
        {
            var x = Row(csv, r);
            var computed = SF.LogSumExp(x);
            var max = double.NegativeInfinity;
            foreach (var v in x)
            {
                max = Math.Max(max, v);
            }

            stats.AddScaled(computed, C(csv, r, "logsumexp"), Math.Abs(max) + Math.Log(x.Length), "x = [" + string.Join(", ", Array.ConvertAll(x, v => v.ToString("R", CultureInfo.InvariantCulture))) + "]");
        }

        return stats;
    }

    /// <summary>The tangent rule with unit tangents: each softmax weight in turn.</summary>
    public static ErrorStats LogSumExpTangent()
    {
        var csv = ReferenceCsv.Load("logsumexp.csv");
        var stats = new ErrorStats("LogSumExpTangent (softmax weights)");
        foreach (var r in csv.Rows)
        {
            var x = Row(csv, r);
            var dx = new double[x.Length];
            for (var j = 0; j < x.Length; j++)
            {
                Array.Clear(dx);
                dx[j] = 1.0;
                SF.LogSumExpTangent(x, dx, out var d);
                var expected = C(csv, r, "w" + j);
                if (NormalOrZero(expected))
                {
                    stats.Add(d, expected, "x = [" + string.Join(", ", Array.ConvertAll(x, v => v.ToString("R", CultureInfo.InvariantCulture))) + "], weight " + j);
                }
            }
        }

        return stats;
    }

    public static ErrorStats[] All() => new[]
    {
        NormalQuantile(), NormalQuantileTangent(), Softplus(), Log1pExp(), SoftplusTangent(), Log1pExpTangent(), Sigmoid(),
        SigmoidTangent(), LogSigmoid(), LogSigmoidTangent(), LogAddExp(), LogAddExpTangent(), LogSumExp(), LogSumExpTangent(),
    };

    private static double[] Row(ReferenceCsv csv, double[] r)
    {
        var n = (int)C(csv, r, "n");
        var x = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = C(csv, r, "x" + i);
        }

        return x;
    }

    private static string At(params (string Name, double Value)[] inputs)
        => string.Join(", ", Array.ConvertAll(inputs, p => p.Name + "=" + p.Value.ToString("R", CultureInfo.InvariantCulture)));
}
