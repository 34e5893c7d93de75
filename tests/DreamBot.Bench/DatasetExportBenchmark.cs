using System.Diagnostics;
using System.Globalization;
using DreamBot.Shared.Archive;
using DreamBot.Worker.Cli;
using Npgsql;
using NpgsqlTypes;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DreamBot.Bench;

/// <summary>
/// Seeds a scratch database with results of an opted-in guild, one distinct tiny PNG each in a scratch archive and
/// up to three ratings, then runs <c>dataset export</c> on them, printing its time and memory: the export streams,
/// so its peak should not grow with the row count. Needs ConnectionStrings__Postgres.
/// </summary>
public static class DatasetExportBenchmark
{
    private const long Guild = 1000;

    public static async Task<int> RunAsync(int rows, int shardSize)
    {
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings__Postgres is not set.");
        var database = await QueueBenchDatabase.CreateAsync(server);
        var folder = Path.Combine(Path.GetTempPath(), $"dreambot-bench-dataset-{Guid.NewGuid():N}");
        var archive = new ImageArchive(Path.Combine(folder, "archive"));
        try
        {
            var seeding = Stopwatch.StartNew();
            await SeedAsync(database.ConnectionString, archive, rows);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Seeded {rows:N0} results with archived images in {seeding.Elapsed.TotalSeconds:0.0} s"));

            var peakBefore = Process.GetCurrentProcess().PeakWorkingSet64;
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Postgres"] = database.ConnectionString,
                ["Archive:Path"] = archive.Root,
                [DatasetExportCommand.PseudonymKeySetting] = "5f0c3b1e9a7d2c4b8e6f1a3d5c7b9e2f4a6c8e0b2d4f6a8c1e3b5d7f9a2c4e6b",
            }).Build();
            var outFolder = Path.Combine(folder, "export");
            GC.Collect();
            using var sampler = new ManagedPeak();
            var export = Stopwatch.StartNew();
            var exit = await new DatasetExportCommand(Console.Out, Console.Error, configuration)
                .RunAsync(["export", "--out", outFolder, "--shard-size", shardSize.ToString(CultureInfo.InvariantCulture)], CancellationToken.None);
            var seconds = export.Elapsed.TotalSeconds;
            if (exit != 0)
                return exit;
            using var process = Process.GetCurrentProcess();
            var shards = Directory.GetFiles(Path.Combine(outFolder, "data"), "*.parquet").Length;
            var bytes = Directory.GetFiles(Path.Combine(outFolder, "data")).Sum(f => new FileInfo(f).Length);
            Console.WriteLine("| rows | shards | output MiB | seconds | rows/s | peak working set MiB (before export) | managed peak MiB |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {rows:N0} | {shards} | {bytes / 1048576.0:0.0} | {seconds:0.0} | {rows / seconds:N0} | {process.PeakWorkingSet64 / 1048576.0:0} ({peakBefore / 1048576.0:0}) | {sampler.Peak / 1048576.0:0} |"));
            return 0;
        }
        finally
        {
            await database.DropAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task SeedAsync(string connectionString, ImageArchive archive, int rows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, $"INSERT INTO dreambot.guild_settings (guild_id, allowed_samplers, safety_policy, post_previews, image_grid, quota_reset, moderators_unlimited, dataset_opt_in, dataset_licence, updated_at) VALUES ({Guild}, '{{}}', 'Spoiler', true, false, 'UtcDaily', true, true, 'cc0', now())");
        await ExecuteAsync(connection, $"""
            INSERT INTO dreambot.generations (user_id, user_name, guild_id, channel_id, channel_nsfw, interaction_id, interaction_token,
                prompt, negative_prompt, model, sampler, steps, guidance, width, height, count, seed, status, awaiting_acknowledgement,
                queued_at, finished_at, cost_units, refunded, flagged_images, dataset_consent)
            SELECT 1 + i % 5000, 'user', {Guild}, 1, false, 10000000 + i, 'token', 'a lighthouse at dusk, number ' || i, '', 'sd15', 'euler_a',
                30, 7.5, 512, 512, 1, i, 'Succeeded', false, now() - make_interval(secs => i), now(), 1, false, 0, true
            FROM generate_series(1, {rows}) AS i
            """);
        // Up to three raters per image, from users other than the requester.
        await ExecuteAsync(connection, """
            INSERT INTO dreambot.ratings (generation_id, image_seed, user_id, guild_id, score, rated_at, own)
            SELECT g.id, g.seed, 100000 + r, g.guild_id, 1 + (g.id + r) % 10, now(), false
            FROM dreambot.generations g, generate_series(1, 3) AS r WHERE r <= g.id % 4
            """);

        var generations = new List<(long Id, long Seed)>(rows);
        await using (var read = new NpgsqlCommand("SELECT id, seed FROM dreambot.generations ORDER BY id", connection))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                generations.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }
        var now = DateTimeOffset.UtcNow;
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY dreambot.archived_images (generation_id, image_index, seed, sha256, bytes, flagged, archived_at) FROM STDIN (FORMAT BINARY)");
        foreach (var (id, seed) in generations)
        {
            var png = TinyPng(id);
            var hash = ImageArchive.HashOf(png);
            await archive.WriteAsync(hash, png, CancellationToken.None);
            await copy.StartRowAsync();
            await copy.WriteAsync(id, NpgsqlDbType.Bigint);
            await copy.WriteAsync(0, NpgsqlDbType.Integer);
            await copy.WriteAsync(seed, NpgsqlDbType.Bigint);
            await copy.WriteAsync(hash, NpgsqlDbType.Char);
            await copy.WriteAsync((long)png.Length, NpgsqlDbType.Bigint);
            await copy.WriteAsync(false, NpgsqlDbType.Boolean);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
        }
        await copy.CompleteAsync();
    }

    /// <summary>An 8×8 PNG whose pixels spell out <paramref name="id"/>, so every result has its own file.</summary>
    private static byte[] TinyPng(long id)
    {
        using var image = new Image<Rgb24>(8, 8);
        for (var i = 0; i < 8; i++)
            image[i, 0] = new Rgb24((byte)(id >> (8 * i)), (byte)i, 0);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Samples the managed heap every 10 ms while it lives and keeps the largest value.</summary>
    private sealed class ManagedPeak : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;

        public ManagedPeak() => _timer = new Timer(_ => Peak = Math.Max(Peak, GC.GetTotalMemory(false)), null, 0, 10);

        public long Peak { get => Interlocked.Read(ref _peak); private set => Interlocked.Exchange(ref _peak, value); }

        public void Dispose() => _timer.Dispose();
    }
}
