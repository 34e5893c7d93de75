using DreamBot.Bot.ApplicationCommands;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.Shared.Discord;

public sealed class DiscordRestClientCommandTests : FakeDiscordClientTest
{
    private const long GuildId = 1300000000000000001;

    private static ApplicationCommand Dream() => new("dream", "Generate an image")
    {
        Contexts = [InteractionContextType.Guild],
        IntegrationTypes = [ApplicationIntegrationType.GuildInstall],
        Options =
        [
            new(ApplicationCommandOptionType.String, "prompt", "What to draw") { Required = true, MinLength = 1, MaxLength = 1000 },
            new(ApplicationCommandOptionType.Integer, "steps", "Denoising steps") { MinValue = 1, MaxValue = 50 },
            new(ApplicationCommandOptionType.Number, "guidance", "CFG scale") { MinValue = 1.5, MaxValue = 20 },
            new(ApplicationCommandOptionType.String, "size", "Image size")
            {
                Choices = [ApplicationCommandOptionChoice.Of("512×512", "512x512"), ApplicationCommandOptionChoice.Of("768×512", "768x512")],
            },
            new(ApplicationCommandOptionType.Integer, "count", "Images")
            {
                Choices = [ApplicationCommandOptionChoice.Of("one", 1), ApplicationCommandOptionChoice.Of("four", 4)],
            },
            new(ApplicationCommandOptionType.Attachment, "init_image", "Start from this image"),
            new(ApplicationCommandOptionType.Boolean, "private", "Only you see the result") { Autocomplete = null },
        ],
    };

    private static ApplicationCommand Mod() => new("mod", "Moderation")
    {
        DefaultMemberPermissions = 1UL << 5, // MANAGE_GUILD
        Options =
        [
            new(ApplicationCommandOptionType.SubCommandGroup, "quota", "Quota rules")
            {
                Options =
                [
                    new(ApplicationCommandOptionType.SubCommand, "set", "Set a quota")
                    {
                        Options = [new(ApplicationCommandOptionType.User, "user", "Who") { Required = true }],
                    },
                ],
            },
            new(ApplicationCommandOptionType.SubCommand, "ban", "Ban a user from dreaming"),
        ],
    };

    [Fact]
    public async Task BulkOverwriteGlobalCommands_RegistersEveryOptionAsSent()
    {
        var registered = await _client.BulkOverwriteGlobalCommandsAsync([Dream(), Mod()]);

        Assert.Equal(["dream", "mod"], registered.Select(c => c.Name));
        Assert.All(registered, c => Assert.Equal(FakeDiscord.ApplicationId, c.ApplicationId));
        Assert.Equal("32", registered[1].DefaultMemberPermissions);
        var stored = _discord.State.GlobalCommands;
        var options = stored[0]!["options"]!.AsArray();
        Assert.Equal(3, options[0]!["type"]!.GetValue<int>());
        Assert.True(options[0]!["required"]!.GetValue<bool>());
        Assert.Equal(1000, options[0]!["max_length"]!.GetValue<int>());
        Assert.Equal(50, options[1]!["max_value"]!.GetValue<int>());
        Assert.Equal(1.5, options[2]!["min_value"]!.GetValue<double>());
        Assert.Equal("768x512", options[3]!["choices"]![1]!["value"]!.GetValue<string>());
        Assert.Equal(4, options[4]!["choices"]![1]!["value"]!.GetValue<int>());
        Assert.Equal(11, options[5]!["type"]!.GetValue<int>());
        Assert.Equal("[0]", stored[0]!["contexts"]!.ToJsonString());
        Assert.Equal(2, stored[1]!["options"]![0]!["type"]!.GetValue<int>());
        Assert.Equal(1, stored[1]!["options"]![0]!["options"]![0]!["type"]!.GetValue<int>());
        Assert.Single(registered[1].Options[0].Options![0].Options!);
    }

    [Fact]
    public async Task BulkOverwriteGuildCommands_ReplacesTheGuildsCommands()
    {
        await _client.BulkOverwriteGuildCommandsAsync(GuildId, [Dream(), Mod()]);
        var registered = await _client.BulkOverwriteGuildCommandsAsync(GuildId, [Dream()]);

        Assert.Equal(GuildId, Assert.Single(registered).GuildId);
        Assert.Single(_discord.State.GuildCommands(GuildId)!);
        Assert.Empty(_discord.State.GlobalCommands);
    }

    [Fact]
    public async Task GetGatewayBot_ReturnsTheGatewayUrlAndSessionStartLimit()
    {
        var gateway = await _client.GetGatewayBotAsync();

        Assert.Equal(_discord.GatewayUrl, gateway.Url);
        Assert.StartsWith("ws://127.0.0.1:", gateway.Url, StringComparison.Ordinal);
        Assert.Equal(1, gateway.Shards);
        Assert.Equal(1, gateway.SessionStartLimit.MaxConcurrency);
        Assert.Equal(TimeSpan.FromHours(4), gateway.SessionStartLimit.ResetAfter);
    }

    [Fact]
    public async Task GetCurrentUser_ReturnsTheBotUser()
    {
        var me = await _client.GetCurrentUserAsync();

        Assert.Equal(FakeDiscord.BotUserId, me.Id);
        Assert.True(me.Bot);
    }

    [Fact]
    public async Task BotRoutesSendTheBotToken_AndTokenRoutesSendNoAuthorization()
    {
        var interaction = _discord.CreateInteraction(1);
        await _client.GetCurrentUserAsync();
        await _client.BulkOverwriteGlobalCommandsAsync([Dream()]);
        await _client.CreateMessageAsync(1, new MessagePayload { Content = "bot" });
        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Defer(ephemeral: true));
        await _client.EditOriginalResponseAsync(interaction.Token, new MessagePayload { Content = "done" });
        await _client.CreateFollowupAsync(interaction.Token, new MessagePayload { Content = "more" });

        var requests = _discord.Requests;
        Assert.Equal(6, requests.Count);
        Assert.All(requests.Take(3), r => Assert.Equal("Bot " + FakeDiscord.BotToken, r.Header("Authorization")));
        Assert.All(requests.Skip(3), r => Assert.Null(r.Header("Authorization")));
        Assert.All(requests, r => Assert.Matches(@"^DiscordBot \(https://github\.com/dreambot/dreambot, \d+\.\d+\.\d+[^)]*\)$", r.Header("User-Agent")));
    }

    [Fact]
    public async Task UnauthorizedBotToken_SurfacesAs401WithoutRetry()
    {
        var options = _discord.Configuration();
        options["Discord:BotToken"] = "wrong";
        var services = new ServiceCollection()
            .AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(
                new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(options).Build())
            .AddLogging()
            .AddSingleton(FakeDiscordServices.FastRetries)
            .AddDiscordRestClient()
            .BuildServiceProvider();
        await using var _ = services;

        var error = await Assert.ThrowsAsync<DiscordApiException>(() =>
            services.GetRequiredService<DiscordRestClient>().GetCurrentUserAsync());

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Single(_discord.Requests);
    }
}
