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
        await AdministerAsync($"CREATE DATABASE \"{Name}\"");
        ConnectionString = Connection(Name).ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await AdministerAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
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

    private NpgsqlConnectionStringBuilder Connection(string database) =>
        new(Server) { Database = database, CommandTimeout = CommandTimeoutSeconds };

    /// <summary>Runs a statement in the maintenance database, on a connection of its own.</summary>
    private async Task AdministerAsync(string sql)
    {
        var admin = Connection("postgres");
        admin.Pooling = false;
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
