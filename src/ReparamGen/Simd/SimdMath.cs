namespace ReparamGen.Simd;

/// <summary>
/// Elementary functions on whole SIMD vectors of <see cref="double"/> (<see cref="System.Runtime.Intrinsics.Vector256{T}"/>
/// and <see cref="System.Runtime.Intrinsics.Vector512{T}"/>), over their full domain, each within 2 ulp of the correctly
/// rounded result. The generated batch overloads (<c>MWithGradient</c> over spans) call them for the lanes they process
/// four or eight at a time; they are public so that code generated into other assemblies can call them.
/// </summary>
/// <remarks>
/// <para>
/// Methods. <b>exp</b>: Cody and Waite's reduction (W. J. Cody, W. Waite, "Software Manual for the Elementary
/// Functions", 1980): x = k·ln 2 + r, |r| ≤ ½ln 2, with ln 2 split in two so that k·ln2_hi is exact, e^r by its Taylor
/// polynomial of degree 13 (truncation below 5e−18), and 2^k applied as two exact powers of two so that results near
/// overflow and in the subnormal range are rounded once. <b>log</b>: x = 2^e·m with m ∈ (√½, √2] (subnormals scaled by
/// 2⁵² first), log m = f − ½f² + s(½f² + R(s²)) with f = m − 1, s = f/(2 + f) and R the series of
/// 2·atanh(s) − 2s in s² to degree 10 (truncation below 1e−18): the arrangement of fdlibm's <c>e_log.c</c> (Sun
/// Microsystems 1993), whose error analysis bounds it below 1 ulp. <b>log1p</b>: fdlibm's <c>s_log1p.c</c> arrangement:
/// u = 1 + x rounded, the rounding error c = x − (u − 1) (or 1 − (u − x) when u ≥ 2) carried as c/u into the log of u.
/// <b>expm1</b>: for |x| ≤ 1.5·ln 2 its Taylor polynomial of degree 20 (truncation below 1e−19 relative);
/// beyond, x = k·ln 2 + r with |k| ≥ 2 and expm1 x = 2^k·(expm1 r + (1 − 2^−k)), whose last addition keeps the error of
/// expm1 r below an ulp of the result. <b>sqrt</b>: the hardware square root (correctly rounded).
/// </para>
/// <para>
/// Special values follow <see cref="System.Math"/>: NaN gives NaN; exp(+∞) = +∞, exp(−∞) = 0, exp overflows to +∞ above
/// 709.78 and underflows through the subnormals to 0 below −745.13; log(±0) = −∞, log(x &lt; 0) = NaN, log(+∞) = +∞;
/// log1p(−1) = −∞, log1p(x &lt; −1) = NaN (where <see cref="SpecialFunctions.Log1p(double)"/> throws), log1p and expm1
/// of ±0 and of subnormals give the argument itself; expm1(−∞) = −1, expm1(+∞) = +∞.
/// </para>
/// <para>
/// Accuracy, measured by <c>tests/ReparamGen.Tests/Simd/SimdMathAccuracyTests.cs</c> in ulps of the exact result
/// (taken from <see cref="System.Math"/> and a double-double evaluation) over millions of random points spread over
/// every binade of the domain, plus the special and edge values: at most 2 ulp for every function (the measured maxima
/// are in <c>docs/accuracy.md</c>). Results may differ from <see cref="System.Math"/>'s in the last bits; they do not
/// depend on the vector width (the 256- and 512-bit forms perform the same operations).
/// </para>
/// </remarks>
public static partial class SimdMath
{
    // Shared with the relaxations' restricted-domain kernels (VectorMath), which keep their own polynomials so that
    // their documented bit-for-bit agreement with their scalar twins is unchanged. ln 2 is split so that k·Ln2Hi is
    // exact for |k| < 2²¹.
    internal const double Log2E = 1.4426950408889634;
    internal const double Ln2Hi = 0.6931471803691238; // 0x3FE62E42FEE00000
    internal const double Ln2Lo = 1.9082149292705877e-10; // ln 2 − Ln2Hi
    internal const double RoundMagic = 6755399441055744.0; // 1.5·2⁵²: (x + RoundMagic) − RoundMagic rounds x to an integer
    internal const double Sqrt2 = 1.4142135623730951;
    private const double MinNormal = 2.2250738585072014e-308;
    private const double TwoTo52 = 4503599627370496.0;
    private const double TwoToMinus54 = 5.551115123125783e-17; // below it in magnitude, log1p x and expm1 x round to x
    private const double ExpLow = -746.0;  // e^−746 rounds to 0
    private const double ExpHigh = 710.0;  // e^710 overflows
    private const double Expm1Low = -40.0; // e^x − 1 rounds to −1 below −37.5
    private const double Expm1Taylor = 1.0397207708399179; // 1.5·ln 2: beyond it, k = round(x/ln 2) has |k| ≥ 2
}
