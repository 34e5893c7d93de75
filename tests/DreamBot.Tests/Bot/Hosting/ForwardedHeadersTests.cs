using DreamBot.Shared.Configuration;
using DreamBot.Tests.Bot.Harness;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;
using Microsoft.Extensions.Options;

namespace DreamBot.Tests.Bot.Hosting;

/// <summary>Behind the https profile's proxy: the Bot takes the scheme from a trusted proxy's X-Forwarded-Proto.</summary>
public sealed class ForwardedHeadersTests : IAsyncLifetime, IDisposable
{
    private const string Token = "correct-horse-battery-staple-42";
    private readonly InteractionSigner _signer = new();
    private FakeDiscord _discord = null!;

    public async Task InitializeAsync() => _discord = await FakeDiscord.StartAsync();

    public async Task DisposeAsync() => await _discord.DisposeAsync();

    public void Dispose() => _signer.Dispose();

    [Theory]
    [InlineData("https", false)]
    [InlineData(null, true)]
    public async Task SignInPage_OnALanAddress_AsksForHttps_UnlessTheTrustedProxySaysTheRequestCameOverHttps(string? forwardedProto, bool asksForHttps)
    {
        await using var bot = await StartAsync(new() { ["Proxy:KnownProxies:0"] = "127.0.0.1" });
        using var http = new HttpClient { BaseAddress = bot.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/login") { Headers = { Host = "dreambot.example.org" } };
        if (forwardedProto is not null)
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);

        var page = await (await http.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Equal(asksForHttps, page.Contains("Signing in needs HTTPS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Startup_Fails_WhenAKnownProxyIsNotAnAddress()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new() { ["Proxy:KnownProxies:0"] = "caddy" }));

        Assert.Contains("Proxy:KnownProxies", error.Message, StringComparison.Ordinal);
    }

    private Task<BotTestHost> StartAsync(Dictionary<string, string?> settings)
    {
        settings["Admin:Token"] = Token;
        return BotTestHost.StartAsync(_discord, DiscordMode.Http, new TestDreamQueue(), _signer.PublicKeyHex, settings: settings);
    }
}
