using DreamBot.Shared.Domain;

namespace DreamBot.Tests.Shared;

public sealed class CostUnitsTests
{
    [Theory]
    [InlineData(512, 512, 50, 1, 1.0)]
    [InlineData(512, 512, 25, 1, 0.5)]
    [InlineData(1024, 1024, 50, 1, 4.0)]
    [InlineData(512, 512, 50, 4, 4.0)]
    [InlineData(768, 512, 20, 2, 1.2)]
    [InlineData(256, 256, 10, 1, 0.05)]
    public void For_ScalesWithStepsPixelsAndCount(int width, int height, int steps, int count, double expected)
    {
        Assert.Equal(expected, CostUnits.For(width, height, steps, count), precision: 6);
    }

    [Fact]
    public void For_RejectsZeroSteps()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CostUnits.For(512, 512, 0, 1));
    }
}
