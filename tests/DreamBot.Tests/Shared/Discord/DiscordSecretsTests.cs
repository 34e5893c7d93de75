using DreamBot.Bot.Interactions;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Tests.Fakes.Discord;

namespace DreamBot.Tests.Shared.Discord;

public sealed class DiscordSecretsTests
{
    [Fact]
    public async Task NeitherTheBotTokenNorInteractionTokensAreLogged_EvenWhenRequestsFail()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var logs = new CapturedLogs();
        await using var services = discord.BuildClientServices(configure: s =>
            s.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs)));
        var client = services.GetRequiredService<DiscordRestClient>();
        var interaction = discord.CreateInteraction(1);
        discord.InjectFault(DiscordRoute.CreateFollowup.ToString(), FakeFault.BadGateway);
        discord.InjectFault(DiscordRoute.CreateFollowup.ToString(), FakeFault.RateLimited(TimeSpan.FromMilliseconds(20)));
        discord.InjectFault(DiscordRoute.GetCurrentUser.ToString(), FakeFault.ServerError(), times: 10);

        await client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Defer());
        await client.CreateFollowupAsync(interaction.Token, new MessagePayload { Content = "done" });
        var error = await Assert.ThrowsAsync<DiscordApiException>(() => client.GetCurrentUserAsync());

        Assert.Contains(logs.Lines, l => l.Contains("retry", StringComparison.OrdinalIgnoreCase));
        Assert.All(logs.Lines, line =>
        {
            Assert.DoesNotContain(FakeDiscord.BotToken, line, StringComparison.Ordinal);
            Assert.DoesNotContain(interaction.Token, line, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(FakeDiscord.BotToken, error.ToString(), StringComparison.Ordinal);
    }
}
