using System.Globalization;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Discord.Messages;

namespace DreamBot.Bot.Interactions;

/// <summary>Discord's route that answers an interaction in Gateway mode (HTTP mode answers in the response body).</summary>
public static class InteractionCallbackRequests
{
    /// <summary>Answers an interaction (Gateway mode); must happen within 3 s of receiving it.</summary>
    public static async Task CreateInteractionResponseAsync(
        this DiscordRestClient rest, long interactionId, string interactionToken, InteractionResponse response,
        IReadOnlyList<FileUpload>? files = null, CancellationToken cancellationToken = default)
    {
        var major = interactionId.ToString(CultureInfo.InvariantCulture) + "/" + Uri.EscapeDataString(interactionToken);
        Func<HttpContent> content = files is { Count: > 0 } && response.Data is { } data
            ? () => DiscordContent.Multipart(response with { Data = DiscordContent.WithAttachments(data, files) }, files)
            : () => DiscordContent.Json(response);
        await rest.SendAsync(DiscordRoute.CreateInteractionResponse, $"interactions/{major}/callback", major, content, cancellationToken)
            .ConfigureAwait(false);
    }
}
