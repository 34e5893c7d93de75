using System.Globalization;
using DreamBot.Shared.Data;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Shared.Queue;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Worker.Delivery;

/// <summary>
/// Delivers a generation's final message exactly once. While the interaction token is usable the original response
/// (the "Queued…" message) becomes the result — an edit, so repeating it after a crash changes nothing. Once the token
/// has expired the result goes to the channel as a new message that mentions the requester, with a nonce so that a
/// retried request cannot create it twice.
/// </summary>
public sealed partial class ResultPoster(DiscordRestClient discord, TimeProvider time, ILogger<ResultPoster> logger)
{
    /// <summary>Posts the result; the caller holds the generation in Posting, so no other execution posts it.</summary>
    public async Task PostAsync(DreamBotDb db, Generation generation, MessagePayload payload, IReadOnlyList<FileUpload> files, CancellationToken cancellationToken)
    {
        // A retried job may find the result already out.
        var posted = await db.Generations.AsNoTracking()
            .Where(g => g.Id == generation.Id)
            .Select(g => g.ResultMessageId)
            .SingleAsync(cancellationToken);
        if (posted is not null)
        {
            LogAlreadyPosted(logger, generation.Id, posted.Value);
            generation.ResultMessageId = posted;
            return;
        }

        var message = await SendAsync(generation, payload, files, NonceKind.Result, cancellationToken);
        generation.ResultMessageId = message.Id;
        await db.RecordPostedAsync(generation.Id, message.Id);
    }

    /// <summary>Replaces the original response with a short notice (failure, cancellation), or tells the channel once the token has expired.</summary>
    public Task<DiscordMessage> NotifyAsync(Generation generation, string text, CancellationToken cancellationToken) =>
        SendAsync(generation, new MessagePayload { Content = text, Embeds = [], Components = [], Attachments = [] }, [], NonceKind.Notice, cancellationToken);

    private async Task<DiscordMessage> SendAsync(
        Generation generation, MessagePayload payload, IReadOnlyList<FileUpload> files, NonceKind kind, CancellationToken cancellationToken)
    {
        if (InteractionToken.IsUsable(InteractionToken.CreatedAt(generation.InteractionId), time.GetUtcNow()))
        {
            try
            {
                return await discord.EditOriginalResponseAsync(generation.InteractionToken, payload, files, cancellationToken);
            }
            catch (DiscordApiException ex) when (ex.Code is DiscordErrorCodes.UnknownWebhook or DiscordErrorCodes.InvalidWebhookToken)
            {
                // The Bot stopped before its acknowledgement reached Discord (the sweep released the request), so the
                // interaction has no original response to edit.
                LogNoOriginalResponse(logger, generation.Id, ex.Code);
            }
        }
        else
        {
            LogChannelFallback(logger, generation.Id);
        }
        return await PostToChannelAsync(generation, payload, files, kind, cancellationToken);
    }

    /// <summary>As the bot, in the channel, mentioning the requester: interaction tokens expire after 15 minutes, and a long queue must not lose results.</summary>
    private async Task<DiscordMessage> PostToChannelAsync(
        Generation generation, MessagePayload payload, IReadOnlyList<FileUpload> files, NonceKind kind, CancellationToken cancellationToken)
    {
        var mention = $"<@{generation.UserId}>";
        var channelPayload = payload with
        {
            Content = string.IsNullOrEmpty(payload.Content) ? mention : $"{mention} {payload.Content}",
            AllowedMentions = AllowedMentions.OnlyUsers(generation.UserId),
            Attachments = null,
            Nonce = Nonce(generation.Id, kind),
            EnforceNonce = true,
        };
        return await discord.CreateMessageAsync(generation.ChannelId, channelPayload, files, cancellationToken);
    }

    /// <summary>One nonce per generation and message kind (Discord allows 25 characters: the kind letter and the id fit).</summary>
    public static string Nonce(long generationId, NonceKind kind) =>
        (kind == NonceKind.Result ? "r" : "n") + generationId.ToString(CultureInfo.InvariantCulture);

    public enum NonceKind
    {
        Result,
        Notice,
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generation {GenerationId} was already posted as message {MessageId}; not posting again")]
    private static partial void LogAlreadyPosted(ILogger logger, long generationId, long messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Interaction token of generation {GenerationId} has expired; posting to the channel")]
    private static partial void LogChannelFallback(ILogger logger, long generationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generation {GenerationId} has no original response to edit (Discord error {Code}); posting to the channel")]
    private static partial void LogNoOriginalResponse(ILogger logger, long generationId, int? code);
}
