using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ReparamGen.Generator.Diagnostics;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Parsing;

/// <summary>
/// Parses a [GumbelSoftmax] logits method: categorical (<c>void</c>, one <c>Span&lt;double&gt;</c> or
/// <c>Span&lt;float&gt;</c> output of logits) or binary (returns one <c>double</c>/<c>float</c> logit).
/// Its body is parsed like a [Differentiable] method, since the relaxation's gradients flow through it.
/// </summary>
internal static class GumbelSoftmaxParser
{
    public static ParseResult<MethodIr> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var result = MethodParser.Parse(context, MethodRole.GumbelSoftmax, cancellationToken);
        if (result.Model is not { } method || context.TargetNode is not MethodDeclarationSyntax syntax)
        {
            return result;
        }

        var problem = Problem(method);
        if (problem is null)
        {
            return result;
        }

        var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InvalidGumbelSoftmaxTarget, LocationInfo.From(syntax.Identifier.GetLocation()), method.Name, problem);
        return result with { Model = null, Diagnostics = result.Diagnostics.AsImmutableArray().Add(diagnostic).ToEquatableArray() };
    }

    private static string? Problem(MethodIr method)
    {
        var outputs = method.Parameters.Where(p => p.Type.Shape == ShapeKind.Span).ToList();
        var scalarInputsOnly = method.Parameters.All(p => p.Type.Shape == ShapeKind.Span || !p.Type.IsFloating || (p.Type.IsFloatingScalar && p.Kind == ArgumentKind.Value));
        if (method.ReturnType.IsFloatingScalar)
        {
            return outputs.Count == 0 && scalarInputsOnly ? null : "a binary logits method returns its logit and takes scalar parameters only";
        }

        if (method.ReturnType.Element != ScalarKind.Void || outputs.Count != 1 || !outputs[0].Type.IsFloating)
        {
            return "return one double or float logit (binary), or write categorical logits to exactly one Span<double> or Span<float> parameter (and return void)";
        }

        return method.Parameters.Any(p => p.Kind == ArgumentKind.Out) ? "out parameters are not supported on a logits method" : null;
    }
}
