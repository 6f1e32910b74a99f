using System;

namespace ReparamGen.Benchmarks.Cases;

/// <summary>A case whose sampler the runtime library ships (<c>ReparamGen.Distributions.X.FromNoise</c>), with its generated members.</summary>
public interface ILibraryCase
{
    /// <summary>The library's scalar generated <c>FromNoiseWithGradient</c>, one element.</summary>
    static abstract (double Value, double D1, double D2) LibraryScalar(double a, double b, double noise);

    /// <summary>The library's generated batch overload (SIMD lanes for these straight-line bodies).</summary>
    static abstract void LibraryBatch(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> noise, Span<double> value, Span<double> d1, Span<double> d2);
}
