using Xunit;
using Xunit.Abstractions;

namespace ReparamGen.Tests.SpecialFunctionsTests;

/// <summary>
/// Prints median and worst relative errors of the implicit derivatives (double and float32) for docs/accuracy.md:
/// <c>dotnet test tests/ReparamGen.Tests --filter FullyQualifiedName~AccuracyReport --logger "console;verbosity=detailed"</c>.
/// The bars themselves are asserted in ImplicitDerivativeTests.
/// </summary>
public class AccuracyReportTests
{
    private readonly ITestOutputHelper _output;

    public AccuracyReportTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void PrintFunctionAccuracy()
    {
        foreach (var s in FunctionMeasurements.All())
        {
            _output.WriteLine(s.ToString());
            Assert.True(s.Count > 0, s.Label + " has no reference points");
        }
    }

    [Fact]
    public void PrintPrimitiveAccuracy()
    {
        foreach (var s in PrimitiveMeasurements.All())
        {
            _output.WriteLine(s.ToString());
            Assert.True(s.Count > 0, s.Label + " has no reference points");
        }
    }

    [Fact]
    public void PrintImplicitDerivativeAccuracy()
    {
        var rows = new[]
        {
            AccuracyMeasurements.GammaShape(),
            AccuracyMeasurements.GammaShapeSeriesReach(),
            AccuracyMeasurements.Beta().A,
            AccuracyMeasurements.Beta().B,
            AccuracyMeasurements.VonMisesConcentration(),
            AccuracyMeasurements.GammaShape(float32: true),
            AccuracyMeasurements.Beta(float32: true).A,
            AccuracyMeasurements.Beta(float32: true).B,
            AccuracyMeasurements.VonMisesConcentration(float32: true),
        };
        foreach (var s in rows)
        {
            _output.WriteLine(s.ToString());
            Assert.True(s.Count > 0, s.Label + " has no reference points");
        }
    }
}
