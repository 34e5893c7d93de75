using System.Net;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.Shared.Discord;

public sealed class DiscordRestClientMessageTests : FakeDiscordClientTest
{
    private const long ChannelId = 1200000000000000001;

    [Fact]
    public async Task DeferThenEditOriginal_ReplacesTheLoadingMessageWithTheImage()
    {
        var interaction = _discord.CreateInteraction(ChannelId);
        var png = TestImages.Noise(64, 64, seed: 7, alpha: true);

        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Defer());
        Assert.Equal(5, interaction.CallbackType);
        Assert.Equal(128, interaction.Original!.Flags & 128);

        var edited = await _client.EditOriginalResponseAsync(interaction.Token, new MessagePayload
        {
            Content = "a lighthouse at dusk",
            Embeds = [new Embed { Title = "Seed 42", Image = EmbedImage.FromAttachment("dream.png"), Color = 0x5865F2 }],
            Components = [ActionRow.Of(new Button { Style = ButtonStyle.Secondary, Label = "Again", CustomId = "again:1" })],
        }, [new FileUpload("dream.png", png) { Description = "a lighthouse at dusk" }]);

        Assert.Equal(interaction.Original.Id, edited.Id);
        Assert.Equal("a lighthouse at dusk", edited.Content);
        var attachment = Assert.Single(edited.Attachments);
        Assert.Equal("dream.png", attachment.Filename);
        Assert.Equal("a lighthouse at dusk", attachment.Description);
        Assert.Equal(png, Assert.Single(interaction.Original.Attachments).Content);
        Assert.Equal(0, interaction.Original.Flags & 128);
        Assert.Equal("attachment://dream.png", edited.Embeds[0].Image!.Url);
        Assert.Equal("again:1", edited.Components[0].Components[0].CustomId);

        using var http = new HttpClient();
        Assert.Equal(png, await http.GetByteArrayAsync(new Uri(attachment.Url)));
    }

    [Fact]
    public async Task CreateFollowup_SendsMultipartWithPayloadJsonAndThePngBytesIntact()
    {
        var interaction = _discord.CreateInteraction(ChannelId);
        var png = TestImages.Noise(64, 64, seed: 3, alpha: true);
        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Defer());

        var followup = await _client.CreateFollowupAsync(interaction.Token,
            new MessagePayload { Content = "variation", Embeds = [new Embed { Image = EmbedImage.FromAttachment("v.png") }] },
            [new FileUpload("v.png", png) { Description = "variation 1" }]);

        var request = Assert.Single(_discord.RequestsTo(DiscordRoute.CreateFollowup.ToString()));
        Assert.StartsWith("multipart/form-data", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("?wait=true", request.Query);
        var file = Assert.Single(request.Files);
        Assert.Equal("files[0]", file.Name);
        Assert.Equal("v.png", file.FileName);
        Assert.Equal("image/png", file.ContentType);
        Assert.Equal(png, file.Content);
        var listed = Assert.Single(request.Json!["attachments"]!.AsArray());
        Assert.Equal("0", listed!["id"]!.GetValue<string>());
        Assert.Equal("v.png", listed["filename"]!.GetValue<string>());
        Assert.Equal("variation 1", listed["description"]!.GetValue<string>());

        Assert.Equal(followup.Id, Assert.Single(interaction.Followups).Id);
        Assert.Equal(png, interaction.Followups[0].Attachments[0].Content);
    }

    [Fact]
    public async Task FollowupsCanBeEditedAndDeleted()
    {
        var interaction = _discord.CreateInteraction(ChannelId);
        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token,
            InteractionResponse.Message(new MessagePayload { Content = "queued" }));
        var followup = await _client.CreateFollowupAsync(interaction.Token, new MessagePayload { Content = "step 1/20" });

        var edited = await _client.EditFollowupAsync(interaction.Token, followup.Id, new MessagePayload { Content = "step 20/20" });
        Assert.Equal("step 20/20", edited.Content);
        Assert.NotNull(edited.EditedTimestamp);

        await _client.DeleteFollowupAsync(interaction.Token, followup.Id);
        Assert.True(interaction.Followups[0].Deleted);
        var gone = await Assert.ThrowsAsync<DiscordApiException>(() =>
            _client.EditFollowupAsync(interaction.Token, followup.Id, new MessagePayload { Content = "late" }));
        Assert.Equal(DiscordErrorCodes.UnknownMessage, gone.Code);
    }

    [Fact]
    public async Task GetAndDeleteOriginalResponse_ReadThenRemoveTheMessage()
    {
        var interaction = _discord.CreateInteraction(ChannelId);
        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token,
            InteractionResponse.Message(new MessagePayload { Content = "hello", Flags = MessageFlags.Ephemeral }));

        var original = await _client.GetOriginalResponseAsync(interaction.Token);
        Assert.Equal("hello", original.Content);
        Assert.Equal(MessageFlags.Ephemeral, original.Flags);
        Assert.Equal(ChannelId, original.ChannelId);

        await _client.DeleteOriginalResponseAsync(interaction.Token);
        var gone = await Assert.ThrowsAsync<DiscordApiException>(() => _client.GetOriginalResponseAsync(interaction.Token));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(DiscordErrorCodes.UnknownMessage, gone.Code);
    }

    [Fact]
    public async Task ChannelMessages_AreCreatedAndEditedKeepingListedAttachments()
    {
        var first = TestImages.Noise(64, 64, seed: 1, alpha: true);
        var second = TestImages.Noise(64, 64, seed: 2, alpha: true);
        var created = await _client.CreateMessageAsync(ChannelId,
            new MessagePayload { Content = "<@42> your dream is ready", AllowedMentions = AllowedMentions.OnlyUsers(42) },
            [new FileUpload("a.png", first)]);

        var kept = Assert.Single(created.Attachments);
        var edited = await _client.EditMessageAsync(ChannelId, created.Id,
            new MessagePayload { Content = "upscaled", Components = [], Attachments = [new AttachmentReference(kept.Id)] },
            [new FileUpload("b.png", second)]);

        Assert.Equal(["a.png", "b.png"], edited.Attachments.Select(a => a.Filename));
        var stored = Assert.Single(_discord.Messages(ChannelId));
        Assert.Equal(first, stored.Attachments[0].Content);
        Assert.Equal(second, stored.Attachments[1].Content);
        Assert.Equal("upscaled", stored.Content);

        var mentions = _discord.RequestsTo(DiscordRoute.CreateMessage.ToString())[0].Json!["allowed_mentions"]!;
        Assert.Equal("""{"parse":[],"users":["42"]}""", mentions.ToJsonString());
    }

    [Fact]
    public async Task EveryMessage_CarriesAllowedMentionsThatParseNothingByDefault()
    {
        await _client.CreateMessageAsync(ChannelId, new MessagePayload { Content = "@everyone look" });

        var request = Assert.Single(_discord.RequestsTo(DiscordRoute.CreateMessage.ToString()));
        Assert.Equal("""{"parse":[]}""", request.Json!["allowed_mentions"]!.ToJsonString());
        Assert.Equal("""{"parse":[]}""", _discord.Messages(ChannelId)[0].AllowedMentions!.ToJsonString());
    }

    [Fact]
    public async Task EditMessage_OnAForbiddenChannel_SurfacesDiscordsErrorCode()
    {
        _discord.State.ForbidChannel(ChannelId + 1);

        var error = await Assert.ThrowsAsync<DiscordApiException>(() =>
            _client.CreateMessageAsync(ChannelId + 1, new MessagePayload { Content = "x" }));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(DiscordErrorCodes.MissingAccess, error.Code);
        Assert.Equal("Missing Access", error.DiscordMessage);
        Assert.Single(_discord.RequestsTo(DiscordRoute.CreateMessage.ToString()));
    }
}
