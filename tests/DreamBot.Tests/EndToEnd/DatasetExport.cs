using DreamBot.Shared.Data;
using DreamBot.Worker.Cli;
using DreamBot.Worker.Dataset;

namespace DreamBot.Tests.EndToEnd;

/// <summary>Runs <c>dataset export</c> as an operator would, against a running system's database and archive.</summary>
public static class DatasetExport
{
    public const string Key = "7b814b922440544b403467b18a3694acf0d4f861ee543fc93a6c3bdfb9533fdb";
    public const string OtherKey = "eb2885fef10931f962f05785a95e014d7a90468eb6c10eafc610b4288dc93515";

    public static DatasetPseudonyms Names(string key) => new(Convert.FromHexString(key));

    /// <summary>Exports into <paramref name="folder"/> and returns it; a non-zero exit fails the test with the command's reason.</summary>
    public static async Task<string> RunAsync(DreamBotSystem system, string archive, string folder, string key, params string[] options)
    {
        ArgumentNullException.ThrowIfNull(system);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = system.Database.ConnectionString,
            ["Archive:Path"] = archive,
            [DatasetExportCommand.PseudonymKeySetting] = key,
        }).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await new DatasetExportCommand(output, error, configuration).RunAsync(["export", "--out", folder, .. options], CancellationToken.None);
        Assert.True(exit == 0, $"exit {exit}: {error}");
        Assert.DoesNotContain(key, output.ToString() + error, StringComparison.Ordinal);
        return folder;
    }

    public static async Task OptOutAsync(DreamBotSystem system, long userId, bool optedOut = true)
    {
        ArgumentNullException.ThrowIfNull(system);
        await using var db = system.Database.CreateContext();
        var preferences = await db.UserPreferences.FindAsync(userId);
        if (preferences is null)
            db.UserPreferences.Add(preferences = new UserPreferences { UserId = userId });
        preferences.DatasetOptedOutAt = optedOut ? DateTimeOffset.UtcNow : null;
        await db.SaveChangesAsync();
    }
}
