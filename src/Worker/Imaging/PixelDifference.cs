using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DreamBot.Worker.Imaging;

/// <summary>How far apart two PNGs of the same size are, in 8-bit levels per channel.</summary>
public sealed record PixelDifference(double MeanLevels, int MaxLevels)
{
    public static PixelDifference Between(byte[] firstPng, byte[] secondPng)
    {
        using var first = Image.Load<Rgb24>(firstPng);
        using var second = Image.Load<Rgb24>(secondPng);
        if (first.Width != second.Width || first.Height != second.Height)
            throw new ArgumentException($"The images differ in size: {first.Width}x{first.Height} and {second.Width}x{second.Height}");

        long total = 0;
        var max = 0;
        for (var y = 0; y < first.Height; y++)
        {
            for (var x = 0; x < first.Width; x++)
            {
                var (a, b) = (first[x, y], second[x, y]);
                foreach (var difference in (ReadOnlySpan<int>)[Math.Abs(a.R - b.R), Math.Abs(a.G - b.G), Math.Abs(a.B - b.B)])
                {
                    total += difference;
                    max = Math.Max(max, difference);
                }
            }
        }
        return new PixelDifference(total / (3.0 * first.Width * first.Height), max);
    }
}
