using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;

namespace DreamBot.Worker.Rendering;

/// <summary>A plain Upscale: the posted image through the upscaler, flagged when its source's record says it was.</summary>
public sealed class UpscaleRendering(ImageUpscaling upscaling, InitImageDownloader downloads, DreamBotDb db) : IRequestRendering
{
    public bool Takes(DreamParameters first, int count) => count == 1 && first is { IsUpscale: true, IsCreativeUpscale: false };

    public async Task<IReadOnlyList<GenerationResult>> RenderAsync(RenderWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var parameters = work.First.Parameters;
        var source = await downloads.DownloadAsync(parameters.InitImage ?? throw new ArgumentException("an upscale needs an image."), cancellationToken);
        var flagged = await UpscaleSource.FlaggedAsync(db, work.First, cancellationToken);
        return [await upscaling.RenderAsync(parameters, source, flagged, cancellationToken)];
    }
}
