using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Shared.Domain;

namespace DreamBot.Worker.Rendering;

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

    /// <summary>Whether <paramref name="model"/> renders several requests in one batch (<see cref="GenerateBatchAsync"/>).</summary>
    bool Batches(string model);

    /// <summary>
    /// Renders text-to-image requests that <see cref="DreamParameters.RendersInOneBatchWith">render in one batch</see>
    /// together, each image exactly as its request renders alone; <paramref name="progress"/> holds each request's callback.
    /// </summary>
    Task<IReadOnlyList<GenerationResult>> GenerateBatchAsync(
        string model, IReadOnlyList<DreamParameters> batch, IReadOnlyList<Action<GenerationProgress>?> progress, CancellationToken cancellationToken);
}
