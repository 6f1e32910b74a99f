using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace DiscreteLatents;

/// <summary>
/// Gumbel-Softmax against REINFORCE on one discrete-choice objective with a known optimum: bias and variance of
/// each gradient estimator against the exact gradient (by enumeration), then SGD with each to the optimum.
/// </summary>
public static class Program
{
    private const int DrawsPerEstimate = 4;

    public static int Main(string[] args) => Run(args);

    /// <summary>Runs the sample; returns 0 when every check passes, 1 when one fails, 2 for a bad command line.</summary>
    public static int Run(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        var clock = Stopwatch.StartNew();
        var replications = options.Quick ? 1_000 : 10_000;
        var steps = options.Quick ? 4_000 : 20_000;
        var temperatures = options.Quick
            ? new[] { 0.1, 0.3, 0.5, 1.0, 3.0 }
            : new[] { 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0 };
        var start = new Theta(0, 0);
        var optimal = Exact.OptimalLoss();

        Console.WriteLine("DiscreteLatents: Gumbel-Softmax against REINFORCE on a choice among 8 positions" + (options.Quick ? " (quick settings)" : ""));
        Console.WriteLine("  cost f(z) = (z - 2.6)^2/4; logits = slope*u + curvature*u^2 with u = z - 3.5; objective L(θ) = E[f(z)] - 0.5*H(π_θ)");
        Console.WriteLine(Inv($"  known optimum (π* ∝ exp(-f/β)): θ* = {Model.Optimum}, L* = {optimal:F6}; start θ0 = {start}, L(θ0) - L* = {Exact.Loss(start) - optimal:F4}"));
        Console.WriteLine();

        // 1. Bias and variance at θ0.
        var exact = Exact.Gradients(start).Cost;
        Console.WriteLine(Inv($"1) Estimates of ∂E[f(z)]/∂θ at θ0, {DrawsPerEstimate} draws each, {replications} estimates per row; exact (enumeration) = {exact}"));
        Console.WriteLine("   estimator                    mean slope  mean curv.  |bias|/SE  rel. bias  total variance");
        var estimators = new List<Estimator> { new(EstimatorKind.Reinforce, double.NaN), new(EstimatorKind.ReinforceLeaveOneOut, double.NaN) };
        estimators.AddRange(temperatures.Select(t => new Estimator(EstimatorKind.GumbelSoftmax, t)));
        estimators.AddRange(temperatures.Select(t => new Estimator(EstimatorKind.StraightThrough, t)));
        var rng = new Random(20240601);
        var stats = new List<EstimatorStats>();
        foreach (var estimator in estimators)
        {
            var s = EstimatorStats.Measure(estimator, start, DrawsPerEstimate, replications, rng);
            stats.Add(s);
            Console.WriteLine(Inv($"   {estimator.Name,-28} {s.Average.Slope,10:F4}  {s.Average.Curvature,10:F4}  {s.BiasInStandardErrors,9:F1}  {100 * s.RelativeBias,8:F1}%  {s.TotalVariance,14:G4}"));
        }

        Console.WriteLine("   |bias|/SE: larger component's bias in standard errors (up to ~4 is noise); rel. bias = ‖mean - exact‖/‖exact‖;");
        Console.WriteLine("   total variance = E‖ĝ - Eĝ‖² of one estimate. Relaxed estimators trade bias (high τ) for variance (low τ).");
        Console.WriteLine();

        // 2. SGD with each estimator.
        var trained = new[]
        {
            new Estimator(EstimatorKind.Reinforce, double.NaN),
            new Estimator(EstimatorKind.ReinforceLeaveOneOut, double.NaN),
            new Estimator(EstimatorKind.GumbelSoftmax, 0.1),
            new Estimator(EstimatorKind.GumbelSoftmax, 0.5),
            new Estimator(EstimatorKind.GumbelSoftmax, 1.0),
            new Estimator(EstimatorKind.StraightThrough, 0.5),
        };
        var averaged = steps - steps / 2;
        Console.WriteLine(Inv($"2) SGD from θ0: {steps} steps (size {Training.StepSize}·(1 + t/300)^-0.6), {DrawsPerEstimate} draws per step, θ̄ = mean of the last {averaged} iterates"));
        Console.WriteLine("   estimator                    θ̄                   L(θ̄) - L*   noise floor  verdict (tolerance: 10x the noise floor)");
        var runs = new List<Training.Run>();
        var floors = new Dictionary<Estimator, double>();
        foreach (var estimator in trained)
        {
            var run = Training.Optimize(estimator, start, steps, DrawsPerEstimate, new Random(7));
            var atOptimum = EstimatorStats.Measure(estimator, Model.Optimum, DrawsPerEstimate, replications, rng);
            var floor = Training.NoiseFloor(atOptimum, averaged);
            floors[estimator] = floor;
            runs.Add(run);
            var unbiased = estimator.Kind is EstimatorKind.Reinforce or EstimatorKind.ReinforceLeaveOneOut;
            var verdict = run.AveragedExcess <= Tolerance(floor)
                ? "reached the optimum"
                : unbiased ? "FAILED to reach the optimum" : Inv($"biased: stalls {run.AveragedExcess / floor:F0}x above the floor");
            Console.WriteLine(Inv($"   {estimator.Name,-28} {run.Averaged,-20} {run.AveragedExcess,10:G3}  {floor,11:G3}  {verdict}"));
        }

        Console.WriteLine();

        // 3. Figures.
        var files = new[]
        {
            Plots.Variance(stats, options.OutputDirectory),
            Plots.Bias(stats, options.OutputDirectory),
            Plots.Training(runs, floors.Where(p => p.Key.Kind is EstimatorKind.Reinforce or EstimatorKind.ReinforceLeaveOneOut).ToDictionary(p => p.Key, p => Tolerance(p.Value)), options.OutputDirectory),
        };
        foreach (var file in files)
        {
            Console.WriteLine("   wrote " + file);
        }

        Console.WriteLine();

        // 4. Checks.
        var checks = new List<(string Claim, bool Passed)>();

        // The closed-form θ* must attain L*: 8-term sums of O(1) values round to ~1e-15, so 1e-12 is ample.
        var derivation = Exact.Loss(Model.Optimum) - optimal;
        checks.Add((Inv($"θ* attains the closed-form L*: L(θ*) - L* = {derivation:G2}"), Math.Abs(derivation) <= 1e-12));
        foreach (var s in stats.Where(s => s.Estimator.Kind is EstimatorKind.Reinforce or EstimatorKind.ReinforceLeaveOneOut))
        {
            // 4 standard errors: a correct unbiased estimator fails this with probability ≈ 6e-5 per component.
            checks.Add((Inv($"{s.Estimator.Name} is unbiased: |bias| = {s.BiasInStandardErrors:F1} SE ≤ 4 SE"), s.BiasInStandardErrors <= 4));
        }

        var reinforce = stats.Single(s => s.Estimator.Kind == EstimatorKind.Reinforce);
        var moderate = stats.Single(s => s.Estimator.Kind == EstimatorKind.GumbelSoftmax && s.Estimator.Temperature == 0.5);
        checks.Add((Inv($"Gumbel-Softmax at τ = 0.5 has lower variance than REINFORCE: {moderate.TotalVariance:G3} < {reinforce.TotalVariance:G3}"),
            moderate.TotalVariance < reinforce.TotalVariance));
        var relaxed = stats.Where(s => s.Estimator.Kind == EstimatorKind.GumbelSoftmax).OrderBy(s => s.Estimator.Temperature).ToArray();
        var atOne = relaxed.Single(s => s.Estimator.Temperature == 1.0);
        checks.Add((Inv($"Gumbel-Softmax bias shrinks as τ → 0: {100 * relaxed[0].RelativeBias:F1}% at τ = {relaxed[0].Estimator.Temperature} < {100 * atOne.RelativeBias:F1}% at τ = 1"),
            relaxed[0].RelativeBias < atOne.RelativeBias));
        foreach (var run in runs.Where(r => r.Estimator.Kind is EstimatorKind.Reinforce or EstimatorKind.ReinforceLeaveOneOut))
        {
            var tolerance = Tolerance(floors[run.Estimator]);
            checks.Add((Inv($"SGD with {run.Estimator.Name} reaches the optimum: L(θ̄) - L* = {run.AveragedExcess:G3} ≤ {tolerance:G3}"), run.AveragedExcess <= tolerance));
        }

        foreach (var (claim, passed) in checks)
        {
            Console.WriteLine((passed ? "   PASS  " : "   FAIL  ") + claim);
        }

        var ok = checks.All(c => c.Passed);
        Console.WriteLine(Inv($"{(ok ? "CHECK PASSED" : "CHECK FAILED")}: {checks.Count(c => c.Passed)}/{checks.Count} checks ({clock.Elapsed.TotalSeconds:F1} s)"));
        return ok ? 0 : 1;
    }

    // The averaged iterate's excess loss is ½δᵀHδ with δ ≈ N(0, H⁻¹ΣH⁻¹/n): a weighted sum of two χ²₁ variables
    // with mean `floor`; exceeding 10× its mean has probability below P(χ²₁ > 10) ≈ 0.0016.
    private static double Tolerance(double floor) => 10 * floor;

    private static string Inv(FormattableString s) => FormattableString.Invariant(s);
}
