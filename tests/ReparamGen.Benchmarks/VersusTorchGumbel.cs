using System;

namespace ReparamGen.Benchmarks;

/// <summary>
/// Gumbel-Softmax forward + backward to the logits per element of an N×K batch, τ = 0.5 (what
/// tools/bench/torch_gumbel_softmax.py times for F.gumbel_softmax), by two routes:
/// <c>gumbel_softmax_forward_backward</c>: noise from a <see cref="Random"/> into a buffer, then the batch forms that
/// take the noise; <c>…_philox</c>: the fused forward drawing from <see cref="Philox"/> and the backward from the sample.
/// Both accumulate into the logits' gradient (as autograd accumulates into <c>.grad</c>); it is cleared once before timing.
/// </summary>
internal static class VersusTorchGumbel
{
    public static void Run(int elements, int repeats)
    {
        foreach (var k in new[] { 10, 100 })
        {
            Double(k, elements, repeats);
            Single(k, elements, repeats);
        }
    }

    private static void Double(int k, int elements, int repeats)
    {
        var n = elements / k * k;
        var rng = new Random(4);
        var logits = new double[n];
        var upstream = new double[n];
        for (var i = 0; i < n; i++)
        {
            logits[i] = (2 * rng.NextDouble()) - 1;
            upstream[i] = rng.NextDouble() - 0.5;
        }

        var gumbel = new double[n];
        var sample = new double[n];
        var grad = new double[n];
        VersusTorch.Print("gumbel_softmax_forward_backward", "float64", k, n, VersusTorch.Time(
            () =>
            {
                GumbelNoise.FillGumbel(rng, gumbel);
                Relaxation.GumbelSoftmaxBatch(logits, k, 0.5, gumbel, sample);
                var gradTemperature = 0.0;
                Relaxation.GumbelSoftmaxBackwardBatch(logits, k, 0.5, gumbel, sample, upstream, grad, ref gradTemperature);
            },
            n,
            repeats));

        var philox = new Philox(4);
        Array.Clear(grad);
        VersusTorch.Print("gumbel_softmax_forward_backward_philox", "float64", k, n, VersusTorch.Time(
            () =>
            {
                Relaxation.GumbelSoftmaxBatch(logits, k, 0.5, philox, sample);
                Relaxation.GumbelSoftmaxBackwardBatch(sample, k, 0.5, upstream, grad);
            },
            n,
            repeats));
    }

    private static void Single(int k, int elements, int repeats)
    {
        var n = elements / k * k;
        var rng = new Random(5);
        var logits = new float[n];
        var upstream = new float[n];
        for (var i = 0; i < n; i++)
        {
            logits[i] = (float)((2 * rng.NextDouble()) - 1);
            upstream[i] = (float)(rng.NextDouble() - 0.5);
        }

        var gumbel = new float[n];
        var sample = new float[n];
        var grad = new float[n];
        VersusTorch.Print("gumbel_softmax_forward_backward", "float32", k, n, VersusTorch.Time(
            () =>
            {
                GumbelNoise.FillGumbel(rng, gumbel);
                Relaxation.GumbelSoftmaxBatch(logits, k, 0.5f, gumbel, sample);
                var gradTemperature = 0f;
                Relaxation.GumbelSoftmaxBackwardBatch(logits, k, 0.5f, gumbel, sample, upstream, grad, ref gradTemperature);
            },
            n,
            repeats));

        var philox = new Philox(5);
        Array.Clear(grad);
        VersusTorch.Print("gumbel_softmax_forward_backward_philox", "float32", k, n, VersusTorch.Time(
            () =>
            {
                Relaxation.GumbelSoftmaxBatch(logits, k, 0.5f, philox, sample);
                Relaxation.GumbelSoftmaxBackwardBatch(sample, k, 0.5f, upstream, grad);
            },
            n,
            repeats));
    }
}
