namespace DreamBot.Bot.Interactions;

/// <summary>The message a component interaction came from, as far as DreamBot reads it.</summary>
public sealed record InteractionMessage
{
    public long Id { get; init; }
    public IReadOnlyList<InteractionAttachment> Attachments { get; init; } = [];
}
