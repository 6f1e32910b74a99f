using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// The parameters of a reverse-mode <c>MBackward</c>, shared by its two implementations (reverse sweep, or forward
/// mode where the body is not reversible): the primal parameters; <c>seed</c> for a floating result; a seed per
/// floating output; an accumulator per differentiated input; and the length checks of the span ones.
/// </summary>
internal sealed record BackwardSignature(
    List<GeneratedParameter> Parameters,
    LocalExpr? Seed,
    Dictionary<string, LocalExpr> OutputSeeds,
    Dictionary<string, LocalExpr> Accumulators,
    List<Stmt> Checks)
{
    public static BackwardSignature Of(MethodIr method, NameScope names)
    {
        var parameters = method.Parameters.Select(p => new GeneratedParameter(p.Name, p.Type, p.Kind, "Argument, as for " + method.Name + ".")).ToList();
        var checks = new List<Stmt>();
        LocalExpr? seed = null;
        if (method.ReturnType.IsFloatingScalar)
        {
            seed = new LocalExpr(names.Fresh("seed"), method.ReturnType);
            parameters.Add(new GeneratedParameter(seed.Name, seed.Type, ArgumentKind.Value, "Upstream derivative ∂L/∂" + method.Name + " (1 for the plain gradient)."));
        }

        var outputSeeds = new Dictionary<string, LocalExpr>();
        foreach (var p in method.Parameters.Where(p => p.IsFloatingOutput && !p.IsNoise))
        {
            if (p.Type.Shape == ShapeKind.Scalar)
            {
                var outputSeed = new LocalExpr(names.Fresh("seed" + NameScope.Pascal(p.Name)), p.Type);
                parameters.Add(new GeneratedParameter(outputSeed.Name, outputSeed.Type, ArgumentKind.Value, "Upstream derivative ∂L/∂" + p.Name + "."));
                outputSeeds[p.Name] = outputSeed;
            }
            else
            {
                var outputSeed = new LocalExpr(names.Fresh("seed" + NameScope.Pascal(p.Name)), p.Type.ElementType.AsReadOnlySpan());
                parameters.Add(new GeneratedParameter(outputSeed.Name, outputSeed.Type, ArgumentKind.Value, "Upstream derivatives ∂L/∂" + p.Name + "[i], one per element of " + p.Name + "."));
                checks.Add(LengthCheck(outputSeed, new LocalExpr(p.Name, p.Type)));
                outputSeeds[p.Name] = outputSeed;
            }
        }

        var accumulators = new Dictionary<string, LocalExpr>();
        foreach (var p in method.Parameters.Where(p => p.IsDifferentiableInput))
        {
            var scalar = p.Type.Shape == ShapeKind.Scalar;
            var accumulator = new LocalExpr(names.Fresh("grad" + NameScope.Pascal(p.Name)), scalar ? p.Type : p.Type.ElementType.AsSpan());
            parameters.Add(new GeneratedParameter(accumulator.Name, accumulator.Type, scalar ? ArgumentKind.Ref : ArgumentKind.Value,
                scalar
                    ? "Accumulates seed·∂" + method.Name + "/∂" + p.Name + "."
                    : "Accumulates seed·∂" + method.Name + "/∂" + p.Name + "[i] (same length as " + p.Name + "; must not overlap the inputs)."));
            if (!scalar)
            {
                checks.Add(LengthCheck(accumulator, new LocalExpr(p.Name, p.Type)));
            }

            accumulators[p.Name] = accumulator;
        }

        return new BackwardSignature(parameters, seed, outputSeeds, accumulators, checks);
    }

    /// <summary>Throws <c>ArgumentException</c> naming <paramref name="span"/> when its length differs from <paramref name="of"/>'s.</summary>
    public static Stmt LengthCheck(LocalExpr span, LocalExpr of)
        => Ir.ThrowArgumentIf(
            new BinaryExpr(BinaryOp.NotEquals, Ir.Length(span), Ir.Length(of), IrType.Bool),
            "Length of '" + span.Name + "' must equal the length of '" + of.Name + "'.",
            span.Name);
}
