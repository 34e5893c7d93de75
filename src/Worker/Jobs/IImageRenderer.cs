using DreamBot.Worker.Diffusion;

namespace DreamBot.Worker.Jobs;

/// <summary>
/// What a dream job renders with. The product has one renderer, the Stable Diffusion pipeline; the seam exists so the
/// queue can be measured without a model (tests/DreamBot.Bench, verb <c>queue</c>).
/// </summary>
public interface IImageRenderer
{
    string ModelName { get; }

    /// <summary>Renders the request; <paramref name="progress"/> is called after every step.</summary>
    Task<GenerationResult> GenerateAsync(GenerationRequest request, Action<GenerationProgress>? progress, CancellationToken cancellationToken);
}
