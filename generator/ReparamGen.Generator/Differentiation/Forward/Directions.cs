using System.Collections.Generic;
using ReparamGen.Generator.IR;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// The tangent directions one differentiated body carries. A JVP has one direction seeded by the
/// caller's tangent parameters; vector forward mode has one direction per differentiable input, seeded
/// with 1, so that every partial comes out of a single pass that shares the primal computation.
/// </summary>
internal sealed class Directions
{
    private Directions(IReadOnlyList<string> names, IReadOnlyList<HashSet<string>> seeds, bool isJvp)
    {
        Names = names;
        Seeds = seeds;
        IsJvp = isJvp;
    }

    /// <summary>Suffix of each direction in tangent names: empty for a JVP, the input's name otherwise.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The variables active at entry, per direction.</summary>
    public IReadOnlyList<HashSet<string>> Seeds { get; }

    public bool IsJvp { get; }

    public int Count => Names.Count;

    public static Directions Jvp(MethodIr method)
    {
        var seeds = new HashSet<string>();
        foreach (var p in method.Parameters)
        {
            if (p.IsDifferentiable)
            {
                seeds.Add(p.Name);
            }
        }

        return new Directions(new[] { "" }, new[] { seeds }, isJvp: true);
    }

    public static Directions PerInput(MethodIr method) => PerInput(method, _ => true);

    /// <summary>One direction per differentiable input that <paramref name="include"/> accepts.</summary>
    public static Directions PerInput(MethodIr method, System.Func<string, bool> include)
    {
        var names = new List<string>();
        var seeds = new List<HashSet<string>>();
        foreach (var p in method.Parameters)
        {
            if (p.IsDifferentiableInput && include(p.Name))
            {
                names.Add(p.Name);
                seeds.Add(new HashSet<string> { p.Name });
            }
        }

        return new Directions(names, seeds, isJvp: false);
    }
}
