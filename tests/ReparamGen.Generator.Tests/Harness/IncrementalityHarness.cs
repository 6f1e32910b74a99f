using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Sdk;

namespace ReparamGen.Generator.Tests.Harness;

/// <summary>
/// Checks that the generator's pipeline caches: after a first run, running the same driver on a
/// cloned compilation, after adding an unrelated file and after editing that file must leave every step
/// named in <see cref="TrackingNames"/> <c>Cached</c> or <c>Unchanged</c>; and the models flowing through
/// the steps must hold no symbols, syntax, locations, semantic models or compilations (they would pin a
/// compilation in memory and make every comparison fail), checked by walking their object graphs.
/// </summary>
public static class IncrementalityHarness
{
    /// <summary>Every tracking name the generator declares (the public constants of <see cref="TrackingNames"/>).</summary>
    public static IReadOnlyList<string> AllTrackingNames { get; } = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    private static readonly Type[] ForbiddenTypes =
    {
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(SemanticModel), typeof(Compilation),
    };

    /// <summary>
    /// Runs the driver on <paramref name="sources"/> and then on three unchanged-for-the-generator
    /// compilations; fails unless every tracked step stays cached and the models are clean. Every name in
    /// <paramref name="requiredSteps"/> (default: all of <see cref="TrackingNames"/>) must have been tracked,
    /// so that the input really exercises those steps.
    /// </summary>
    public static void AssertCachedAndClean(IEnumerable<string>? requiredSteps, params string[] sources)
    {
        var compilation = GeneratorHarness.CreateCompilation(sources);
        var first = GeneratorHarness.Run(compilation);
        GeneratorHarness.AssertGeneratorDidNotThrow(first);
        AssertTracked(first.Result, requiredSteps ?? AllTrackingNames);
        AssertModelsClean(first.Result);

        var edits = new (string What, CSharpCompilation Compilation)[]
        {
            ("a cloned compilation", compilation.Clone()),
            ("an added unrelated file", compilation.AddSyntaxTrees(UnrelatedTree(1))),
        };

        var driver = first.Driver;
        foreach (var (what, edited) in edits)
        {
            driver = driver.RunGenerators(edited);
            AssertAllCached(driver.GetRunResult(), "after running again on " + what);
        }

        // Change the unrelated file (the last compilation above holds it).
        var withFile = edits[^1].Compilation;
        var changed = withFile.ReplaceSyntaxTree(withFile.SyntaxTrees.Last(), UnrelatedTree(2));
        driver = driver.RunGenerators(changed);
        AssertAllCached(driver.GetRunResult(), "after editing an unrelated file");
    }

    /// <summary>Fails unless each step in <paramref name="stepNames"/> was tracked in <paramref name="result"/>.</summary>
    public static void AssertTracked(GeneratorDriverRunResult result, IEnumerable<string> stepNames)
    {
        var tracked = result.Results.SelectMany(r => r.TrackedSteps.Keys).ToHashSet(StringComparer.Ordinal);
        var missing = stepNames.Where(n => !tracked.Contains(n)).ToList();
        if (missing.Count > 0)
        {
            throw new XunitException("Steps never tracked (the input does not exercise them): " + string.Join(", ", missing)
                + "\nTracked: " + string.Join(", ", tracked.OrderBy(n => n, StringComparer.Ordinal)));
        }
    }

    /// <summary>Fails when any output of a step named in <see cref="TrackingNames"/> is New, Modified or Removed.</summary>
    public static void AssertAllCached(GeneratorDriverRunResult result, string when)
    {
        var bad = new List<string>();
        foreach (var (name, steps) in NamedSteps(result))
        {
            foreach (var step in steps)
            {
                foreach (var (value, reason) in step.Outputs)
                {
                    if (reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
                    {
                        bad.Add($"  {name}: {reason} ({Describe(value)})");
                    }
                }
            }
        }

        if (bad.Count > 0)
        {
            throw new XunitException($"Steps not cached {when}:\n" + string.Join("\n", bad));
        }
    }

    /// <summary>Walks every output of every named step; fails on a forbidden Roslyn object anywhere in the graph.</summary>
    public static void AssertModelsClean(GeneratorDriverRunResult result)
    {
        foreach (var (name, steps) in NamedSteps(result))
        {
            foreach (var step in steps)
            {
                foreach (var (value, _) in step.Outputs)
                {
                    var path = FindForbidden(value, name);
                    if (path is not null)
                    {
                        throw new XunitException($"The pipeline model of step '{name}' holds a Roslyn object that defeats caching: {path}");
                    }
                }
            }
        }
    }

    /// <summary>
    /// The access path to the first <see cref="ISymbol"/>, <see cref="SyntaxNode"/>, <see cref="SyntaxTree"/>,
    /// <see cref="Location"/>, <see cref="SemanticModel"/> or <see cref="Compilation"/> reachable from
    /// <paramref name="root"/> through fields (including backing fields of records, array elements, and the
    /// arrays inside ImmutableArray and EquatableArray), or null when there is none.
    /// </summary>
    public static string? FindForbidden(object? root, string rootName = "value")
    {
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance) /* records override Equals */;
        var stack = new Stack<(object Value, string Path)>();
        if (root is not null)
        {
            stack.Push((root, rootName));
        }

        while (stack.Count > 0)
        {
            var (value, path) = stack.Pop();
            var type = value.GetType();
            if (ForbiddenTypes.Any(t => t.IsAssignableFrom(type)))
            {
                return $"{path} is a {type.FullName}";
            }

            if (IsLeaf(type) || (!type.IsValueType && !visited.Add(value)))
            {
                continue;
            }

            if (value is Array array)
            {
                var i = 0;
                foreach (var element in array)
                {
                    if (element is not null)
                    {
                        stack.Push((element, $"{path}[{i}]"));
                    }

                    i++;
                }

                continue;
            }

            for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType)
            {
                foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (field.FieldType.IsPointer || field.FieldType.IsByRefLike)
                    {
                        continue;
                    }

                    var child = field.GetValue(value);
                    if (child is not null)
                    {
                        stack.Push((child, IsArrayWrapper(type) ? path : path + "." + FieldName(field)));
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Values with nothing inside to check: primitives, strings, enums, reflection and delegates, and
    /// <see cref="DiagnosticDescriptor"/> (a static, immutable description shared by every run).
    /// </summary>
    private static bool IsLeaf(Type type)
        => type.IsPrimitive || type.IsEnum || type.IsPointer
           || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime) || type == typeof(Guid)
           || typeof(MemberInfo).IsAssignableFrom(type) || typeof(Delegate).IsAssignableFrom(type)
           || typeof(DiagnosticDescriptor).IsAssignableFrom(type);

    private static IEnumerable<(string Name, IReadOnlyList<IncrementalGeneratorRunStep> Steps)> NamedSteps(GeneratorDriverRunResult result)
    {
        var names = AllTrackingNames.ToHashSet(StringComparer.Ordinal);
        foreach (var generator in result.Results)
        {
            foreach (var (name, steps) in generator.TrackedSteps)
            {
                if (names.Contains(name))
                {
                    yield return (name, steps);
                }
            }
        }
    }

    private static bool IsArrayWrapper(Type type)
        => type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(ImmutableArray<>) || type.GetGenericTypeDefinition().Name == "EquatableArray`1");

    /// <summary>A record's <c>&lt;Name&gt;k__BackingField</c> as <c>Name</c>; the array inside ImmutableArray and EquatableArray skipped.</summary>
    private static string FieldName(FieldInfo field)
    {
        var name = field.Name;
        if (name.StartsWith('<') && name.EndsWith(">k__BackingField", StringComparison.Ordinal))
        {
            return name[1..name.IndexOf('>', StringComparison.Ordinal)];
        }

        return name;
    }

    private static string Describe(object? value)
    {
        var text = value?.ToString() ?? "null";
        return text.Length <= 200 ? text : text[..200] + "…";
    }

    private static SyntaxTree UnrelatedTree(int version)
        => GeneratorHarness.ParseTree(
            $$"""
            namespace Unrelated;

            internal static class Edited
            {
                public static int Version() => {{version}};
            }
            """,
            "Unrelated.cs");
}
