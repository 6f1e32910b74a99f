using System;
using ReparamGen.Benchmarks.Cases;

namespace ReparamGen.Benchmarks;

/// <summary>Inputs and the timed loops, shared by BenchmarkDotNet and the quick mode.</summary>
public sealed class Workload<TCase>
    where TCase : struct, ICase
{
    public Workload(int length)
    {
        var rng = new Random(20261124);
        A = new double[length];
        B = new double[length];
        Noise = new double[length];
        Value = new double[length];
        D1 = new double[length];
        D2 = new double[length];
        for (var i = 0; i < length; i++)
        {
            (A[i], B[i], Noise[i]) = TCase.Input(i, rng);
        }
    }

    public double[] A { get; }

    public double[] B { get; }

    public double[] Noise { get; }

    public double[] Value { get; }

    public double[] D1 { get; }

    public double[] D2 { get; }

    /// <summary>Scalar calls, results folded into a checksum so the JIT cannot drop them.</summary>
    public double SingleHandWritten()
    {
        var sum = 0.0;
        for (var i = 0; i < A.Length; i++)
        {
            var g = TCase.HandWritten(A[i], B[i], Noise[i]);
            sum += g.Value + g.D1 + g.D2;
        }

        return sum;
    }

    public double SingleGenerated()
    {
        var sum = 0.0;
        for (var i = 0; i < A.Length; i++)
        {
            var g = TCase.Generated(A[i], B[i], Noise[i]);
            sum += g.Value + g.D1 + g.D2;
        }

        return sum;
    }

    public double SingleDual()
    {
        var sum = 0.0;
        for (var i = 0; i < A.Length; i++)
        {
            var g = TCase.Dual(A[i], B[i], Noise[i]);
            sum += g.V + g.D1 + g.D2;
        }

        return sum;
    }

    /// <summary>Batch: every value and partial written to output arrays.</summary>
    public void BatchHandWritten()
    {
        for (var i = 0; i < A.Length; i++)
        {
            (Value[i], D1[i], D2[i]) = TCase.HandWritten(A[i], B[i], Noise[i]);
        }
    }

    public void BatchGenerated() => TCase.GeneratedBatch(A, B, Noise, Value, D1, D2);

    public void BatchDual()
    {
        for (var i = 0; i < A.Length; i++)
        {
            var g = TCase.Dual(A[i], B[i], Noise[i]);
            Value[i] = g.V;
            D1[i] = g.D1;
            D2[i] = g.D2;
        }
    }
}
