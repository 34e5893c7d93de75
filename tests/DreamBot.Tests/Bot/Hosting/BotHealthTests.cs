using System.Net;
using DreamBot.Shared.Configuration;
using DreamBot.Tests.Bot.Harness;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.Bot.Hosting;

public sealed class BotHealthTests : IAsyncLifetime, IDisposable
{
    private readonly PostgresDatabase _database = new();
    private readonly FakeGateway _gateway = new();
    private readonly HttpClient _http = new();
    private FakeDiscord _discord = null!;
    private BotTestHost? _bot;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _discord = await FakeDiscord.StartAsync(_gateway.Map);
    }

    public async Task DisposeAsync()
    {
        if (_bot is not null)
            await _bot.DisposeAsync();
        await _discord.DisposeAsync();
        await _database.DisposeAsync();
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Readyz_IsOk_InHttpMode_WhenTheDatabaseAnswers()
    {
        using var signer = new InteractionSigner();
        _bot = await StartAsync(DiscordMode.Http, _database.ConnectionString, signer.PublicKeyHex);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync("healthz"));
        // A loaded machine may need more than the check's 5 s for the first connection; a probe asks again, as does this.
        await Eventually.TrueAsync(async () => await StatusAsync("readyz") == HttpStatusCode.OK, TimeSpan.FromSeconds(60), () => "/readyz answered 200");
    }

    [Fact]
    public async Task Readyz_Is503_ButHealthzIsOk_WhenTheDatabaseIsUnreachable()
    {
        using var signer = new InteractionSigner();
        _bot = await StartAsync(DiscordMode.Http, "Host=127.0.0.1;Port=1;Database=unused;Timeout=2", signer.PublicKeyHex);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync("healthz"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync("readyz"));
    }

    [Fact]
    public async Task Readyz_FollowsTheGatewaySession_InGatewayMode()
    {
        _bot = await StartAsync(DiscordMode.Gateway, _database.ConnectionString);
        await _gateway.WaitUntilAsync(g => g.Connected && g.Count("identify") == 1, what: "identified");
        await Eventually.TrueAsync(async () => await StatusAsync("readyz") == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "ready after READY");

        _bot.App.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync("readyz"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("healthz"));
    }

    private Task<BotTestHost> StartAsync(DiscordMode mode, string connectionString, string? publicKey = null) =>
        BotTestHost.StartAsync(_discord, mode, new TestDreamQueue(), publicKey, devGuildId: "1100000000000000002",
            settings: new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = connectionString });

    private async Task<HttpStatusCode> StatusAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(_bot!.BaseAddress, path));
        return response.StatusCode;
    }
}
