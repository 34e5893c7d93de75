using System.Collections.Concurrent;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Hosting;
using DreamBot.Tests.Infrastructure;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace DreamBot.Tests.Shared.Jobs;

public sealed class HangfireAcrossHostsTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task JobEnqueuedByClientHost_IsExecutedByServerHost_ThroughOneStorage()
    {
        using var client = BuildHost(server: false);
        using var server = BuildHost(server: true);
        await client.StartAsync();
        await server.StartAsync();
        var probe = Guid.NewGuid();
        var executed = ProbeJob.Expect(probe);

        var jobId = EnqueueProbe(client, probe);

        var executedBy = await executed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("server", executedBy);
        var monitoring = client.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        await Eventually.TrueAsync(() => monitoring.JobDetails(jobId).History.Any(h => h.StateName == "Succeeded"), TimeSpan.FromSeconds(60));
        await server.StopAsync();
        await client.StopAsync();
    }

    [Fact]
    public async Task AServerHost_ResolvesJobsFromItsOwnServices_ThoughAnotherHostConfiguredHangfireAfterIt()
    {
        using var server = BuildHost(server: true);
        using var other = BuildHost(server: false);
        // Hangfire keeps process-wide defaults, which each host's configuration overwrites: the other host goes last.
        _ = server.Services.GetRequiredService<IGlobalConfiguration>();
        _ = other.Services.GetRequiredService<IGlobalConfiguration>();
        await server.StartAsync();
        var probe = Guid.NewGuid();
        var executed = ProbeJob.Expect(probe);

        EnqueueProbe(server, probe);

        Assert.Equal("server", await executed.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        await server.StopAsync();
    }

    [Fact]
    public async Task ClientOnlyHost_NeverExecutesJobs()
    {
        using var client = BuildHost(server: false);
        await client.StartAsync();
        var probe = Guid.NewGuid();
        var executed = ProbeJob.Expect(probe);

        var jobId = EnqueueProbe(client, probe);

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(executed.Task.IsCompleted);
        var details = client.Services.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(jobId);
        Assert.Equal("Enqueued", details.History[0].StateName);
        Assert.Equal(QueueOptions.DreamQueue, details.History[0].Data["Queue"]);
        await client.StopAsync();
    }

    private static string EnqueueProbe(IHost client, Guid probe) =>
        client.Services.GetRequiredService<IBackgroundJobClient>().Create(
            Job.FromExpression<ProbeJob>(job => job.RunAsync(probe, CancellationToken.None)),
            new EnqueuedState(QueueOptions.DreamQueue));

    private IHost BuildHost(bool server)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = _database.ConnectionString,
            ["Queue:PollInterval"] = "00:00:00.200",
        });
        builder.AddDreamBotDefaults();
        builder.Services.AddSingleton(new HostName(server ? "server" : "client"));
        builder.Services.AddTransient<ProbeJob>();
        if (server)
        {
            builder.Services.AddHangfireServer(options =>
            {
                options.Queues = [QueueOptions.DreamQueue];
                options.WorkerCount = 1;
                options.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            });
        }
        var app = builder.Build();
        HangfireTestLogging.Pin(app);
        return app;
    }

    public sealed record HostName(string Value);

    public sealed class ProbeJob(HostName host)
    {
        private static readonly ConcurrentDictionary<Guid, TaskCompletionSource<string>> Waiting = new();

        public static TaskCompletionSource<string> Expect(Guid probe) =>
            Waiting.GetOrAdd(probe, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));

        public Task RunAsync(Guid probe, CancellationToken cancellationToken)
        {
            Expect(probe).TrySetResult(host.Value);
            return Task.CompletedTask;
        }
    }
}
