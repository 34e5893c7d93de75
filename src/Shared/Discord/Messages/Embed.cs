namespace DreamBot.Shared.Discord.Messages;

/// <summary>A rich embed. An image uploaded with the message is referenced as <c>attachment://name.png</c>.</summary>
public sealed record Embed
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Url { get; init; }

    /// <summary>RGB as 0xRRGGBB.</summary>
    public int? Color { get; init; }

    public DateTimeOffset? Timestamp { get; init; }
    public IReadOnlyList<EmbedField>? Fields { get; init; }
    public EmbedImage? Image { get; init; }
    public EmbedImage? Thumbnail { get; init; }
    public EmbedFooter? Footer { get; init; }
}
