using Xunit;

namespace ReparamGen.SampleTests;

public class PlaceholderTests
{
    [Fact]
    public void ProjectBuilds() => Assert.Equal(2, 1 + 1);
}
