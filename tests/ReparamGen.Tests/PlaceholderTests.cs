using Xunit;

namespace ReparamGen.Tests;

public class PlaceholderTests
{
    [Fact]
    public void ProjectBuilds() => Assert.Equal(2, 1 + 1);
}
