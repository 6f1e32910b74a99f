using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace ReparamGen.Tests.Distributions;

/// <summary>Out-of-domain parameters throw <see cref="ArgumentOutOfRangeException"/> naming the parameter, from every member; NaN propagates.</summary>
public class DomainTests
{
    // (law, parameter index, bad value, the other parameter's good value); location-type parameters have no domain.
    public static TheoryData<string, int, double> BadParameters()
    {
        var data = new TheoryData<string, int, double>();
        foreach (var law in Law.All.Where(l => l.Name != "Uniform"))
        {
            for (var i = 0; i < law.ParameterCount; i++)
            {
                if (law.ParameterNames[i] is "mean" or "mu" or "location")
                {
                    continue;
                }

                foreach (var bad in new[] { 0.0, -1.0, double.NegativeInfinity })
                {
                    data.Add(law.Name, i, bad);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadParameters))]
    public void EveryMemberThrowsNamingTheParameter(string name, int index, double bad)
    {
        var law = Law.ByName(name);
        var p1 = index == 0 ? bad : 1.5;
        var p2 = index == 1 ? bad : 2.0;
        AssertEveryMemberThrows(law, p1, p2, law.ParameterNames[index]);
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(2.0, 1.0)]
    [InlineData(0.0, double.NegativeInfinity)]
    public void UniformNeedsUpperAboveLower(double lower, double upper)
        => AssertEveryMemberThrows(Law.Uniform, lower, upper, "upper");

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.PositiveInfinity)]
    public void UniformNoiseOutsideTheUnitIntervalThrows(double eps)
    {
        foreach (var law in Law.All.Where(l => l.UniformNoise))
        {
            var (p1, p2) = law.Name == "Uniform" ? (0.0, 1.0) : (1.5, 2.0);
            Assert.Equal("eps", Assert.Throws<ArgumentOutOfRangeException>(() => law.FromNoise(p1, p2, eps)).ParamName);
            Assert.Equal("eps", Assert.Throws<ArgumentOutOfRangeException>(() => law.FromNoiseWithGradient(p1, p2, eps)).ParamName);
        }
    }

    // NaN in any argument gives a NaN value from every member (never a silent 0 or a constant branch).
    [Theory]
    [MemberData(nameof(Names))]
    public void NaNPropagates(string name)
    {
        var law = Law.ByName(name);
        var (p1, p2) = name == "Uniform" ? (-2.0, 5.0) : (1.5, 2.0);
        var nan = double.NaN;
        var xs = new[] { -1.0, 0.0, 0.5, 1.0, 3.0 }; // inside and outside every support, so each branch is seen

        for (var i = 0; i < law.ParameterCount; i++)
        {
            var q1 = i == 0 ? nan : p1;
            var q2 = i == 1 ? nan : p2;
            Assert.True(double.IsNaN(law.Sample(q1, q2, new Random(1))), $"{name}.Sample, parameter {i}");
            Assert.True(double.IsNaN(law.SampleWithGradient(q1, q2, new Random(1)).Value));
            Assert.True(double.IsNaN(law.FromNoise(q1, q2, 0.3)));
            Assert.True(double.IsNaN(law.FromNoiseWithGradient(q1, q2, 0.3).Value));
            foreach (var x in xs)
            {
                Assert.True(double.IsNaN(law.LogDensity(x, q1, q2)), $"{name}.LogDensity({x}), parameter {i}");
                Assert.True(double.IsNaN(law.Cdf(x, q1, q2)), $"{name}.Cdf({x}), parameter {i}");
                Assert.True(double.IsNaN(law.LogDensityWithGradient(x, q1, q2).Value));
                Assert.True(double.IsNaN(law.CdfWithGradient(x, q1, q2).Value));
            }
        }

        Assert.True(double.IsNaN(law.LogDensity(nan, p1, p2)), $"{name}.LogDensity(NaN)");
        Assert.True(double.IsNaN(law.Cdf(nan, p1, p2)), $"{name}.Cdf(NaN)");
        Assert.True(double.IsNaN(law.LogDensityWithGradient(nan, p1, p2).Value));
        Assert.True(double.IsNaN(law.CdfWithGradient(nan, p1, p2).Value));
        Assert.True(double.IsNaN(law.FromNoise(p1, p2, nan)), $"{name}.FromNoise(eps = NaN)");
        Assert.True(double.IsNaN(law.FromNoiseWithGradient(p1, p2, nan).Value));
    }

    public static TheoryData<string> Names() => new(Law.All.Select(l => l.Name));

    private static void AssertEveryMemberThrows(Law law, double p1, double p2, string parameter)
    {
        var members = new Dictionary<string, Action>
        {
            ["Sample"] = () => law.Sample(p1, p2, new Random(1)),
            ["SampleWithGradient"] = () => law.SampleWithGradient(p1, p2, new Random(1)),
            ["SampleTangent"] = () => law.SampleTangent(p1, p2, new Random(1), 1, 0, out _),
            ["SampleBackward"] = () => { double g1 = 0, g2 = 0; law.SampleBackward(p1, p2, new Random(1), 1, ref g1, ref g2); },
            ["FromNoise"] = () => law.FromNoise(p1, p2, 0.3),
            ["FromNoiseWithGradient"] = () => law.FromNoiseWithGradient(p1, p2, 0.3),
            ["LogDensity"] = () => law.LogDensity(0.3, p1, p2),
            ["LogDensityWithGradient"] = () => law.LogDensityWithGradient(0.3, p1, p2),
            ["Cdf"] = () => law.Cdf(0.3, p1, p2),
            ["CdfWithGradient"] = () => law.CdfWithGradient(0.3, p1, p2),
        };
        foreach (var (member, call) in members)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(call);
            Assert.True(parameter == e.ParamName, $"{law.Name}.{member}: ParamName '{e.ParamName}', expected '{parameter}'");
        }
    }
}
