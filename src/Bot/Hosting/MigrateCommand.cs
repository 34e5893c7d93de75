using DreamBot.Shared.Data;
using DreamBot.Shared.Hosting;
using Npgsql;

namespace DreamBot.Bot.Hosting;

/// <summary><c>DreamBot.Bot migrate</c>: applies database migrations and exits.</summary>
public static class MigrateCommand
{
    public static async Task<int> RunAsync(IHost host)
    {
        try
        {
            await DatabaseMigrator.MigrateAsync(host.Services, CancellationToken.None);
            await Console.Out.WriteLineAsync("Database is up to date.");
            return 0;
        }
        catch (Exception ex) when (HostRunner.ConfigurationFailures(ex) is { Count: > 0 } failures)
        {
            foreach (var failure in failures)
                await Console.Error.WriteLineAsync($"Configuration error: {failure}");
            return HostRunner.ConfigurationError;
        }
        catch (NpgsqlException ex)
        {
            await Console.Error.WriteLineAsync($"Cannot reach PostgreSQL: {ex.Message}");
            return 1;
        }
    }
}
