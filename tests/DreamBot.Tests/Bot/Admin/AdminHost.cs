using System.Net;
using DreamBot.Bot.Admin;
using DreamBot.Shared.Hosting;
using DreamBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace DreamBot.Tests.Bot.Admin;

/// <summary>The admin dashboard alone, started on a loopback port against a test database.</summary>
internal static class AdminHost
{
    /// <param name="token">Admin:Token; null leaves the dashboard off.</param>
    /// <param name="settings">More settings, e.g. the archive's path.</param>
    public static async Task<WebApplication> StartAsync(PostgresDatabase database, string? token, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
            ["Admin:Token"] = token,
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("DREAMBOT_TEST_LOGS") == "1")
            builder.Logging.AddConsole();
        builder.AddDreamBotDefaults();
        builder.AddAdminDashboard();
        var app = builder.Build();
        HangfireTestLogging.Pin(app);
        app.MapAdminDashboard();
        await app.StartAsync();
        return app;
    }

    public static Uri BaseAddress(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().TrimEnd('/') + "/");
}
