using DreamBot.Shared.Domain;
using DreamBot.Worker.Diffusion;

namespace DreamBot.Worker.Jobs;

/// <summary>
/// What a dream job renders with. The product has one renderer, the Stable Diffusion pipelines of the worker's models;
/// the seam exists so the queue can be measured without a model (tests/DreamBot.Bench, verb <c>queue</c>).
/// </summary>
public interface IImageRenderer
{
    /// <summary>The name of the model that renders a request for <paramref name="model"/> ("" is the worker's default).</summary>
    string NameOf(string model);

    /// <summary>The sampler that renders <paramref name="sampler"/> with <paramref name="model"/>: the model's own for <see cref="Samplers.ModelsOwn"/>.</summary>
    string SamplerFor(string model, string sampler);

    /// <summary>Renders the parameters (and init image and mask bytes) with <paramref name="model"/>; <paramref name="progress"/> is called after every step.</summary>
    Task<GenerationResult> GenerateAsync(string model, DreamParameters parameters, byte[]? initImage, byte[]? mask, Action<GenerationProgress>? progress, CancellationToken cancellationToken);
}
