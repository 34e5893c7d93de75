namespace DreamBot.Bot.Interactions;

/// <summary>The invoking guild member; <see cref="Permissions"/> is Discord's decimal bit-set string.</summary>
public sealed record InteractionMember
{
    public InteractionUser? User { get; init; }
    public string? Nick { get; init; }
    public IReadOnlyList<long>? Roles { get; init; }
    public string? Permissions { get; init; }
}
