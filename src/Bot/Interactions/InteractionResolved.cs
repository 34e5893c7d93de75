namespace DreamBot.Bot.Interactions;

/// <summary>Full objects for the ids an option refers to; only attachments are used so far.</summary>
public sealed record InteractionResolved
{
    public IReadOnlyDictionary<string, InteractionAttachment>? Attachments { get; init; }
}
