using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using ReparamGen.Generator.Tests.Diagnostics;
using ReparamGen.Generator.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// Very long and very deep expressions must never overflow the compiler's stack (that ends the compiler process):
/// a flat chain of 10,000 terms is generated and right; nesting beyond 256 levels is RPG0003 at the expression.
/// Everything runs on a thread with a 1.5 MiB stack, less than the compiler's threads get.
/// </summary>
public sealed class DeepExpressionTests(ITestOutputHelper output)
{
    private const int SmallStack = 1536 * 1024;

    /// <summary>Runs <paramref name="work"/> on a thread with a 1.5 MiB stack and returns what it returns.</summary>
    private static T OnSmallStack<T>(Func<T> work)
    {
        var result = default(T)!;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                error = e;
            }
        }, SmallStack);
        thread.Start();
        thread.Join();
        if (error is not null)
        {
            throw new InvalidOperationException("Failed on the small stack: " + error.Message, error);
        }

        return result;
    }

    private static string Sum(int terms) => string.Join(" + ", Enumerable.Repeat("a", terms));

    private static string Method(string body) => DiagnosticAssert.InClass("""
            [Reparameterizable]
            public static double F(double a, [Noise] double eps) => 
        """ + body + ";");

    [Fact]
    public void Flat_sum_of_10000_terms_is_generated_compiles_and_is_right()
    {
        var run = OnSmallStack(() =>
        {
            var r = GeneratorHarness.Run(Method(Sum(10_000) + " + eps"));
            GeneratorHarness.AssertCompilesWithoutWarnings(r);
            return r;
        });

        using var assembly = ExecutionHarness.Load(run);
        var gradient = assembly.Invoke("Demo.C", "FWithGradient", 0.5, 0.25);
        Assert.Equal(Enumerable.Repeat(0.5, 10_000).Aggregate(0.0, (s, x) => s + x) + 0.25, LoadedAssembly.Property<double>(gradient, "Value"));
        Assert.Equal(10_000.0, LoadedAssembly.Property<double>(gradient, "DA")); // d/da of 10,000 a's
        var jvp = assembly.CallStatic("Demo.C", "FTangent", 0.5, 0.25, 2.0, null);
        Assert.Equal(20_000.0, jvp.Out<double>(3));
    }

    [Fact]
    public void Product_of_256_factors_and_a_rerun_on_the_same_driver_do_not_overflow()
    {
        // A product's derivative nests one level per factor; a rerun compares the deep models of both runs.
        var product = string.Join(" * ", Enumerable.Repeat("a", 255));
        var run = OnSmallStack(() =>
        {
            var first = GeneratorHarness.Run(Method(Sum(5_000) + " + " + product + " * eps"));
            GeneratorHarness.AssertCompilesWithoutWarnings(first);
            var second = GeneratorHarness.Run(first.Driver, first.Input.Clone());
            GeneratorHarness.AssertGeneratorDidNotThrow(second);
            Assert.All(second.Result.Results.Single().TrackedSteps[TrackingNames.Parse].SelectMany(s => s.Outputs), o => Assert.Equal(Microsoft.CodeAnalysis.IncrementalStepRunReason.Unchanged, o.Reason));
            return second;
        });

        using var assembly = ExecutionHarness.Load(run);
        var gradient = assembly.Invoke("Demo.C", "FWithGradient", 1.0001, 2.0);
        // d/da (5000·a + a^255 · eps) = 5000 + 255 · a^254 · eps (closed form).
        var expected = 5000 + (255 * Math.Pow(1.0001, 254) * 2.0);
        Assert.True(Math.Abs(LoadedAssembly.Property<double>(gradient, "DA") - expected) <= 1e-12 * expected, $"{LoadedAssembly.Property<double>(gradient, "DA")} vs {expected}");
    }

    [Fact]
    public void Left_nested_parentheses_500_deep_are_a_chain_and_are_generated()
    {
        var nested = new string('(', 500) + "a" + string.Concat(Enumerable.Repeat(" + a)", 500));
        var run = OnSmallStack(() =>
        {
            var r = GeneratorHarness.Run(Method(nested + " * eps"));
            GeneratorHarness.AssertCompilesWithoutWarnings(r);
            return r;
        });

        using var assembly = ExecutionHarness.Load(run);
        Assert.Equal(501.0 * 3.0, LoadedAssembly.Property<double>(assembly.Invoke("Demo.C", "FWithGradient", 0.5, 3.0), "DA"));
    }

    public static TheoryData<string, string> TooDeep => new()
    {
        { "right-nested parentheses", string.Concat(Enumerable.Repeat("a * (", 500)) + "a" + new string(')', 500) },
        { "nested calls", string.Concat(Enumerable.Repeat("Math.Sin(", 500)) + "a" + new string(')', 500) },
        { "nested negations", string.Concat(Enumerable.Repeat("-(", 500)) + "a" + new string(')', 500) },
        { "product of 3,000 factors", string.Join(" * ", Enumerable.Repeat("a", 3_000)) },
    };

    [Theory]
    [MemberData(nameof(TooDeep))]
    public void Nesting_beyond_256_levels_is_RPG0003_and_nothing_else_is_lost(string name, string expression)
    {
        var source = Method(expression);
        var run = OnSmallStack(() => GeneratorHarness.Run(source));

        GeneratorHarness.AssertGeneratorDidNotThrow(run);
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("RPG0003", diagnostic.Id);
        Assert.Equal(
            name.StartsWith("product", StringComparison.Ordinal)
                ? "A chain of more than 256 multiplications or divisions (its derivative nests one level per factor) is not supported in differentiated method 'F'"
                : "An expression nested more than 256 levels deep (parentheses, calls, casts or operands on the right) is not supported in differentiated method 'F'",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Same(run.Input.SyntaxTrees.Single(), diagnostic.Location.SourceTree);
        var start = source.IndexOf(expression, StringComparison.Ordinal);
        Assert.True(diagnostic.Location.SourceSpan.Start >= start && diagnostic.Location.SourceSpan.End <= start + expression.Length, name + ": " + diagnostic.Location.SourceSpan);
        DiagnosticAssert.NothingGeneratedFor(run, "Demo.C.F");
        DiagnosticAssert.GeneratedFor(run, DiagnosticAssert.Bystander);
        GeneratorHarness.AssertOutputCompilesWithoutWarnings(run);
    }

    [Fact]
    public void Nesting_of_200_levels_is_generated()
    {
        var run = OnSmallStack(() =>
        {
            var r = GeneratorHarness.Run(Method(string.Concat(Enumerable.Repeat("a * (", 200)) + "eps" + new string(')', 200)));
            GeneratorHarness.AssertCompilesWithoutWarnings(r);
            return r;
        });

        using var assembly = ExecutionHarness.Load(run);
        // F = a^200 · eps, dF/da = 200 · a^199 · eps at a = 1.
        Assert.Equal(200.0 * 0.5, LoadedAssembly.Property<double>(assembly.Invoke("Demo.C", "FWithGradient", 1.0, 0.5), "DA"));
    }

    /// <summary>
    /// Timings for docs/performance notes (not a check: tests never assert on time). Set REPARAMGEN_MEASURE=1 and run
    /// with <c>--logger "console;verbosity=detailed"</c> to see them.
    /// </summary>
    [Fact]
    public void Measure_flat_sums()
    {
        if (Environment.GetEnvironmentVariable("REPARAMGEN_MEASURE") != "1")
        {
            return;
        }

        // On a large stack, so that the same measurement runs on versions that recursed over chains.
        var lines = new List<string>();
        var thread = new Thread(() => Measure(lines), 512 * 1024 * 1024);
        thread.Start();
        thread.Join();
        lines.ForEach(output.WriteLine);
    }

    private static void Measure(List<string> lines)
    {
        foreach (var terms in new[] { 1_000, 5_000, 10_000, 20_000 })
        {
            var compilation = GeneratorHarness.CreateCompilation(Method(Sum(terms) + " + eps"));
            compilation.GetDiagnostics(); // bind once, so the generator's share is measured
            GeneratorHarness.CreateDriver().RunGenerators(compilation); // warm up
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var result = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult();
            watch.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            var steps = result.Results.Single().TrackedSteps;
            string Step(string name) => steps.TryGetValue(name, out var s) ? s.Sum(x => x.ElapsedTime.TotalMilliseconds).ToString("F0", CultureInfo.InvariantCulture) : "-";
            lines.Add($"{terms} terms: generator run {watch.ElapsedMilliseconds} ms, Parse {Step(TrackingNames.Parse)} ms, Differentiate {Step(TrackingNames.Differentiate)} ms, Emit {Step(TrackingNames.Emit)} ms, allocated {allocated / (1024 * 1024)} MiB");
        }
    }
}
