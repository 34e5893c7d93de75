using DreamBot.Shared.Configuration;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Jobs;
using DreamBot.Shared.Queue;
using DreamBot.Worker.Diffusion;
using DreamBot.Worker.Imaging;
using DreamBot.Worker.Jobs;
using Hangfire;
using Microsoft.Extensions.Options;

namespace DreamBot.Worker.Hosting;

public static class WorkerServices
{
    public const string MaintenanceQueue = "maintenance";

    public static WebApplicationBuilder AddWorkerServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<DiscordOptions>(DiscordOptions.Section);
        services.AddValidatedOptions<ModelOptions>(ModelOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Path), "Model:Path is required (a Stable Diffusion ONNX folder; see README, 'Models')");
        services.AddDiscordRestClient();

        // The model is loaded once per process, before the job server starts taking work.
        services.AddSingleton(sp =>
        {
            var model = sp.GetRequiredService<IOptions<ModelOptions>>().Value;
            return StableDiffusionModel.Load(model.Path!, model.Device, model.DeviceId, sp.GetRequiredService<ILogger<StableDiffusionModel>>());
        });
        services.AddSingleton(ImageLimits.Default);
        services.AddSingleton<StableDiffusionPipeline>();
        services.AddSingleton<IImageRenderer, PipelineRenderer>();
        services.AddSingleton(sp => WorkerIdentity.ForThisProcess(sp.GetRequiredService<IOptions<ModelOptions>>().Value.DeviceId));
        services.AddHostedService<ModelWarmup>();

        services.AddHttpClient<InitImageDownloader>(http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<ResultPoster>();
        services.AddSingleton<GenerationWatcher>();
        services.AddScoped<IDreamJob, DreamJob>();
        services.AddScoped<QueueSweeper>();

        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(1));
        services.AddHangfireServer((sp, server) =>
        {
            var queue = sp.GetRequiredService<IOptions<QueueOptions>>().Value;
            server.Queues = [QueueOptions.DreamQueue, MaintenanceQueue];
            server.WorkerCount = queue.WorkerCount;
            server.ServerName = sp.GetRequiredService<WorkerIdentity>().Name;
            // Shorter than the host's shutdown timeout, so an interrupted job is handed back to the queue.
            server.ShutdownTimeout = queue.ShutdownTimeout;
        });
        services.AddHostedService<RecurringJobsRegistrar>();
        services.AddHealthChecks();
        return builder;
    }

    public static WebApplication MapWorkerEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/healthz");
        return app;
    }
}
