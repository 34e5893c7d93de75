using Npgsql;

namespace DreamBot.Bench;

/// <summary>
/// The most client connections the benchmark's database had at once while sampled, read from pg_stat_activity on a
/// connection of the sampler's own (not pooled, and not counted).
/// </summary>
public sealed class PostgresConnectionSampler : IAsyncDisposable
{
    private const string CountSql = """
        SELECT count(*) FROM pg_stat_activity
        WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()
        """;

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peak;

    private PostgresConnectionSampler(NpgsqlConnection connection, TimeSpan interval) => _sampling = SampleAsync(connection, interval);

    public int Peak => (int)Interlocked.Read(ref _peak);

    public static async Task<PostgresConnectionSampler> StartAsync(string connectionString, TimeSpan interval)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return new PostgresConnectionSampler(connection, interval);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync(NpgsqlConnection connection, TimeSpan interval)
    {
        await using (connection)
        await using (var command = new NpgsqlCommand(CountSql, connection))
        {
            using var timer = new PeriodicTimer(interval);
            do
            {
                var count = (long)(await command.ExecuteScalarAsync() ?? 0L);
                if (count > Interlocked.Read(ref _peak))
                    Interlocked.Exchange(ref _peak, count);
            }
            while (await WaitAsync(timer));
        }
    }

    private async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
