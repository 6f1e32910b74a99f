namespace ReparamGen.Generator.Tests.Oracles;

/// <summary>
/// The test-only dual-number evaluator: a struct carrying a value and its partials in two
/// directions, with the arithmetic, comparisons and Math functions the random programs use (each derivative
/// written from its textbook formula, not from the generator's rule table). It is compiled next to
/// each random program, whose text is rewritten to run on it; it shares no code with the generator.
/// </summary>
internal static class DualNumberSource
{
    public const string Text = """
        namespace Oracle
        {
            // MA bounds the magnitude behind DA: the same chain rule on absolute values, Σ over the paths from the
            // inputs of |product of the local partials|·|seed| (|J|·|v| where DA is J·v). Rounding in any evaluation
            // order of DA is a few ulps of MA per operation, so MA is the scale against which two routes to J·v
            // (forward and reverse mode) are compared; it is large where DA is small by cancellation (x − sin x).
            public readonly struct Dual
            {
                public readonly double V, DA, DB, MA;
                public Dual(double v, double da, double db) { V = v; DA = da; DB = db; MA = System.Math.Abs(da); }
                public Dual(double v, double da, double db, double ma) { V = v; DA = da; DB = db; MA = ma; }
                public static implicit operator Dual(double c) => new Dual(c, 0, 0);
                public static Dual operator +(Dual x, Dual y) => new Dual(x.V + y.V, x.DA + y.DA, x.DB + y.DB, x.MA + y.MA);
                public static Dual operator -(Dual x, Dual y) => new Dual(x.V - y.V, x.DA - y.DA, x.DB - y.DB, x.MA + y.MA);
                public static Dual operator -(Dual x) => new Dual(-x.V, -x.DA, -x.DB, x.MA);
                public static Dual operator *(Dual x, Dual y) => new Dual(x.V * y.V, x.DA * y.V + x.V * y.DA, x.DB * y.V + x.V * y.DB, x.MA * System.Math.Abs(y.V) + System.Math.Abs(x.V) * y.MA);
                public static Dual operator /(Dual x, Dual y) => new Dual(x.V / y.V, (x.DA * y.V - x.V * y.DA) / (y.V * y.V), (x.DB * y.V - x.V * y.DB) / (y.V * y.V), (x.MA * System.Math.Abs(y.V) + System.Math.Abs(x.V) * y.MA) / (y.V * y.V));
                public static bool operator >(Dual x, Dual y) => x.V > y.V;
                public static bool operator <(Dual x, Dual y) => x.V < y.V;
                public static bool operator >=(Dual x, Dual y) => x.V >= y.V;
                public static bool operator <=(Dual x, Dual y) => x.V <= y.V;
                public static Dual operator ++(Dual x) => new Dual(x.V + 1, x.DA, x.DB, x.MA);
                public static Dual operator --(Dual x) => new Dual(x.V - 1, x.DA, x.DB, x.MA);
                public Dual Chain(double value, double derivative) => new Dual(value, derivative * DA, derivative * DB, System.Math.Abs(derivative) * MA);
            }

            public static class DMath
            {
                public static Dual Exp(Dual x) => x.Chain(System.Math.Exp(x.V), System.Math.Exp(x.V));
                public static Dual Log(Dual x) => x.Chain(System.Math.Log(x.V), 1 / x.V);
                public static Dual Sqrt(Dual x) => x.Chain(System.Math.Sqrt(x.V), 0.5 / System.Math.Sqrt(x.V));
                public static Dual Sin(Dual x) => x.Chain(System.Math.Sin(x.V), System.Math.Cos(x.V));
                public static Dual Cos(Dual x) => x.Chain(System.Math.Cos(x.V), -System.Math.Sin(x.V));
                public static Dual Tanh(Dual x) => x.Chain(System.Math.Tanh(x.V), 1 - System.Math.Tanh(x.V) * System.Math.Tanh(x.V));
                public static Dual Atan(Dual x) => x.Chain(System.Math.Atan(x.V), 1 / (1 + x.V * x.V));
                public static Dual Pow(Dual x, double c) => x.Chain(System.Math.Pow(x.V, c), c * System.Math.Pow(x.V, c - 1));
                public static Dual Pow(Dual x, Dual y)
                {
                    var p = System.Math.Pow(x.V, y.V);
                    var px = y.V * System.Math.Pow(x.V, y.V - 1);
                    var py = p * System.Math.Log(x.V);
                    return new Dual(p, px * x.DA + py * y.DA, px * x.DB + py * y.DB, System.Math.Abs(px) * x.MA + System.Math.Abs(py) * y.MA);
                }

                public static Dual Max(Dual x, Dual y) => x.V >= y.V ? x : y;
                public static Dual Min(Dual x, Dual y) => x.V <= y.V ? x : y;
                public static Dual Abs(Dual x) => x.V < 0 ? -x : x;
                public static Dual Atan2(Dual y, Dual x) => new Dual(System.Math.Atan2(y.V, x.V), (x.V * y.DA - y.V * x.DA) / (x.V * x.V + y.V * y.V), (x.V * y.DB - y.V * x.DB) / (x.V * x.V + y.V * y.V), (System.Math.Abs(x.V) * y.MA + System.Math.Abs(y.V) * x.MA) / (x.V * x.V + y.V * y.V));
                public static Dual Cbrt(Dual x) => x.Chain(System.Math.Cbrt(x.V), 1 / (3 * System.Math.Cbrt(x.V) * System.Math.Cbrt(x.V)));
                public static Dual Log10(Dual x) => x.Chain(System.Math.Log10(x.V), 1 / (x.V * System.Math.Log(10)));
                public static Dual Log2(Dual x) => x.Chain(System.Math.Log2(x.V), 1 / (x.V * System.Math.Log(2)));
                public static Dual Tan(Dual x) => x.Chain(System.Math.Tan(x.V), 1 / (System.Math.Cos(x.V) * System.Math.Cos(x.V)));
                public static Dual Asin(Dual x) => x.Chain(System.Math.Asin(x.V), 1 / System.Math.Sqrt(1 - x.V * x.V));
                public static Dual Acos(Dual x) => x.Chain(System.Math.Acos(x.V), -1 / System.Math.Sqrt(1 - x.V * x.V));
                public static Dual Asinh(Dual x) => x.Chain(System.Math.Asinh(x.V), 1 / System.Math.Sqrt(x.V * x.V + 1));
                public static Dual Sinh(Dual x) => x.Chain(System.Math.Sinh(x.V), System.Math.Cosh(x.V));
                public static Dual Cosh(Dual x) => x.Chain(System.Math.Cosh(x.V), System.Math.Sinh(x.V));
            }
        }
        """;
}
