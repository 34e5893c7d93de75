using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Worker.Rendering;
using DreamBot.Shared.Domain;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DreamBot.Bench;

/// <summary>Answers every request at once with one 8×8 PNG, so the queue benchmark measures the queue and Discord calls alone.</summary>
public sealed class NoOpRenderer : IImageRenderer
{
    private static readonly byte[] Png = CreatePng();

    public string NameOf(string model) => "no-op";

    public string SamplerFor(string model, string sampler) => sampler.Length == 0 ? Samplers.Euler : sampler;

    public Task<GenerationResult> GenerateAsync(string model, DreamParameters parameters, byte[]? initImage, byte[]? mask, Action<GenerationProgress>? progress, CancellationToken cancellationToken) =>
        Task.FromResult(Result(parameters));

    public bool Batches(string model) => true;

    public Task<IReadOnlyList<GenerationResult>> GenerateBatchAsync(
        string model, IReadOnlyList<DreamParameters> batch, IReadOnlyList<Action<GenerationProgress>?> progress, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<GenerationResult>>([.. batch.Select(Result)]);

    private static GenerationResult Result(DreamParameters parameters) =>
        new([new GeneratedImage(Png, parameters.Seed, Flagged: false)], parameters.Seed, StepsRun: 0, new GenerationTimings());

    private static byte[] CreatePng()
    {
        using var image = new Image<Rgb24>(8, 8);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }
}
