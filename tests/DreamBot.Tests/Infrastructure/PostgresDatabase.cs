using DreamBot.Shared.Data;
using DreamBot.Shared.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DreamBot.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database on the PostgreSQL server that .ci/run (or scripts/test) started, dropped again at the end.
/// Tests never share a database, so they can run in parallel and in any order.
/// </summary>
/// <param name="server">Another server than the shared one (a test's own cluster); the environment's by default.</param>
public sealed class PostgresDatabase(string? server = null) : IAsyncLifetime
{
    public const string ServerVariable = "ConnectionStrings__Postgres";

    // Npgsql's default of 30 s is a timing window on a shared two-core CI machine, where one plain SELECT has stalled
    // past it while heavy tests ran beside it; a test asserts what a query returns, not how fast it returned.
    private const int CommandTimeoutSeconds = 180;

    private string Server => server ?? ServerConnectionString;

    public string Name { get; } = $"dreambot_test_{Guid.NewGuid():N}";

    public string ConnectionString { get; private set; } = "";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set. Database tests need a PostgreSQL server: run them with scripts/test (or .ci/run), which starts one.");

    public async Task InitializeAsync()
    {
        var target = new NpgsqlConnectionStringBuilder(Server) { CommandTimeout = CommandTimeoutSeconds };
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        target.Database = Name;
        ConnectionString = target.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        var admin = new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false, CommandTimeout = CommandTimeoutSeconds };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public DreamBotDb CreateContext()
    {
        var options = new DbContextOptionsBuilder<DreamBotDb>();
        DreamBotDefaults.ConfigureDatabase(options, ConnectionString);
        return new DreamBotDb(options.Options);
    }

    public async Task MigrateAsync()
    {
        await using var db = CreateContext();
        await db.Database.MigrateAsync();
    }
}
