using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using DreamBot.Bot.Hosting;
using DreamBot.Bot.Models;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Hosting;
using DreamBot.Tests.Bot.Harness;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.EndToEnd;

/// <summary>
/// The whole product in one test: a fake Discord, a real PostgreSQL database, the real Bot host (HTTP interactions
/// mode) and the real Worker host running a tiny generated model on the CPU.
/// </summary>
public sealed class DreamBotSystem : IAsyncDisposable
{
    public const long ChannelId = InteractionPayloads.ChannelId;

    private readonly List<WebApplication> _workers = [];

    private DreamBotSystem(PostgresDatabase database, FakeDiscord discord, InteractionSigner signer, string modelPath)
    {
        Database = database;
        Discord = discord;
        Signer = signer;
        ModelPath = modelPath;
    }

    public PostgresDatabase Database { get; }
    public FakeDiscord Discord { get; }
    public InteractionSigner Signer { get; }
    public string ModelPath { get; }
    public CapturedLogs Logs { get; } = new();
    public WebApplication? Bot { get; private set; }
    public Uri? InteractionsEndpoint { get; private set; }
    public IReadOnlyList<WebApplication> Workers => _workers;

    /// <param name="postgresServer">A server of the test's own (one it restarts); the shared one by default.</param>
    public static async Task<DreamBotSystem> StartAsync(
        bool startBot = true, int workers = 1, Dictionary<string, string?>? settings = null, string? postgresServer = null)
    {
        var database = new PostgresDatabase(postgresServer);
        await database.InitializeAsync();
        await database.MigrateAsync();
        var modelPath = TestPaths.NewTempDirectory("e2e-model");
        TinyModelGenerator.Write(modelPath, TestPaths.Clip, new TinyModelOptions(SafetyChecker: true));
        var system = new DreamBotSystem(database, await FakeDiscord.StartAsync(), new InteractionSigner(), modelPath);
        if (startBot)
            await system.StartBotAsync(settings);
        for (var i = 0; i < workers; i++)
            await system.StartWorkerAsync(settings);
        return system;
    }

    public Dictionary<string, string?> Settings(Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = Database.ConnectionString,
            ["Discord:ApplicationId"] = FakeDiscord.ApplicationId.ToString(CultureInfo.InvariantCulture),
            ["Discord:BotToken"] = FakeDiscord.BotToken,
            ["Discord:ApiBaseUrl"] = Discord.ApiBaseUrl,
            ["Discord:Mode"] = "Http",
            ["Discord:PublicKey"] = Signer.PublicKeyHex,
            ["InitImage:AllowedOrigins:0"] = Discord.BaseUrl,
            ["Model:Path"] = ModelPath,
            ["Model:Device"] = "Cpu",
            ["Queue:PollInterval"] = "00:00:00.200",
            ["Queue:InvisibilityTimeout"] = "00:00:15",
        };
        foreach (var (key, value) in overrides ?? [])
            settings[key] = value;
        return settings;
    }

    public async Task StartBotAsync(Dictionary<string, string?>? settings = null)
    {
        var builder = CreateBuilder(settings);
        builder.AddDreamBotDefaults();
        builder.AddBotServices();
        var app = builder.Build();
        HangfireTestLogging.Pin(app);
        app.MapBotEndpoints();
        await app.StartAsync();
        Bot = app;
        InteractionsEndpoint = new Uri(Address(app), "interactions");
    }

    /// <param name="services">Replacements for the Worker's services (a test renderer).</param>
    public async Task<WebApplication> StartWorkerAsync(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var builder = CreateBuilder(settings);
        builder.AddDreamBotDefaults();
        builder.AddWorkerServices();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        HangfireTestLogging.Pin(app);
        app.MapWorkerEndpoints();
        await app.StartAsync();
        _workers.Add(app);
        return app;
    }

    /// <summary>Waits until the Bot sees <paramref name="model"/> live and a Worker has published it in the database.</summary>
    public Task UntilModelPublishedAsync(string model)
    {
        var live = Bot!.Services.GetRequiredService<LiveModels>();
        return Eventually.TrueAsync(async () =>
        {
            await using var db = Database.CreateContext();
            return live.Names().Contains(model) && await db.ServedModels.AnyAsync(m => m.Name == model);
        }, TimeSpan.FromSeconds(60), () => "the worker went live and published its model\n" + Problems());
    }

    public async Task StopBotAsync()
    {
        if (Bot is null)
            return;
        await Bot.StopAsync();
        await Bot.DisposeAsync();
        Bot = null;
    }

    public async Task StopWorkersAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.StopAsync();
            await worker.DisposeAsync();
        }
        _workers.Clear();
    }

    /// <summary>Sends a signed interaction to the Bot and relays its HTTP acknowledgement to the fake, as Discord does.</summary>
    public async Task<(FakeInteraction Interaction, JsonNode Ack)> SendAsync(Func<FakeInteraction, JsonObject> payload, FakeMessage? source = null)
    {
        var interaction = Discord.CreateInteraction(ChannelId, source);
        using var http = new HttpClient();
        using var response = await Signer.PostAsync(http, InteractionsEndpoint!, payload(interaction));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"The Bot answered {(int)response.StatusCode}: {body}");
        await DiscordRelay.ForwardAckAsync(Discord, interaction, body);
        return (interaction, JsonNode.Parse(body)!);
    }

    /// <summary>Presses a button under <paramref name="message"/>, as <paramref name="userId"/> (the requester by default).</summary>
    public Task<(FakeInteraction Interaction, JsonNode Ack)> ClickAsync(FakeMessage message, string customId, long? userId = null, string? permissions = null) =>
        SendAsync(i =>
        {
            var payload = InteractionPayloads.Command("unused", id: i.Id, token: i.Token);
            payload["type"] = 3;
            payload["data"] = new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 };
            payload["message"] = message.ToJson();
            if (userId is { } id)
                payload["member"]!["user"]!["id"] = id.ToString(CultureInfo.InvariantCulture);
            if (permissions is not null)
                payload["member"]!["permissions"] = permissions;
            return payload;
        }, source: message);

    /// <summary>Picks <paramref name="values"/> in the string select <paramref name="customId"/> under <paramref name="message"/>.</summary>
    public Task<(FakeInteraction Interaction, JsonNode Ack)> SelectAsync(FakeMessage message, string customId, string[] values, long? userId = null) =>
        SendAsync(i =>
        {
            var payload = InteractionPayloads.Command("unused", id: i.Id, token: i.Token);
            payload["type"] = 3;
            payload["data"] = new JsonObject { ["custom_id"] = customId, ["component_type"] = 3, ["values"] = new JsonArray([.. values.Select(v => JsonValue.Create(v))]) };
            payload["message"] = message.ToJson();
            if (userId is { } id)
                payload["member"]!["user"]!["id"] = id.ToString(CultureInfo.InvariantCulture);
            return payload;
        }, source: message);

    public Task<(FakeInteraction Interaction, JsonNode Ack)> DreamAsync(string prompt, params (string Name, int Type, JsonNode? Value)[] options) =>
        SendAsync(i => InteractionPayloads.Dream(prompt, i.Id, i.Token, options));

    /// <summary>Waits until the generation of <paramref name="interactionId"/> has finished, and returns it.</summary>
    public async Task<DreamBot.Shared.Data.Generation> FinishedAsync(long interactionId, TimeSpan? timeout = null)
    {
        DreamBot.Shared.Data.Generation? row = null;
        await Eventually.TrueAsync(async () =>
        {
            await using var db = Database.CreateContext();
            row = await db.Generations.AsNoTracking().SingleOrDefaultAsync(g => g.InteractionId == interactionId);
            return row?.FinishedAt is not null;
        }, timeout ?? TimeSpan.FromSeconds(60), () => "the generation finished\n" + Problems());
        return row!;
    }

    /// <summary>Warnings and errors the hosts logged, for failure messages.</summary>
    public string Problems() => string.Join('\n',
        Logs.Lines.Where(l => l.Level >= LogLevel.Warning).Select(l => $"{l.Level} {l.Category}: {l.Message}")
            .Concat(HangfireTestLogging.Lines.Lines.Where(l => l.Level >= LogLevel.Warning).Select(l => $"{l.Level} {l.Category} (any host): {l.Message}")));

    public async ValueTask DisposeAsync()
    {
        await StopWorkersAsync();
        await StopBotAsync();
        await Discord.DisposeAsync();
        Signer.Dispose();
        await Database.DisposeAsync();
        Directory.Delete(ModelPath, recursive: true);
    }

    private WebApplicationBuilder CreateBuilder(Dictionary<string, string?>? settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(Settings(settings));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(Logs);
        return builder;
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().TrimEnd('/') + "/");
}
