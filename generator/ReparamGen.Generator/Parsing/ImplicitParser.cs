using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ReparamGen.Generator.Diagnostics;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.Parsing;

/// <summary>
/// Parses an [ImplicitReparam] sampler: checks the sampler's signature, finds the CDF (or log-CDF) and
/// density it names in the same type, checks they take <c>(z, λ…)</c> with the sampler's differentiable
/// parameters by name, and parses the CDF's body for forward mode. Problems are RPG0006 at the attribute.
/// </summary>
internal static class ImplicitParser
{
    public static ParseResult<ImplicitModel> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        => context.TargetSymbol is IMethodSymbol sampler
            ? ParseSampler(context, cancellationToken) with { MethodKey = GeneratedCallee.KeyOf(sampler) }
            : ParseResult<ImplicitModel>.Nothing;

    private static ParseResult<ImplicitModel> ParseSampler(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol sampler || context.TargetNode is not MethodDeclarationSyntax syntax)
        {
            return ParseResult<ImplicitModel>.Nothing;
        }

        if (MethodParser.ConflictingAttribute(context, sampler, cancellationToken) is { } conflict)
        {
            return new ParseResult<ImplicitModel>(null, EquatableArray.Create(conflict));
        }

        var attribute = context.Attributes[0];
        var location = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken)) ?? LocationInfo.From(syntax.Identifier.GetLocation());
        var diagnostics = new List<DiagnosticInfo>();
        ParseResult<ImplicitModel> Fail(string reason)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidImplicitReparamTarget, location, sampler.Name, reason));
            return new ParseResult<ImplicitModel>(null, diagnostics.ToEquatableArray());
        }

        var samplerResult = MethodParser.ParseMethod(sampler, syntax, context.SemanticModel, MethodRole.ImplicitReparam, parseBody: false, cancellationToken);
        diagnostics.AddRange(samplerResult.Diagnostics);
        if (samplerResult.Model is not { } samplerIr)
        {
            return new ParseResult<ImplicitModel>(null, diagnostics.ToEquatableArray());
        }

        var cdfName = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
        string? Named(string property) => attribute.NamedArguments.FirstOrDefault(a => a.Key == property).Value.Value as string;
        var logCdfName = Named("LogCdf");
        var pdfName = Named("Pdf");
        var logPdfName = Named("LogPdf");
        if (Named("Standardize") is { } standardizeName)
        {
            return ParseStandardize(sampler, samplerIr, standardizeName, cdfName ?? Named("LogCdf"), diagnostics, Fail);
        }

        if ((cdfName is null) == (logCdfName is null))
        {
            return Fail("name exactly one of a CDF (the constructor argument) or 'LogCdf'");
        }

        if (cdfName is not null && logPdfName is not null)
        {
            return Fail("'LogPdf' goes with 'LogCdf'; with a CDF give 'Pdf'");
        }

        if (logCdfName is not null && pdfName is not null)
        {
            return Fail("'Pdf' goes with a CDF; with 'LogCdf' give 'LogPdf'");
        }

        if (!samplerIr.ReturnType.IsFloatingScalar)
        {
            return Fail("an implicit sampler returns its sample as double or float");
        }

        var lambda = samplerIr.Parameters.Where(p => p.IsDifferentiableInput).ToList();
        if (lambda.Count == 0 || samplerIr.Parameters.Any(p => p.IsDifferentiable && !p.IsDifferentiableInput))
        {
            return Fail("the sampler needs double or float parameters to differentiate, and no floating outputs");
        }

        var functionName = (cdfName ?? logCdfName)!;
        var cdf = FindCompanion(sampler, functionName, samplerIr, lambda, out var cdfProblem);
        if (cdf is null)
        {
            return Fail(cdfProblem!);
        }

        var densityName = pdfName ?? logPdfName;
        MethodRef? densityCode = null;
        if (densityName is not null)
        {
            var density = FindCompanion(sampler, densityName, samplerIr, lambda, out var densityProblem);
            if (density is null)
            {
                return Fail(densityProblem!);
            }

            if (!density.Parameters.Select(p => p.Name).Skip(1).SequenceEqual(cdf.Parameters.Select(p => p.Name).Skip(1)))
            {
                return Fail("'" + densityName + "' must take the same parameters as '" + functionName + "', in the same order");
            }

            densityCode = new MethodRef(samplerIr.ContainingTypeCode, density.Name);
        }

        var cdfSyntax = cdf.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault();
        if (cdfSyntax is null)
        {
            return Fail("'" + functionName + "' must be declared in source so that its body can be differentiated");
        }

        var model = cdfSyntax.SyntaxTree == syntax.SyntaxTree ? context.SemanticModel : context.SemanticModel.Compilation.GetSemanticModel(cdfSyntax.SyntaxTree);
        var cdfResult = MethodParser.ParseMethod(cdf, cdfSyntax, model, MethodRole.Differentiable, parseBody: true, cancellationToken);
        diagnostics.AddRange(cdfResult.Diagnostics);
        if (cdfResult.Model is null)
        {
            return new ParseResult<ImplicitModel>(null, diagnostics.ToEquatableArray());
        }

        var source = densityName is null ? DensitySource.FromCdf : pdfName is not null ? DensitySource.Pdf : DensitySource.LogPdf;
        return new ParseResult<ImplicitModel>(new ImplicitIr(samplerIr, cdfResult.Model, source, densityCode), diagnostics.ToEquatableArray());
    }

    private static ParseResult<ImplicitModel> ParseStandardize(IMethodSymbol sampler, MethodIr samplerIr, string name, string? cdfAlso, List<DiagnosticInfo> diagnostics, System.Func<string, ParseResult<ImplicitModel>> fail)
    {
        if (cdfAlso is not null)
        {
            return fail("give either a CDF or 'Standardize', not both");
        }

        var outputs = samplerIr.Parameters.Where(p => p.Type.Shape == ShapeKind.Span && p.Type.Element == ScalarKind.Double).ToList();
        var lambda = samplerIr.Parameters.Where(p => p.IsDifferentiableInput).ToList();
        if (samplerIr.ReturnType.Element != ScalarKind.Void || outputs.Count != 1 || lambda.Count == 0 || samplerIr.Parameters.Any(p => p.IsFloatingOutput && p != outputs[0]))
        {
            return fail("a multivariate sampler returns void, writes its sample to one Span<double> parameter, and has double or span parameters to differentiate");
        }

        var expected = "[Differentiable] static void " + name + "(ReadOnlySpan<double> z, " + string.Join(", ", lambda.Select(p => p.Type.Code.Replace("global::System.", "") + " " + p.Name)) + ", Span<double> eps)";
        var standardize = sampler.ContainingType.GetMembers(name).OfType<IMethodSymbol>().FirstOrDefault();
        if (standardize is null)
        {
            return fail("no method named '" + name + "' in '" + sampler.ContainingType.Name + "'");
        }

        var parameters = standardize.Parameters.Select(p => (p.Name, Type: TypeMapper.Map(p.Type))).ToList();
        var fits = standardize.IsStatic && standardize.ReturnsVoid && parameters.Count == lambda.Count + 2
            && parameters[0].Type.Shape == ShapeKind.ReadOnlySpan && parameters[0].Type.Element == ScalarKind.Double
            && parameters[parameters.Count - 1].Type.Shape == ShapeKind.Span && parameters[parameters.Count - 1].Type.Element == ScalarKind.Double
            && lambda.Select((p, i) => p.Name == parameters[i + 1].Name && Equals(p.Type, parameters[i + 1].Type)).All(ok => ok);
        if (!fits)
        {
            return fail("'" + name + "' has the wrong signature; expected " + expected);
        }

        if (!CallResolver.HasAttribute(standardize, KnownNames.Differentiable))
        {
            return fail("mark '" + name + "' [Differentiable]: its tangent gives ∇z S and ∇λ S");
        }

        var tangent = new MethodRef(samplerIr.ContainingTypeCode, name + KnownNames.TangentSuffix);
        return new ParseResult<ImplicitModel>(new StandardizeIr(samplerIr, tangent, outputs[0].Name) { StandardizeKey = GeneratedCallee.KeyOf(standardize), StandardizeName = name }, diagnostics.ToEquatableArray());
    }

    /// <summary>A static method <c>double F(double z, λ…)</c> in the sampler's type whose λ match the sampler's by name and type.</summary>
    private static IMethodSymbol? FindCompanion(IMethodSymbol sampler, string name, MethodIr samplerIr, List<ParameterIr> lambda, out string? problem)
    {
        var candidates = sampler.ContainingType.GetMembers(name).OfType<IMethodSymbol>().ToList();
        if (candidates.Count == 0)
        {
            problem = "no method named '" + name + "' in '" + sampler.ContainingType.Name + "'";
            return null;
        }

        var expected = "static " + samplerIr.ReturnType.Code + " " + name + "(" + samplerIr.ReturnType.Code + " z, "
            + string.Join(", ", lambda.Select(p => p.Type.Code + " " + p.Name)) + ")";
        foreach (var candidate in candidates)
        {
            if (!candidate.IsStatic || !Equals(TypeMapper.Map(candidate.ReturnType), samplerIr.ReturnType) || candidate.Parameters.Length != lambda.Count + 1)
            {
                continue;
            }

            if (!Equals(TypeMapper.Map(candidate.Parameters[0].Type), samplerIr.ReturnType))
            {
                continue;
            }

            var rest = candidate.Parameters.Skip(1).ToList();
            if (rest.All(p => lambda.Any(l => l.Name == p.Name && Equals(l.Type, TypeMapper.Map(p.Type)))))
            {
                problem = null;
                return candidate;
            }

            problem = "the parameters of '" + name + "' after the sample must be the sampler's differentiable parameters by name; expected " + expected;
            return null;
        }

        problem = "'" + name + "' has the wrong signature; expected " + expected;
        return null;
    }
}
