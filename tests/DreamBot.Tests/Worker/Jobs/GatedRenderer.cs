using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Worker.Rendering;
using DreamBot.Shared.Domain;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.Worker.Jobs;

/// <summary>Where a <see cref="GatedRenderer"/> waits for the test before going on.</summary>
public enum RenderGate
{
    None,

    /// <summary>After the first step; cancellation stops it there, as it stops the real denoising loop.</summary>
    MidSteps,

    /// <summary>After the last step, in the decode, which no cancellation interrupts.</summary>
    AfterLastStep,
}

/// <summary>
/// A renderer the test drives: it stops at <see cref="Gate"/> until released, or throws <see cref="Failure"/> once,
/// and otherwise answers at once with one small image.
/// </summary>
public sealed class GatedRenderer : IImageRenderer
{
    private const int Steps = 4;
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _failure;

    public RenderGate Gate { get; init; }

    /// <summary>Thrown by the first render, as an out-of-memory or runtime failure mid-job would be.</summary>
    public Exception? Failure { init => _failure = value; }

    public int Renders { get; private set; }

    public Task Reached => _reached.Task;

    public void Release() => _release.TrySetResult();

    public string NameOf(string model) => "gated";

    public string SamplerFor(string model, string sampler) => sampler.Length == 0 ? Samplers.Euler : sampler;

    public async Task<GenerationResult> GenerateAsync(
        string model, DreamParameters parameters, byte[]? initImage, byte[]? mask, Action<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        Renders++;
        if (Interlocked.Exchange(ref _failure, null) is { } failure)
            throw failure;
        if (Gate == RenderGate.MidSteps)
        {
            _reached.TrySetResult();
            await _release.Task.WaitAsync(cancellationToken);
        }
        if (Gate == RenderGate.AfterLastStep)
        {
            _reached.TrySetResult();
            await _release.Task;
        }
        return new GenerationResult([new GeneratedImage(TestImages.Png(8, 8), parameters.Seed, Flagged: false)], parameters.Seed, StepsRun: Steps, new GenerationTimings());
    }

    /// <summary>One request at a time, so the gate stops exactly one render.</summary>
    public bool Batches(string model) => false;

    public Task<IReadOnlyList<GenerationResult>> GenerateBatchAsync(
        string model, IReadOnlyList<DreamParameters> batch, IReadOnlyList<Action<GenerationProgress>?> progress, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The gated renderer renders one request at a time.");
}
