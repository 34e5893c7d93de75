using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Shared.Domain;

namespace DreamBot.Worker.Rendering;

/// <summary>Renders with the worker's Stable Diffusion pipelines.</summary>
public sealed class PipelineRenderer(ModelCatalog models) : IImageRenderer
{
    public string NameOf(string model) => models.Resolve(model).Name;

    public string SamplerFor(string model, string sampler) =>
        sampler == Samplers.ModelsOwn ? models.Pipeline(model).Model.DefaultSampler : sampler;

    public Task<GenerationResult> GenerateAsync(string model, DreamParameters parameters, byte[]? initImage, byte[]? mask, Action<GenerationProgress>? progress, CancellationToken cancellationToken) =>
        models.Pipeline(model).GenerateAsync(parameters, initImage, mask, progress, cancellationToken);

    public bool Batches(string model) => models.Pipeline(model).Batches;

    public Task<IReadOnlyList<GenerationResult>> GenerateBatchAsync(
        string model, IReadOnlyList<DreamParameters> batch, IReadOnlyList<Action<GenerationProgress>?> progress, CancellationToken cancellationToken) =>
        models.Pipeline(model).GenerateBatchAsync(batch, progress, cancellationToken);
}
