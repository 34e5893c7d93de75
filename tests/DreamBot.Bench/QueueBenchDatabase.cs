using DreamBot.Shared.Data;
using DreamBot.Shared.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DreamBot.Bench;

/// <summary>A fresh, migrated database for one benchmark run, dropped afterwards.</summary>
public sealed class QueueBenchDatabase(string server, string name)
{
    public string Name => name;

    public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;

    public static async Task<QueueBenchDatabase> CreateAsync(string server)
    {
        var database = new QueueBenchDatabase(server, $"dreambot_bench_{Guid.NewGuid():N}");
        await database.AdminAsync($"CREATE DATABASE \"{database.Name}\"");
        await using var db = new DreamBotDb(ContextOptions(database.ConnectionString));
        await db.Database.MigrateAsync();
        return database;
    }

    /// <summary>A context configured as the Bot and the Workers configure theirs.</summary>
    public static DbContextOptions<DreamBotDb> ContextOptions(string connectionString)
    {
        var options = new DbContextOptionsBuilder<DreamBotDb>();
        DreamBotDefaults.ConfigureDatabase(options, connectionString);
        return options.Options;
    }

    public async Task DropAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private async Task AdminAsync(string sql)
    {
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
