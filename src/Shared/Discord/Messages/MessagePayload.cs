namespace DreamBot.Shared.Discord.Messages;

/// <summary>
/// The body of a message create or edit, an interaction response's data, or a webhook execution.
/// On edits, a null member is left unchanged and an empty list clears it.
/// </summary>
public sealed record MessagePayload
{
    public string? Content { get; init; }
    public IReadOnlyList<Embed>? Embeds { get; init; }
    public IReadOnlyList<ActionRow>? Components { get; init; }
    public IReadOnlyList<AttachmentReference>? Attachments { get; init; }
    public MessageFlags? Flags { get; init; }

    /// <summary>
    /// Channel messages only: with <see cref="EnforceNonce"/>, Discord answers a repeat of the same nonce (a retry after
    /// a timeout or 5xx) with the message it already created instead of creating another.
    /// </summary>
    public string? Nonce { get; init; }
    public bool? EnforceNonce { get; init; }

    /// <summary>Never omitted: the default parses no mentions, so user text cannot ping anyone.</summary>
    public AllowedMentions AllowedMentions { get; init; } = AllowedMentions.None;
}
