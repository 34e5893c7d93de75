using System.Security.Cryptography;

namespace DreamBot.Shared.Archive;

/// <summary>
/// Content-addressed files under one root: an image lives at <c>ab/cd/abcd….png</c>, named by the SHA-256 of its
/// bytes, so Workers sharing the folder never clash and identical images are stored once. Files are written to a
/// temporary name and renamed into place, so a reader never sees half a file. Whoever writes or deletes a file that
/// rows name holds its <see cref="ArchiveFileLock"/>.
/// </summary>
public sealed class ImageArchive(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public static string HashOf(ReadOnlySpan<byte> png) => Convert.ToHexStringLower(SHA256.HashData(png));

    /// <summary>Whether <paramref name="name"/> is what files are named by: a lower-case SHA-256 hex digest.</summary>
    public static bool IsName(string name) => name is { Length: 64 } && name.All(char.IsAsciiHexDigitLower);

    public string PathOf(string sha256)
    {
        if (!IsName(sha256))
            throw new ArgumentException("not a lower-case SHA-256 hex digest.", nameof(sha256));
        return Path.Combine(Root, sha256[..2], sha256[2..4], sha256 + ".png");
    }

    /// <summary>Stores <paramref name="png"/> under <paramref name="sha256"/> unless the file is there already.</summary>
    public async Task WriteAsync(string sha256, ReadOnlyMemory<byte> png, CancellationToken cancellationToken)
    {
        var path = PathOf(sha256);
        if (File.Exists(path))
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                await file.WriteAsync(png, cancellationToken);
            // Another Worker may have renamed the same content into place meanwhile; its bytes are these bytes.
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The image's bytes, or null when the file is missing.</summary>
    public async Task<byte[]?> ReadAsync(string sha256, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(sha256), cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Deletes the file; false when nothing was there. Throws when something there cannot be deleted.</summary>
    public bool Delete(string sha256)
    {
        var path = PathOf(sha256);
        if (!Path.Exists(path))
            return false;
        File.Delete(path);
        return true;
    }
}
