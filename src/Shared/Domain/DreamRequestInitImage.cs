namespace DreamBot.Shared.Domain;

/// <summary>The attachment an image-to-image request starts from, as Discord described it.</summary>
public sealed record DreamRequestInitImage(
    string Url,
    string FileName,
    long SizeBytes,
    string ContentType,
    int? Width,
    int? Height);
