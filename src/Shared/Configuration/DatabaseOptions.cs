namespace DreamBot.Shared.Configuration;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public bool MigrateOnStartup { get; set; }
}
