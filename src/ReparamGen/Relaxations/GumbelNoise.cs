using System;

namespace ReparamGen;

/// <summary>
/// Base randomness for the Gumbel-Max trick and its relaxations: standard Gumbel and standard logistic
/// noise drawn from a <see cref="Random"/> with safe tails (never <c>log 0</c>, never infinite).
/// </summary>
/// <remarks>
/// <para>
/// Every draw starts from a uniform <c>u = (2k + 1)·2⁻⁵³</c> with <c>k</c> a uniform 52-bit integer, so
/// <c>u</c> lies in <c>[2⁻⁵³, 1 − 2⁻⁵³]</c>: never 0 or 1, exactly representable, and symmetric about ½
/// (so <c>1 − u</c> is exact too). <see cref="Random.NextDouble"/> is not used because a seeded
/// <see cref="Random"/> returns it with 31 bits and can return exactly 0, which is how
/// <c>−log(−log u)</c> produces infinities and then NaN (the failure reported for PyTorch's Gumbel noise).
/// </para>
/// <para>
/// Resulting ranges: Gumbel <c>γ = −log(−log u)</c> in about <c>[−3.58, 36.7]</c>; logistic
/// <c>L = log u − log(1 − u)</c> in about <c>[−36.7, 36.7]</c>. The logarithms are the SIMD ones of the relaxations
/// (within 2 ulp; see <c>VectorMath</c>), the same for one draw and for a fill.
/// </para>
/// <para>
/// Single-precision fills use <c>u = (2k + 1)·2⁻²⁴</c> with <c>k</c> a 23-bit integer (two per 63-bit draw; exact in
/// float, as is <c>1 − u</c>) and compute in float: Gumbel draws lie in about <c>[−2.81, 16.6]</c>, logistic draws in
/// <c>[−16.6, 16.6]</c>; the tails beyond hold probability about 6e−8 each, below float resolution near 1.
/// </para>
/// </remarks>
public static class GumbelNoise
{
    // 2⁻⁵³: the spacing of the odd multiples that make up the open-interval uniform.
    private const double HalfUlpOfOne = 1.0 / 9007199254740992.0;

    /// <summary>A uniform draw in the open interval (0, 1): an odd multiple of 2⁻⁵³, from 52 random bits.</summary>
    /// <param name="rng">The source of randomness.</param>
    /// <returns>A value in <c>[2⁻⁵³, 1 − 2⁻⁵³]</c>.</returns>
    public static double NextOpenUniform(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return OpenUniform(rng);
    }

    /// <summary>A standard Gumbel draw <c>γ = −log(−log u)</c>, <c>u ~ U(0, 1)</c> (never infinite).</summary>
    /// <param name="rng">The source of randomness.</param>
    /// <returns>A finite Gumbel(0, 1) variate.</returns>
    public static double NextGumbel(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return -VectorMath.LogPositive(-VectorMath.LogPositive(OpenUniform(rng)));
    }

    /// <summary>A standard logistic draw <c>L = log u − log(1 − u)</c>, <c>u ~ U(0, 1)</c> (never infinite).</summary>
    /// <param name="rng">The source of randomness.</param>
    /// <returns>A finite Logistic(0, 1) variate: the difference of two independent Gumbel variates in law.</returns>
    public static double NextLogistic(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var u = OpenUniform(rng);
        return VectorMath.LogPositive(u) - VectorMath.LogPositive(1.0 - u);
    }

    /// <summary>Fills <paramref name="destination"/> with independent standard Gumbel draws.</summary>
    /// <param name="rng">The source of randomness.</param>
    /// <param name="destination">Receives the noise.</param>
    public static void FillGumbel(Random rng, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(rng);
        FillOpenUniform(rng, destination);
        VectorMath.GumbelFromUniform(destination);
    }

    /// <summary>Fills <paramref name="destination"/> with independent standard Gumbel draws in single precision (see remarks for the range).</summary>
    /// <param name="rng">The source of randomness.</param>
    /// <param name="destination">Receives the noise.</param>
    public static void FillGumbel(Random rng, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(rng);
        FillOpenUniform(rng, destination);
        VectorMath.GumbelFromUniform(destination);
    }

    /// <summary>Fills <paramref name="destination"/> with independent standard logistic draws.</summary>
    /// <param name="rng">The source of randomness.</param>
    /// <param name="destination">Receives the noise.</param>
    public static void FillLogistic(Random rng, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(rng);
        FillOpenUniform(rng, destination);
        VectorMath.LogisticFromUniform(destination);
    }

    /// <summary>Fills <paramref name="destination"/> with independent standard logistic draws in single precision (see remarks for the range).</summary>
    /// <param name="rng">The source of randomness.</param>
    /// <param name="destination">Receives the noise.</param>
    public static void FillLogistic(Random rng, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(rng);
        FillOpenUniform(rng, destination);
        VectorMath.LogisticFromUniform(destination);
    }

    private static void FillOpenUniform(Random rng, Span<double> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = OpenUniform(rng);
        }
    }

    // Single precision: (2k + 1)·2⁻²⁴ with k a 23-bit integer, exact in float (as is 1 − u); two per 63-bit draw.
    private static void FillOpenUniform(Random rng, Span<float> destination)
    {
        const float HalfUlpOfOneF = 1f / 16777216f;
        var i = 0;
        for (; i + 1 < destination.Length; i += 2)
        {
            var bits = rng.NextInt64();
            destination[i] = (2 * (int)(bits & 0x7FFFFF) + 1) * HalfUlpOfOneF;
            destination[i + 1] = (2 * (int)((bits >> 23) & 0x7FFFFF) + 1) * HalfUlpOfOneF;
        }

        if (i < destination.Length)
        {
            destination[i] = (2 * (int)(rng.NextInt64() & 0x7FFFFF) + 1) * HalfUlpOfOneF;
        }
    }

    // NextInt64() is uniform on [0, 2⁶³ − 1); its top 52 bits give k, and (2k + 1)·2⁻⁵³ is exact.
    private static double OpenUniform(Random rng) => (2 * (rng.NextInt64() >> 11) + 1) * HalfUlpOfOne;
}
