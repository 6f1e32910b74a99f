using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ReparamGen;

/// <summary>
/// The routes of the Gamma implicit shape gradient <c>∂z/∂α</c> (<see cref="SpecialFunctions.GammaShapeGradient(double, double)"/>),
/// evaluated lane by lane on vectors of samples: the series of DLMF 8.7.1, Temme's uniform expansion (DLMF 8.12) and
/// Legendre's continued fraction (DLMF 8.9.2), and the router that picks among them.
/// </summary>
/// <remarks>
/// Every lane performs the same IEEE operations in the same order whatever the vector width and whatever the other lanes
/// hold: loops run until every lane has met its own stopping test, and a lane that has stopped keeps its sums (selected,
/// not updated); data-dependent shortcuts (skipping a branch no lane takes) only skip work whose result every lane would
/// discard. So a sample's gradient is the same bits in a batch of any size or composition, and the scalar member's twins
/// (<c>SpecialFunctions.GammaShapeScalar.cs</c>: one lane's operations in the same order) give them too. Logarithms and
/// exponentials are the polynomial kernels below, not the platform's libm, so the bits are also the same on every machine.
/// </remarks>
internal static class GammaShapeLanes<TV, TL>
    where TV : struct
    where TL : struct, IDoubleLanes<TV>
{
    private const double SeriesTolerance = 1e-17; // below ½ulp(1): the series stops when its next terms no longer matter
    private const double MinNormal = 2.2250738585072014e-308;
    private const double TwoPow54 = 18014398509481984.0;
    private const double Ln2Hi = 0.6931471803691238; // 0x3FE62E42FEE00000: e·Ln2Hi is exact for |e| < 2²¹
    private const double Ln2Lo = 1.9082149292705877e-10; // ln 2 − Ln2Hi
    private const double Sqrt2 = 1.4142135623730951;
    private const double TinyTerm = 1.1830521861667747e-271; // 2⁻⁹⁰⁰

    /// <summary>
    /// The route of each lane (<see cref="SpecialFunctions.GammaShapeRoute"/>), as a double: 0 outside the lane routes (NaN,
    /// z = 0 or ∞, α ≥ 1e150), 1 + ⌊log₂ z⌋ bin for the series, the Temme routes from
    /// <see cref="SpecialFunctions.GammaRouteTemmeFirst"/> by α band and η band (η's band from t = (z − a)/a, since η is
    /// monotonic in t), then the continued fraction. Every condition is evaluated in every lane: no branch on the data.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV Route(TV z, TV a)
    {
        var zero = TL.Create(0.0);
        var one = TL.Create(1.0);
        var valid = TL.And(TL.And(TL.LessThan(zero, z), TL.LessThanOrEqual(z, TL.Create(double.MaxValue))), TL.LessThan(zero, a));
        var t = TL.Multiply(TL.Subtract(z, a), TL.Divide(one, a)); // as the Temme kernel forms it
        var temme = TL.And(
            TL.LessThanOrEqual(TL.Create(SpecialFunctions.TemmeMinShape), a),
            TL.And(TL.LessThanOrEqual(TL.Create(SpecialFunctions.TemmeLowT), t), TL.LessThanOrEqual(t, TL.Create(SpecialFunctions.TemmeHighT))));
        var shapeBand = TL.Add(
            TL.And(TL.LessThanOrEqual(TL.Create(20.0), a), one),
            TL.And(TL.LessThanOrEqual(TL.Create(60.0), a), one));
        var inside03 = TL.And(TL.LessThanOrEqual(TL.Create(SpecialFunctions.EtaBelow03LowT), t), TL.LessThanOrEqual(t, TL.Create(SpecialFunctions.EtaBelow03HighT)));
        var inside06 = TL.And(TL.LessThanOrEqual(TL.Create(SpecialFunctions.EtaBelow06LowT), t), TL.LessThanOrEqual(t, TL.Create(SpecialFunctions.EtaBelow06HighT)));
        var etaBand = TL.Add(TL.AndNot(one, inside03), TL.AndNot(one, inside06));
        var temmeRoute = TL.Add(TL.Create(SpecialFunctions.GammaRouteTemmeFirst), TL.Add(TL.Multiply(TL.Create(3.0), shapeBand), etaBand));

        var reach = TL.Add(TL.Create(SpecialFunctions.SeriesReachOffset), TL.Multiply(TL.Create(SpecialFunctions.SeriesReachSlope), a));
        var series = TL.And(
            TL.Or(TL.LessThan(z, TL.Add(a, one)), TL.And(TL.LessThan(a, TL.Create(SpecialFunctions.TemmeMinShape)), TL.LessThan(z, reach))),
            TL.LessThan(a, TL.Create(1e150)));

        // ⌊log₂ z⌋ + 3 from the exponent field, clamped to the bins (subnormals read −1023: the lowest bin).
        var bin = TL.Max(zero, TL.Min(TL.Create(SpecialFunctions.GammaSeriesBins - 1), TL.Add(TL.Exponent(z), TL.Create(3.0))));
        var seriesRoute = TL.Add(TL.Create(SpecialFunctions.GammaRouteSeries), bin);
        var continuedFraction = TL.And(TL.LessThanOrEqual(TL.Add(a, one), z), TL.LessThan(a, TL.Create(1e150)));
        var route = TL.Select(temme, temmeRoute, TL.Select(series, seriesRoute, TL.And(continuedFraction, TL.Create(SpecialFunctions.GammaRouteContinuedFraction))));
        return TL.And(valid, route);
    }

    /// <summary>
    /// <see cref="Route"/> of <c>(z[i], shape[i])</c> (or <c>shape[0]</c> when its length is 1) into <paramref name="routes"/>;
    /// <paramref name="scratch"/> holds at least <see cref="IDoubleLanes{TV}.Count"/> doubles.
    /// </summary>
    internal static void Routes(ReadOnlySpan<double> z, ReadOnlySpan<double> shape, Span<byte> routes, Span<double> scratch)
    {
        var broadcast = shape.Length == 1 && z.Length != 1;
        var a = TL.Create(shape[0]);
        var i = 0;
        for (; i + TL.Count <= z.Length; i += TL.Count)
        {
            TL.Store(Route(TL.Load(z, i), broadcast ? a : TL.Load(shape, i)), scratch, 0);
            for (var j = 0; j < TL.Count; j++)
            {
                routes[i + j] = (byte)scratch[j];
            }
        }

        for (; i < z.Length; i++)
        {
            TL.Store(Route(TL.Create(z[i]), TL.Create(shape[broadcast ? 0 : i])), scratch, 0);
            routes[i] = (byte)scratch[0];
        }
    }

    /// <summary>
    /// The series route, for <c>0 &lt; z</c>, <c>0 &lt; α &lt; 1e150</c>: <c>P = zᵅe⁻ᶻS/Γ(α+1)</c>, <c>S = Σₖ zᵏ/((α+1)…(α+k))</c>
    /// (DLMF 8.7.1), <c>∂z/∂α = −(z·S/α)·(log z − ψ(α+1) + ∂α log S)</c> with <c>∂α log S</c> from the series differentiated
    /// term by term (TFP/Eigen's approach), two terms per step from one division, and the loop run at least until
    /// <c>α + 1 + n ≥ 10</c>, so that <c>ψ(α+1) = ψ(α+1+n) − Σⱼ≤ₙ 1/(α+j)</c> (DLMF 5.5.2) reuses the reciprocals the series
    /// formed and needs only the asymptotic expansion of <c>log w − ψ(w)</c> at <c>w = α+1+n ≥ 10</c> (DLMF 5.11.2).
    /// </summary>
    // Not inlined: the kernel is large, and inlining it would spend the caller's inlining budget that the lane
    // operations need (a lane operation left as a call costs more than the whole operation).
    internal static TV Series(TV z, TV a)
    {
        var zero = TL.Create(0.0);
        var one = TL.Create(1.0);
        var nine = TL.Create(9.0);
        var tolerance = TL.Create(SeriesTolerance);

        // n: the fewest terms with a + 1 + n ≥ 10 (0 for a ≥ 9); the step limit of the scalar series (never reached on
        // the route's domain, where the terms fall at least geometrically).
        var shift = TL.Select(TL.LessThan(a, nine), TL.Ceiling(TL.Subtract(nine, a)), zero);
        var limit = TL.Add(TL.Create(200.0), TL.Floor(TL.Min(TL.Create(1e7), TL.Multiply(TL.Create(40.0), TL.Sqrt(TL.Add(a, one))))));

        var term = one;
        var h = zero;       // −Σⱼ≤ₖ 1/(a+j): ∂ₐ log of term k
        var hShift = zero;  // h at k = n
        var sum = one;
        var dsum = zero;
        var active = TL.Equal(a, a);
        var two = TL.Create(2.0);
        var kLow = one;     // k and k + 1 as doubles (exact integers)
        var kHigh = two;
        for (; ; kLow = TL.Add(kLow, two), kHigh = TL.Add(kHigh, two))
        {
            active = TL.And(active, TL.LessThan(kLow, limit));
            if (!TL.Any(active))
            {
                break;
            }

            // 1/(a+k) and 1/(a+k+1) from 1/((a+k)(a+k+1)): the division is off the loop-carried chain.
            var lo = TL.Add(a, kLow);
            var hi = TL.Add(a, kHigh);
            var r = TL.Divide(one, TL.Multiply(lo, hi));
            var inv1 = TL.Multiply(hi, r);
            var inv2 = TL.Multiply(lo, r);

            term = Flush(TL.Multiply(term, TL.Multiply(z, inv1)));
            h = TL.Subtract(h, inv1);
            var nextSum = TL.Add(sum, term);
            var nextDsum = TL.Add(dsum, TL.Multiply(term, h));
            // A lane is active at k ≤ n (it cannot stop before k + 1 ≥ n, and the step limit is above 200): no mask needed.
            hShift = TL.Select(TL.Equal(kLow, shift), h, hShift);

            term = Flush(TL.Multiply(term, TL.Multiply(z, inv2)));
            h = TL.Subtract(h, inv2);
            var dterm = TL.Multiply(term, h);
            nextSum = TL.Add(nextSum, term);
            nextDsum = TL.Add(nextDsum, dterm);
            hShift = TL.Select(TL.Equal(kHigh, shift), h, hShift);

            sum = TL.Select(active, nextSum, sum);
            dsum = TL.Select(active, nextDsum, dsum);
            var converged = TL.And(
                TL.LessThanOrEqual(shift, kHigh),
                TL.And(TL.LessThanOrEqual(term, TL.Multiply(tolerance, nextSum)), TL.LessThanOrEqual(TL.Abs(dterm), TL.Multiply(tolerance, TL.Abs(nextDsum)))));
            active = TL.AndNot(active, converged);
        }

        // log z − ψ(a+1) = log(z/w) + (log w − ψ(w)) − hShift, w = a + 1 + n ≥ 10; log(z/w) from one rounding of the
        // quotient unless it left the normal range (subnormal z), then as log z − log w.
        var w = TL.Add(a, TL.Add(one, shift));
        var ratio = TL.Divide(z, w);
        var ratioNormal = TL.LessThanOrEqual(TL.Create(MinNormal), ratio);
        var logRatio = Log(TL.Select(ratioNormal, ratio, z));
        if (TL.Any(TL.AndNot(TL.Equal(w, w), ratioNormal)))
        {
            logRatio = TL.Select(ratioNormal, logRatio, TL.Subtract(logRatio, Log(w)));
        }

        var logXMinusPsi = TL.Subtract(TL.Add(logRatio, LogMinusDigammaAsymptotic(w)), hShift);

        // z multiplies last: for subnormal z every earlier rounding would cost significant bits.
        var inner = TL.Multiply(TL.Divide(sum, a), TL.Add(logXMinusPsi, TL.Divide(dsum, sum)));
        return TL.Multiply(TL.Subtract(zero, inner), z);
    }

    /// <summary>
    /// Legendre's continued fraction route, for <c>z ≥ α + 1</c> outside the series and Temme routes, <c>α &lt; 1e150</c>:
    /// <c>Q = zᵅe⁻ᶻF/Γ(α)</c> (DLMF 8.9.2), <c>∂z/∂α = z·F·(log z − ψ(α) + ∂α log F)</c>, F and <c>∂α log F</c> by the modified
    /// Lentz method with the recurrence differentiated in α (as <see cref="SpecialFunctions.GammaContinuedFraction"/>: the
    /// same steps and stopping test, the step's divisions now shared by the lanes); <c>ψ(α)</c> for α &lt; 10 as
    /// <c>ψ(w) − Σⱼ&lt;ₙ 1/(α+j)</c>, w = α + n ≥ 10 (DLMF 5.5.2), the reciprocal sum kept as one fraction; for α ≥ 10
    /// <c>log z − ψ(α) = log(z/α) + (log α − ψ(α))</c> (DLMF 5.11.2; z/α &gt; 2.35 on this route).
    /// </summary>
    internal static TV ContinuedFraction(TV z, TV a)
    {
        const double Tiny = 1e-300;
        var zero = TL.Create(0.0);
        var one = TL.Create(1.0);
        var two = TL.Create(2.0);
        var tiny = TL.Create(Tiny);
        var tolerance = TL.Create(SeriesTolerance);
        var b = TL.Subtract(TL.Add(z, one), a);      // ∂ₐb = −1
        var c = TL.Create(1.0 / Tiny);               // c₀ stands for +∞; ∂ₐc = 0
        var dc = zero;
        var d = TL.Divide(one, b);
        var dd = TL.Multiply(d, d);                  // ∂ₐ(1/b) = 1/b²
        var f = d;
        var dlogF = TL.Divide(dd, d);
        var limit = TL.Add(TL.Create(200.0), TL.Floor(TL.Min(TL.Create(1e7), TL.Multiply(TL.Create(40.0), TL.Sqrt(TL.Add(a, one))))));
        var active = TL.Equal(a, a);
        for (var i = one; ; i = TL.Add(i, one))
        {
            active = TL.And(active, TL.LessThan(i, limit));
            if (!TL.Any(active))
            {
                break;
            }

            var an = TL.Multiply(TL.Subtract(zero, i), TL.Subtract(i, a)); // ∂ₐan = i
            b = TL.Add(b, two);

            // D = 1/(an·D + b)
            var denom = TL.Add(TL.Multiply(an, d), b);
            var ddenom = TL.Subtract(TL.Add(TL.Multiply(i, d), TL.Multiply(an, dd)), one);
            denom = TL.Select(TL.LessThan(TL.Abs(denom), tiny), tiny, denom);
            var dNew = TL.Divide(one, denom);
            dd = TL.Multiply(TL.Multiply(TL.Subtract(zero, ddenom), dNew), dNew);
            d = dNew;

            // C = b + an/C
            var invC = TL.Divide(one, c);
            var cNew = TL.Add(b, TL.Multiply(an, invC));
            dc = TL.Add(TL.Create(-1.0), TL.Multiply(TL.Subtract(i, TL.Multiply(TL.Multiply(an, dc), invC)), invC));
            c = TL.Select(TL.LessThan(TL.Abs(cNew), tiny), tiny, cNew);

            var delta = TL.Multiply(c, d);
            var dlogDelta = TL.Add(TL.Divide(dc, c), TL.Divide(dd, d));
            var nextF = TL.Multiply(f, delta);
            var nextDlogF = TL.Add(dlogF, dlogDelta);
            f = TL.Select(active, nextF, f);
            dlogF = TL.Select(active, nextDlogF, dlogF);
            var converged = TL.And(
                TL.LessThanOrEqual(TL.Abs(TL.Subtract(delta, one)), tolerance),
                TL.LessThanOrEqual(TL.Abs(dlogDelta), TL.Multiply(tolerance, TL.Abs(nextDlogF))));
            active = TL.AndNot(active, converged);
        }

        // log z − ψ(a). Below 10: ψ(a) = log w − (log w − ψ(w)) − num/den, num/den = Σⱼ&lt;ₙ 1/(a+j) (a do-while per lane).
        var ten = TL.Create(10.0);
        var small = TL.LessThan(a, ten);
        var logXMinusPsi = Log(TL.Select(small, z, TL.Divide(z, a)));
        if (TL.Any(small))
        {
            var num = zero;
            var den = one;
            var w = a;
            var step = small;
            while (TL.Any(step))
            {
                num = TL.Select(step, TL.Add(TL.Multiply(num, w), den), num);
                den = TL.Select(step, TL.Multiply(den, w), den);
                w = TL.Select(step, TL.Add(w, one), w);
                step = TL.And(step, TL.LessThan(w, ten));
            }

            var psi = TL.Subtract(TL.Subtract(Log(w), LogMinusDigammaAsymptotic(w)), TL.Divide(num, den));
            logXMinusPsi = TL.Select(small, TL.Subtract(logXMinusPsi, psi), logXMinusPsi);
        }

        if (TL.Any(TL.AndNot(TL.Equal(a, a), small)))
        {
            logXMinusPsi = TL.Select(small, logXMinusPsi, TL.Add(logXMinusPsi, LogMinusDigammaAsymptotic(a)));
        }

        return TL.Multiply(TL.Multiply(f, TL.Add(logXMinusPsi, dlogF)), z);
    }

    /// <summary>
    /// A series term below 2⁻⁹⁰⁰ (1.2e-271) as 0. Such a term cannot move the sum (≥ 1) and moves ∂ₐ log S by less than
    /// 1e-269 absolute, far below what log z − ψ(α+1) (at least of order 1e-3 wherever the result is not near its root)
    /// can resolve; without the flush, tiny samples (z near 1e-40 for α = 0.1) and the lanes that have already stopped
    /// would run on into subnormal numbers, which x86 processors handle in slow microcode.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Flush(TV term) => TL.And(term, TL.LessThan(TL.Create(TinyTerm), term));

    /// <summary>
    /// Temme's route, for <c>α ≥ 7</c> and <c>|η| ≤ 1</c>: <c>∂z/∂α = λ·(1 − Γ*(a)·[η/2 + (η²/2)·Σₖ Cₖa⁻ᵏ + Σₖ (k + ½)Cₖa⁻ᵏ⁻¹])</c>
    /// (see <see cref="SpecialFunctions.GammaShapeGradient(double, double)"/>), with <c>C₀ … C_{terms−1}</c> each a Taylor
    /// polynomial in η of degree <c>order − 1</c> (Horner in η² for the even and the odd powers). <paramref name="terms"/>
    /// (a multiple of 4) and <paramref name="order"/> (even) are the truncation chosen by <c>GammaShapeRoutes</c> from α
    /// and the η band: every neglected coefficient together weighs less than 3e-17 in the bracket.
    /// </summary>
    // Not inlined: the kernel is large, and inlining it would spend the caller's inlining budget that the lane
    // operations need (a lane operation left as a call costs more than the whole operation).
    internal static TV Temme(TV z, TV a, int terms, int order)
    {
        var one = TL.Create(1.0);
        var half = TL.Create(0.5);
        // One division for 1/a, shared by λ, t and Stirling's series (a product by 1/a is within 1 ulp of the quotient).
        var ia = TL.Divide(one, a);
        var lambda = TL.Multiply(z, ia);
        var t = TL.Multiply(TL.Subtract(z, a), ia); // z − a is exact for z in [a/2, 2a] (Sterbenz); the router forms the same t
        var eta = Eta(t, lambda);

        ref var c = ref MemoryMarshal.GetArrayDataReference(SpecialFunctions.TemmeCoefficients);
        var e2 = TL.Multiply(eta, eta);
        var ia2 = TL.Multiply(ia, ia);
        var sEven = TL.Create(0.0); // Σ Cₖ a⁻ᵏ over even k, and over odd k divided by 1/a: two shorter Horner chains in a⁻²
        var sOdd = sEven;
        var tailEven = sEven;       // the same for Σ (k + ½)Cₖ a⁻ᵏ
        var tailOdd = sEven;
        for (var g = terms - 4; g >= 0; g -= 4)
        {
            // Cₖ(η) for k = g … g+3: Horner in η² over the even rows and the odd rows of the table.
            var top = ((order - 2) * SpecialFunctions.TemmeTableTerms) + g;
            var even0 = TL.Create(Unsafe.Add(ref c, top));
            var even1 = TL.Create(Unsafe.Add(ref c, top + 1));
            var even2 = TL.Create(Unsafe.Add(ref c, top + 2));
            var even3 = TL.Create(Unsafe.Add(ref c, top + 3));
            var oddTop = top + SpecialFunctions.TemmeTableTerms;
            var odd0 = TL.Create(Unsafe.Add(ref c, oddTop));
            var odd1 = TL.Create(Unsafe.Add(ref c, oddTop + 1));
            var odd2 = TL.Create(Unsafe.Add(ref c, oddTop + 2));
            var odd3 = TL.Create(Unsafe.Add(ref c, oddTop + 3));
            for (var n = order - 4; n >= 0; n -= 2)
            {
                var row = (n * SpecialFunctions.TemmeTableTerms) + g;
                var oddRow = row + SpecialFunctions.TemmeTableTerms;
                even0 = TL.Add(TL.Multiply(even0, e2), TL.Create(Unsafe.Add(ref c, row)));
                even1 = TL.Add(TL.Multiply(even1, e2), TL.Create(Unsafe.Add(ref c, row + 1)));
                even2 = TL.Add(TL.Multiply(even2, e2), TL.Create(Unsafe.Add(ref c, row + 2)));
                even3 = TL.Add(TL.Multiply(even3, e2), TL.Create(Unsafe.Add(ref c, row + 3)));
                odd0 = TL.Add(TL.Multiply(odd0, e2), TL.Create(Unsafe.Add(ref c, oddRow)));
                odd1 = TL.Add(TL.Multiply(odd1, e2), TL.Create(Unsafe.Add(ref c, oddRow + 1)));
                odd2 = TL.Add(TL.Multiply(odd2, e2), TL.Create(Unsafe.Add(ref c, oddRow + 2)));
                odd3 = TL.Add(TL.Multiply(odd3, e2), TL.Create(Unsafe.Add(ref c, oddRow + 3)));
            }

            // Σ Cₖ a⁻ᵏ and Σ (k + ½)Cₖ a⁻ᵏ by Horner in a⁻², from the highest k down (smallest terms first), even and
            // odd k apart (g is a multiple of 4: g and g + 2 even).
            var c3 = TL.Add(even3, TL.Multiply(odd3, eta));
            var c2 = TL.Add(even2, TL.Multiply(odd2, eta));
            var c1 = TL.Add(even1, TL.Multiply(odd1, eta));
            var c0 = TL.Add(even0, TL.Multiply(odd0, eta));
            sOdd = TL.Add(TL.Multiply(sOdd, ia2), c3);
            tailOdd = TL.Add(TL.Multiply(tailOdd, ia2), TL.Multiply(TL.Create(g + 3.5), c3));
            sEven = TL.Add(TL.Multiply(sEven, ia2), c2);
            tailEven = TL.Add(TL.Multiply(tailEven, ia2), TL.Multiply(TL.Create(g + 2.5), c2));
            sOdd = TL.Add(TL.Multiply(sOdd, ia2), c1);
            tailOdd = TL.Add(TL.Multiply(tailOdd, ia2), TL.Multiply(TL.Create(g + 1.5), c1));
            sEven = TL.Add(TL.Multiply(sEven, ia2), c0);
            tailEven = TL.Add(TL.Multiply(tailEven, ia2), TL.Multiply(TL.Create(g + 0.5), c0));
        }

        var s = TL.Add(sEven, TL.Multiply(ia, sOdd));
        var tail = TL.Multiply(TL.Add(tailEven, TL.Multiply(ia, tailOdd)), ia);

        // Γ*(a) = exp(log Γ(a) − Stirling's approximation), DLMF 5.11.1/5.11.3.
        var gammaStar = ExpSmall(StirlingSeries(ia));
        var halfEta = TL.Multiply(half, eta);
        var bracket = TL.Add(TL.Add(halfEta, TL.Multiply(TL.Multiply(halfEta, eta), s)), tail);
        return TL.Multiply(lambda, TL.Subtract(one, TL.Multiply(gammaStar, bracket)));
    }

    /// <summary>
    /// η for λ = 1 + t: η²/2 = λ − 1 − log λ = −log1pmx(t), sign(η) = sign(t). For |t| ≤ ¼ through the series
    /// log(1+t) − t = −t·y + 2(y³/3 + y⁵/5 + …), y = t/(2+t) (A&amp;S 4.1.27; |y| ≤ 1/7, nine terms reach 1e-17); beyond,
    /// the direct difference, which loses at most a factor 2/|t| ≤ 8 to cancellation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Eta(TV t, TV lambda)
    {
        var near = TL.LessThanOrEqual(TL.Abs(t), TL.Create(0.25));
        var halfSquare = TL.Create(0.0);
        if (TL.Any(near))
        {
            var y = TL.Divide(t, TL.Add(TL.Create(2.0), t));
            var y2 = TL.Multiply(y, y);
            var p = TL.Create(1.0 / 19);
            p = TL.Add(TL.Create(1.0 / 17), TL.Multiply(y2, p));
            p = TL.Add(TL.Create(1.0 / 15), TL.Multiply(y2, p));
            p = TL.Add(TL.Create(1.0 / 13), TL.Multiply(y2, p));
            p = TL.Add(TL.Create(1.0 / 11), TL.Multiply(y2, p));
            p = TL.Add(TL.Create(1.0 / 9), TL.Multiply(y2, p));
            p = TL.Add(TL.Create(1.0 / 7), TL.Multiply(y2, p));
            p = TL.Add(TL.Create(1.0 / 5), TL.Multiply(y2, p));
            p = TL.Add(TL.Create(1.0 / 3), TL.Multiply(y2, p));
            var odd = TL.Multiply(y2, p);
            halfSquare = TL.Subtract(TL.Multiply(t, y), TL.Multiply(TL.Multiply(TL.Create(2.0), y), odd));
        }

        if (TL.Any(TL.AndNot(TL.Equal(t, t), near)))
        {
            halfSquare = TL.Select(near, halfSquare, TL.Subtract(t, Log(lambda)));
        }

        var eta = TL.Sqrt(TL.Multiply(TL.Create(2.0), halfSquare));
        return TL.Select(TL.LessThan(t, TL.Create(0.0)), TL.Subtract(TL.Create(0.0), eta), eta);
    }

    /// <summary>
    /// log x for positive finite x, normal or subnormal (subnormals scaled by 2⁵⁴ first): x = 2^e·m, m ∈ [√½, √2),
    /// log m = 2 atanh(s), s = (m − 1)/(m + 1), by its series in s² to degree 21 (truncation below 7e-19), e·ln 2 added in
    /// two parts (Muller, "Elementary Functions", 3rd ed., §11; the same kernel as <c>VectorMath.LogPositive</c>, within
    /// 2 ulp of the correctly rounded value).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV Log(TV x)
    {
        var subnormal = TL.LessThan(x, TL.Create(MinNormal));
        var scaled = TL.Select(subnormal, TL.Multiply(x, TL.Create(TwoPow54)), x);
        var m = TL.Significand(scaled);
        var e = TL.Subtract(TL.Exponent(scaled), TL.And(subnormal, TL.Create(54.0)));
        var big = TL.LessThan(TL.Create(Sqrt2), m);
        m = TL.Select(big, TL.Multiply(m, TL.Create(0.5)), m);
        e = TL.Select(big, TL.Add(e, TL.Create(1.0)), e);

        // f = m − 1 is exact for m ∈ [√½, √2]; log m = 2s(1 + z/3 + z²/5 + …), z = s² ≤ 0.0295.
        var f = TL.Subtract(m, TL.Create(1.0));
        var s = TL.Divide(f, TL.Add(TL.Create(2.0), f));
        var z = TL.Multiply(s, s);
        var p = TL.Create(1.0 / 21);
        p = TL.Add(TL.Create(1.0 / 19), TL.Multiply(z, p));
        p = TL.Add(TL.Create(1.0 / 17), TL.Multiply(z, p));
        p = TL.Add(TL.Create(1.0 / 15), TL.Multiply(z, p));
        p = TL.Add(TL.Create(1.0 / 13), TL.Multiply(z, p));
        p = TL.Add(TL.Create(1.0 / 11), TL.Multiply(z, p));
        p = TL.Add(TL.Create(1.0 / 9), TL.Multiply(z, p));
        p = TL.Add(TL.Create(1.0 / 7), TL.Multiply(z, p));
        p = TL.Add(TL.Create(1.0 / 5), TL.Multiply(z, p));
        p = TL.Add(TL.Create(1.0 / 3), TL.Multiply(z, p));
        var twoS = TL.Add(s, s);
        var series = TL.Add(TL.Add(twoS, TL.Multiply(twoS, TL.Multiply(z, p))), TL.Multiply(e, TL.Create(Ln2Lo)));
        return TL.Add(TL.Multiply(e, TL.Create(Ln2Hi)), series);
    }

    // log w − ψ(w) = 1/(2w) + Σ B₂ₖ/(2k w²ᵏ), k = 1…8 (DLMF 5.11.2): truncation < 3e-18 absolute for w ≥ 10.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LogMinusDigammaAsymptotic(TV w)
    {
        var inv = TL.Divide(TL.Create(1.0), w);
        var inv2 = TL.Multiply(inv, inv);
        var p = TL.Create(-3617.0 / 8160);
        p = TL.Add(TL.Create(1.0 / 12), TL.Multiply(inv2, p));
        p = TL.Add(TL.Create(-691.0 / 32760), TL.Multiply(inv2, p));
        p = TL.Add(TL.Create(1.0 / 132), TL.Multiply(inv2, p));
        p = TL.Add(TL.Create(-1.0 / 240), TL.Multiply(inv2, p));
        p = TL.Add(TL.Create(1.0 / 252), TL.Multiply(inv2, p));
        p = TL.Add(TL.Create(-1.0 / 120), TL.Multiply(inv2, p));
        p = TL.Add(TL.Create(1.0 / 12), TL.Multiply(inv2, p));
        return TL.Add(TL.Multiply(TL.Create(0.5), inv), TL.Multiply(inv2, p));
    }

    // log Γ(a) − [(a − ½)log a − a + ½log 2π] = Σ B₂ₖ/(2k(2k−1)a²ᵏ⁻¹), k = 1…8 (DLMF 5.11.1), from inv = 1/a; at a ≥ 7 the first
    // neglected term is below 8e-16 of the sum (asymptotic truncation, part of the expansion's measured error at a = 7).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV StirlingSeries(TV inv)
    {
        var inv2 = TL.Multiply(inv, inv);
        var p = TL.Create(-3617.0 / 122400);
        p = TL.Add(TL.Create(1.0 / 156), TL.Multiply(inv2, p));
        p = TL.Add(TL.Create(-691.0 / 360360), TL.Multiply(inv2, p));
        p = TL.Add(TL.Create(1.0 / 1188), TL.Multiply(inv2, p));
        p = TL.Add(TL.Create(-1.0 / 1680), TL.Multiply(inv2, p));
        p = TL.Add(TL.Create(1.0 / 1260), TL.Multiply(inv2, p));
        p = TL.Add(TL.Create(-1.0 / 360), TL.Multiply(inv2, p));
        p = TL.Add(TL.Create(1.0 / 12), TL.Multiply(inv2, p));
        return TL.Multiply(inv, p);
    }

    // eˣ for 0 ≤ x ≤ 1/84 (Stirling's remainder at a ≥ 7): Taylor to x⁹/9!, truncation below x¹⁰/10! < 5e-26.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpSmall(TV x)
    {
        var p = TL.Create(1.0 / 362880);
        p = TL.Add(TL.Create(1.0 / 40320), TL.Multiply(x, p));
        p = TL.Add(TL.Create(1.0 / 5040), TL.Multiply(x, p));
        p = TL.Add(TL.Create(1.0 / 720), TL.Multiply(x, p));
        p = TL.Add(TL.Create(1.0 / 120), TL.Multiply(x, p));
        p = TL.Add(TL.Create(1.0 / 24), TL.Multiply(x, p));
        p = TL.Add(TL.Create(1.0 / 6), TL.Multiply(x, p));
        p = TL.Add(TL.Create(1.0 / 2), TL.Multiply(x, p));
        p = TL.Add(TL.Create(1.0), TL.Multiply(x, p));
        return TL.Add(TL.Create(1.0), TL.Multiply(x, p));
    }
}
