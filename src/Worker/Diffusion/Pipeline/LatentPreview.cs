using DreamBot.Worker.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DreamBot.Worker.Diffusion.Pipeline;

/// <summary>
/// A cheap look at unfinished latents for progress messages: the widely used fixed linear map from SD 1.x's four latent
/// channels to RGB (no VAE call), upscaled with nearest-neighbour so it costs microseconds.
/// </summary>
public static class LatentPreview
{
    private const int LatentChannels = 4;

    // Rows: latent channel; columns: R, G, B contribution. Approximates the SD 1.x VAE decoder's average colour.
    private static readonly float[,] Coefficients =
    {
        { 0.298f, 0.207f, 0.208f },
        { 0.187f, 0.286f, 0.173f },
        { -0.158f, 0.189f, 0.264f },
        { -0.184f, -0.271f, -0.473f },
    };

    /// <summary>PNG bytes of <paramref name="latents"/> ([C, h, w]) scaled by <paramref name="upscale"/>, or null unless C is 4.</summary>
    public static byte[]? RenderPng(ReadOnlySpan<float> latents, int channels, int height, int width, int upscale)
    {
        if (channels != LatentChannels)
            return null;
        var plane = height * width;
        var pixels = new Rgb24[plane];
        Span<float> rgb = stackalloc float[3];
        for (var i = 0; i < plane; i++)
        {
            rgb.Clear();
            for (var c = 0; c < LatentChannels; c++)
            {
                var value = latents[(c * plane) + i];
                for (var k = 0; k < 3; k++)
                    rgb[k] += Coefficients[c, k] * value;
            }
            pixels[i] = new Rgb24(ToByte(rgb[0]), ToByte(rgb[1]), ToByte(rgb[2]));
        }
        using var image = Image.LoadPixelData(pixels, width, height);
        if (upscale > 1)
            image.Mutate(x => x.Resize(width * upscale, height * upscale, KnownResamplers.NearestNeighbor));
        return PngEncoding.Encode(image, parameters: null);
    }

    private static byte ToByte(float value) => (byte)Math.Clamp((value + 1f) * 127.5f, 0f, 255f);
}
