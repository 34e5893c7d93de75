using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DreamBot.Tests.Shared.Discord;

/// <summary>A small real PNG whose pixels depend on the seed, so two uploads are never byte-identical.</summary>
internal static class TestPng
{
    public static byte[] Create(int seed)
    {
        using var image = new Image<Rgba32>(64, 64);
        var random = new Random(seed);
        for (var y = 0; y < image.Height; y++)
        for (var x = 0; x < image.Width; x++)
            image[x, y] = new Rgba32((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }
}
