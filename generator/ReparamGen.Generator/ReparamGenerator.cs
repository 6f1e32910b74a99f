using System;
using System.Linq;
using System.Collections.Immutable;
using System.Threading;
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
        Report(context, ruleResults.Select(static (r, _) => r.Diagnostics));
        Report(context, context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.BackwardOf, static (node, _) => node is MethodDeclarationSyntax, static (c, ct) => BackwardRuleParser.Check(c, ct))
            .WithTrackingName(TrackingNames.CheckBackwardRules));
        var rules = ruleResults
            .Select(static (r, _) => r.Rule!)
            .Where(static r => r is not null)
            .Collect()
            .Select(static (rules, _) => new EquatableArray<TangentRuleInfo>(rules))
            .WithTrackingName(TrackingNames.RuleCatalog);

        foreach (var (attribute, role) in new[] { (KnownNames.Reparameterizable, MethodRole.Reparameterizable), (KnownNames.Differentiable, MethodRole.Differentiable) })
        {
            var methods = Parse(context, attribute, (c, ct) => MethodParser.Parse(c, role, ct), static r => r.Diagnostics);
            Differentiate(context, methods.Select(static (r, _) => r.Method), rules, static (m, r) => Differentiator.Differentiate(m, r));
        }

        foreach (var attribute in new[] { KnownNames.Reparameterizable, KnownNames.Differentiable, KnownNames.ImplicitReparam, KnownNames.GumbelSoftmax })
        {
            var unsupported = context.SyntaxProvider
                .ForAttributeWithMetadataName(attribute, static (node, _) => UnsupportedTargetParser.IsCandidate(node), (c, ct) => UnsupportedTargetParser.Parse(c, attribute, ct))
                .WithTrackingName(TrackingNames.ParseUnsupportedTargets);
            Report(context, unsupported);
        }

        var samplers = Parse(context, KnownNames.ImplicitReparam, static (c, ct) => ImplicitParser.Parse(c, ct), static r => r.Diagnostics);
        Differentiate(context, samplers.Select(static (r, _) => r.Method), rules, static (m, r) => ImplicitMembers.Differentiate(m, r));
        Differentiate(context, samplers.Select(static (r, _) => r.Multivariate), rules, static (m, _) => StandardizeMembers.Differentiate(m));

        var logits = Parse(context, KnownNames.GumbelSoftmax, static (c, ct) => GumbelSoftmaxParser.Parse(c, ct), static r => r.Diagnostics);
        Differentiate(context, logits.Select(static (r, _) => r.Method), rules, static (m, r) => GumbelSoftmaxMembers.Differentiate(m, r));
    }

    /// <summary>Parse stage of one attribute; its diagnostics go to their own output.</summary>
    private static IncrementalValuesProvider<TParsed> Parse<TParsed>(
        IncrementalGeneratorInitializationContext context,
        string attribute,
        Func<GeneratorAttributeSyntaxContext, CancellationToken, TParsed> parse,
        Func<TParsed, EquatableArray<DiagnosticInfo>> diagnostics)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(attribute, static (node, _) => node is MethodDeclarationSyntax, parse)
            .WithTrackingName(TrackingNames.Parse);
        Report(context, parsed.Select((r, _) => diagnostics(r)).WithTrackingName(TrackingNames.ParseDiagnostics));
        return parsed;
    }

    /// <summary>Differentiate stage (with the compilation's [TangentOf] rules), then Emit.</summary>
    private static void Differentiate<TModel>(
        IncrementalGeneratorInitializationContext context,
        IncrementalValuesProvider<TModel?> models,
        IncrementalValueProvider<EquatableArray<TangentRuleInfo>> rules,
        Func<TModel, EquatableArray<TangentRuleInfo>, DifferentiationResult> differentiate)
        where TModel : class
    {
        var differentiated = models
            .Where(static m => m is not null)
            .Combine(rules)
            .Select((pair, _) => DeepStack.Run(DepthOf(pair.Left!), () => WithoutUserTangent(pair.Left!, differentiate(pair.Left!, pair.Right))))
            .WithTrackingName(TrackingNames.Differentiate);
        RegisterOutputs(context, differentiated);
    }

    private static int DepthOf(object model) => model switch
    {
        MethodIr method => method.ExpressionDepth,
        ImplicitIr sampler => sampler.Cdf.ExpressionDepth,
        _ => 0,
    };

    /// <summary>A user [TangentOf] rule named <c>MTangent</c> is the method's tangent: the generated one is left out.</summary>
    private static DifferentiationResult WithoutUserTangent(object model, DifferentiationResult result)
    {
        if (result.File is { } deep && DepthOf(model) > DeepStack.Threshold)
        {
            // The Emit stage sees only the file: it needs the depth to print on a deep enough stack.
            result = result with { File = deep with { ExpressionDepth = DepthOf(model) } };
        }

        if (model is not MethodIr { HasUserTangent: true } method || result.File is not { } file)
        {
            return result;
        }

        var tangent = method.Name + KnownNames.TangentSuffix;
        return result with { File = file with { Methods = file.Methods.Where(m => m.Name != tangent).ToEquatableArray() } };
    }

    private static void RegisterOutputs(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<DifferentiationResult> differentiated)
    {
        Report(context, differentiated.Select(static (d, _) => d.Diagnostics).WithTrackingName(TrackingNames.DifferentiateDiagnostics));

        var emitted = differentiated
            .Select(static (d, _) => d.File!)
            .Where(static f => f is not null)
            .Select(static (f, _) => new EmittedSource(f.HintName, DeepStack.Run(f.ExpressionDepth, () => FileEmitter.Emit(f))))
            .WithTrackingName(TrackingNames.Emit);
        context.RegisterSourceOutput(emitted, static (spc, source) => spc.AddSource(source.HintName, source.Text));
    }

    /// <summary>
    /// Reports at real source locations (a tree of the compilation, found by path), so that <c>#pragma warning</c>,
    /// <c>.editorconfig</c> severities and <c>NoWarn</c> apply as to the compiler's own diagnostics. Only this
    /// reporting node sees the compilation: the models stay plain values and their steps stay cached.
    /// </summary>
    private static void Report(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics)
        => context.RegisterSourceOutput(
            diagnostics.Combine(context.CompilationProvider),
            static (spc, pair) => ReportDiagnostics(spc, pair.Left, pair.Right));

    private static void ReportDiagnostics(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics, Compilation compilation)
    {
        foreach (var diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic(compilation));
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
    public const string CheckBackwardRules = "CheckBackwardRules";
    public const string ParseUnsupportedTargets = "ParseUnsupportedTargets";
    public const string RuleCatalog = "RuleCatalog";
    public const string Differentiate = "Differentiate";
    public const string DifferentiateDiagnostics = "DifferentiateDiagnostics";
    public const string Emit = "Emit";
}
