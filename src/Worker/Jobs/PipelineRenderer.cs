using DreamBot.Worker.Diffusion;

namespace DreamBot.Worker.Jobs;

/// <summary>Renders with the process's Stable Diffusion pipeline.</summary>
public sealed class PipelineRenderer(StableDiffusionPipeline pipeline) : IImageRenderer
{
    public string ModelName => pipeline.Model.Name;

    public Task<GenerationResult> GenerateAsync(GenerationRequest request, Action<GenerationProgress>? progress, CancellationToken cancellationToken) =>
        pipeline.GenerateAsync(request, progress, cancellationToken);
}
