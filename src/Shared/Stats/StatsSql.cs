using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DreamBot.Shared.Stats;

public static class StatsSql
{
    public static async Task<NpgsqlConnection> OpenAsync(DreamBotDb db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
            await db.Database.OpenConnectionAsync(cancellationToken);
        return connection;
    }

    /// <summary>A command over one guild or, with a null guild, over all of them and DMs.</summary>
    public static NpgsqlCommand Command(NpgsqlConnection connection, long? guildId, string sql)
    {
        // The guild predicate is left out entirely (not "@guild IS NULL OR ...") so the planner can use the index.
        var command = new NpgsqlCommand(sql.Replace("{guild}", guildId is null ? "" : "guild_id = @guild AND", StringComparison.Ordinal), connection);
        if (guildId is { } id)
            command.Parameters.AddWithValue("guild", id);
        return command;
    }
}
