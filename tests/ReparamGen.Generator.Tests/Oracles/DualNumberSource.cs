namespace ReparamGen.Generator.Tests.Oracles;

/// <summary>
/// The test-only dual-number evaluator: a struct carrying a value and its partials in two
/// directions, with the arithmetic and Math functions the random programs use. It is compiled next to
/// each random program, whose text is rewritten to run on it; it shares no code with the generator.
/// </summary>
internal static class DualNumberSource
{
    public const string Text = """
        namespace Oracle
        {
            public readonly struct Dual
            {
                public readonly double V, DA, DB;
                public Dual(double v, double da, double db) { V = v; DA = da; DB = db; }
                public static implicit operator Dual(double c) => new Dual(c, 0, 0);
                public static Dual operator +(Dual x, Dual y) => new Dual(x.V + y.V, x.DA + y.DA, x.DB + y.DB);
                public static Dual operator -(Dual x, Dual y) => new Dual(x.V - y.V, x.DA - y.DA, x.DB - y.DB);
                public static Dual operator -(Dual x) => new Dual(-x.V, -x.DA, -x.DB);
                public static Dual operator *(Dual x, Dual y) => new Dual(x.V * y.V, x.DA * y.V + x.V * y.DA, x.DB * y.V + x.V * y.DB);
                public static Dual operator /(Dual x, Dual y) => new Dual(x.V / y.V, (x.DA * y.V - x.V * y.DA) / (y.V * y.V), (x.DB * y.V - x.V * y.DB) / (y.V * y.V));
                public static bool operator >(Dual x, Dual y) => x.V > y.V;
                public static bool operator <(Dual x, Dual y) => x.V < y.V;
                public Dual Chain(double value, double derivative) => new Dual(value, derivative * DA, derivative * DB);
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
                public static Dual Max(Dual x, Dual y) => x.V >= y.V ? x : y;
            }
        }
        """;
}
