using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Worker.Upscaling;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Worker.Hosting;

/// <summary>
/// Loads every model and renders one tiny image with each at start-up, so the first user's job does not pay for it,
/// then publishes the models' /dream defaults and the worker's upscalers for the Bot (resolving the upscalers loads them). Runs before the job server starts taking work.
/// </summary>
public sealed partial class ModelWarmup(
    ModelCatalog models,
    UpscalerCatalog upscalers,
    ModelReadiness readiness,
    IDbContextFactory<DreamBotDb> contexts,
    TimeProvider time,
    ILogger<ModelWarmup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var warmup = new DreamParameters { Prompt = "warm-up", Steps = 1, Width = DreamLimits.MinSide, Height = DreamLimits.MinSide, Sampler = Samplers.Euler };
        foreach (var served in models.Served)
        {
            var started = time.GetTimestamp();
            var pipeline = models.Pipeline(served.Name);
            await pipeline.GenerateAsync(warmup, initImage: null, progress: null, cancellationToken);
            LogWarm(logger, served.Name, pipeline.Model.Name, pipeline.Model.Device, time.GetElapsedTime(started).TotalSeconds);
        }
        await PublishAsync(cancellationToken);
        readiness.MarkReady();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var names = models.Served.Select(m => m.Name).ToList();
        var known = await db.ServedModels.Where(m => names.Contains(m.Name)).ToDictionaryAsync(m => m.Name, cancellationToken);
        foreach (var served in models.Served)
        {
            if (!known.TryGetValue(served.Name, out var row))
                db.ServedModels.Add(row = new ServedModel { Name = served.Name });
            row.DefaultSteps = served.DefaultSteps;
            row.MaxSteps = served.MaxSteps;
            row.DefaultGuidance = served.DefaultGuidance;
            var model = models.Pipeline(served.Name).Model;
            row.SupportsImageToImage = model.VaeEncoder is not null;
            row.SupportsInpainting = model.UNet.IsInpainting;
            row.DefaultWidth = row.DefaultHeight = ServedSide(served.DefaultSide ?? model.DefaultSide);
            row.MaxSide = ServedSide(served.MaxSide);
            row.Upscalers = [.. upscalers.Served.Select(u => u.ToString())];
            row.UpdatedAt = time.GetUtcNow();
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A side /dream offers (a multiple of 64 within DreamBot's limits), or null when there is none to offer.</summary>
    private static int? ServedSide(int? side) =>
        side is { } value && DreamLimits.IsSide(value) ? value : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Name} ({Model}) loaded and warmed on {Device} in {Seconds:0.0} s")]
    private static partial void LogWarm(ILogger logger, string name, string model, object device, double seconds);
}
