using DreamBot.Worker.Upscaling;

namespace DreamBot.Tests.Worker.Upscaling;

public sealed class TileAxisTests
{
    [Theory]
    [InlineData(512, 128, 32, new[] { 0, 96, 192, 288, 384 })]
    [InlineData(500, 128, 32, new[] { 0, 96, 192, 288, 372 })]
    [InlineData(100, 128, 32, new[] { 0 })]
    [InlineData(128, 128, 32, new[] { 0 })]
    [InlineData(129, 128, 0, new[] { 0, 1 })]
    public void Starts_AdvanceByTileMinusOverlap_AndTheLastEndsAtTheEdge(int length, int tile, int overlap, int[] expected)
    {
        var axis = new TileAxis(length, tile, overlap);

        Assert.Equal(expected, axis.Starts);
        Assert.Equal(length, axis.Starts[^1] + axis.Tile);
        Assert.Equal(Math.Min(tile, length), axis.Tile);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Weights_LeaveTheOuterQuartersOfEachOverlapToTheTileThatSeesThemWhole(int scale)
    {
        var axis = new TileAxis(224, 128, 32);
        // Tile 1 starts at 96; the overlap with tile 0 is [96, 128) input pixels.
        Assert.Equal(0f, axis.Weight(1, (96 + 7) * scale, scale));
        Assert.Equal(1f, axis.Weight(1, (128 - 8) * scale, scale));
        Assert.InRange(axis.Weight(1, 112 * scale, scale), 0.4f, 0.6f);
        Assert.Equal(1f, axis.Weight(0, 0, scale));
        var ramp = Enumerable.Range(96 * scale, 32 * scale).Select(x => axis.Weight(1, x, scale)).ToArray();
        Assert.Equal(ramp.Order().ToArray(), ramp);
    }

    [Theory]
    [InlineData(0, 8, 0)]
    [InlineData(10, 8, 8)]
    [InlineData(10, 0, -1)]
    public void ImpossibleLayouts_AreRefused(int length, int tile, int overlap) =>
        Assert.ThrowsAny<ArgumentException>(() => new TileAxis(length == 0 ? 0 : length, tile, overlap));
}
