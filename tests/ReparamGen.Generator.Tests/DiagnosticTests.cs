using System.Linq;
using Microsoft.CodeAnalysis;
using ReparamGen.Generator.Tests.Harness;
using Xunit;

namespace ReparamGen.Generator.Tests;

/// <summary>Bad input ends in an RPG diagnostic at the right place, never in an exception (CS8785) or silent output.</summary>
public class DiagnosticTests
{
    public const string ForeachSource = """
        using System;
        using ReparamGen;

        namespace Demo;

        public static partial class Sums
        {
            [Reparameterizable]
            public static double Sum(double mu, System.Collections.Generic.List<double> eps)
            {
                var s = 0.0;
                foreach (var e in eps)
                {
                    s += mu * e;
                }

                return s;
            }
        }
        """;

    public const string NotPartialSource = """
        using System;
        using ReparamGen;

        namespace Demo;

        public static class NotPartial
        {
            [Reparameterizable]
            public static double LogNormal(double mu, double sigma, [Noise] double eps) => Math.Exp(mu + sigma * eps);
        }
        """;

    public const string NotStaticSource = """
        using System;
        using ReparamGen;

        namespace Demo;

        public partial interface IInstance
        {
            [Reparameterizable]
            public double LogNormal(double mu, double sigma, [Noise] double eps) => Math.Exp(mu + sigma * eps);
        }
        """;

    [Fact]
    public void Foreach_reports_RPG0003_at_the_foreach()
    {
        var run = GeneratorHarness.Run(ForeachSource);

        var diagnostic = SingleReported(run, "RPG0003");
        var start = ForeachSource.IndexOf("foreach", System.StringComparison.Ordinal);
        var end = ForeachSource.IndexOf("return s;", System.StringComparison.Ordinal);
        var span = diagnostic.Location.SourceSpan;
        // Generator diagnostics carry file locations rebuilt from plain values (no syntax tree is cached).
        Assert.Equal("Input0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(start, span.Start);
        Assert.StartsWith("foreach (var e in eps)", ForeachSource[span.Start..span.End]);
        Assert.EndsWith("}", ForeachSource[span.Start..span.End]);
        Assert.True(span.End < end, "the location covers the foreach statement only");
        Assert.Contains("'foreach'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("Sum", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Type_not_partial_reports_RPG0001()
    {
        var run = GeneratorHarness.Run(NotPartialSource);

        var diagnostic = SingleReported(run, "RPG0001");
        AssertAtMethodName(diagnostic, NotPartialSource, "LogNormal");
        Assert.Contains("NotPartial", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Method_not_static_reports_RPG0002()
    {
        var run = GeneratorHarness.Run(NotStaticSource);

        var diagnostic = SingleReported(run, "RPG0002");
        AssertAtMethodName(diagnostic, NotStaticSource, "LogNormal");
    }

    /// <summary>
    /// The one RPG diagnostic of the run, with the expected id and error severity; the generator did not
    /// throw and generated nothing (no silent output for input it rejects).
    /// </summary>
    private static Diagnostic SingleReported(GeneratorRun run, string id)
    {
        GeneratorHarness.AssertGeneratorDidNotThrow(run);
        var reported = run.GeneratorDiagnostics.Where(d => d.Id.StartsWith("RPG", System.StringComparison.Ordinal)).ToList();
        var diagnostic = Assert.Single(reported);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Empty(run.Sources);
        return diagnostic;
    }

    private static void AssertAtMethodName(Diagnostic diagnostic, string source, string methodName)
    {
        var start = source.IndexOf(methodName + "(", System.StringComparison.Ordinal);
        Assert.Equal(start, diagnostic.Location.SourceSpan.Start);
        Assert.Equal(methodName.Length, diagnostic.Location.SourceSpan.Length);
    }
}
