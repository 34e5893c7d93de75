using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DreamBot.Worker.Imaging;

/// <summary>Between planar float tensors and RGB images, with diffusers' rounding.</summary>
public static class PixelConversion
{
    /// <summary>A VAE output [3, H, W] in [-1, 1] as pixels: clip(x / 2 + 0.5, 0, 1) * 255, rounded half to even like numpy.</summary>
    public static Image<Rgb24> FromSignedPlanar(ReadOnlySpan<float> planes, int width, int height)
    {
        var plane = width * height;
        var pixels = new Rgb24[plane];
        for (var i = 0; i < plane; i++)
            pixels[i] = new Rgb24(ToByte(planes[i]), ToByte(planes[plane + i]), ToByte(planes[(2 * plane) + i]));
        return Image.LoadPixelData(pixels, width, height);
    }

    /// <summary>An image as [3, H, W] floats in [-1, 1], the VAE encoder's input.</summary>
    public static float[] ToSignedPlanar(Image<Rgb24> image) => ToPlanar(image, 127.5f, -1);

    /// <summary>An image as [3, H, W] floats in [0, 1], a super-resolution model's input.</summary>
    public static float[] ToUnitPlanar(Image<Rgb24> image) => ToPlanar(image, 255f, 0);

    /// <summary>[3, H, W] floats in [0, 1] as pixels: clip(x, 0, 1) * 255, rounded half to even.</summary>
    public static Image<Rgb24> FromUnitPlanar(ReadOnlySpan<float> planes, int width, int height)
    {
        var plane = width * height;
        var pixels = new Rgb24[plane];
        for (var i = 0; i < plane; i++)
            pixels[i] = new Rgb24(UnitToByte(planes[i]), UnitToByte(planes[plane + i]), UnitToByte(planes[(2 * plane) + i]));
        return Image.LoadPixelData(pixels, width, height);
    }

    private static float[] ToPlanar(Image<Rgb24> image, float divisor, float offset)
    {
        var plane = image.Width * image.Height;
        var planes = new float[3 * plane];
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var i = (y * row.Length) + x;
                    planes[i] = (row[x].R / divisor) + offset;
                    planes[plane + i] = (row[x].G / divisor) + offset;
                    planes[(2 * plane) + i] = (row[x].B / divisor) + offset;
                }
            }
        });
        return planes;
    }

    /// <summary>A VAE output [3, H, W] in [-1, 1] as [H, W, 3] in [0, 1], the safety checker's <c>images</c> input.</summary>
    public static float[] ToUnitInterleaved(ReadOnlySpan<float> planes, int width, int height)
    {
        var plane = width * height;
        var interleaved = new float[3 * plane];
        for (var i = 0; i < plane; i++)
        {
            for (var c = 0; c < 3; c++)
                interleaved[(3 * i) + c] = Math.Clamp((planes[(c * plane) + i] / 2) + 0.5f, 0f, 1f);
        }
        return interleaved;
    }

    private static byte ToByte(float signed) => UnitToByte((signed / 2) + 0.5f);

    private static byte UnitToByte(float unit) => (byte)MathF.Round(Math.Clamp(unit, 0f, 1f) * 255f, MidpointRounding.ToEven);
}
