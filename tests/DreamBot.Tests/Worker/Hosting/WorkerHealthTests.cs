using System.Net;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Hosting;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace DreamBot.Tests.Worker.Hosting;

public sealed class WorkerHealthTests : IAsyncLifetime, IDisposable
{
    private readonly PostgresDatabase _database = new();
    private readonly string _model = TestPaths.NewTempDirectory("worker-health");
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        TinyModelGenerator.Write(_model, TestPaths.Clip, new TinyModelOptions());
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_model, recursive: true);
    }

    [Fact]
    public async Task Readyz_IsOk_OnceTheModelIsWarm_AndTurns503WhenStopping()
    {
        await using var worker = Build(new Dictionary<string, string?>());
        await worker.StartAsync();
        var address = new Uri(worker.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

        Assert.True(worker.Services.GetRequiredService<ModelReadiness>().IsReady);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(address, HealthTags.ReadinessPath));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(address, HealthTags.LivenessPath));

        worker.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync(address, HealthTags.ReadinessPath));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(address, HealthTags.LivenessPath));
        await worker.StopAsync();
    }

    [Fact]
    public async Task ModelReadiness_IsUnhealthy_UntilMarkedReady()
    {
        var readiness = new ModelReadiness();
        var context = new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext
        {
            Registration = new("model", readiness, null, null),
        };

        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, (await readiness.CheckHealthAsync(context)).Status);
        readiness.MarkReady();
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, (await readiness.CheckHealthAsync(context)).Status);
    }

    [Fact]
    public async Task StartUp_FailsNamingBothKeys_WhenHangfireWouldOutliveTheGracePeriod()
    {
        await using var worker = Build(new Dictionary<string, string?>
        {
            ["Queue:ShutdownTimeout"] = "00:01:00",
            ["Shutdown:GracePeriod"] = "00:00:45",
        });

        var error = Assert.Throws<OptionsValidationException>(() => worker.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.Contains("Queue:ShutdownTimeout must be shorter than Shutdown:GracePeriod", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HostShutdownTimeout_IsTheGracePeriod()
    {
        await using var worker = Build(new Dictionary<string, string?> { ["Shutdown:GracePeriod"] = "00:00:42" });

        Assert.Equal(TimeSpan.FromSeconds(42), worker.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    private WebApplication Build(Dictionary<string, string?> overrides)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = _database.ConnectionString,
            ["Discord:ApplicationId"] = "1100000000000000001",
            ["Discord:BotToken"] = "unused.not-a-secret",
            ["Discord:ApiBaseUrl"] = "http://127.0.0.1:1/api/v10",
            ["Model:Path"] = _model,
            ["Model:Device"] = "Cpu",
        });
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.AddDreamBotDefaults();
        builder.AddWorkerServices();
        var app = builder.Build();
        HangfireTestLogging.Pin(app);
        app.MapWorkerEndpoints();
        return app;
    }

    private async Task<HttpStatusCode> StatusAsync(Uri address, string path)
    {
        using var response = await _http.GetAsync(new Uri(address, path));
        return response.StatusCode;
    }
}
