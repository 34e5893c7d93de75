using System.Diagnostics;
using System.Globalization;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Shared.Jobs;
using DreamBot.Tests.Bot.Harness;
using DreamBot.Tests.Fakes.Discord;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bench;

/// <summary>
/// The queue without a model: generation rows and their job slots go into a fresh database, the real Worker host
/// (with a renderer that returns at once) claims, "renders" and posts each result to the fake Discord. Start latency
/// is read from the rows (queued_at to started_at); throughput is finished jobs over the span from the first enqueue
/// to the last result.
/// </summary>
public static class QueueBenchmark
{
    private static readonly DreamParameters Request =
        new() { Prompt = "a queue benchmark", Sampler = Samplers.Euler, Steps = 1, Width = 256, Height = 256, Seed = 1 };

    public static async Task<int> RunAsync(QueueBenchArguments args)
    {
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? throw new InvalidOperationException("Set ConnectionStrings__Postgres to a PostgreSQL server the benchmark may create a database on.");
        var database = await QueueBenchDatabase.CreateAsync(server);
        try
        {
            await using var discord = await FakeDiscord.StartAsync();
            discord.ValidatesBodies = false;
            var worker = await BenchWorker.StartAsync(database.ConnectionString, discord, args.Workers, args.MaxBatch);
            try
            {
                var slots = worker.Services.GetRequiredService<DreamSlots>();
                var contexts = worker.Services.GetRequiredService<IDbContextFactory<DreamBotDb>>();
                await RunPhaseAsync("warm-up", 50, rate: 50, discord, slots, contexts);
                var paced = await RunPhaseAsync("paced", Math.Max(1, args.Jobs / 10), args.PacedRate, discord, slots, contexts);
                var burst = await RunPhaseAsync("burst", args.Jobs, rate: null, discord, slots, contexts);
                QueueBenchResult.Print([paced, burst], args);
            }
            finally
            {
                await worker.StopAsync();
                await worker.DisposeAsync();
            }
        }
        finally
        {
            await database.DropAsync();
        }
        return 0;
    }

    private static async Task<QueueBenchResult> RunPhaseAsync(
        string phase, int count, int? rate, FakeDiscord discord, DreamSlots slots, IDbContextFactory<DreamBotDb> contexts)
    {
        // Each generation answers an interaction whose "Queued" acknowledgement Discord already holds.
        var interactions = new FakeInteraction[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            interactions[i] = discord.CreateInteraction(BenchWorker.ChannelId);
            await DiscordRelay.ForwardAckAsync(discord, interactions[i], """{"type":4,"data":{"content":"Queued"}}""");
        });

        var clock = Stopwatch.StartNew();
        var ids = new long[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = rate is null ? 8 : count }, async (i, ct) =>
        {
            if (rate is { } perSecond && TimeSpan.FromSeconds(i / (double)perSecond) - clock.Elapsed is { TotalMilliseconds: > 1 } wait)
                await Task.Delay(wait, ct);
            ids[i] = await BenchWorker.EnqueueAsync(interactions[i], userId: 1_000 + (i % 40), Request, contexts, slots, ct);
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phase}: {count} requests recorded and released in {clock.Elapsed.TotalSeconds:0.0} s"));

        await using var db = await contexts.CreateDbContextAsync();
        var first = ids.Min();
        var last = ids.Max();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (await db.Generations.CountAsync(g => g.Id >= first && g.Id <= last && g.Status == GenerationStatus.Succeeded) < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{phase}: not every job finished within 5 minutes.");
            await Task.Delay(50);
        }
        var rows = await db.Generations.AsNoTracking().Where(g => g.Id >= first && g.Id <= last)
            .Select(g => new { g.InteractionToken, g.QueuedAt, g.StartedAt, g.FinishedAt }).ToListAsync();
        // Where the job's own time goes: up to the result's arrival at Discord, and from there to the recorded outcome.
        var arrivals = discord.Requests.Where(r => r.Method == "PATCH" && r.Json?["embeds"] is System.Text.Json.Nodes.JsonArray { Count: > 0 })
            .ToDictionary(r => r.Path.Split('/')[^3], r => r.ArrivedAt);
        var beforePost = rows.Select(r => (arrivals[Uri.EscapeDataString(r.InteractionToken)] - r.StartedAt!.Value).TotalMilliseconds).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phase}: claim to result at Discord p50 {beforePost[beforePost.Count / 2]:0.0} ms"));
        var span = rows.Max(r => r.FinishedAt!.Value) - rows.Min(r => r.QueuedAt);
        var posted = interactions.Count(i => i.Original?.Embeds.Count > 0);
        var inJob = rows.Select(r => (r.FinishedAt!.Value - r.StartedAt!.Value).TotalMilliseconds).Order().ToList();
        return QueueBenchResult.From(phase, rate, rows.Select(r => (r.StartedAt!.Value - r.QueuedAt).TotalMilliseconds).ToList(), span, posted)
            with { InJobP50Ms = inJob[inJob.Count / 2] };
    }
}
