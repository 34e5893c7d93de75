namespace DreamBot.Worker.Cli;

/// <summary>The settings the job server would read, for the verbs that need them: appsettings.json beside the binary, then the environment.</summary>
public static class CliConfiguration
{
    public static IConfiguration Read() => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();
}
