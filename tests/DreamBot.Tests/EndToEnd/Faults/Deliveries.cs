using System.Text.Json.Nodes;
using DreamBot.Bot.Replies;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.EndToEnd.Faults;

/// <summary>What the fake Discord received for a /dream: the acknowledgement as the user saw it, and the results.</summary>
public static class Deliveries
{
    private const int Ephemeral = 64;
    private const string EditOriginal = "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original";

    /// <summary>
    /// Edits of the original response that carried a result (an embed). Progress edits carry none, so a second one
    /// here means the generation was posted twice, even if the last edit left one visible message.
    /// </summary>
    public static IReadOnlyList<RecordedRequest> ResultEdits(this FakeDiscord discord, FakeInteraction interaction) =>
        [.. discord.RequestsTo(EditOriginal).Where(r => IsFor(r, interaction) && HasEmbed(r.Json))];

    /// <summary>The first edit of the original response, if any: how a deferred acknowledgement was completed.</summary>
    public static RecordedRequest? FirstEdit(this FakeDiscord discord, FakeInteraction interaction) =>
        discord.RequestsTo(EditOriginal).FirstOrDefault(r => IsFor(r, interaction));

    /// <summary>Results posted anywhere but the original response: new channel messages and follow-ups.</summary>
    public static IReadOnlyList<FakeMessage> ResultsOutsideOriginals(this FakeDiscord discord, long channelId, IEnumerable<FakeInteraction> interactions) =>
        [.. discord.Messages(channelId).Where(m => m.WebhookId is null && (m.Attachments.Count > 0 || m.Embeds.Count > 0)),
         .. interactions.SelectMany(i => i.Followups).Where(m => m.Attachments.Count > 0 || m.Embeds.Count > 0)];

    /// <summary>What the user was told, once it has arrived: a busy machine may turn any reply into a deferral.</summary>
    public static async Task<string> AnswerAsync(this FakeDiscord discord, FakeInteraction interaction, JsonNode ack) =>
        (await discord.ReplyAsync(interaction, ack)).Content;

    /// <summary>What the user was told and whether only they saw it, once it has arrived, however it was acknowledged.</summary>
    public static async Task<(string Content, bool Private)> ReplyAsync(this FakeDiscord discord, FakeInteraction interaction, JsonNode ack)
    {
        await Eventually.TrueAsync(() => discord.Reply(interaction, ack) is not null, TimeSpan.FromSeconds(30), "the reply arrived");
        return discord.Reply(interaction, ack)!.Value;
    }

    /// <summary>
    /// What the user was told in answer to the command: the immediate reply (type 4), or for a deferral the edit that
    /// replaced "thinking…" (type 5) or the message clicked (type 6), or the private follow-up; null while a deferred
    /// reply is still outstanding.
    /// </summary>
    public static string? AcknowledgementText(this FakeDiscord discord, FakeInteraction interaction, JsonNode ack) =>
        discord.Reply(interaction, ack)?.Content;

    private static (string Content, bool Private)? Reply(this FakeDiscord discord, FakeInteraction interaction, JsonNode ack) =>
        ack["type"]!.GetValue<int>() switch
        {
            4 or 7 => (ack["data"]!["content"]!.GetValue<string>(), IsEphemeral(ack["data"]!["flags"]?.GetValue<int>() ?? 0)),
            // A private reply to a deferral arrives as the first follow-up; an edit of a public one only says so.
            5 or 6 when interaction.Followups is [var privately, ..] => (privately.Content, IsEphemeral(privately.Flags)),
            // The edit saying so lands just before the private follow-up: that reply has not arrived yet.
            5 or 6 => discord.FirstEdit(interaction)?.Json?["content"]?.GetValue<string>() is { } edited && edited != DeferredReplyDelivery.PrivateNotice
                ? (edited, false)
                : null,
            var other => throw new InvalidOperationException($"Unexpected acknowledgement type {other}: {ack.ToJsonString()}"),
        };

    private static bool IsEphemeral(int flags) => (flags & Ephemeral) != 0;

    private static bool IsFor(RecordedRequest request, FakeInteraction interaction) =>
        request.Path.Contains("/" + Uri.EscapeDataString(interaction.Token) + "/", StringComparison.Ordinal);

    private static bool HasEmbed(JsonNode? json) => json?["embeds"] is JsonArray { Count: > 0 };
}
