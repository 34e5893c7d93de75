using System.Text.Json;
using DreamBot.Bot.Dispatch;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Discord;

namespace DreamBot.Bot.HttpInteractions;

/// <summary>
/// <c>POST /interactions</c> in HTTP mode: verify the signature, parse, dispatch; the dispatcher's acknowledgement
/// is the response body, written and completed before any deferred work continues.
/// </summary>
public sealed partial class InteractionEndpoint(
    InteractionSignatureVerifier verifier, InteractionDispatcher dispatcher, RecentInteractions recent, InteractionDrain drain,
    ILogger<InteractionEndpoint> logger)
{
    public const string Path = "/interactions";

    // Interactions are small; anything larger is not from Discord.
    private const int MaxBodyBytes = 1024 * 1024;

    public async Task HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var cancellationToken = http.RequestAborted;
        if (drain.IsStopping)
        {
            // A proxy in front of several replicas can send the interaction to one that is not draining.
            http.Response.Headers.RetryAfter = "5";
            await WriteErrorAsync(http, StatusCodes.Status503ServiceUnavailable, "shutting down", cancellationToken);
            return;
        }
        var body = await ReadBodyAsync(http.Request, cancellationToken);
        if (body is null)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var check = verifier.Verify(
            http.Request.Headers["X-Signature-Ed25519"], http.Request.Headers["X-Signature-Timestamp"], body);
        if (check != SignatureCheck.Valid)
        {
            LogRejected(logger, check);
            await WriteErrorAsync(http, StatusCodes.Status401Unauthorized, "invalid request signature", cancellationToken);
            return;
        }

        if (InteractionJson.TryParse(body) is not { } interaction)
        {
            LogMalformed(logger, body.Length);
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest, "malformed interaction", cancellationToken);
            return;
        }

        if (!recent.TryAdd(interaction.Id))
        {
            // Discord sends an interaction once; a second copy is a replay of a captured request, not a retry.
            LogReplay(logger, interaction.Id);
            await WriteErrorAsync(http, StatusCodes.Status409Conflict, "interaction already handled", cancellationToken);
            return;
        }

        await dispatcher.DispatchAsync(interaction, (response, ct) => WriteAckAsync(http, response, ct), cancellationToken);
    }

    private static async Task WriteAckAsync(HttpContext http, InteractionResponse response, CancellationToken cancellationToken)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(http.Response.Body, response, DiscordJson.Options, cancellationToken);
        // Completing sends the acknowledgement now; a deferred result is edited in only after Discord has it.
        await http.Response.CompleteAsync();
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
            return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static Task WriteErrorAsync(HttpContext http, int status, string message, CancellationToken cancellationToken)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new { error = message }, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected an interaction request: signature {Check}")]
    private static partial void LogRejected(ILogger logger, SignatureCheck check);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a replay of interaction {InteractionId}")]
    private static partial void LogReplay(ILogger logger, long interactionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a signed but malformed interaction ({Bytes} bytes)")]
    private static partial void LogMalformed(ILogger logger, int bytes);
}
