using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Shared.Domain;
using DreamBot.Worker.Upscaling;

namespace DreamBot.Worker.Rendering;

/// <summary>Upscale (creative): the posted image enlarged by the upscaler, then diffused again at the larger size.</summary>
public sealed class CreativeUpscaleRendering(IImageRenderer renderer, ImageUpscaling upscaling, InitImageDownloader downloads) : IRequestRendering
{
    public bool Takes(DreamParameters first, int count) => count == 1 && first.IsCreativeUpscale;

    public async Task<IReadOnlyList<GenerationResult>> RenderAsync(RenderWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var parameters = work.First.Parameters;
        var source = await downloads.DownloadAsync(parameters.InitImage ?? throw new ArgumentException("an upscale needs an image."), cancellationToken);
        var enlarged = await upscaling.EnlargeAsync(parameters, source, cancellationToken);
        return [await renderer.GenerateAsync(parameters.Model, CreativeUpscale.DiffusionOf(parameters), enlarged, null, work.Progress[0], cancellationToken)];
    }
}
