namespace DreamBot.Shared.Discord.Messages;

/// <summary>A file sent as a multipart <c>files[n]</c> part; embeds refer to it as <c>attachment://FileName</c>.</summary>
public sealed record FileUpload(string FileName, ReadOnlyMemory<byte> Content, string ContentType = "image/png")
{
    public string? Description { get; init; }
}
