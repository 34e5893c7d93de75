using DreamBot.Bot.Interactions;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.Shared.Discord;

/// <summary>The fake follows Discord's interaction rules, so code answering interactions is held to them.</summary>
public sealed class FakeDiscordInteractionTests : FakeDiscordClientTest
{
    private const long ChannelId = 1600000000000000001;

    [Fact]
    public async Task AButtonPress_AnsweredWithUpdateMessage_EditsTheMessageTheButtonWasOn()
    {
        var result = await _client.CreateMessageAsync(ChannelId, new MessagePayload
        {
            Content = "done",
            Components = [ActionRow.Of(new Button { Style = ButtonStyle.Primary, Label = "Upscale", CustomId = "upscale:1" })],
        });
        var press = _discord.CreateInteraction(ChannelId, _discord.Messages(ChannelId).Single());

        await _client.CreateInteractionResponseAsync(press.Id, press.Token,
            InteractionResponse.UpdateMessage(new MessagePayload { Components = [] }));

        var message = _discord.Messages(ChannelId).Single();
        Assert.Equal(result.Id, message.Id);
        Assert.Empty(message.Components);
        Assert.Equal("done", message.Content);
        Assert.Equal(7, press.CallbackType);
    }

    [Fact]
    public async Task ADeferredUpdate_MakesOriginalTheSourceMessage()
    {
        await _client.CreateMessageAsync(ChannelId, new MessagePayload { Content = "grid" });
        var press = _discord.CreateInteraction(ChannelId, _discord.Messages(ChannelId).Single());

        await _client.CreateInteractionResponseAsync(press.Id, press.Token, InteractionResponse.DeferUpdate);
        var original = await _client.EditOriginalResponseAsync(press.Token, new MessagePayload { Content = "grid (upscaling…)" });

        Assert.Equal(press.SourceMessage!.Id, original.Id);
        Assert.Equal("grid (upscaling…)", press.SourceMessage.Content);
    }

    [Fact]
    public async Task ASecondCallback_IsRefusedAsAlreadyAcknowledged()
    {
        var interaction = _discord.CreateInteraction(ChannelId);
        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Defer());

        var error = await Assert.ThrowsAsync<DiscordApiException>(() =>
            _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Defer()));

        Assert.Equal(DiscordErrorCodes.InteractionAlreadyAcknowledged, error.Code);
    }

    [Fact]
    public async Task AFollowupBeforeTheCallback_IsRefusedAsUnknownWebhook()
    {
        var interaction = _discord.CreateInteraction(ChannelId);

        var error = await Assert.ThrowsAsync<DiscordApiException>(() =>
            _client.CreateFollowupAsync(interaction.Token, new MessagePayload { Content = "too early" }));

        Assert.Equal(DiscordErrorCodes.UnknownWebhook, error.Code);
    }

    [Fact]
    public async Task ACallbackWithAFile_CreatesTheOriginalWithTheAttachment()
    {
        var interaction = _discord.CreateInteraction(ChannelId);
        var png = TestImages.Noise(64, 64, seed: 11, alpha: true);

        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token,
            InteractionResponse.Message(new MessagePayload { Embeds = [new Embed { Image = EmbedImage.FromAttachment("x.png") }] }),
            [new FileUpload("x.png", png)]);

        Assert.Equal(png, Assert.Single(interaction.Original!.Attachments).Content);
    }

    [Fact]
    public async Task HostedAttachments_AreServedAtTheirUrl()
    {
        var png = TestImages.Noise(64, 64, seed: 5, alpha: true);
        var attachment = _discord.HostAttachment(ChannelId, "init.png", png);

        using var http = new HttpClient();
        Assert.Equal(png, await http.GetByteArrayAsync(new Uri(attachment.Url)));
    }
}
