using DreamBot.Worker.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DreamBot.Tests.Worker.Imaging;

public sealed class PngEncodingTests
{
    [Theory]
    [InlineData("a cat\nNegative prompt: \nSteps: 20")]
    [InlineData("un château, 東京の夜 🌃\nNegative prompt: flou")]
    public void Encode_RoundTripsTheParametersText(string parameters)
    {
        using var image = new Image<Rgb24>(8, 8);

        var png = PngEncoding.Encode(image, parameters);

        Assert.Equal(parameters, PngEncoding.ReadParameters(png));
    }

    [Fact]
    public void FromSignedPlanar_MapsMinusOneToBlackAndOneToWhite_WithClamping()
    {
        float[] planes = [-1f, 1f, -3f, 3f, -1f, 1f, 0f, 0f, -1f, 1f, 0f, 0f];

        using var image = PixelConversion.FromSignedPlanar(planes, 2, 2);

        Assert.Equal(new Rgb24(0, 0, 0), image[0, 0]);
        Assert.Equal(new Rgb24(255, 255, 255), image[1, 0]);
        Assert.Equal(new Rgb24(0, 128, 128), image[0, 1]); // 0 -> 127.5 rounds half to even: 128
        Assert.Equal(new Rgb24(255, 128, 128), image[1, 1]);
    }
}
