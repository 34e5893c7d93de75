namespace DreamBot.Shared.Discord.Messages;

/// <summary>One option of a <see cref="StringSelect"/>; <see cref="Value"/> is what the interaction carries back.</summary>
public sealed record SelectOption(string Label, string Value)
{
    public string? Description { get; init; }
}
