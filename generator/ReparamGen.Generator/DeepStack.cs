using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace ReparamGen.Generator;

/// <summary>
/// The stages after Parse (activity analysis, differentiation, printing) recurse over expressions, one frame or more
/// per level. Parse bounds nesting (256) and reads chains like <c>a + b + … + z</c> (up to 100,000 operators) without
/// recursion; a method whose IR is deeper than <see cref="Threshold"/> then has its later stages run on a thread of
/// its own, with a stack sized for its depth, so that no input overflows the compiler's stack (which would end the
/// compiler process, not just the generator). This is what the compiler does itself for deep expressions.
/// </summary>
internal static class DeepStack
{
    /// <summary>Depth up to which a stage runs on the caller's thread (well within a 1 MiB stack).</summary>
    public const int Threshold = 200;

    /// <summary>Stack reserved per level of depth: generous (a reservation, committed only as used).</summary>
    private const long BytesPerLevel = 8 * 1024;

    private const long MinimumStack = 16L * 1024 * 1024;
    private const long MaximumStack = 1024L * 1024 * 1024;

    public static T Run<T>(int depth, Func<T> work)
    {
        if (depth <= Threshold)
        {
            return work();
        }

        var result = default(T)!;
        ExceptionDispatchInfo? error = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = work();
                }
                catch (Exception e)
                {
                    error = ExceptionDispatchInfo.Capture(e);
                }
            },
            (int)Math.Min(MaximumStack, Math.Max(MinimumStack, depth * BytesPerLevel)));
        thread.Start();
        thread.Join();
        error?.Throw();
        return result;
    }
}
