using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Shared.Domain;

namespace DreamBot.Worker.Rendering;

/// <summary>Text-to-image: one request alone, or several that render in one batch, each image as its request renders alone.</summary>
public sealed class TextToImageRendering(IImageRenderer renderer) : IRequestRendering
{
    public bool Takes(DreamParameters first, int count) =>
        count > 1 || first is { InitImage: null, Mask: null, IsUpscale: false };

    public async Task<IReadOnlyList<GenerationResult>> RenderAsync(RenderWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var first = work.First.Parameters;
        if (work.Generations.Count == 1)
            return [await renderer.GenerateAsync(first.Model, first, null, null, work.Progress[0], cancellationToken)];
        return await renderer.GenerateBatchAsync(first.Model, [.. work.Generations.Select(g => g.Parameters)], [.. work.Progress], cancellationToken);
    }
}
