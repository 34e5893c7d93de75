using DreamBot.Shared.Data;
using DreamBot.Shared.Hosting;
using DreamBot.Tests.Bot.Harness;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DreamBot.Tests.Shared.Data;

public sealed class MigrationTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Migrate_CreatesEveryTableAndHangfireSchema_OnAnEmptyDatabase()
    {
        using var host = BuildHost();

        await DatabaseMigrator.MigrateAsync(host.Services, CancellationToken.None);

        var tables = await QueryStringsAsync(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema IN ('dreambot', 'hangfire')");
        Assert.Contains("dreambot.generations", tables);
        Assert.Contains("dreambot.quota_rules", tables);
        Assert.Contains("dreambot.guild_settings", tables);
        Assert.Contains("dreambot.bans", tables);
        Assert.Contains("dreambot.blocked_terms", tables);
        Assert.Contains("dreambot.audit_log", tables);
        Assert.Contains("dreambot.user_preferences", tables);
        Assert.Contains("hangfire.job", tables);
        Assert.Contains("hangfire.jobqueue", tables);
    }

    [Fact]
    public async Task Migrate_IsIdempotent_WhenRunTwice()
    {
        using var host = BuildHost();
        await DatabaseMigrator.MigrateAsync(host.Services, CancellationToken.None);

        await DatabaseMigrator.MigrateAsync(host.Services, CancellationToken.None);

        await using var db = _database.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task Migrate_OnAnEmptyDatabase_LogsNoErrors_SoAFirstRunLooksHealthy()
    {
        var logs = new CapturedLogs();
        using var host = BuildHost(logs);

        await DatabaseMigrator.MigrateAsync(host.Services, CancellationToken.None);

        Assert.DoesNotContain(logs.Lines, line => line.Level >= LogLevel.Error);
        Assert.Contains(logs.Lines, line => line.Message.StartsWith("Database migrated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Model_MatchesMigrations_SoNoMigrationIsMissing()
    {
        await using var db = _database.CreateContext();

        Assert.False(db.Database.HasPendingModelChanges(), "The EF model changed without a migration: run dotnet ef migrations add.");
    }

    private IHost BuildHost(CapturedLogs? logs = null)
    {
        var builder = Host.CreateApplicationBuilder();
        if (logs is not null)
            builder.Logging.AddProvider(logs);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = _database.ConnectionString,
        });
        builder.AddDreamBotDefaults();
        return builder.Build();
    }

    private async Task<List<string>> QueryStringsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
            values.Add(reader.GetString(0));
        return values;
    }
}
