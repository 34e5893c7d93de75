using Npgsql;

namespace DreamBot.Bench;

/// <summary>
/// What the Bot recorded, read straight from dreambot.generations on connections that are closed after each query,
/// so none of them shows up among the Bot's connections.
/// </summary>
public sealed class IntakeRows(string connectionString)
{
    private readonly string _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    public async Task<int> QueuedAsync() =>
        (int)(long)(await ScalarAsync("SELECT count(*) FROM dreambot.generations WHERE status = 'Queued'"))!;

    /// <summary>The model most queued requests are for ("" is the shared queue), or "" when nothing is queued.</summary>
    public async Task<string> CommonestQueuedModelAsync() =>
        await ScalarAsync("SELECT model FROM dreambot.generations WHERE status = 'Queued' GROUP BY model ORDER BY count(*) DESC LIMIT 1") as string ?? "";

    /// <summary>How many rows each of <paramref name="interactionIds"/> has (absent: none).</summary>
    public async Task<Dictionary<long, int>> RecordedAsync(IReadOnlyCollection<long> interactionIds)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT interaction_id, count(*) FROM dreambot.generations WHERE interaction_id = ANY(@ids) GROUP BY interaction_id", connection);
        command.Parameters.AddWithValue("ids", interactionIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<long, int>();
        while (await reader.ReadAsync())
            counts[reader.GetInt64(0)] = (int)reader.GetInt64(1);
        return counts;
    }

    /// <summary>Polls <paramref name="read"/> until it reaches <paramref name="target"/> or stops moving for <paramref name="still"/>; returns the last value.</summary>
    public static async Task<int> SettleAsync(Func<Task<int>> read, int target, TimeSpan still, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = await read();
        var changedAt = DateTime.UtcNow;
        while (last < target && DateTime.UtcNow < deadline && DateTime.UtcNow - changedAt < still)
        {
            await Task.Delay(100);
            var now = await read();
            if (now != last)
                (last, changedAt) = (now, DateTime.UtcNow);
        }
        return last;
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
