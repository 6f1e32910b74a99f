using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Xunit.Sdk;

namespace ReparamGen.Generator.Tests.Harness;

/// <summary>
/// Runs generated code: emits a run's output compilation (user sources + generated files) to memory and
/// loads it into a collectible <see cref="AssemblyLoadContext"/>, unloaded on <see cref="Dispose"/>.
/// References other than the emitted assembly (the ReparamGen runtime, the BCL) resolve to the test
/// process's own copies through the default context.
/// </summary>
/// <remarks>
/// Reflection cannot pass spans (ref structs): to run a span overload, put a small array-taking wrapper
/// that calls it into the test's source and invoke the wrapper.
/// </remarks>
public sealed class LoadedAssembly : IDisposable
{
    private readonly AssemblyLoadContext context;

    internal LoadedAssembly(AssemblyLoadContext context, Assembly assembly)
    {
        this.context = context;
        Assembly = assembly;
    }

    public Assembly Assembly { get; }

    /// <summary>The type with the given full name (e.g. <c>Demo.Samplers</c>, nested types as <c>Outer+Inner</c>).</summary>
    public Type Type(string fullName)
        => Assembly.GetType(fullName, throwOnError: false)
           ?? throw new XunitException($"Type '{fullName}' not found. Types: " + string.Join(", ", Assembly.GetTypes().Select(t => t.FullName)));

    /// <summary>
    /// The static method <paramref name="name"/> of <paramref name="typeName"/> with
    /// <paramref name="parameterCount"/> parameters, or exactly these <paramref name="parameterTypes"/>
    /// when given (use <c>typeof(double).MakeByRefType()</c> for <c>out double</c>).
    /// </summary>
    public MethodInfo Method(string typeName, string name, int parameterCount, params Type[] parameterTypes)
    {
        const BindingFlags Flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
        var candidates = Type(typeName).GetMethods(Flags)
            .Where(m => m.Name == name && m.GetParameters().Length == parameterCount)
            .Where(m => parameterTypes.Length == 0 || m.GetParameters().Select(p => p.ParameterType).SequenceEqual(parameterTypes))
            .ToList();
        return candidates.Count == 1
            ? candidates[0]
            : throw new XunitException($"Expected one static method {typeName}.{name} with {parameterCount} parameters, found {candidates.Count}. Pass the parameter types.");
    }

    /// <summary>Calls a static method chosen by its argument count; returns its result.</summary>
    public object? Invoke(string typeName, string name, params object?[] arguments)
        => Call(Method(typeName, name, arguments.Length), arguments).Result;

    /// <summary>
    /// Calls <paramref name="method"/>; <see cref="Invocation.Arguments"/> holds the arguments after the
    /// call, so <c>out</c> and <c>ref</c> parameters can be read from it (pass null for an <c>out</c>).
    /// Exceptions thrown by the method are rethrown as they are (not as TargetInvocationException).
    /// </summary>
    public static Invocation Call(MethodInfo method, params object?[] arguments)
    {
        var args = (object?[])arguments.Clone();
        try
        {
            var result = method.Invoke(null, args);
            return new Invocation(result, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>Calls a static method chosen by its argument count and returns the result and the arguments after the call.</summary>
    public Invocation CallStatic(string typeName, string name, params object?[] arguments)
        => Call(Method(typeName, name, arguments.Length), arguments);

    /// <summary>Reads a property of a returned value, e.g. <c>DMu</c> of a generated gradient record struct.</summary>
    public static T Property<T>(object? instance, string name)
    {
        if (instance is null)
        {
            throw new XunitException($"Cannot read '{name}' of null.");
        }

        var property = instance.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new XunitException($"'{instance.GetType().FullName}' has no public property '{name}'. Properties: "
                + string.Join(", ", instance.GetType().GetProperties().Select(p => p.Name)));
        return (T)property.GetValue(instance)!;
    }

    public void Dispose() => context.Unload();

    /// <summary>A method's return value and its argument array after the call.</summary>
    public sealed record Invocation(object? Result, object?[] Arguments)
    {
        public T Out<T>(int index) => (T)Arguments[index]!;
    }
}

/// <summary>Compiles a <see cref="GeneratorRun"/>'s output and loads it (see <see cref="LoadedAssembly"/>).</summary>
public static class ExecutionHarness
{
    /// <summary>Emits <paramref name="run"/>'s output compilation; fails with the diagnostics when it does not compile.</summary>
    public static LoadedAssembly Load(GeneratorRun run) => Load(run, Array.Empty<byte[]>());

    /// <summary>
    /// Emits and loads <paramref name="run"/>'s output together with <paramref name="dependencies"/> (images from
    /// <see cref="Emit"/> of other runs that the output references): all go into one collectible context, which
    /// resolves references between them by assembly name.
    /// </summary>
    public static LoadedAssembly Load(GeneratorRun run, params byte[][] dependencies)
    {
        var image = Emit(run);
        var context = new DependencyContext(dependencies);
        return new LoadedAssembly(context, context.LoadFromStream(new MemoryStream(image)));
    }

    /// <summary>The output compilation as an assembly image (to reference from another compilation, or to load).</summary>
    public static byte[] Emit(GeneratorRun run)
    {
        GeneratorHarness.AssertGeneratorDidNotThrow(run);
        using var image = new MemoryStream();
        var emit = run.Output.Emit(image);
        if (!emit.Success)
        {
            throw new XunitException("The output compilation does not compile:\n"
                + GeneratorHarness.Format(emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        return image.ToArray();
    }

    /// <summary>A collectible context that loads the given images on demand, by simple assembly name.</summary>
    private sealed class DependencyContext : AssemblyLoadContext
    {
        private readonly byte[][] images;

        public DependencyContext(byte[][] images)
            : base("ReparamGen.Generator.Tests." + Guid.NewGuid().ToString("N"), isCollectible: true)
            => this.images = images;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            foreach (var image in images)
            {
                if (NameOf(image) == assemblyName.Name)
                {
                    return LoadFromStream(new MemoryStream(image));
                }
            }

            return null; // the runtime library and the BCL come from the default context
        }

        private static string NameOf(byte[] image)
        {
            using var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(image));
            var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            return metadata.GetString(metadata.GetAssemblyDefinition().Name);
        }
    }
}
