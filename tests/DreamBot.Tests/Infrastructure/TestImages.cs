using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DreamBot.Tests.Infrastructure;

/// <summary>Small images for tests, as PNG bytes, and how many pixels two images disagree on.</summary>
internal static class TestImages
{
    public static byte[] Png(Image image)
    {
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    /// <summary>A black image with the given pixels set.</summary>
    public static byte[] Png(int width, int height, params (int X, int Y, Rgb24 Colour)[] pixels)
    {
        using var image = new Image<Rgb24>(width, height);
        foreach (var (x, y, colour) in pixels)
            image[x, y] = colour;
        return Png(image);
    }

    public static byte[] Solid(int width, int height, Color color)
    {
        using var image = new Image<Rgb24>(width, height, color.ToPixel<Rgb24>());
        return Png(image);
    }

    public static byte[] Solid(int width, int height, byte value) => Solid(width, height, Color.FromRgb(value, value, value));

    /// <summary>Red grows to the right, green downwards.</summary>
    public static byte[] Gradient(int width, int height, byte blue = 128)
    {
        using var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                image[x, y] = new Rgb24((byte)(255 * x / width), (byte)(255 * y / height), blue);
        }
        return Png(image);
    }

    /// <summary>Random pixels from <paramref name="seed"/>, so two images are never byte-identical; opaque RGBA with <paramref name="alpha"/>.</summary>
    public static byte[] Noise(int width, int height, int seed, bool alpha = false) =>
        alpha ? Noise(width, height, seed, (r, g, b) => new Rgba32(r, g, b)) : Noise(width, height, seed, (r, g, b) => new Rgb24(r, g, b));

    /// <summary>How many pixels of <paramref name="part"/> differ from <paramref name="image"/>'s at (<paramref name="left"/>, <paramref name="top"/>).</summary>
    public static int Mismatches(Image<Rgb24> image, Image<Rgb24> part, int left, int top)
    {
        var count = 0;
        for (var y = 0; y < part.Height; y++)
        {
            for (var x = 0; x < part.Width; x++)
            {
                if (image[left + x, top + y] != part[x, y])
                    count++;
            }
        }
        return count;
    }

    private static byte[] Noise<TPixel>(int width, int height, int seed, Func<byte, byte, byte, TPixel> pixel)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var image = new Image<TPixel>(width, height);
        var random = new Random(seed);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                image[x, y] = pixel((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        }
        return Png(image);
    }
}
