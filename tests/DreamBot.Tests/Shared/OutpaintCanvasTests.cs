using DreamBot.Shared.Domain;

namespace DreamBot.Tests.Shared;

/// <summary>The canvases of Zoom out and Pan: sizes on the 64-pixel grid, the original kept at its size where the caps allow.</summary>
public sealed class OutpaintCanvasTests
{
    [Theory]
    [InlineData(512, 512, 2.0, 1024, 1024, 256, 256)]
    [InlineData(512, 512, 1.5, 768, 768, 128, 128)]
    [InlineData(256, 384, 1.5, 384, 576, 64, 96)]
    public void ZoomOut_GrowsTheCanvasByTheFactor_WithTheOriginalCentred(int width, int height, double factor, int canvasWidth, int canvasHeight, int x, int y)
    {
        var (w, h, placement) = Outpaint.ZoomOut(width, height, factor, 1024, 1024 * 1024);

        Assert.Equal((canvasWidth, canvasHeight, new ImagePlacement(x, y, width, height)), (w, h, placement));
    }

    [Fact]
    public void ZoomOut_BeyondTheCaps_ShrinksTheOriginal_SoTheCanvasFits()
    {
        var (w, h, placement) = Outpaint.ZoomOut(768, 768, 2, 1024, 1024 * 1024);

        // 1536 would exceed 1024: the canvas is 1024 and the original half of it, centred.
        Assert.Equal((1024, 1024, new ImagePlacement(256, 256, 512, 512)), (w, h, placement));
    }

    [Theory]
    [InlineData(PanDirection.Left, 768, 512, 256, 0)]
    [InlineData(PanDirection.Right, 768, 512, 0, 0)]
    [InlineData(PanDirection.Up, 512, 768, 0, 256)]
    [InlineData(PanDirection.Down, 512, 768, 0, 0)]
    public void Pan_AddsHalfASide_OnTheSideItGoesTo(PanDirection direction, int canvasWidth, int canvasHeight, int x, int y)
    {
        var (w, h, placement) = Outpaint.Pan(512, 512, direction, 1024, 1024 * 1024);

        Assert.Equal((canvasWidth, canvasHeight, new ImagePlacement(x, y, 512, 512)), (w, h, placement));
        Assert.True(placement.FitsIn(w, h));
    }

    [Fact]
    public void Pan_UnderAPixelCap_ShrinksTheCanvasAndTheOriginal_KeepingItAgainstTheOppositeEdge()
    {
        var (w, h, placement) = Outpaint.Pan(768, 768, PanDirection.Left, 1024, 768 * 768);

        Assert.True((long)w * h <= 768 * 768 && w % 64 == 0 && h % 64 == 0, $"{w}×{h}");
        Assert.True(placement.Width < 768 && placement.FitsIn(w, h));
        Assert.Equal(w, placement.X + placement.Width);
    }

    [Fact]
    public void APlacement_RoundTripsThroughItsStoredText() =>
        Assert.Equal(new ImagePlacement(128, 0, 256, 384), ImagePlacement.Parse(new ImagePlacement(128, 0, 256, 384).ToString()));
}
