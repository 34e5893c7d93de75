using DreamBot.Shared.Domain;
using DreamBot.Worker.Imaging;

namespace DreamBot.Worker.Upscaling;

/// <summary>
/// Upscale (creative), the "hires fix", in two stages that the Worker job and the <c>upscale --creative</c> command
/// run alike: the image through a super-resolution upscaler, then image-to-image from that at the request's size and
/// strength, with its prompt, seed and settings. The pipeline fits the upscaled image to the request's size, which
/// is the upscaler's size unless the model's caps made it smaller.
/// </summary>
public static class CreativeUpscale
{
    /// <summary>The first stage: <paramref name="source"/> upscaled, as a PNG.</summary>
    public static byte[] Enlarge(Upscaler upscaler, byte[] source, ImageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(upscaler);
        using var image = UntrustedImageDecoder.Decode(source, limits);
        var planes = upscaler.Upscale(PixelConversion.ToUnitPlanar(image), image.Width, image.Height);
        using var upscaled = PixelConversion.FromUnitPlanar(planes, image.Width * upscaler.Scale, image.Height * upscaler.Scale);
        return PngEncoding.Encode(upscaled, null);
    }

    /// <summary>The second stage's request: the same image-to-image, without the upscaler it already ran.</summary>
    public static DreamParameters DiffusionOf(DreamParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.IsCreativeUpscale ? parameters with { Upscaler = null } : throw new ArgumentException("not a creative upscale.");
    }
}
