using DreamBot.Shared.Hosting;

namespace DreamBot.Tests.Infrastructure;

/// <summary>A minimal host with DreamBot's shared services (database, Hangfire storage) on a test database.</summary>
public static class DatabaseHost
{
    public static IHost Build(PostgresDatabase database, Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
            ["Queue:PollInterval"] = "00:00:00.200",
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.AddDreamBotDefaults();
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        HangfireTestLogging.Pin(app);
        return app;
    }
}
