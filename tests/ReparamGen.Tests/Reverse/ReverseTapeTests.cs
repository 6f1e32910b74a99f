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

    [Fact]
    public void Recorded_draws_are_replayed_per_call_in_reverse_order_and_the_source_advances_once()
    {
        var tape = new ReverseTape();
        var source = new Random(5);
        var first = Draws(tape.Record(source));
        tape.Push(1.5); // other records interleave with the draws' start positions
        var second = Draws(tape.Record(source));

        var untouched = new Random(5);
        Assert.Equal(Draws(untouched), first); // recording passes the source's draws through unchanged
        Assert.Equal(Draws(untouched), second);
        Assert.Equal(untouched.NextDouble(), source.NextDouble()); // and the source advanced exactly as without it

        Assert.Equal(second, Draws(tape.Replay())); // last call first
        Assert.Equal(1.5, tape.PopDouble());
        Assert.Equal(first, Draws(tape.Replay()));
        tape.Dispose();
    }

    [Fact]
    public void A_replay_that_draws_differently_throws_instead_of_differentiating_another_sample()
    {
        var tape = new ReverseTape();
        tape.Record(new Random(1)).NextDouble();
        var replay = tape.Replay();
        Assert.Throws<InvalidOperationException>(() => replay.Next()); // a double was recorded, not an int
        tape.Dispose();

        tape = new ReverseTape();
        tape.Record(new Random(1)).NextDouble();
        replay = tape.Replay();
        replay.NextDouble();
        Assert.Throws<InvalidOperationException>(() => replay.NextDouble()); // more draws than were recorded
        tape.Dispose();
    }

    [Fact]
    public void Recording_and_replaying_allocate_nothing_once_warm()
    {
        var source = new Random(9);
        static void Use(Random source)
        {
            var tape = new ReverseTape();
            for (var k = 0; k < 20; k++)
            {
                tape.Record(source).NextDouble();
            }

            for (var k = 0; k < 20; k++)
            {
                tape.Replay().NextDouble();
            }

            tape.Dispose();
        }

        Use(source); // creates the thread's instance once
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var k = 0; k < 100; k++)
        {
            Use(source);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>One of each kind of draw.</summary>
    private static double[] Draws(Random random)
    {
        var bytes = new byte[3];
        random.NextBytes(bytes);
        return new[] { random.NextDouble(), random.Next(), random.Next(10), random.Next(-5, 5), random.NextInt64(), random.NextInt64(1L << 40), random.NextSingle(), bytes[0], bytes[1], bytes[2] };
    }

    [Fact]
    public void A_discard_accumulator_comes_back_zeroed_at_the_length_asked_for()
    {
        var tape = new ReverseTape();
        var first = tape.Discard(5);
        first.Fill(3.0); // a callee's Backward adds into it
        var second = tape.Discard(3);
        Assert.Equal(3, second.Length);
        Assert.All(second.ToArray(), v => Assert.Equal(0.0, v)); // zeroed again, though it reuses the buffer
        Assert.Equal(1000, tape.Discard(1000).Length); // grows
        var single = tape.DiscardSingle(4);
        single.Fill(1f);
        Assert.All(tape.DiscardSingle(4).ToArray(), v => Assert.Equal(0f, v));
        tape.Dispose();
    }
}
