namespace DreamBot.Worker.Hub;

/// <summary>
/// Where a path from a Hub tree listing lands on disk. The listing comes from whatever HF_ENDPOINT names, so a hostile
/// or broken mirror must not be able to name a file outside the target folder.
/// </summary>
public static class LocalPath
{
    /// <param name="relative">'/'-separated, relative to <paramref name="folder"/>.</param>
    public static string Inside(string folder, string relative)
    {
        ArgumentNullException.ThrowIfNull(relative);
        if (relative.Length == 0 || relative.StartsWith('/') || relative.Contains('\\', StringComparison.Ordinal)
            || relative.Contains(':', StringComparison.Ordinal) || relative.Any(char.IsControl) || Path.IsPathRooted(relative)
            || relative.Split('/').Any(segment => segment is "" or "." or ".."))
            throw new HubException($"the Hub listed an unsafe file path '{relative}'; refusing to pull from it");
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar)));
        return full.StartsWith(root, StringComparison.Ordinal)
            ? full
            : throw new HubException($"the Hub listed a file path outside the model folder '{relative}'; refusing to pull from it");
    }
}
