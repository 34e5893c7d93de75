namespace DreamBot.Shared.Discord.Messages;

/// <summary>A row of up to five buttons (component type 1).</summary>
public sealed record ActionRow(IReadOnlyList<Button> Components)
{
    public int Type { get; init; } = 1;

    public static ActionRow Of(params Button[] buttons) => new(buttons);
}
