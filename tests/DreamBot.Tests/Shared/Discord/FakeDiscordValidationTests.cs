using System.Net;
using System.Text.Json;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.Shared.Discord;

/// <summary>The fake refuses what Discord would refuse, so tests of payload-building code can trust its silence.</summary>
public sealed class FakeDiscordValidationTests : FakeDiscordClientTest
{
    protected override bool RequestsMeetTheSchema => false;

    [Fact]
    public async Task AButtonLabelOf200Characters_IsRejectedByTheSchema_AndTheClientSendsItCutInsideMultipartPayloadJson()
    {
        var interaction = _discord.CreateInteraction(1);
        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Defer());
        var payload = new MessagePayload
        {
            Content = "ok",
            Components = [ActionRow.Of(new Button { Style = ButtonStyle.Primary, Label = new string('x', 200), CustomId = "x" })],
        };
        var route = DiscordRoute.EditOriginalResponse;
        var unfitted = DiscordOpenApiValidator.Instance.Validate(route.Method, route.Template, JsonSerializer.SerializeToElement(payload, DiscordJson.Options));
        Assert.Contains(unfitted, e => e.Contains("/components/0/components/0", StringComparison.Ordinal) && e.Contains("maxLength", StringComparison.Ordinal));

        await _client.EditOriginalResponseAsync(interaction.Token, payload, [new FileUpload("a.png", TestImages.Noise(64, 64, seed: 1, alpha: true))]);

        Assert.Empty(_discord.ValidationFailures);
        var label = interaction.Original!.Components[0]!["components"]![0]!["label"]!.GetValue<string>();
        Assert.Equal(new string('x', DiscordLimits.ButtonLabel - 1) + "…", label);
    }

    [Fact]
    public async Task ContentOver2000Characters_IsRejectedByTheSchema_AndTheClientSendsAFollowupCutVisibly()
    {
        var interaction = _discord.CreateInteraction(1);
        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Defer());
        var payload = new MessagePayload { Content = new string('a', 2001) };
        var route = DiscordRoute.CreateFollowup;
        Assert.Contains(DiscordOpenApiValidator.Instance.Validate(route.Method, route.Template, JsonSerializer.SerializeToElement(payload, DiscordJson.Options)),
            e => e.Contains("2000", StringComparison.Ordinal));

        await _client.CreateFollowupAsync(interaction.Token, payload);

        Assert.Empty(_discord.ValidationFailures);
        Assert.Equal(new string('a', DiscordLimits.Content - 1) + "…", Assert.Single(interaction.Followups).Content);
    }

    [Fact]
    public async Task ContentOver2000Characters_OnAChannelMessage_IsSentCutToTheLimit()
    {
        await _client.CreateMessageAsync(1, new MessagePayload { Content = new string('a', 2001) });

        Assert.Empty(_discord.ValidationFailures);
        Assert.Equal(DiscordLimits.Content, Assert.Single(_discord.Messages(1)).Content.Length);
    }

    [Fact]
    public async Task AnEmptyMessage_IsRefusedWithDiscordsCode()
    {
        var error = await Assert.ThrowsAsync<DiscordApiException>(() => _client.CreateMessageAsync(1, new MessagePayload()));

        Assert.Equal(DiscordErrorCodes.CannotSendEmptyMessage, error.Code);
    }

    [Fact]
    public void InteractionResponses_SerialiseToBodiesTheCallbackSchemaAccepts()
    {
        InteractionResponse[] responses =
        [
            InteractionResponse.Pong,
            InteractionResponse.Defer(ephemeral: true),
            InteractionResponse.DeferUpdate,
            InteractionResponse.Message(new MessagePayload { Content = "queued #3", Flags = MessageFlags.Ephemeral }),
            InteractionResponse.UpdateMessage(new MessagePayload { Components = [] }),
        ];

        foreach (var response in responses)
        {
            var json = JsonSerializer.SerializeToElement(response, DiscordJson.Options);
            Assert.Empty(DiscordOpenApiValidator.Instance.Validate("POST", "/interactions/{interaction_id}/{interaction_token}/callback", json));
        }
        Assert.Equal("""{"type":5,"data":{"flags":64,"allowed_mentions":{"parse":[]}}}""",
            JsonSerializer.Serialize(InteractionResponse.Defer(ephemeral: true), DiscordJson.Options));
    }

    [Fact]
    public async Task MalformedJson_IsRefusedAndRecorded()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_discord.ApiBaseUrl + "/channels/1/messages"))
        {
            Content = new StringContent("{\"content\": ", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bot " + FakeDiscord.BotToken);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("50109", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(_discord.ValidationFailures);
    }

    [Fact]
    public void TheValidatorRejectsAnUnknownCallbackType()
    {
        var json = JsonDocument.Parse("""{"type":42}""").RootElement;

        Assert.NotEmpty(DiscordOpenApiValidator.Instance.Validate("POST", "/interactions/{interaction_id}/{interaction_token}/callback", json));
    }
}
