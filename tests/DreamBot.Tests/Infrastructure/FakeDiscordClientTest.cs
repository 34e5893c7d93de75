using DreamBot.Shared.Discord;
using DreamBot.Tests.Fakes.Discord;

namespace DreamBot.Tests.Infrastructure;

/// <summary>
/// A test of code that calls Discord: a fresh <see cref="FakeDiscord"/> and a <see cref="DiscordRestClient"/> pointed
/// at it for each test, and at the end the check that every request met Discord's schema. The members keep the names
/// the tests' own fields had.
/// </summary>
public abstract class FakeDiscordClientTest : IAsyncLifetime
{
    private ServiceProvider _services = null!;

    protected FakeDiscord _discord { get; private set; } = null!;

    protected DiscordRestClient _client { get; private set; } = null!;

    /// <summary>False for tests that send what Discord refuses, on purpose.</summary>
    protected virtual bool RequestsMeetTheSchema => true;

    public async Task InitializeAsync()
    {
        _discord = await FakeDiscord.StartAsync();
        _services = _discord.BuildClientServices();
        _client = _services.GetRequiredService<DiscordRestClient>();
    }

    public async Task DisposeAsync()
    {
        if (RequestsMeetTheSchema)
            Assert.Empty(_discord.ValidationFailures);
        await _services.DisposeAsync();
        await _discord.DisposeAsync();
    }
}
