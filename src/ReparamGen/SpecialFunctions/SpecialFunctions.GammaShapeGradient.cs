using System;

namespace ReparamGen;

public static partial class SpecialFunctions
{
    // Shapes from here on take Temme's uniform expansion where |η| ≤ 1: with C₀ … C₁₅ and 24 Taylor terms each, the
    // expansion's error, measured against mpmath by tools/reference-data/temme_gamma.py, is 1.0e-14 relative at a = 7
    // (1.3e-13 at a = 6, 2.8e-12 at a = 5) and 3e-15 from a = 8 on, where the Taylor truncation at |η| = 1 dominates.
    internal const double TemmeMinShape = 7.0;

    // The table's shape: C₀ … C₁₅, each a polynomial of degree 23 in η.
    internal const int TemmeTableTerms = 16;
    internal const int TemmeTableOrder = 24;

    // |η| ≤ 1 ⇔ t = λ − 1 ∈ [TemmeLowT, TemmeHighT] (η²/2 = t − log(1 + t) is monotonic on each side of 0; roots by
    // mpmath.findroot, tools/reference-data/temme_gamma.py --bands). The narrower bands |η| ≤ 0.3 and |η| ≤ 0.6 allow
    // lower Taylor orders.
    internal const double TemmeLowT = -0.698290437315664;
    internal const double TemmeHighT = 1.357676673945899;
    internal const double EtaBelow03LowT = -0.27078051373306383;
    internal const double EtaBelow03HighT = 0.3307206000880015;
    internal const double EtaBelow06LowT = -0.486494458979568;
    internal const double EtaBelow06HighT = 0.7255401069602101;

    /// <summary>
    /// <c>∂z/∂α = −∂αP(α, z)/q(z; α)</c> for <c>z ~ Gamma(α, 1)</c>, for finite <c>z &gt; 0</c> and <c>α &gt; 0</c>
    /// (arguments are not checked): the fast path behind <see cref="ImplicitDerivatives.GammaShape(double, double)"/>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Route 1, <c>α ≥ 7</c> and <c>|η| ≤ 1</c>: Temme's uniform expansion (DLMF 8.12.3, 8.12.7–8.12.10)
    /// <c>Q(a, x) = ½erfc(η√(a/2)) + e^(−aη²/2)/√(2πa)·S(η)</c>, <c>S ~ Σₖ Cₖ(η)a⁻ᵏ</c>, with <c>λ = x/a</c> and
    /// <c>η²/2 = λ − 1 − log λ</c>. Writing <c>∂ₐQ</c> at fixed x as <c>∂ₐQ</c> at fixed η minus <c>λ·∂ₓQ</c>, and the
    /// density as <c>e^(−aη²/2)/(√(2πa)·λ·Γ*(a))</c> with <c>Γ*(a) = Γ(a)/(√(2π/a)aᵃe⁻ᵃ)</c> (DLMF 5.11.3), the erfc and
    /// the exponential cancel:
    /// <c>∂z/∂α = λ·(1 − Γ*(a)·[η/2 + (η²/2)·Σₖ Cₖa⁻ᵏ + Σₖ (k + ½)Cₖa⁻ᵏ⁻¹])</c>.
    /// No incomplete gamma function, no digamma and no loop: one log (for η), one square root, and a fixed polynomial
    /// whose coefficients (the Taylor coefficients of Cₖ in η, exact rationals from the recurrence of DLMF 8.12.10) come
    /// from <c>tools/reference-data/temme_gamma.py</c>. The number of Cₖ and the Taylor order are cut where every
    /// neglected coefficient together weighs less than 3e-17 in the bracket (<see cref="TemmeTruncation"/>).
    /// </para>
    /// <para>
    /// Route 2, <c>z &lt; α + 1</c> otherwise, or <c>α &lt; 7</c> and <c>z &lt; 1.6 + 1.85α</c> (where the continued fraction is
    /// slowest and the series loses at most a few digits; see <c>SeriesReachSlope</c>): the series <c>P = zᵅe⁻ᶻS/Γ(α+1)</c> (DLMF 8.7.1),
    /// <c>∂z/∂α = −(z·S/α)·(log z − ψ(α+1) + ∂α log S)</c>; the loop runs at least until <c>α + k ≥ 10</c>, so that
    /// <c>ψ(α+1) = ψ(α+1+n) − Σₖ≤ₙ 1/(α+k)</c> (DLMF 5.5.2) reuses the reciprocals the series already formed and
    /// needs only the asymptotic expansion at <c>α+1+n ≥ 10</c> (DLMF 5.11.2).
    /// Route 3, otherwise: Legendre's continued fraction (DLMF 8.9.2) as in <see cref="ImplicitDerivatives.GammaShape(double, double)"/>,
    /// with <c>ψ(α)</c> for <c>α &lt; 10</c> by the same shift, its reciprocal sum accumulated as one fraction.
    /// </para>
    /// <para>
    /// The three routes are the lane-wise kernels of <see cref="GammaShapeLanes{TV, TL}"/>, here through their scalar twins
    /// (<c>SpecialFunctions.GammaShapeScalar.cs</c>: the operations of one lane): the batch member
    /// (<see cref="GammaShapeGradient(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>) runs the lane kernels
    /// and gives the same bits.
    /// </para>
    /// </remarks>
    internal static double GammaShapeGradient(double z, double a)
    {
        var route = GammaShapeRoute(z, a);
        if (route == GammaRouteOutsideLanes)
        {
            return GammaShapeOutsideLanes(z, a);
        }

        if (route < GammaRouteTemmeFirst)
        {
            return GammaShapeSeriesScalar(z, a);
        }

        if (route == GammaRouteContinuedFraction)
        {
            return GammaShapeContinuedFractionScalar(z, a);
        }

        TemmeTruncation(route, out var terms, out var order);
        return GammaShapeTemmeScalar(z, a, terms, order);
    }

    // Route ids: 0 the edges (one element at a time); 1 … 8 the series, by ⌊log₂ z⌋ (below −2, −2,
    // …, 3, above 3: the number of terms grows with z, so that the lanes of one vector stop at about the same step; in a
    // Python simulation of the loop on the side-by-side workload's samples, the steps run by lanes that had already
    // stopped fell from 70 % to 18 % of the useful ones with 8 lanes); 9 + 3·(α band) + (η band) Temme; 18 the
    // continued fraction.
    internal const int GammaRouteOutsideLanes = 0;
    internal const int GammaRouteSeries = 1;
    internal const int GammaSeriesBins = 8;
    internal const int GammaRouteTemmeFirst = GammaRouteSeries + GammaSeriesBins;
    internal const int GammaRouteContinuedFraction = GammaRouteTemmeFirst + 9;
    internal const int GammaRouteCount = GammaRouteContinuedFraction + 1;

    /// <summary>
    /// Which route computes <c>∂z/∂α</c> at (z, α); a function of the element alone: the scalar twin of
    /// <see cref="GammaShapeLanes{TV, TL}.Route"/>, which the batch member runs on whole vectors. NaN, 0, ∞, α ≥ 1e150 in the series region and the
    /// continued-fraction region go one element at a time (<see cref="GammaShapeOutsideLanes"/>).
    /// </summary>
    internal static int GammaShapeRoute(double z, double a)
    {
        // The lane router's comparisons on the same values (t formed by the same two operations), with branches.
        if (!(z > 0) || !(z <= double.MaxValue) || !(a > 0))
        {
            return GammaRouteOutsideLanes;
        }

        var t = (z - a) * (1.0 / a);
        if (TemmeMinShape <= a && TemmeLowT <= t && t <= TemmeHighT)
        {
            var shapeBand = (20.0 <= a ? 1 : 0) + (60.0 <= a ? 1 : 0);
            var etaBand = (EtaBelow03LowT <= t && t <= EtaBelow03HighT ? 0 : 1) + (EtaBelow06LowT <= t && t <= EtaBelow06HighT ? 0 : 1);
            return GammaRouteTemmeFirst + (3 * shapeBand) + etaBand;
        }

        if ((z < a + 1.0 || (a < TemmeMinShape && z < SeriesReachOffset + (SeriesReachSlope * a))) && a < 1e150)
        {
            // ⌊log₂ z⌋ + 3 from the exponent field, clamped to the bins (subnormals read −1023: the lowest bin).
            var log2 = (int)(BitConverter.DoubleToInt64Bits(z) >> 52) - 1023;
            return GammaRouteSeries + Math.Min(Math.Max(log2 + 3, 0), GammaSeriesBins - 1);
        }

        return a + 1.0 <= z && a < 1e150 ? GammaRouteContinuedFraction : GammaRouteOutsideLanes;
    }

    /// <summary>
    /// The truncation of Temme's expansion for a Temme route: C₀ … C_{terms−1}, Taylor order <c>order</c> in η. From the
    /// table's coefficients (tools/reference-data/temme_gamma.py --bands): every neglected coefficient together, weighted
    /// by |η|ⁿa⁻ᵏ at the band's edges (|η| ≤ 0.3, 0.6, 1 with 1 % margin; α ≥ 7, 20, 60), stays below 3e-17 in the bracket.
    /// </summary>
    internal static void TemmeTruncation(int route, out int terms, out int order)
    {
        var band = route - GammaRouteTemmeFirst;
        terms = (band / 3) switch
        {
            0 => 16, // 7 ≤ α < 20
            1 => 12, // 20 ≤ α < 60
            _ => 8,  // α ≥ 60
        };
        order = (band % 3) switch
        {
            0 => 14, // |η| ≤ 0.3
            1 => 20, // |η| ≤ 0.6
            _ => 24, // |η| ≤ 1
        };
    }

    /// <summary>
    /// The elements outside the lane-wise routes: NaN (propagates), z = 0 and z = ∞ (the limits 0 and ∞), and α ≥ 1e150
    /// (where the lane kernels' products would overflow): the series with one division per term, or Legendre's continued
    /// fraction as <see cref="RegularizedGammaP"/> evaluates it.
    /// </summary>
    internal static double GammaShapeOutsideLanes(double z, double a)
    {
        if (double.IsNaN(z) || double.IsNaN(a))
        {
            return double.NaN;
        }

        if (z == 0 || double.IsPositiveInfinity(z))
        {
            return z;
        }

        if (z < a + 1.0)
        {
            // α ≥ 1e150: (a + k)(a + k + 1) in the lane kernel would overflow.
            GammaSeries(a, z, out var s, out var dlogS);
            return -(s / a * (LogXMinusDigamma(z, a + 1.0) + dlogS)) * z;
        }

        GammaContinuedFraction(a, z, out var f, out var dlogF);
        return f * (LogXMinusDigamma(z, a) + dlogF) * z;
    }

    // How far past z = α + 1 the series route is taken for α < 7, where Legendre's continued fraction converges slowly
    // (tens of Lentz steps, each a chain of divisions: 200–450 ns against the series' 60–140 ns, one element at a time
    // when this was chosen; in lanes both are cheaper, the ratio about the same). The series sums P, so
    // its ∂αP = −∂αQ loses about log10(1/Q) digits to cancellation as P → 1 (relative error ≈ ε·|log z|/Q). Below
    // 1.6 + 1.85α, Q(α, z) stays above about 1e-2 for α ≥ 0.1 (checked with scipy.special.gammainccinv: the Q = 1e-2
    // point is 1.59 at α = 0.1, 4.6 at α = 1, 8.4 at α = 3, 14.57 at α = 7; about 8e-3 at the switch for α near 0.1)
    // and above 8.6e-5 down to α = 1e-3, so at most about four digits of the sixteen are lost. gamma_series_reach.csv
    // (mpmath, around the switch) measures a worst relative error of 1.9e-14. Past it the continued fraction converges
    // in fewer steps.
    internal const double SeriesReachOffset = 1.6;
    internal const double SeriesReachSlope = 1.85;

    // Coefficient of eta^n in C_k(eta) at [n*16 + k], k = 0..15, n = 0..23 (tools/reference-data/temme_gamma.py 15 24).
    internal static readonly double[] TemmeCoefficients =
    {
        -0.3333333333333333, -0.001851851851851852, 0.004133597883597883, 0.0006494341563786008, -0.0008618882909167117, -0.00033679855336635813, 0.0005313079364639922, 0.00034436760689237765, -0.0006526239185953094, -0.0005967612901927463, 0.0013324454494800656, 0.001579727660730835, -0.004072512119514016, -0.0059475779383993, 0.01740202778752271, 0.03024912416090589,
        0.08333333333333333, -0.003472222222222222, -0.0026813271604938273, 0.00022947209362139917, 0.0007840392217200666, -6.972813758365857e-05, -0.0005921664373536939, 5.171790908260592e-05, 0.0008394987206720873, -7.204895416020011e-05, -0.0019144384985654776, 0.00016251626278391583, 0.00640336283380807, -0.0005401647678926045, -0.02952788094569912, 0.0024817436002649977,
        -0.014814814814814815, 0.0026455026455026454, 0.0007716049382716049, -0.0004691894943952557, -0.0002990724803031902, 0.0002772753244959392, 0.0002708782096718045, -0.00033493161081142234, -0.000438297098541721, 0.0006782308837667328, 0.0011089369134596636, -0.0020633421035543276, -0.004041016108167662, 0.00879104135507679, 0.020045875571402798, -0.049939134373457025,
        0.0011574074074074073, -0.0009902263374485596, 2.0093878600823047e-06, 0.00026772063206283885, -1.4638452578843418e-06, -0.00019932570516188847, 7.902353232660328e-07, 0.0002812695154763237, -6.969091458420552e-07, -0.0006401475260262758, 9.9324041226423e-07, 0.00213896861856891, -2.1837328028662328e-06, -0.009857631558785612, 7.0289515966903405e-06, 0.05991564300930787,
        0.0003527336860670194, 0.00020576131687242798, -0.0001073665322636516, -7.561801671883977e-05, 6.641498215465122e-05, 6.797780477937208e-05, -8.153969367561969e-05, -0.00010976582244684731, 0.00016644846642067547, 0.00027750107634328704, -0.0005087450129309319, -0.0010108559391263003, 0.002174044180125464, 0.005013469503102154, -0.012375421071343148, -0.03248320760162339,
        -0.0001787551440329218, -4.018775720164609e-07, 5.2923448829120125e-05, -2.396505113867297e-07, -3.968365047179435e-05, 1.419062920643967e-07, 5.61168275310625e-05, -1.2741009095484485e-07, -0.00012783517679769218, 1.819700838046515e-07, 0.00042735056665392886, -3.99127055299192e-07, -0.001970044051841889, 1.2807521786221875e-06, 0.011976293444235255, -5.721296865210344e-06,
        3.919263178522438e-05, -1.8098550334489977e-05, -1.2760635188618728e-05, 1.1082654115347302e-05, 1.1375726970678419e-05, -1.3594048189768693e-05, -1.8329116582843375e-05, 2.7744451511563645e-05, 4.629953263691304e-05, -8.479507117068503e-05, -0.00016858853767910798, 0.0003623502508476469, 0.0008359546974796246, -0.0020626019342754685, -0.0054156038466518525, 0.015085251778569354,
        -2.185448510679992e-06, 7.64916091608111e-06, 3.423578734096138e-08, -5.6749528269915965e-06, 2.507497226237533e-10, 8.018470256334202e-06, -3.0796134506033047e-09, -1.8263488805711332e-05, 4.557909867922708e-09, 6.105192082501531e-05, -8.1301893922785e-09, -0.00028143901463712157, 1.9445447567109655e-08, 0.0017109128573523059, -6.329089339641862e-08, -0.013261324005088445,
        -1.85406221071516e-06, -1.6120900894563446e-06, 1.3721957309062934e-06, 1.4230900732435883e-06, -1.6954149536558305e-06, -2.291481176508095e-06, 3.465155368803609e-06, 5.7876949497350525e-06, -1.0595271125805195e-05, -2.1073920183404862e-05, 4.5284402370562144e-05, 0.00010449513336495887, -0.000257793871204217, -0.000676953127141338, 0.0018855118129005065, 0.0055515262632426145,
        8.296711340953087e-07, 4.647127802807434e-09, -6.298992138380055e-07, -2.7861080291528143e-11, 8.907507532205309e-07, -3.252473551298454e-10, -2.0291327396058603e-06, 4.93875893393627e-10, 6.783342904865167e-06, -8.858589014125599e-10, -3.127053674781734e-05, 2.12114184918303e-09, 0.00019009987368139304, -6.901154567656214e-09, -0.001473473274825001, 3.026318225703001e-08,
        -1.7665952736826078e-07, 1.378633446915721e-07, 1.4280614206064242e-07, -1.6958404091930278e-07, -2.292934834000805e-07, 3.4652846491085265e-07, 5.788792863149004e-07, -1.0595367014026043e-06, -2.1075476666258803e-06, 4.5284535953805374e-06, 1.044986828530338e-05, -2.5779417251947842e-05, -6.769649993743896e-05, 0.00018855128143995903, 0.0005551581009770838, -0.0017229548406756724,
        6.707853543401498e-09, -5.752545603517705e-08, -2.0477098421990866e-10, 8.099464905388083e-08, 2.956794137544049e-11, -1.8447187191171344e-07, 2.338630673826657e-13, 6.166714376110408e-07, -1.7213731432817144e-11, -2.8427815022504407e-06, 4.8435226265680926e-11, 1.7281818956040464e-05, -1.4440629666426571e-10, -0.0001339521566349197, 5.240683441255066e-10, 0.0012893570099929638,
        1.0261809784240309e-08, 1.1951628599778148e-08, -1.409252991086752e-08, -1.9111168485973655e-08, 2.8865829742708783e-08, 4.8240967037894184e-08, -8.828600746330484e-08, -1.7562973359060463e-07, 3.773587741611098e-07, 8.708234177864641e-07, -2.148256587345626e-06, -5.641377387290428e-06, 1.5712512518742267e-05, 4.626318303352804e-05, -0.00014357913535784835, -0.00046845138348319875,
        -4.382036018453353e-09, -1.7543241719747647e-11, 6.228974084922022e-09, 2.3928620439808118e-12, -1.4189739437803219e-08, -1.7989466721743514e-14, 4.7435958880408125e-08, -1.297447328701544e-12, -2.1867506700122867e-07, 3.6886101871706966e-12, 1.329369701097492e-06, -1.1024320105776174e-11, -1.0304008744776894e-05, 4.003423061332135e-11, 9.91812932249433e-05, -1.8302599378930445e-10,
        9.14769958223679e-10, -1.0091543710600413e-09, -1.3670488396617114e-09, 2.0620131815488797e-09, 3.4463580499464896e-09, -6.306194500013523e-09, -1.2545415020710383e-08, 2.695423606288966e-08, 6.220228804018927e-08, -1.534469519070206e-07, -4.029569309210103e-07, 1.1223224418895174e-06, 3.304517767401387e-06, -1.0255652921494033e-05, -3.346083474947831e-05, 0.00011449739014822654,
        -2.5514193994946248e-11, 4.162792991842583e-10, 9.428356159014678e-13, -9.460496661855133e-10, -2.3024517174528067e-13, 3.162417628774568e-09, 8.649648858010293e-14, -1.4578352908731272e-08, 6.597703826733e-16, 8.862466778790695e-08, -1.756787766632329e-13, -6.869339637952674e-07, 7.982976024232571e-13, 6.612086372797651e-06, -3.5755837291098967e-12, -7.737856522124447e-05,
        -5.830772132550426e-11, -8.56390702649298e-11, 1.2872252400089318e-10, 2.1541049775774907e-10, -3.9409233028046403e-10, -7.840924253697429e-10, 1.6846058979264062e-09, 3.887645959386175e-09, -9.590386497425686e-09, -2.5184812301826817e-08, 7.014504316366825e-08, 2.0653236975414888e-07, -6.4097794149313e-07, -2.0913022027253007e-06, 7.1560851960630075e-06, 2.5625836246985202e-05,
        2.4361948020667415e-11, 6.067215101604758e-14, -5.5645956134363323e-11, -1.388823336813903e-14, 1.86023389685045e-10, 5.192679165254041e-15, -8.575492823577594e-10, -3.881002251019412e-17, 5.213214492280807e-09, -1.0225912098215092e-14, -4.040787734999483e-08, 4.6714772409838506e-14, 3.8894624761300054e-07, -2.095177564960382e-13, -4.551680262815553e-06, 1.0766165332658074e-12,
        -5.0276692801141755e-12, 7.1624989648114856e-12, 1.197593554636698e-11, -2.1894761681963938e-11, -4.356323005056618e-11, 9.358944242306784e-11, 2.1598224929232125e-10, -5.327994173877286e-10, -1.3991589583935709e-09, 3.896947075815478e-09, 1.1474026743371964e-08, -3.5609886164949055e-08, -1.161834764494887e-07, 3.975602904199325e-07, 1.4236576649271474e-06, -5.324680928242262e-06,
        1.1004392031956135e-13, -2.933186643771437e-12, -4.1689782251838634e-15, 9.790998951171684e-12, 1.278600101629623e-15, -4.513426216163278e-11, -7.613230520476153e-16, 2.7437977643314844e-10, 5.382058999060575e-16, -2.1267304792235634e-09, 3.964274685356394e-18, 2.0470855345905963e-08, -2.8168086305964423e-15, -2.395621197881589e-07, 1.8803149079275236e-14, 3.3496348630644643e-06,
        3.371763262400985e-13, 5.996696365683689e-13, -1.0940640427884595e-12, -2.178219188018096e-12, 4.67927502665792e-12, 1.0799129993116828e-11, -2.6639822008536144e-11, -6.995796092070568e-11, 1.9484714275467745e-10, 5.737013552805138e-10, -1.7804938269892715e-09, -5.809173863328336e-09, 1.9878012911297094e-08, 7.118288338214586e-08, -2.662340389892921e-07, -1.038125312868401e-06,
        -1.392388722418162e-13, -2.1671786527323313e-16, 4.662239946390136e-13, 6.208819573407901e-17, -2.149246470613483e-12, -3.661886712685252e-17, 1.3065700536611057e-11, 2.589986387486848e-17, -1.0127287556389682e-10, -1.8877498501697116e-19, 9.748026254873165e-10, -1.3328212875828647e-16, -1.1407719956357511e-08, 8.925574871713252e-16, 1.5950642189595716e-07, -5.608908533478749e-15,
        2.8534893807047445e-14, -4.978339972369262e-14, -9.905105763906907e-14, 2.126978363279737e-13, 4.908815614809652e-13, -1.210902069055155e-12, -3.1799163902367977e-12, 8.856689099669639e-12, 2.6077347197254926e-11, -8.093153869465787e-11, -2.6405338676507616e-10, 9.035460439133513e-10, 3.2355857064185554e-09, -1.2101547235064677e-08, -4.718751467384107e-08, 1.9150821930676722e-07,
        -5.139111834242572e-16, 2.0291628823713425e-14, 1.8931876768373515e-17, -9.344688791517433e-14, -6.33859148489156e-18, 5.680743584990564e-13, 4.710976121367431e-18, -4.403168815871311e-12, -5.090418699993299e-18, 4.23827232834492e-11, 5.79487516340376e-18, -4.959878251733084e-10, 4.1759462466484876e-20, 6.935061824833439e-09, -6.510781264821694e-17, -1.1418365800203775e-07,
    };

}
