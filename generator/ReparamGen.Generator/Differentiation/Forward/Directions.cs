using System.Collections.Generic;
using System.Linq;
using ReparamGen.Generator.IR;

namespace ReparamGen.Generator.Differentiation;

/// <summary>
/// The input a vector-mode direction is seeded at: a scalar parameter (<see cref="Leaf"/> null), or one floating
/// leaf of a struct parameter (<c>p.Mu</c>, <c>p.Inner.X</c>).
/// </summary>
internal sealed record DirectionInput(string Parameter, StructLeaf? Leaf);

/// <summary>
/// The tangent directions one differentiated body carries. A JVP has one direction seeded by the
/// caller's tangent parameters; vector forward mode has one direction per differentiable input, seeded
/// with 1, so that every partial comes out of a single pass that shares the primal computation. A struct
/// input gives one direction per floating leaf.
/// </summary>
internal sealed class Directions
{
    private Directions(IReadOnlyList<string> names, IReadOnlyList<HashSet<string>> seeds, IReadOnlyList<DirectionInput?> inputs, bool isJvp)
    {
        Names = names;
        Seeds = seeds;
        Inputs = inputs;
        IsJvp = isJvp;
    }

    /// <summary>Suffix of each direction in tangent names: empty for a JVP, the input's name otherwise.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The variables active at entry, per direction.</summary>
    public IReadOnlyList<HashSet<string>> Seeds { get; }

    /// <summary>Per direction, the input seeded with 1 (null for a JVP).</summary>
    public IReadOnlyList<DirectionInput?> Inputs { get; }

    public bool IsJvp { get; }

    public int Count => Names.Count;

    /// <summary>Whether direction <paramref name="j"/> is seeded at the scalar parameter <paramref name="parameter"/>.</summary>
    public bool IsSeededAt(int j, string parameter) => Inputs[j] is { Leaf: null } input && input.Parameter == parameter;

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

        return new Directions(new[] { "" }, new[] { seeds }, new DirectionInput?[] { null }, isJvp: true);
    }

    public static Directions PerInput(MethodIr method) => PerInput(method, _ => true);

    /// <summary>One direction per differentiable input that <paramref name="include"/> accepts (per leaf for a struct).</summary>
    public static Directions PerInput(MethodIr method, System.Func<string, bool> include)
    {
        var names = new List<string>();
        var seeds = new List<HashSet<string>>();
        var inputs = new List<DirectionInput?>();
        var taken = new HashSet<string>(method.Parameters.Where(p => !p.IsDifferentiableStruct).Select(p => p.Name));
        foreach (var p in method.Parameters)
        {
            if (!p.IsDifferentiableInput || !include(p.Name))
            {
                continue;
            }

            if (!p.IsDifferentiableStruct)
            {
                names.Add(p.Name);
                seeds.Add(new HashSet<string> { p.Name });
                inputs.Add(new DirectionInput(p.Name, null));
                continue;
            }

            foreach (var leaf in p.Type.Leaves())
            {
                // dY_dPMu: the parameter's name and the leaf's path, unique among the directions and parameters.
                var name = p.Name + string.Concat(leaf.Path.Select(NameScope.Pascal));
                while (!taken.Add(name))
                {
                    name += "_";
                }

                names.Add(name);
                seeds.Add(new HashSet<string> { p.Name });
                inputs.Add(new DirectionInput(p.Name, leaf));
            }
        }

        return new Directions(names, seeds, inputs, isJvp: false);
    }
}
