using DreamBot.Shared.Configuration;
using DreamBot.Worker.Diffusion;
using Hangfire;
using Microsoft.Extensions.Options;

namespace DreamBot.Worker.Hosting;

public static class WorkerServices
{
    public static WebApplicationBuilder AddWorkerServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DiscordOptions>(DiscordOptions.Section);
        builder.Services.AddValidatedOptions<ModelOptions>(ModelOptions.Section);
        builder.Services.AddStableDiffusion();
        builder.Services.AddHangfireServer((sp, server) =>
        {
            var queue = sp.GetRequiredService<IOptions<QueueOptions>>().Value;
            server.Queues = [QueueOptions.DreamQueue];
            server.WorkerCount = queue.WorkerCount;
            server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });
        builder.Services.AddHealthChecks();
        return builder;
    }

    public static WebApplication MapWorkerEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/healthz");
        return app;
    }
}
