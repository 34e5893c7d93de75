using DreamBot.Worker.Diffusion;

namespace DreamBot.Worker.Hosting;

/// <summary>Loads the model and renders one tiny image at start-up, so the first user's job does not pay for it.</summary>
public sealed partial class ModelWarmup(StableDiffusionPipeline pipeline, ModelReadiness readiness, ILogger<ModelWarmup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var warmup = new GenerationRequest("warm-up") { Steps = 1, Width = GenerationRequest.MinSide, Height = GenerationRequest.MinSide, Seed = 0, Sampler = "euler" };
        await pipeline.GenerateAsync(warmup, progress: null, cancellationToken);
        readiness.MarkReady();
        LogWarm(logger, pipeline.Model.Name, pipeline.Model.Device, TimeProvider.System.GetElapsedTime(started).TotalSeconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} loaded and warmed on {Device} in {Seconds:0.0} s")]
    private static partial void LogWarm(ILogger logger, string model, object device, double seconds);
}
