using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Shared.Hosting;
using DreamBot.Tests.Bot.Harness;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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

    [Fact]
    public async Task OneParametersShape_KeepsTheRowsThePreviousSchemaWrote()
    {
        await using (var db = _database.CreateContext())
            await db.GetService<IMigrator>().MigrateAsync("20261126004659_StatsRollups");
        await ExecuteAsync("""
            INSERT INTO dreambot.generations (user_id, user_name, guild_id, channel_id, channel_nsfw, interaction_id, interaction_token,
                prompt, negative_prompt, model, sampler, steps, guidance, width, height, count, seed, init_image_url, strength,
                status, queued_at, cost_units, refunded, flagged_images)
            VALUES (1, 'old', 7, 8, false, 100, 'token', 'a castle', 'fog', 'sd15', 'ddim', 20, 7.3, 512, 512, 2, 4294967295,
                'https://cdn.discordapp.com/attachments/1/2/a.png', 0.7, 'Succeeded', now(), 0.8, false, 0);
            INSERT INTO dreambot.guild_settings (guild_id, max_width, max_height, max_steps, max_count, max_queued_per_user, allowed_samplers,
                safety_policy, post_previews, image_grid, quota_reset, moderators_unlimited, updated_at)
            VALUES (7, 768, 768, 50, 4, 2, '{}', 'Spoiler', true, false, 'UtcDaily', true, now()),
                   (8, 1024, 1024, 100, 3, 30, '{ddim}', 'Spoiler', true, false, 'UtcDaily', true, now());
            INSERT INTO dreambot.user_preferences (user_id, guidance, updated_at) VALUES (1, 6.1, now());
            """);

        await using (var db = _database.CreateContext())
            await db.Database.MigrateAsync();

        await using var after = _database.CreateContext();
        var row = await after.Generations.SingleAsync();
        Assert.Equal(new DreamParameters
        {
            Prompt = "a castle", NegativePrompt = "fog", Model = "sd15", Sampler = "ddim", Steps = 20, Guidance = 7.3, Width = 512, Height = 512,
            Count = 2, Seed = 4294967295, InitImage = "https://cdn.discordapp.com/attachments/1/2/a.png", Strength = 0.7,
        }, row.Parameters);
        Assert.Equal(14, row.Parameters.DenoisingSteps);
        var standard = await after.GuildSettings.SingleAsync(s => s.GuildId == 7);
        var raised = await after.GuildSettings.SingleAsync(s => s.GuildId == 8);
        Assert.Equal((null, null, null, null), (standard.MaxSide, standard.MaxSteps, standard.MaxCount, standard.MaxQueuedPerUser));
        Assert.Equal((1024, 100, 3, DreamLimits.Hard.MaxWaitingPerUser), (raised.MaxSide, raised.MaxSteps, raised.MaxCount, raised.MaxQueuedPerUser));
        Assert.Equal(6.1, (await after.UserPreferences.SingleAsync()).Guidance);
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
        var app = builder.Build();
        HangfireTestLogging.Pin(app);
        return app;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
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
