using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Shared.Domain;
using DreamBot.Worker.Imaging;
using DreamBot.Worker.Upscaling;

namespace DreamBot.Worker.Rendering;

/// <summary>
/// Renders an upscale generation: the downloaded source image through the named upscaler, tiled, as one PNG, flagged
/// when its source was (see <see cref="UpscaleSource"/>), so the server's safety policy applies to it again.
/// </summary>
public sealed class ImageUpscaling(UpscalerCatalog upscalers, DeviceGate device, ImageLimits limits)
{
    public async Task<GenerationResult> RenderAsync(DreamParameters parameters, byte[] source, bool sourceFlagged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var upscaler = upscalers.Get(parameters.Upscaler ?? throw new ArgumentException("not an upscale."));
        using var turn = await device.EnterAsync(cancellationToken);
        return await Task.Run(() =>
        {
            using var image = UntrustedImageDecoder.Decode(source, limits);
            var (width, height) = (image.Width * upscaler.Scale, image.Height * upscaler.Scale);
            // The request was sized from the result it was clicked under; anything else is not that image.
            if ((width, height) != (parameters.Width, parameters.Height))
                throw new ArgumentException($"the image is {image.Width}×{image.Height}, which ×{upscaler.Scale} is not the {parameters.Width}×{parameters.Height} asked for.");
            var planes = upscaler.Upscale(PixelConversion.ToUnitPlanar(image), image.Width, image.Height);
            cancellationToken.ThrowIfCancellationRequested();
            using var upscaled = PixelConversion.FromUnitPlanar(planes, width, height);
            var png = PngEncoding.Encode(upscaled, null);
            return new GenerationResult([new GeneratedImage(png, parameters.Seed, sourceFlagged)], parameters.Seed, 0, new GenerationTimings());
        }, cancellationToken);
    }

    /// <summary>
    /// The first stage of Upscale (creative): the source through the named upscaler, as a PNG the diffusion stage then
    /// fits to the request's size (<see cref="CreativeUpscale"/>).
    /// </summary>
    public async Task<byte[]> EnlargeAsync(DreamParameters parameters, byte[] source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var upscaler = upscalers.Get(parameters.Upscaler ?? throw new ArgumentException("not an upscale."));
        using var turn = await device.EnterAsync(cancellationToken);
        return await Task.Run(() => CreativeUpscale.Enlarge(upscaler, source, limits), cancellationToken);
    }
}
