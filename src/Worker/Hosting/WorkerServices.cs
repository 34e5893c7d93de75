using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Shared.Archive;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Hosting;
using DreamBot.Shared.Jobs;
using DreamBot.Worker.Archive;
using DreamBot.Worker.Imaging;
using DreamBot.Worker.Delivery;
using DreamBot.Worker.Jobs;
using DreamBot.Worker.Rendering;
using DreamBot.Worker.Maintenance;
using DreamBot.Worker.Upscaling;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
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
            .Validate(o => o.Served().Count > 0, "Model:Path is required (a Stable Diffusion ONNX folder; see docs/models.md), or Model:Models")
            .Validate(o => o.Served().All(m => ModelRoute.IsValidName(m.Name)), $"Model:Models names must be {ModelRoute.NameRule}")
            .Validate(o => o.Served().All(m => !string.IsNullOrWhiteSpace(m.Path)), "Model:Models entries each need a Path")
            .Validate(o => o.Served().Select(m => m.Name).Distinct().Count() == o.Served().Count, "Model:Models names must be unique");
        services.AddDiscordRestClient();

        // The worker's models; ModelWarmup loads them before the job server starts taking work.
        services.AddStableDiffusion();
        services.AddSingleton(ImageLimits.Default);
        services.AddSingleton<IImageRenderer, PipelineRenderer>();
        services.AddOptions<List<UpscalerOptions>>().BindConfiguration(UpscalerOptions.Section)
            .Validate(o => o.All(u => ModelRoute.IsValidName(u.Name)), $"Upscalers names must be {ModelRoute.NameRule}")
            .Validate(o => o.All(u => !string.IsNullOrWhiteSpace(u.Path)), "Upscalers entries each need a Path (an ONNX super-resolution graph)")
            .Validate(o => o.Select(u => u.Name).Distinct().Count() == o.Count, "Upscalers names must be unique")
            .ValidateOnStart();
        services.AddSingleton<UpscalerCatalog>();
        services.AddSingleton<ImageUpscaling>();
        services.AddSingleton(sp => WorkerIdentity.ForThisProcess(sp.GetRequiredService<IOptions<ModelOptions>>().Value.DeviceId));
        services.AddHostedService<ModelWarmup>();

        services.AddValidatedOptions<InitImageOptions>(InitImageOptions.Section)
            .Validate(o => o.AllowedOrigins is not [], "InitImage:AllowedOrigins must name at least one origin when set")
            .Validate(o => (o.AllowedOrigins ?? []).All(InitImageOptions.IsValidOrigin),
                "InitImage:AllowedOrigins entries must be https://host[:port] (http only for a loopback host)");
        // Redirects are followed by the downloader, which checks each target's origin.
        services.AddHttpClient<InitImageDownloader>(http => http.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddValidatedOptions<ArchiveOptions>(ArchiveOptions.Section)
            .Validate(o => o.RatedRetentionDays >= o.RetentionDays, "Archive:RatedRetentionDays must be at least Archive:RetentionDays");
        services.AddSingleton<ResultArchiver>();
        services.AddSingleton<ResultPoster>();
        services.AddSingleton<GenerationWatcher>();
        services.AddSingleton<ResultMessages>();
        services.AddScoped<ResultDelivery>();
        // The first kind that takes a request renders it: the narrower kinds come first.
        services.AddScoped<IRequestRendering, CreativeUpscaleRendering>();
        services.AddScoped<IRequestRendering, UpscaleRendering>();
        services.AddScoped<IRequestRendering, ImageToImageRendering>();
        services.AddScoped<IRequestRendering, TextToImageRendering>();
        services.AddScoped<RequestRenderer>();
        services.AddScoped<SlotClaims>();
        services.AddScoped<BatchRun>();
        services.AddScoped<IDreamJob, DreamJob>();
        services.AddScoped<QueueSweeper>();
        services.AddScoped<StatsRollup>();
        services.AddScoped<ArchiveSweeper>();

        services.AddGracefulShutdown().Validate<IOptions<QueueOptions>>(
            (shutdown, queue) => queue.Value.ShutdownTimeout < shutdown.GracePeriod,
            "Queue:ShutdownTimeout must be shorter than Shutdown:GracePeriod, so a job interrupted by shutdown goes back on the queue");
        services.AddHangfireServer((sp, server) =>
        {
            var queue = sp.GetRequiredService<IOptions<QueueOptions>>().Value;
            // Each model's own queue, then the shared one (rendered with the first model), then upkeep.
            var models = sp.GetRequiredService<IOptions<ModelOptions>>().Value.Served();
            server.Queues = [.. models.Select(m => ModelRoute.QueueFor(m.Name)), QueueOptions.DreamQueue, MaintenanceQueue];
            server.WorkerCount = queue.WorkerCount;
            server.ServerName = sp.GetRequiredService<WorkerIdentity>().Name;
            // Shorter than the host's shutdown timeout, so an interrupted job is handed back to the queue.
            server.ShutdownTimeout = queue.ShutdownTimeout;
        });
        services.AddHostedService<RecurringJobsRegistrar>();
        services.AddSingleton<ModelReadiness>();
        services.AddDreamBotReadiness().AddCheck<ModelReadiness>("model", tags: [HealthTags.Ready]);
        return builder;
    }

    public static WebApplication MapWorkerEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthTags.LivenessPath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(HealthTags.ReadinessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Ready) });
        return app;
    }
}
