namespace DreamBot.Bot.Interactions;

/// <summary>The partial channel Discord includes with an interaction.</summary>
public sealed record InteractionChannel
{
    public long Id { get; init; }
    public int Type { get; init; }
    public string? Name { get; init; }
    public bool Nsfw { get; init; }
}
