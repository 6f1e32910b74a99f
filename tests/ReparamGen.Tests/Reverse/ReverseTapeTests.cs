using System;
using Xunit;

namespace ReparamGen.Tests.Reverse;

/// <summary>The record generated MBackward members keep: last in, first out, per kind; growth; saved outputs; no allocation once warm.</summary>
public sealed class ReverseTapeTests
{
    [Fact]
    public void Values_and_integers_come_back_last_in_first_out_across_growth()
    {
        var tape = new ReverseTape();
        const int Count = 10_000; // far beyond the first buffer (256): several growths
        for (var i = 0; i < Count; i++)
        {
            tape.Push(i * 0.5);
            tape.Push(-i);
        }

        for (var i = Count - 1; i >= 0; i--)
        {
            Assert.Equal(-i, tape.PopInt32());
            Assert.Equal(i * 0.5, tape.PopDouble());
        }

        tape.Dispose();
    }

    [Fact]
    public void A_float_widens_exactly_and_NaN_comes_back_as_NaN()
    {
        var tape = new ReverseTape();
        tape.Push(0.1f);
        tape.Push(double.NaN);
        Assert.True(double.IsNaN(tape.PopDouble()));
        Assert.Equal(0.1f, (float)tape.PopDouble());
        tape.Dispose();
    }

    [Fact]
    public void Saved_outputs_are_a_stack_of_their_own()
    {
        var tape = new ReverseTape();
        var first = new[] { 1.0, 2.0, 3.0 };
        var second = new float[600];
        second.AsSpan().Fill(0.25f);
        tape.Save(first);
        tape.Push(7.0);
        tape.Save(second);
        first.AsSpan().Clear();
        second.AsSpan().Clear();
        tape.Restore(second);
        Assert.Equal(7.0, tape.PopDouble());
        tape.Restore(first);
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, first);
        Assert.All(second, v => Assert.Equal(0.25f, v));
        tape.Dispose();
    }

    [Fact]
    public void A_warm_tape_allocates_nothing()
    {
        static void Use()
        {
            var tape = new ReverseTape();
            for (var i = 0; i < 1000; i++)
            {
                tape.Push(i);
                tape.Push(1.5 * i);
            }

            tape.Save(stackalloc double[64]);
            tape.Restore(stackalloc double[64]);
            for (var i = 0; i < 1000; i++)
            {
                tape.PopDouble();
                tape.PopInt32();
            }

            tape.Dispose();
        }

        Use(); // rents from the shared pool once
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var k = 0; k < 100; k++)
        {
            Use();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
