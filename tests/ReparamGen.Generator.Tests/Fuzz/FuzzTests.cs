using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ReparamGen.Generator.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Generator.Tests.Fuzz;

/// <summary>
/// Differential fuzzing of the generator (see docs/testing.md, "Fuzzing"):
/// <list type="bullet">
/// <item>random valid programs over the supported language, whose generated value, partials (WithGradient,
/// Backward) and JVP (Tangent, random direction) must equal the same program text run on dual numbers, and
/// whose value must equal the user's own method;</item>
/// <item>random unsupported programs, which must end in the construct's diagnostic;</item>
/// <item>random malformed programs (token edits), which must never crash the generator.</item>
/// </list>
/// Seeds are fixed (CI is deterministic); <c>REPARAMGEN_FUZZ_PROGRAMS</c> and <c>REPARAMGEN_FUZZ_SEED</c> select the
/// number of programs and the first seed (the long mode). A failure names the program's seed and shows its text.
/// </summary>
public sealed class FuzzTests
{
    /// <summary>
    /// Relative bar, |generated − dual| ≤ 1e-10·max(1, |dual|). The dual numbers apply the same chain rule to the
    /// same primal values as the generated forward mode; they differ only in how each rule's formula is written
    /// (Pow's slope as y·r/x against y·x^(y−1), Tan's as 1 + r² against 1/cos², a JVP as a sum of partials), which
    /// is a few ulps per operation. Programs have at most a few hundred operations and keep their values O(1) to
    /// O(1e3), so honest differences stay below 1e-12 (measured: see docs/testing.md); 1e-10 leaves room for
    /// cancellation and still fails any wrong rule, lost tangent or missed branch, which give O(1) errors.
    /// </summary>
    private const double RelativeTolerance = 1e-10;

    private const int BatchSize = 200;
    private const int CiValid = 1400;
    private const int CiUnsupported = 300;
    private const int CiMalformed = 300;
    private const int CiSeed = 1;

    private readonly ITestOutputHelper output;

    public FuzzTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Valid_programs_agree_with_dual_numbers()
    {
        var (first, count) = Range(CiValid, 0.7, 0);
        var stopwatch = Stopwatch.StartNew();
        var stats = new Stats();

        // Batches are independent: one per core (each is a generator run, a compilation and a load).
        var starts = Enumerable.Range(0, (count + BatchSize - 1) / BatchSize).Select(b => b * BatchSize).ToList();
        try
        {
            Parallel.ForEach(starts, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, start =>
            {
                var seeds = Enumerable.Range(0, Math.Min(BatchSize, count - start)).Select(i => first + start + i).ToList();
                var own = new Stats();
                try
                {
                    CheckValidBatch(seeds, own);
                }
                finally
                {
                    stats.Add(own);
                }
            });
        }
        finally
        {
            WriteStats(count, first, stopwatch, stats);
        }

        Assert.True(stats.Skipped <= stats.Points / 20, $"{stats.Skipped} of {stats.Points + stats.Skipped} points skipped: the program generator makes too many overflowing programs");
    }

    private void WriteStats(int count, int first, Stopwatch stopwatch, Stats stats)
    {
        output.WriteLine($"{count} valid programs from seed {first} in {stopwatch.Elapsed.TotalSeconds:F1} s: {stats.Points} points checked, {stats.Skipped} skipped (non-finite or > 1e100), worst relative difference {stats.Worst:E2} ({stats.WorstWhere}); generator {stats.Generator.TotalSeconds:F1} s, compile {stats.Emit.TotalSeconds:F1} s, run {stats.Execute.TotalSeconds:F1} s");
        output.WriteLine($"Dot-product test (Tangent against Backward): {stats.DotPrograms} of {count} programs, {stats.DotReverse + stats.DotForward} helpers ({stats.DotReverse} with reverse-mode Backward, {stats.DotForward} with a forward-mode Backward: the scalar forward-vector one or the RPG0018 stand-in), {stats.DotPoints} points checked, {stats.DotSkipped} skipped (non-finite or > 1e100), worst |⟨ȳ, J·v⟩ − ⟨Jᵀ·ȳ, v⟩| / S {stats.DotWorst:E2} ({stats.DotWorstWhere}), {stats.DotNaive} points above 1e-12 of Σ|terms| alone, worst accumulation error {stats.AddWorst:E2}, worst helper JVP against dual numbers {stats.HelperWorst:E2}");
        output.WriteLine($"RPG0018 (Backward by forward mode, or not generated): {stats.Omitted.Values.Sum(o => o.Count)} of {stats.ReverseCandidates} helpers that call for reverse mode, in {stats.OmittedPrograms} programs; by reason (helpers, first example):");
        foreach (var (reason, (omitted, example)) in stats.Omitted.OrderByDescending(o => o.Value.Count).ThenBy(o => o.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {omitted,5}  {reason}  [{example}]");
        }

        output.WriteLine($"Span outputs: {stats.SpanOutHelpers} helpers write Span<T> z ({stats.SpanOutDotted} dot-product tested, {stats.SpanOutOmitted} with RPG0018), {stats.SpanOutCalls} call statements into a stackalloc'd local");

    }

    [Fact]
    public void Unsupported_programs_end_in_diagnostics()
    {
        var (first, count) = Range(CiUnsupported, 0.15, 1_000_000_000);
        var stopwatch = Stopwatch.StartNew();
        for (var start = 0; start < count; start += BatchSize)
        {
            var seeds = Enumerable.Range(0, Math.Min(BatchSize, count - start)).Select(i => first + start + i).ToList();
            var programs = seeds.Select(BrokenProgram.CreateUnsupported).ToList();
            var batch = FuzzBatch.Create(seeds.Select(s => "U" + s.ToString(CultureInfo.InvariantCulture)).ToList(), programs.Select(p => p.File).ToList());
            CheckNoCrash(batch, programs.Select(p => p.File).ToList(), seeds);
            var diagnostics = batch.GeneratorDiagnostics();
            var strict = batch.StrictDiagnostics().ToLookup(batch.ProgramOf);
            var failures = new List<string>();
            for (var i = 0; i < seeds.Count; i++)
            {
                var (file, construct) = programs[i];
                var reported = diagnostics[i].ToList();
                var problems = new List<string>();
                if (!reported.Any(d => construct.Ids.Contains(d.Id)))
                {
                    problems.Add($"expected {string.Join(" or ", construct.Ids)} for the {construct.Name}, got: " + (reported.Count == 0 ? "nothing" : GeneratorHarness.Format(reported)));
                }

                // In generated code every diagnostic counts; in the program's own text only real errors do (a warning the
                // random program itself earns, e.g. CS0219 for a local it assigns constants and never reads, is elevated
                // by warnings-as-errors, and an elevated warning reports warning level 0 like an error).
                var broken = strict[i].Where(d => batch.InGeneratedCode(d) || (d.Severity == DiagnosticSeverity.Error && !d.IsWarningAsError)).ToList();
                if (broken.Count > 0)
                {
                    problems.Add("the output does not compile (warnings as errors):\n" + GeneratorHarness.Format(broken) + "\n" + batch.GeneratedText(i));
                }

                if (problems.Count > 0)
                {
                    failures.Add(Describe("unsupported", seeds[i], file) + string.Join("\n", problems));
                }
            }

            Fail(failures);
        }

        output.WriteLine($"{count} unsupported programs from seed {first} in {stopwatch.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void Malformed_programs_never_crash_the_generator()
    {
        var (first, count) = Range(CiMalformed, 0.15, 2_000_000_000);
        var stopwatch = Stopwatch.StartNew();
        var withErrors = 0;
        for (var start = 0; start < count; start += BatchSize)
        {
            var seeds = Enumerable.Range(0, Math.Min(BatchSize, count - start)).Select(i => first + start + i).ToList();
            var files = seeds.Select(BrokenProgram.CreateMalformed).ToList();
            var batch = FuzzBatch.Create(seeds.Select(s => "M" + s.ToString(CultureInfo.InvariantCulture)).ToList(), files);
            CheckNoCrash(batch, files, seeds);

            // A program the edits left valid C# must still end in code that compiles, or in the generator's diagnostics.
            var inputErrors = batch.Run.Input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToLookup(batch.ProgramOf);
            var strict = batch.StrictDiagnostics().Where(batch.InGeneratedCode).ToLookup(batch.ProgramOf);
            // That holds also when an edit made a helper unsupported (e.g. '--(v2)' inside an expression: RPG0003 there):
            // its callers are held back with RPG0019 rather than emitted naming its missing members (once CS0117).
            var failures = new List<string>();
            for (var i = 0; i < seeds.Count; i++)
            {
                if (inputErrors[i].Any())
                {
                    withErrors++;
                }
                else if (strict[i].Any())
                {
                    failures.Add(Describe("malformed", seeds[i], files[i]) + "the input compiles, the generated code does not (warnings as errors):\n"
                        + GeneratorHarness.Format(strict[i]) + "\n" + batch.GeneratedText(i));
                }
            }

            Fail(failures);
        }

        output.WriteLine($"{count} malformed programs from seed {first} in {stopwatch.Elapsed.TotalSeconds:F1} s, {withErrors} with compiler errors");
        Assert.True(withErrors >= count / 2, $"only {withErrors} of {count} malformed programs have compiler errors: the token edits are too gentle");
    }

    [Fact]
    public void The_program_generator_covers_the_supported_language()
    {
        // Guards the fuzzing above against a program generator that silently stopped producing the hard cases.
        var text = string.Concat(Enumerable.Range(CiSeed, 200).Select(s => FuzzProgram.Create(s).Template));
        foreach (var feature in new[]
        {
            "§T v", " += ", " -= ", " *= ", " /= ", "++;", "--;", "if (", "else", " ? ", "switch (", "case 1:", "default:",
            "for (int", "while (", "do\n", "break;", "continue;", "return ", "§M.Exp(", "§M.Log(", "§M.Sqrt(", "§M.Pow(",
            "§M.Sin(", "§M.Cos(", "§M.Tanh(", "§M.Atan(", "§M.Abs(", "§M.Min(", "§M.Max(", "§M.Atan2(", "§M.Cbrt(", "§M.Tan(",
            "§M.Asin(", "§M.Acos(", "§M.Sinh(", "§M.Cosh(", "§M.Asinh(", "§M.Log10(", "§M.Log2(",
            "§A", "out §T o", "out §T y", ", out y", "Flag = ", "stackalloc §T[", "new §T[", "ReadOnlySpan<§T> x", "§T[] x", "Span<§T> z)", "z[0] = ", " < z.Length; ", "[j", ", z", "Span<§T> z",
            ".Slice(", "int x", "int k", "(double)", ".Length; ", " = (0.5 * ", "] += ", "] *= ", "foreach (var q", ") = (",
            "public §T F§D", "scale", "§T Lf(§T q) =>",
        })
        {
            Assert.Contains(feature, text, StringComparison.Ordinal);
        }
    }

    private static (int First, int Count) Range(int ciCount, double share, int seedOffset)
    {
        var programs = Environment.GetEnvironmentVariable("REPARAMGEN_FUZZ_PROGRAMS");
        var seed = Environment.GetEnvironmentVariable("REPARAMGEN_FUZZ_SEED");
        var count = programs is null ? ciCount : Math.Max(1, (int)Math.Round(int.Parse(programs, CultureInfo.InvariantCulture) * share));
        var first = seed is null ? CiSeed + seedOffset : int.Parse(seed, CultureInfo.InvariantCulture);
        return (first, count);
    }

    private static string Describe(string kind, int seed, string text)
        => $"{kind} program, seed {seed} (rerun alone: REPARAMGEN_FUZZ_SEED={seed} REPARAMGEN_FUZZ_PROGRAMS=1):\n{text}\n";

    private static void Fail(List<string> failures)
    {
        if (failures.Count > 0)
        {
            throw new Xunit.Sdk.XunitException($"{failures.Count} program(s) failed; the first ones:\n\n" + string.Join("\n\n", failures.Take(3)));
        }
    }

    /// <summary>Fails when the generator threw on the batch, naming the program(s) it throws on alone.</summary>
    private static void CheckNoCrash(FuzzBatch batch, IReadOnlyList<string> files, IReadOnlyList<int> seeds)
    {
        if (batch.GeneratorCrash() is not { } crash)
        {
            return;
        }

        var culprits = new List<string>();
        for (var i = 0; i < files.Count && culprits.Count < 3; i++)
        {
            var alone = FuzzBatch.Create(new[] { batch.ClassNames[i] }, new[] { files[i] });
            if (alone.GeneratorCrash() is { } own)
            {
                culprits.Add(Describe("crashing", seeds[i], files[i]) + own);
            }
        }

        throw new Xunit.Sdk.XunitException("The generator threw on a batch: " + crash + "\n\n" + string.Join("\n\n", culprits));
    }

    private sealed class Stats
    {
        public int Points;
        public int Skipped;
        public double Worst;
        public string WorstWhere = "";
        public TimeSpan Generator;
        public TimeSpan Emit;
        public TimeSpan Execute;
        public int DotPrograms;
        public int DotReverse;
        public int DotForward;
        public int DotPoints;
        public int DotSkipped;
        public int DotNaive;
        public double DotWorst;
        public string DotWorstWhere = "";
        public double AddWorst;
        public double HelperWorst;
        public int ReverseCandidates;
        public int SpanOutHelpers;
        public int SpanOutDotted;
        public int SpanOutOmitted;
        public int SpanOutCalls;
        public int OmittedPrograms;
        public Dictionary<string, (int Count, string Example)> Omitted = new();

        public void Add(Stats other)
        {
            lock (this)
            {
                DotPrograms += other.DotPrograms;
                DotReverse += other.DotReverse;
                DotForward += other.DotForward;
                DotPoints += other.DotPoints;
                DotSkipped += other.DotSkipped;
                DotNaive += other.DotNaive;
                AddWorst = Math.Max(AddWorst, other.AddWorst);
                HelperWorst = Math.Max(HelperWorst, other.HelperWorst);
                ReverseCandidates += other.ReverseCandidates;
                SpanOutHelpers += other.SpanOutHelpers;
                SpanOutDotted += other.SpanOutDotted;
                SpanOutOmitted += other.SpanOutOmitted;
                SpanOutCalls += other.SpanOutCalls;
                OmittedPrograms += other.OmittedPrograms;
                if (other.DotWorst > DotWorst)
                {
                    DotWorst = other.DotWorst;
                    DotWorstWhere = other.DotWorstWhere;
                }

                foreach (var (reason, (count, example)) in other.Omitted)
                {
                    Omitted[reason] = Omitted.TryGetValue(reason, out var known) ? (known.Count + count, known.Example) : (count, example);
                }

                Points += other.Points;
                Skipped += other.Skipped;
                Generator += other.Generator;
                Emit += other.Emit;
                Execute += other.Execute;
                if (other.Worst > Worst)
                {
                    Worst = other.Worst;
                    WorstWhere = other.WorstWhere;
                }
            }
        }
    }

    private static void CheckValidBatch(List<int> seeds, Stats stats)
    {
        var programs = seeds.Select(FuzzProgram.Create).ToList();
        var files = programs.Select(p => p.File()).ToList();
        var phase = Stopwatch.StartNew();
        var batch = FuzzBatch.Create(programs.Select(p => p.ClassName).ToList(), files);
        stats.Generator += phase.Elapsed;
        CheckNoCrash(batch, files, seeds);
        var failures = new List<string>();
        // RPG0018 (reverse mode not generated for a construct it does not handle yet) is allowed: it names what it
        // leaves out, and every forward-mode member is still generated and checked below.
        foreach (var group in batch.GeneratorDiagnostics().Where(g => g.Any(d => d.Id != "RPG0018")))
        {
            var text = group.Key >= 0 ? Describe("valid", seeds[group.Key], programs[group.Key].AsDouble()) : "(no program)\n";
            failures.Add(text + "the generator reported:\n" + GeneratorHarness.Format(group));
        }

        Fail(failures);
        var dotted = FindBackwards(batch, programs, seeds, stats, failures);
        Fail(failures);
        var checkers = dotted.Where(p => p.Value.Count > 0)
            .Select(p => GeneratorHarness.ParseTree(DotProductCheck.Source(programs[p.Key], p.Value), "Dot." + programs[p.Key].ClassName + ".cs"))
            .Prepend(GeneratorHarness.ParseTree(DotProductCheck.Support, "DotSupport.cs"))
            .ToList();
        phase.Restart();
        var image = batch.EmitStrict(checkers, out var problems);
        stats.Emit += phase.Elapsed;
        phase.Restart();
        if (image is null)
        {
            foreach (var group in problems.ToLookup(batch.ProgramOf))
            {
                var text = group.Key >= 0
                    ? Describe("valid", seeds[group.Key], programs[group.Key].AsDouble()) + batch.GeneratedText(group.Key) + "\n"
                      + (dotted.TryGetValue(group.Key, out var helpers) ? "// ----- dot-product checker\n" + DotProductCheck.Source(programs[group.Key], helpers) + "\n" : "")
                    : "(no program)\n";
                failures.Add(text + "the output does not compile (warnings as errors):\n" + GeneratorHarness.Format(group));
            }

            Fail(failures);
            throw new Xunit.Sdk.XunitException("The output does not compile, without a diagnostic");
        }

        var context = new AssemblyLoadContext("Fuzz" + seeds[0].ToString(CultureInfo.InvariantCulture), isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(new MemoryStream(image));
            for (var i = 0; i < programs.Count; i++)
            {
                var check = assembly.GetType("Fuzz." + programs[i].ClassName, throwOnError: true)!.GetMethod("Check")!;
                var random = new Random(seeds[i]);
                var lines = new List<string>();
                for (var p = 0; p < 3; p++)
                {
                    double Draw() => Math.Round((random.NextDouble() * 4) - 2, 3);
                    var (a, b, eps, va, vb) = (Draw(), Draw(), Draw(), Draw(), Draw());
                    var r = (double[])LoadedAssembly.Call(check, a, b, eps, va, vb).Result!;
                    lines.AddRange(Compare(r, stats, $"seed {seeds[i]} at (a, b, eps) = ({a}, {b}, {eps}), direction ({va}, {vb})"));
                }

                if (lines.Count > 0)
                {
                    failures.Add(Describe("valid", seeds[i], programs[i].AsDouble()) + string.Join("\n", lines) + "\n\n" + batch.GeneratedText(i));
                }

                if (!dotted.TryGetValue(i, out var helpers) || helpers.Count == 0)
                {
                    continue;
                }

                var type = assembly.GetType("Fuzz." + programs[i].ClassName, throwOnError: true)!;
                foreach (var helper in helpers)
                {
                    var dot = type.GetMethod("Dot" + helper.Name)!;
                    for (var p = 0; p < 3; p++)
                    {
                        var pointSeed = (seeds[i] * 16) + (helper.Name[1] - '0') * 4 + p;
                        var r = (double[])LoadedAssembly.Call(dot, pointSeed).Result!;
                        var where = $"seed {seeds[i]}, {helper.Name}, point seed {pointSeed}";
                        if (CompareDot(r, stats, where, out var dotLine) is { Count: > 0 } wrong)
                        {
                            lines.AddRange(wrong);
                        }

                        if (dotLine is not null)
                        {
                            lines.Add(dotLine);
                        }
                    }
                }

                if (lines.Count > 0)
                {
                    failures.Add(Describe("valid", seeds[i], programs[i].AsDouble()) + string.Join("\n", lines) + "\n\n// ----- dot-product checker\n"
                                 + DotProductCheck.Source(programs[i], helpers) + "\n" + batch.GeneratedText(i));
                }
            }
        }
        finally
        {
            context.Unload();
            stats.Execute += phase.Elapsed;
        }

        Fail(failures);
    }

    private static readonly Regex NotGenerated = new(@"^'(\w+)Backward' (runs forward mode, one tangent pass per input element|is not generated): reverse mode does not support (.*?) yet", RegexOptions.CultureInvariant);

    /// <summary>
    /// Which helpers of each program got an <c>HBackward</c> (to be dot-product tested); counts the RPG0018s by
    /// reason. A helper must have its Backward (by reverse mode, or by forward mode with an RPG0018 that says so), or an
    /// RPG0018 that says it is not generated: never a Backward that contradicts its message.
    /// </summary>
    private static Dictionary<int, List<FuzzProgram.Helper>> FindBackwards(FuzzBatch batch, List<FuzzProgram> programs, List<int> seeds, Stats stats, List<string> failures)
    {
        var sources = batch.SourcesByProgram();
        var omitted = batch.GeneratorDiagnostics();
        var dotted = new Dictionary<int, List<FuzzProgram.Helper>>();
        for (var i = 0; i < programs.Count; i++)
        {
            var generated = string.Concat(sources[i].Select(s => s.Text));
            var reasons = new Dictionary<string, (string Reason, bool Stands)>();
            foreach (var d in omitted[i].Where(d => d.Id == "RPG0018"))
            {
                var message = d.GetMessage(CultureInfo.InvariantCulture);
                var match = NotGenerated.Match(message);
                if (!match.Success)
                {
                    failures.Add(Describe("valid", seeds[i], programs[i].AsDouble()) + "RPG0018 with an unexpected message: " + message);
                    continue;
                }

                reasons[match.Groups[1].Value] = (match.Groups[3].Value, match.Groups[2].Value.StartsWith("runs", StringComparison.Ordinal));
            }

            var helpers = new List<FuzzProgram.Helper>();
            foreach (var helper in programs[i].Helpers)
            {
                var reverse = DotProductCheck.IsReverse(helper);
                stats.SpanOutHelpers += helper.HasSpanOut ? 1 : 0;
                stats.SpanOutOmitted += helper.HasSpanOut && reasons.ContainsKey(helper.Name) ? 1 : 0;
                var has = generated.Contains(" " + helper.Name + "Backward" + (programs[i].GenericHelpers ? "<T>(" : "("), StringComparison.Ordinal);
                stats.ReverseCandidates += reverse ? 1 : 0;
                if (reasons.TryGetValue(helper.Name, out var said))
                {
                    var (reason, stands) = said;
                    if (has != stands || !reverse)
                    {
                        failures.Add(Describe("valid", seeds[i], programs[i].AsDouble()) + $"RPG0018 for {helper.Name} says its Backward {(stands ? "runs forward mode" : "is not generated")}, and it is {(has ? "generated" : "absent")}{(reverse ? "" : " (a forward-vector one)")}: {reason}");
                    }

                    var key = Regex.Replace(reason, "'[^']*'", "'…'");
                    stats.Omitted[key] = stats.Omitted.TryGetValue(key, out var known)
                        ? (known.Count + 1, known.Example)
                        : (1, $"seed {seeds[i]}, {helper.Name}: {reason}");
                    if (has && stands)
                    {
                        // The forward-mode stand-in has the same contract: it gets the same dot-product test.
                        helpers.Add(helper);
                        stats.DotForward++;
                    }
                }
                else if (!has)
                {
                    failures.Add(Describe("valid", seeds[i], programs[i].AsDouble()) + $"{helper.Name}Backward is neither generated nor reported (RPG0018)\n\n" + batch.GeneratedText(i));
                }
                else
                {
                    helpers.Add(helper);
                    stats.DotReverse += reverse ? 1 : 0;
                    stats.DotForward += reverse ? 0 : 1;
                }
            }

            stats.OmittedPrograms += reasons.Count > 0 ? 1 : 0;
            stats.DotPrograms += helpers.Count > 0 ? 1 : 0;
            stats.SpanOutDotted += helpers.Count(h => h.HasSpanOut);
            stats.SpanOutCalls += Regex.Matches(programs[i].Template, @"Span<§T> z\d+ = stackalloc").Count;
            dotted[i] = helpers;
        }

        return dotted;
    }

    /// <summary>Compares the numbers a <c>DotH</c> checker returned (order: <see cref="DotProductCheck.Results"/>).</summary>
    private static List<string> CompareDot(double[] r, Stats stats, string where, out string? dotLine)
    {
        var lines = new List<string>();
        dotLine = null;
        if (!r.All(x => double.IsFinite(x) && Math.Abs(x) <= 1e100))
        {
            stats.DotSkipped++;
            return lines;
        }

        stats.DotPoints++;
        void Same(int expected, int index, bool derivative)
        {
            var error = Math.Abs(r[index] - r[expected]) / Math.Max(1.0, Math.Abs(r[expected]));
            if (!(error <= RelativeTolerance))
            {
                lines.Add($"  {DotProductCheck.Results[index]}: {r[index]:R}, {DotProductCheck.Results[expected]} {r[expected]:R} ({where})");
            }
            else if (derivative)
            {
                stats.HelperWorst = Math.Max(stats.HelperWorst, error);
            }
        }

        for (var k = 1; k <= 3; k++)
        {
            Same(0, k, derivative: false);
            Same(4, 4 + k, derivative: false);
        }

        Same(9, 8, derivative: true);
        Same(11, 10, derivative: true);
        for (var e = 0; e < DotProductCheck.MaxSpanOutLength; e++)
        {
            // The span output z (all zeros past its end, and for helpers without one).
            var at = DotProductCheck.SpanOutStart + (e * DotProductCheck.SpanOutResults.Length);
            for (var k = 1; k <= 3; k++)
            {
                Same(at, at + k, derivative: false);
            }

            Same(at + 5, at + 4, derivative: true);
        }

        // ⟨ȳ, J·v⟩ = ⟨Jᵀ·ȳ, v⟩ to DotProductCheck.Tolerance of S, the sum of the terms' magnitudes.
        var (lhs, rhs, scale, rhs2, scale2) = (r[12], r[13], r[14], r[15], r[16]);
        var dot = lhs == rhs ? 0.0 : Math.Abs(lhs - rhs) / scale;
        if (Math.Abs(lhs - rhs) > DotProductCheck.Tolerance * r[17])
        {
            stats.DotNaive++; // would fail against the visible terms alone (cancellation inside J·v)
        }

        if (!(dot <= DotProductCheck.Tolerance))
        {
            dotLine = $"  dot product: ⟨ȳ, J·v⟩ (Tangent) {lhs:R}, ⟨Jᵀ·ȳ, v⟩ (Backward) {rhs:R}, S {scale:R}, |difference|/S {dot:E2} ({where})";
        }
        else if (dot > stats.DotWorst)
        {
            stats.DotWorst = dot;
            stats.DotWorstWhere = where;
        }

        // A second Backward into the same accumulators adds the same vector–Jacobian product again.
        var add = rhs2 == 2 * rhs ? 0.0 : Math.Abs(rhs2 - (2 * rhs)) / scale2;
        if (!(add <= DotProductCheck.Tolerance))
        {
            lines.Add($"  accumulation: ⟨g, v⟩ after two Backward calls {rhs2:R}, twice that after one {2 * rhs:R}, |difference|/S₂ {add:E2} ({where})");
        }
        else
        {
            stats.AddWorst = Math.Max(stats.AddWorst, add);
        }

        return lines;
    }

    /// <summary>Compares the numbers <c>Check</c> returned (order: <see cref="FuzzProgram.Results"/>).</summary>
    private static List<string> Compare(double[] r, Stats stats, string where)
    {
        var lines = new List<string>();
        var (value, da, db, jvp) = (r[1], r[2], r[3], r[4]);
        if (!new[] { r[0], value, da, db, jvp }.All(x => double.IsFinite(x) && Math.Abs(x) <= 1e100))
        {
            stats.Skipped++;
            return lines;
        }

        stats.Points++;
        void Same(double expected, int index, string against)
        {
            var error = Math.Abs(r[index] - expected) / Math.Max(1.0, Math.Abs(expected));
            if (!(error <= RelativeTolerance))
            {
                lines.Add($"  {FuzzProgram.Results[index]}: {r[index]:R}, {against} {expected:R} ({where})");
            }
            else if (error > stats.Worst)
            {
                stats.Worst = error;
                stats.WorstWhere = FuzzProgram.Results[index] + ", " + where;
            }
        }

        Same(r[0], 1, "user's method"); // the dual program's value is the user's arithmetic on .V
        Same(r[0], 5, "user's method");
        Same(r[0], 8, "user's method");
        Same(r[0], 10, "user's method");
        Same(da, 6, "dual numbers");
        Same(db, 7, "dual numbers");
        Same(jvp, 9, "dual numbers");
        Same(da, 11, "dual numbers");
        Same(db, 12, "dual numbers");
        return lines;
    }
}
