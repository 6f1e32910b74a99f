using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ReparamGen.Generator.Differentiation;
using ReparamGen.Generator.Emit;
using ReparamGen.Generator.IR;
using ReparamGen.Generator.Model;
using ReparamGen.Generator.Parsing;

namespace ReparamGen.Generator;

/// <summary>
/// The incremental pipeline: Parse (per attributed method) → Differentiate (with the compilation's
/// [TangentOf] rules) → Emit. Diagnostics are reported from their own outputs, apart from sources.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ReparamGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var ruleResults = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.TangentOf, static (node, _) => node is MethodDeclarationSyntax, static (c, ct) => TangentRuleParser.Parse(c, ct))
            .WithTrackingName(TrackingNames.ParseRules);
        context.RegisterSourceOutput(ruleResults.Select(static (r, _) => r.Diagnostics), ReportDiagnostics);
        var rules = ruleResults
            .Select(static (r, _) => r.Rule!)
            .Where(static r => r is not null)
            .Collect()
            .Select(static (rules, _) => new EquatableArray<TangentRuleInfo>(rules))
            .WithTrackingName(TrackingNames.RuleCatalog);

        RegisterMethods(context, KnownNames.Reparameterizable, MethodRole.Reparameterizable, rules);
        RegisterMethods(context, KnownNames.Differentiable, MethodRole.Differentiable, rules);
        RegisterImplicit(context, rules);

        var gumbel = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.GumbelSoftmax, static (node, _) => node is MethodDeclarationSyntax, static (c, ct) => GumbelSoftmaxParser.Parse(c, ct))
            .WithTrackingName(TrackingNames.Parse);
        context.RegisterSourceOutput(gumbel.Select(static (r, _) => r.Diagnostics).WithTrackingName(TrackingNames.ParseDiagnostics), ReportDiagnostics);
        RegisterOutputs(context, gumbel
            .Select(static (r, _) => r.Method!)
            .Where(static m => m is not null)
            .Combine(rules)
            .Select(static (pair, _) => GumbelSoftmaxMembers.Differentiate(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Differentiate));
    }

    private static void RegisterImplicit(IncrementalGeneratorInitializationContext context, IncrementalValueProvider<EquatableArray<TangentRuleInfo>> rules)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.ImplicitReparam, static (node, _) => node is MethodDeclarationSyntax, static (c, ct) => ImplicitParser.Parse(c, ct))
            .WithTrackingName(TrackingNames.Parse);
        context.RegisterSourceOutput(parsed.Select(static (r, _) => r.Diagnostics).WithTrackingName(TrackingNames.ParseDiagnostics), ReportDiagnostics);
        var differentiated = parsed
            .Select(static (r, _) => r.Method!)
            .Where(static m => m is not null)
            .Combine(rules)
            .Select(static (pair, _) => ImplicitMembers.Differentiate(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Differentiate);
        RegisterOutputs(context, differentiated);
        var multivariate = parsed
            .Select(static (r, _) => r.Multivariate!)
            .Where(static m => m is not null)
            .Select(static (m, _) => StandardizeMembers.Differentiate(m))
            .WithTrackingName(TrackingNames.Differentiate);
        RegisterOutputs(context, multivariate);
    }

    private static void RegisterMethods(IncrementalGeneratorInitializationContext context, string attribute, MethodRole role, IncrementalValueProvider<EquatableArray<TangentRuleInfo>> rules)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(attribute, static (node, _) => node is MethodDeclarationSyntax, (c, ct) => MethodParser.Parse(c, role, ct))
            .WithTrackingName(TrackingNames.Parse);
        context.RegisterSourceOutput(parsed.Select(static (r, _) => r.Diagnostics).WithTrackingName(TrackingNames.ParseDiagnostics), ReportDiagnostics);

        var differentiated = parsed
            .Select(static (r, _) => r.Method!)
            .Where(static m => m is not null)
            .Combine(rules)
            .Select(static (pair, _) => Differentiator.Differentiate(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Differentiate);
        RegisterOutputs(context, differentiated);
    }

    private static void RegisterOutputs(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<DifferentiationResult> differentiated)
    {
        context.RegisterSourceOutput(differentiated.Select(static (d, _) => d.Diagnostics).WithTrackingName(TrackingNames.DifferentiateDiagnostics), ReportDiagnostics);

        var emitted = differentiated
            .Select(static (d, _) => d.File!)
            .Where(static f => f is not null)
            .Select(static (f, _) => new EmittedSource(f.HintName, FileEmitter.Emit(f)))
            .WithTrackingName(TrackingNames.Emit);
        context.RegisterSourceOutput(emitted, static (spc, source) => spc.AddSource(source.HintName, source.Text));
    }

    private static void ReportDiagnostics(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }

    private sealed record EmittedSource(string HintName, string Text);
}

/// <summary>Names of the pipeline steps, for incrementality tests.</summary>
public static class TrackingNames
{
    public const string Parse = "Parse";
    public const string ParseDiagnostics = "ParseDiagnostics";
    public const string ParseRules = "ParseRules";
    public const string RuleCatalog = "RuleCatalog";
    public const string Differentiate = "Differentiate";
    public const string DifferentiateDiagnostics = "DifferentiateDiagnostics";
    public const string Emit = "Emit";
}
