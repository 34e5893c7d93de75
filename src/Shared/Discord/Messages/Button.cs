namespace DreamBot.Shared.Discord.Messages;

/// <summary>A button (component type 2). Link buttons carry <see cref="Url"/> instead of <see cref="MessageComponent.CustomId"/>.</summary>
public sealed record Button : MessageComponent
{
    public ButtonStyle Style { get; init; } = ButtonStyle.Primary;
    public string? Label { get; init; }
    public string? Url { get; init; }
    public ComponentEmoji? Emoji { get; init; }
    public bool? Disabled { get; init; }
}
