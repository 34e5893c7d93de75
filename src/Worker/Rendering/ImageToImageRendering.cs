using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Shared.Domain;

namespace DreamBot.Worker.Rendering;

/// <summary>Image-to-image and inpainting (Vary, Zoom out, Pan, /dream with an image or a mask): the images are downloaded first.</summary>
public sealed class ImageToImageRendering(IImageRenderer renderer, InitImageDownloader downloads) : IRequestRendering
{
    public bool Takes(DreamParameters first, int count) => count == 1 && !first.IsUpscale && (first.InitImage is not null || first.Mask is not null);

    public async Task<IReadOnlyList<GenerationResult>> RenderAsync(RenderWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var parameters = work.First.Parameters;
        var initImage = parameters.InitImage is { } url ? await downloads.DownloadAsync(url, cancellationToken) : null;
        var mask = parameters.Mask is { } maskUrl ? await downloads.DownloadAsync(maskUrl, cancellationToken) : null;
        return [await renderer.GenerateAsync(parameters.Model, parameters, initImage, mask, work.Progress[0], cancellationToken)];
    }
}
