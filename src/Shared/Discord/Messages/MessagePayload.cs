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

    /// <summary>Never omitted: the default parses no mentions, so user text cannot ping anyone.</summary>
    public AllowedMentions AllowedMentions { get; init; } = AllowedMentions.None;
}
