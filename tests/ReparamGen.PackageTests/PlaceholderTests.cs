using Xunit;

namespace ReparamGen.PackageTests;

public class PlaceholderTests
{
    [Fact]
    public void ProjectBuilds() => Assert.Equal(2, 1 + 1);
}
