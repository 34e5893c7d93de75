namespace DreamBot.Tests.Infrastructure;

/// <summary>Where the shared reference data lives: beside the checkout unless the environment says otherwise.</summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Shared =>
        Environment.GetEnvironmentVariable("DREAMBOT_SHARED_DIR") is { Length: > 0 } dir
            ? dir
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    public static string Golden =>
        Environment.GetEnvironmentVariable("DREAMBOT_GOLDEN_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Shared, "golden");

    public static string Clip => Path.Combine(Shared, "clip");

    public static string DiscordOpenApi => Path.Combine(Shared, "discord", "openapi.json");

    /// <summary>A fresh directory under the system temp folder, for generated models and images.</summary>
    public static string NewTempDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dreambot-{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DreamBot.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find DreamBot.sln above " + AppContext.BaseDirectory);
    }
}
