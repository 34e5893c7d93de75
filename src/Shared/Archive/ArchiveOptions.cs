using System.ComponentModel.DataAnnotations;

namespace DreamBot.Shared.Archive;

/// <summary>
/// The image archive: where result images are kept (one folder, shared by every Worker) and for how long. Discord's
/// attachment links expire and messages get deleted, so the dataset export reads images from here.
/// </summary>
public sealed class ArchiveOptions
{
    public const string Section = "Archive";

    /// <summary>The archive's folder; unset keeps no images (and the dataset export finds none).</summary>
    public string? Path { get; set; }

    [Range(1, 36500, ErrorMessage = "must be from 1 to 36500")]
    public int RetentionDays { get; set; } = 90;

    /// <summary>How long an image someone rated is kept: ratings are what the dataset is for.</summary>
    [Range(1, 36500, ErrorMessage = "must be from 1 to 36500")]
    public int RatedRetentionDays { get; set; } = 3650;

    public ArchiveKeep Keep { get; set; } = ArchiveKeep.All;

    public bool Enabled => !string.IsNullOrWhiteSpace(Path);

    /// <summary>The archive at <see cref="Path"/>, or null when none is configured.</summary>
    public ImageArchive? Archive() => Enabled ? new ImageArchive(Path!) : null;
}
