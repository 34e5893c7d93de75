namespace DreamBot.Shared.Data;

/// <summary>
/// One result image kept in the image archive, by the SHA-256 of its PNG bytes; identical images share one file, so
/// a file is removed only when no row names it any more.
/// </summary>
public sealed class ArchivedImage
{
    public long Id { get; set; }
    public long GenerationId { get; set; }

    /// <summary>The image's position in its result, from 0.</summary>
    public int ImageIndex { get; set; }

    /// <summary>The seed that reproduces the image alone; ratings name the image by it.</summary>
    public long Seed { get; set; }

    /// <summary>Lower-case hex of the PNG's SHA-256: the file's name in the archive.</summary>
    public string Sha256 { get; set; } = "";
    public long Bytes { get; set; }

    /// <summary>The safety checker's verdict when it was rendered (null: no checker).</summary>
    public bool? Flagged { get; set; }
    public DateTimeOffset ArchivedAt { get; set; }

    /// <summary>When an administrator took the image out of the dataset (the gallery's Remove); it stays archived.</summary>
    public DateTimeOffset? DatasetRemovedAt { get; set; }
}
