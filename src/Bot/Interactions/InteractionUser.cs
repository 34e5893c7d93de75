namespace DreamBot.Bot.Interactions;

public sealed record InteractionUser
{
    public long Id { get; init; }
    public string Username { get; init; } = "";
    public string? GlobalName { get; init; }
    public bool Bot { get; init; }

    public string DisplayName => string.IsNullOrEmpty(GlobalName) ? Username : GlobalName;
}
