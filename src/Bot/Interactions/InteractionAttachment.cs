namespace DreamBot.Bot.Interactions;

public sealed record InteractionAttachment
{
    public long Id { get; init; }
    public string Filename { get; init; } = "";
    public long Size { get; init; }
    public string Url { get; init; } = "";
    public string? ProxyUrl { get; init; }
    public string? ContentType { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
}
