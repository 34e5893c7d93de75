using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DreamBot.Worker.Hosting;

/// <summary>Set by <see cref="ModelWarmup"/> once the model has rendered its first image; until then the worker is not ready.</summary>
public sealed class ModelReadiness : IHealthCheck
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_ready
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, "model not loaded yet"));
}
