namespace DreamBot.Shared.Discord.Messages;

/// <summary>
/// A string select menu (component type 3): a drop-down of up to 25 options that fills an action row on its own.
/// A choice arrives as a component interaction whose values are the chosen options' values.
/// </summary>
public sealed record StringSelect : MessageComponent
{
    public IReadOnlyList<SelectOption> Options { get; init; } = [];
    public string? Placeholder { get; init; }
    public int? MinValues { get; init; }
    public int? MaxValues { get; init; }
    public bool? Disabled { get; init; }
}
