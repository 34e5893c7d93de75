using DreamBot.Worker.Imaging;
using SixLabors.ImageSharp.PixelFormats;
using static DreamBot.Tests.Infrastructure.TestImages;

namespace DreamBot.Tests.Worker.Imaging;

public sealed class PixelDifferenceTests
{
    [Fact]
    public void IdenticalImages_DifferByNothing()
    {
        var png = Png(2, 2, (1, 1, new Rgb24(10, 20, 30)));

        Assert.Equal(new PixelDifference(0, 0), PixelDifference.Between(png, Png(2, 2, (1, 1, new Rgb24(10, 20, 30)))));
    }

    [Fact]
    public void OneChannelOfOnePixel_CountsOnceInTheMeanOverEveryChannel()
    {
        var difference = PixelDifference.Between(Png(2, 2, (0, 1, new Rgb24(40, 0, 0))), Png(2, 2, (0, 1, new Rgb24(10, 0, 0))));

        Assert.Equal(new PixelDifference(30 / 12.0, 30), difference);
    }

    [Fact]
    public void ImagesOfDifferentSizes_AreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => PixelDifference.Between(Png(2, 2), Png(3, 2)));

        Assert.Contains("2x2 and 3x2", error.Message, StringComparison.Ordinal);
    }
}
