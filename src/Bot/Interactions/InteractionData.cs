namespace DreamBot.Bot.Interactions;

/// <summary>The command (type 2) or component (type 3) part of an interaction.</summary>
public sealed record InteractionData
{
    public long? Id { get; init; }
    public string? Name { get; init; }
    public int? Type { get; init; }
    public IReadOnlyList<InteractionOption>? Options { get; init; }
    public InteractionResolved? Resolved { get; init; }
    public long? GuildId { get; init; }
    public long? TargetId { get; init; }

    public string? CustomId { get; init; }
    public int? ComponentType { get; init; }
    public IReadOnlyList<string>? Values { get; init; }
}
