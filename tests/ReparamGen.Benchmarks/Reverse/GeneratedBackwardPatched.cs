using System;

namespace ReparamGen.Benchmarks.Reverse;

/// <summary>
/// The generated <c>LogisticRegression.LogJointBackward</c> copied verbatim (obj/…/generated/), with one change made by
/// hand: the forward sweep's inner loop accumulates into a block-local copy of <c>eta</c> and writes it back after the
/// loop. The method-wide <c>eta</c> lives across the tape's and the special functions' calls, and on System V x64 no
/// XMM register survives a call, so the JIT keeps it in its stack slot inside the loop (a store and a reload per
/// element on the loop-carried chain). Measures the generator change proposed in docs/performance.md.
/// </summary>
public static class GeneratedBackwardPatched
{
    public static double LogJointBackward(ReadOnlySpan<double> w, ReadOnlySpan<double> x, ReadOnlySpan<double> y, int n, int d, double seed, Span<double> gradW)
    {
        if (gradW.Length != w.Length)
        {
            throw new ArgumentException("Length of 'gradW' must equal the length of 'w'.", nameof(gradW));
        }

        double result = 0.0;
        double lp = 0.0;
        int j = 0;
        int i = 0;
        double eta = 0.0;
        int j_ = 0;
        double t0 = 0.0;
        double resultBar = seed;
        double lpBar = 0.0;
        double etaBar = 0.0;
        double t0Bar = 0.0;
        ReverseTape tape = new ReverseTape();
        lp = 0.0;
        for (j = 0; j < d; j++)
        {
            lp = lp - 0.5 * w[j] * w[j];
        }

        tape.Push(j);
        for (i = 0; i < n; i++)
        {
            tape.Push(eta);
            eta = 0.0;
            tape.Push(eta);
            {
                // The change: the accumulator is a local of this block only.
                double etaLocal = eta;
                for (j_ = 0; j_ < d; j_++)
                {
                    etaLocal = etaLocal + x[i * d + j_] * w[j_];
                }

                eta = etaLocal;
            }

            tape.Push(j_);
            t0 = SpecialFunctions.Log1pExp(eta);
            lp = lp + (y[i] * eta - t0);
        }

        tape.Push(i);
        result = lp;
        double value = result;
        double r5 = resultBar;
        resultBar = 0.0;
        lpBar = lpBar + r5;
        i = tape.PopInt32();
        for (i--; i >= 0; i--)
        {
            etaBar = etaBar + y[i] * lpBar;
            t0Bar = t0Bar + -lpBar;
            double r3 = t0Bar;
            t0Bar = 0.0;
            double d4;
            SpecialFunctions.Log1pExpTangent(eta, 1.0, out d4);
            etaBar = etaBar + d4 * r3;
            j_ = tape.PopInt32();
            for (j_--; j_ >= 0; j_--)
            {
                gradW[j_] = gradW[j_] + x[i * d + j_] * etaBar;
            }

            eta = tape.PopDouble();
            eta = tape.PopDouble();
            etaBar = 0.0;
        }

        j = tape.PopInt32();
        for (j--; j >= 0; j--)
        {
            double r1 = -lpBar;
            double r2 = w[j] * r1;
            gradW[j] = gradW[j] + 0.5 * r2;
            gradW[j] = gradW[j] + 0.5 * w[j] * r1;
        }

        lpBar = 0.0;
        tape.Dispose();
        return value;
    }
}
