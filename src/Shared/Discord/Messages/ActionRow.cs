namespace DreamBot.Shared.Discord.Messages;

/// <summary>A row of up to five buttons, or of one string select (component type 1).</summary>
public sealed record ActionRow(IReadOnlyList<MessageComponent> Components)
{
    public int Type { get; init; } = 1;

    public static ActionRow Of(params Button[] buttons) => new(buttons);

    public static ActionRow Of(StringSelect select) => new([select]);
}
