using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Worker.Rendering;
using DreamBot.Shared.Domain;

namespace DreamBot.Tests.EndToEnd.Faults;

/// <summary>
/// The Worker's renderer, except that a request whose prompt holds <see cref="Poison"/> fails for good, alone or in a
/// batch, as a request the pipeline refuses would.
/// </summary>
public sealed class PoisonedPromptRenderer(PipelineRenderer inner) : IImageRenderer
{
    public const string Poison = "poison";

    public static void Install(IServiceCollection services)
    {
        services.AddSingleton<PipelineRenderer>();
        services.AddSingleton<IImageRenderer>(provider => new PoisonedPromptRenderer(provider.GetRequiredService<PipelineRenderer>()));
    }

    public string NameOf(string model) => inner.NameOf(model);

    public string SamplerFor(string model, string sampler) => inner.SamplerFor(model, sampler);

    public bool Batches(string model) => inner.Batches(model);

    public Task<GenerationResult> GenerateAsync(
        string model, DreamParameters parameters, byte[]? initImage, byte[]? mask, Action<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Refuse([parameters]);
        return inner.GenerateAsync(model, parameters, initImage, mask, progress, cancellationToken);
    }

    public Task<IReadOnlyList<GenerationResult>> GenerateBatchAsync(
        string model, IReadOnlyList<DreamParameters> batch, IReadOnlyList<Action<GenerationProgress>?> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Refuse(batch);
        return inner.GenerateBatchAsync(model, batch, progress, cancellationToken);
    }

    private static void Refuse(IEnumerable<DreamParameters> requests)
    {
        if (requests.Any(p => p.Prompt.Contains(Poison, StringComparison.Ordinal)))
            throw new ArgumentException("the prompt is poisoned.");
    }
}
