using DreamBot.Worker.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DreamBot.Tests.Worker.Imaging;

public sealed class UntrustedImageDecoderTests
{
    public static TheoryData<string> SupportedFormats() => ["png", "jpeg", "webp", "gif"];

    [Theory]
    [MemberData(nameof(SupportedFormats))]
    public void Decode_ReadsTheImage_ForEachSupportedFormat(string format)
    {
        var data = Encode(new Image<Rgb24>(40, 30, new Rgb24(200, 100, 50)), Encoder(format));

        using var image = UntrustedImageDecoder.Decode(data, ImageLimits.Default);

        Assert.Equal((40, 30), (image.Width, image.Height));
        Assert.InRange(image[20, 15].R, 180, 220);
    }

    [Fact]
    public void Decode_KeepsOnlyTheFirstFrame_OfAnAnimatedGif()
    {
        using var animation = new Image<Rgb24>(16, 16, new Rgb24(255, 0, 0));
        using (var second = new Image<Rgb24>(16, 16, new Rgb24(0, 0, 255)))
            animation.Frames.AddFrame(second.Frames.RootFrame);
        var data = Encode(animation, new GifEncoder());

        using var image = UntrustedImageDecoder.Decode(data, ImageLimits.Default);

        Assert.Equal(1, image.Frames.Count);
        Assert.True(image[8, 8].R > image[8, 8].B);
    }

    [Fact]
    public void Decode_Rejects_AFormatOutsideTheAllowedFour()
    {
        var bmp = Encode(new Image<Rgb24>(8, 8), new BmpEncoder());

        var error = Assert.Throws<InvalidImageException>(() => UntrustedImageDecoder.Decode(bmp, ImageLimits.Default));

        Assert.Contains("PNG, JPEG, WebP or GIF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Rejects_MoreBytesThanTheLimit()
    {
        var png = Encode(new Image<Rgb24>(8, 8), new PngEncoder());

        Assert.Throws<InvalidImageException>(() => UntrustedImageDecoder.Decode(png, new ImageLimits(png.Length - 1, 1_000_000)));
    }

    [Fact]
    public void Identify_Rejects_MorePixelsThanTheLimit_FromTheHeaderAlone()
    {
        var png = Encode(new Image<Rgb24>(100, 100), new PngEncoder());
        // Keep the header (signature + IHDR) only: the pixel data is never needed to refuse it.
        var headerOnly = png[..33];

        var error = Assert.Throws<InvalidImageException>(() => UntrustedImageDecoder.Identify(headerOnly, new ImageLimits(1_000_000, 9_999)));

        Assert.Contains("100x100", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0 })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A })]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 })]
    public void Decode_GivesAClearError_ForDamagedFiles(byte[] data)
    {
        Assert.Throws<InvalidImageException>(() => UntrustedImageDecoder.Decode(data, ImageLimits.Default));
    }

    [Fact]
    public void Decode_GivesAClearError_ForAPngWithCorruptPixelData()
    {
        var png = Encode(new Image<Rgb24>(64, 64, new Rgb24(1, 2, 3)), new PngEncoder());
        for (var i = 40; i < png.Length - 20; i++)
            png[i] ^= 0x5A;

        Assert.Throws<InvalidImageException>(() => UntrustedImageDecoder.Decode(png, ImageLimits.Default));
    }

    // How a camera stores an upright picture for each EXIF orientation (the inverse of the turn a viewer applies).
    [Theory]
    [InlineData(6, RotateMode.Rotate270)]
    [InlineData(8, RotateMode.Rotate90)]
    [InlineData(3, RotateMode.Rotate180)]
    public void Decode_GivesTheUprightPixels_OfAJpegWithAnExifOrientation(ushort orientation, RotateMode stored)
    {
        var upright = Encode(Quadrants(), new JpegEncoder { Quality = 100 });
        var sideways = Quadrants();
        sideways.Mutate(x => x.Rotate(stored));
        sideways.Metadata.ExifProfile = new ExifProfile();
        sideways.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
        var rotated = Encode(sideways, new JpegEncoder { Quality = 100 });

        using var expected = UntrustedImageDecoder.Decode(upright, ImageLimits.Default);
        using var actual = UntrustedImageDecoder.Decode(rotated, ImageLimits.Default);

        Assert.Equal((64, 32), (actual.Width, actual.Height));
        for (var y = 0; y < expected.Height; y++)
        {
            for (var x = 0; x < expected.Width; x++)
                Assert.Equal(expected[x, y], actual[x, y]);
        }
    }

    [Theory]
    [InlineData(6, 32, 64)]
    [InlineData(8, 32, 64)]
    [InlineData(3, 64, 32)]
    [InlineData(1, 64, 32)]
    public void Identify_ReportsTheUprightSize_OfAJpegWithAnExifOrientation(ushort orientation, int width, int height)
    {
        var image = Quadrants();
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);

        Assert.Equal((width, height), UntrustedImageDecoder.Identify(Encode(image, new JpegEncoder()), ImageLimits.Default));
    }

    // Four differently coloured 16-pixel-aligned blocks, so a turn or a mirror changes the pixels and JPEG's
    // blocks fall on colour edges (the encoding of a turned image is then the turned encoding).
    private static Image<Rgb24> Quadrants()
    {
        var image = new Image<Rgb24>(64, 32);
        Rgb24[] colours = [new(220, 30, 30), new(30, 200, 40), new(40, 40, 210), new(230, 220, 30)];
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
                image[x, y] = colours[(y / 16 * 2) + (x / 32)];
        }
        return image;
    }

    private static IImageEncoder Encoder(string format) => format switch
    {
        "png" => new PngEncoder(),
        "jpeg" => new JpegEncoder(),
        "webp" => new WebpEncoder(),
        _ => new GifEncoder(),
    };

    private static byte[] Encode(Image image, IImageEncoder encoder)
    {
        using (image)
        using (var stream = new MemoryStream())
        {
            image.Save(stream, encoder);
            return stream.ToArray();
        }
    }
}
