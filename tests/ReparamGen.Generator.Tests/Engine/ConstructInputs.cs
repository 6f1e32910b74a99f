namespace ReparamGen.Generator.Tests.Engine;

/// <summary>
/// One small program per construct of the supported language (docs/diagnostics.md, RPG0003). Each defines
/// <c>Demo.Constructs.F(double a, double b, [Noise] double eps, int n)</c>, differentiated in a and b.
/// </summary>
internal static class ConstructInputs
{
    private const string Header = """
        using System;
        using ReparamGen;

        namespace Demo;

        public static partial class Constructs
        {

        """;

    private const string Footer = "\n}\n";

    public static readonly (string Name, string Body)[] Cases =
    {
        ("ExpressionBody", """
            [Reparameterizable]
            public static double F(double a, double b, [Noise] double eps, int n) => Math.Exp(a) * b - a / (b + eps);
            """),
        ("LocalsAndCompoundAssignment", """
            [Reparameterizable]
            public static double F(double a, double b, [Noise] double eps, int n)
            {
                var x = a;
                x += b;
                x *= a;
                x -= eps;
                x /= b;
                double y = x * x, z = 2;
                z -= y;
                return x + z;
            }
            """),
        ("IfElse", """
            [Reparameterizable]
            public static double F(double a, double b, [Noise] double eps, int n)
            {
                double x;
                if (a > b)
                {
                    x = a * a;
                }
                else if (a < 0)
                {
                    x = -a * b;
                }
                else
                {
                    x = Math.Sin(a) + eps;
                }

                return x * b;
            }
            """),
        ("ConditionalOperator", """
            [Reparameterizable]
            public static double F(double a, double b, [Noise] double eps, int n)
                => (a > 0.5 ? Math.Log(a) * b : b / a) + (n > 2 ? Math.Sqrt(b) : a);
            """),
        ("Switch", """
            [Reparameterizable]
            public static double F(double a, double b, [Noise] double eps, int n)
            {
                var w = a;
                switch (n)
                {
                    case 1:
                        w += b;
                        break;
                    case 2:
                    case 3:
                        w *= b;
                        break;
                    default:
                        w = w / (b + eps);
                        break;
                }

                return w;
            }
            """),
        ("ForLoopWithBreakAndContinue", """
            [Reparameterizable]
            public static double F(double a, double b, [Noise] double eps, int n)
            {
                var s = 0.0;
                for (int i = 0; i < 12; i++)
                {
                    if (i == 3)
                    {
                        continue;
                    }

                    s += Math.Pow(a, i) / (i + b);
                    if (s > 1e6)
                    {
                        break;
                    }
                }

                return s;
            }
            """),
        ("WhileAndDoWhileWithCounters", """
            [Reparameterizable]
            public static double F(double a, double b, [Noise] double eps, int n)
            {
                var x = b;
                var k = 0;
                while (k < n)
                {
                    x = x * a + 1;
                    k++;
                }

                do
                {
                    x = Math.Sqrt(x * x + b);
                    k--;
                }
                while (k > 0);

                return x;
            }
            """),
        ("EarlyReturnAndThrow", """
            [Reparameterizable]
            public static double F(double a, double b, [Noise] double eps, int n)
            {
                if (b <= 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(b));
                }

                if (a < -10)
                {
                    return b;
                }

                var y = Math.Tanh(a) * b;
                if (n == 7)
                {
                    return y * y;
                }

                return y + a;
            }
            """),
        ("LocalConstants", """
            [Reparameterizable]
            public static double F(double a, double b, [Noise] double eps, int n)
            {
                const double Half = 0.5;
                const int Steps = 3;
                return Half * a * a * Steps + b * Math.PI;
            }
            """),
        ("CallsAndRecursion", """
            [Differentiable]
            public static double Power(double x, int k) => k == 0 ? 1.0 : x * Power(x, k - 1);

            [Differentiable]
            public static double Softplus(double x) => x > 30 ? x : Math.Log(1 + Math.Exp(x));

            [Reparameterizable]
            public static double F(double a, double b, [Noise] double eps, int n) => Power(a, n) + Softplus(a * b + eps);
            """),
        ("OutArguments", """
            [Differentiable]
            public static void Polar(double r, double theta, out double x, out double y)
            {
                x = r * Math.Cos(theta);
                y = r * Math.Sin(theta);
            }

            [Reparameterizable]
            public static double F(double a, double b, [Noise] double eps, int n)
            {
                Polar(a, b, out var x, out double y);
                return x * y + eps;
            }
            """),
        ("SpanIndexingAndStackalloc", """
            [Differentiable]
            public static void Powers(double x, Span<double> powers)
            {
                powers[0] = 1;
                for (int i = 1; i < powers.Length; i++)
                {
                    powers[i] = powers[i - 1] * x;
                }
            }

            [Reparameterizable]
            public static double F(double a, double b, [Noise] double eps, int n)
            {
                Span<double> p = stackalloc double[4];
                Powers(a, p);
                var s = 0.0;
                for (int i = 0; i < p.Length; i++)
                {
                    s += p[i] * b;
                }

                return s;
            }
            """),
        ("MathIntrinsics", """
            [Reparameterizable]
            public static double F(double a, double b, [Noise] double eps, int n)
                => Math.Atan2(a, b) + Math.Max(a, b) * Math.Abs(a - 2) + Math.Cbrt(b) + Math.Pow(b, a) + Math.Cosh(a) / Math.Exp(b)
                   + Math.Min(a * b, 0.5) + Math.Log10(b) + Math.Atan(a) + Math.Tan(a / 4) + Math.FusedMultiplyAdd(a, b, eps);
            """),
    };

    public static string Source(string body) => Header + Indent(body) + Footer;

    private static string Indent(string body) => "    " + body.Replace("\n", "\n    ");
}
