using System.Security.Cryptography;
using System.Text;

namespace DreamBot.Worker.Hub;

/// <summary>Checks a downloaded file against the tree listing: the size, then the LFS SHA-256 or the git blob SHA-1.</summary>
public static class FileChecks
{
    /// <summary>Null when the file matches; otherwise the one-line reason it does not.</summary>
    public static async Task<string?> MismatchAsync(string localPath, HubFile expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var length = new FileInfo(localPath).Length;
        if (length != expected.SizeBytes)
            return $"size is {length} bytes, the Hub lists {expected.SizeBytes}";
        var actual = expected.IsLfs ? await Sha256Async(localPath, cancellationToken) : await GitBlobIdAsync(localPath, length, cancellationToken);
        var wanted = expected.IsLfs ? expected.Sha256! : expected.GitBlobId;
        return string.Equals(actual, wanted, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"{(expected.IsLfs ? "sha256" : "git blob id")} is {actual}, the Hub lists {wanted}";
    }

    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    // git hashes "blob <size>\0" followed by the content; the tree API's oid for a non-LFS file is that SHA-1.
    private static async Task<string> GitBlobIdAsync(string path, long length, CancellationToken cancellationToken)
    {
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(Encoding.ASCII.GetBytes($"blob {length}\0"));
        await using var stream = OpenRead(path);
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            sha1.AppendData(buffer, 0, read);
        return Convert.ToHexStringLower(sha1.GetHashAndReset());
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
}
