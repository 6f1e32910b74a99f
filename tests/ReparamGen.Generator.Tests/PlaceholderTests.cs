using Xunit;

namespace ReparamGen.Generator.Tests;

public class PlaceholderTests
{
    [Fact]
    public void ProjectBuilds() => Assert.Equal(2, 1 + 1);
}
