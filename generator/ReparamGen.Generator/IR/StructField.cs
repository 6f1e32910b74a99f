using ReparamGen.Generator.Model;

namespace ReparamGen.Generator.IR;

/// <summary>
/// One floating member of a differentiated struct: a double or float field (or auto-property, as positional records
/// declare them), or a nested struct that has such members. <see cref="Name"/> is what C# code writes after the dot
/// (<c>p.Mu</c>, <c>p with { Mu = … }</c>); members of other types are constants and are not listed.
/// </summary>
internal sealed record StructField(string Name, IrType Type);

/// <summary>A path from a struct value to one of its floating scalar leaves (<c>Inner.X</c>), outermost first.</summary>
internal sealed record StructLeaf(EquatableArray<string> Path, IrType Type);
