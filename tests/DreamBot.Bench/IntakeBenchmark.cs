using System.Globalization;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;

namespace DreamBot.Bench;

/// <summary>
/// The Bot's /dream intake with a deep queue in one guild. Per backlog: a fresh migrated database, the real Bot as its
/// own process (HTTP interactions, pinned to --bot-cpus, no Worker), a warm-up, the queue filled to the backlog, then
/// open-loop bursts of signed interactions from users with nothing queued; after them the Bot stops and a Worker's claim
/// is timed on the same queue. The load generator and the fake Discord run in this process; all traffic is on 127.0.0.1.
/// </summary>
public static class IntakeBenchmark
{
    public static async Task<int> RunAsync(IntakeBenchArguments args, string commandLine)
    {
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? throw new InvalidOperationException("Set ConnectionStrings__Postgres to a PostgreSQL server the benchmark may create a database on.");
        Console.WriteLine(commandLine);
        Console.WriteLine();
        var bursts = new List<IntakeBurstResult>();
        var claims = new List<ClaimTimes>();
        var idle = new List<string>();
        foreach (var backlog in args.Backlogs)
        {
            var database = await QueueBenchDatabase.CreateAsync(server);
            try
            {
                var (results, idleCpu) = await RunBacklogAsync(args, backlog, database.ConnectionString);
                bursts.AddRange(results);
                idle.Add(string.Create(CultureInfo.InvariantCulture, $"{idleCpu:0.0} ms/s at backlog {backlog:N0}"));
                claims.Add(await ClaimTimes.MeasureAsync(database.ConnectionString, backlog, args.Claims));
            }
            finally
            {
                await database.DropAsync();
            }
        }
        Console.WriteLine();
        Console.WriteLine(commandLine);
        Console.WriteLine();
        IntakeBurstResult.Print(bursts, args);
        Console.WriteLine("Bot CPU while idle (included in its ms/interaction): " + string.Join(", ", idle));
        Console.WriteLine();
        ClaimTimes.Print(claims, args.Claims);
        return 0;
    }

    /// <summary>One Bot on one database: warm-up, fill, the bursts; the Bot is stopped before the claims are timed.</summary>
    private static async Task<(List<IntakeBurstResult> Results, double IdleCpuMsPerSecond)> RunBacklogAsync(IntakeBenchArguments args, int backlog, string connectionString)
    {
        using var signer = new InteractionSigner();
        await using var discord = await FakeDiscord.StartAsync();
        discord.ValidatesBodies = false;
        await using var bot = await BotProcess.StartAsync(args.BotCpus, connectionString, discord, signer.PublicKeyHex);
        // Ctrl+C ends this process without finally blocks; the Bot must not outlive it.
        ConsoleCancelEventHandler stop = (_, _) => bot.Kill();
        Console.CancelKeyPress += stop;
        try
        {
            using var client = new IntakeClient(discord, signer, bot.InteractionsEndpoint);
            var load = new IntakeLoad(args, bot, client, connectionString);
            await load.WarmUpAsync();
            await load.FillAsync(backlog);
            var idle = await load.IdleCpuMsPerSecondAsync(TimeSpan.FromSeconds(3));
            var results = new List<IntakeBurstResult>();
            foreach (var rate in args.Rates)
            {
                results.Add(await load.BurstAsync(backlog, rate, singleUserRate: 0));
                if (args.SingleUserRate > 0)
                    results.Add(await load.BurstAsync(backlog, rate, args.SingleUserRate));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"backlog {backlog:N0}, {rate} /s: p99 {results[^1].Ack.P99Ms:0.0} ms, {results[^1].Errors} errors"));
            }
            var (warnings, errors) = bot.LoggedProblems;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"backlog {backlog:N0}: the Bot logged {warnings} warnings and {errors} errors; {client.RelayFailures} acknowledgements the fake Discord refused"));
            foreach (var (problem, count) in bot.FrequentProblems(5))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {count} x {problem}"));
            return (results, idle);
        }
        finally
        {
            Console.CancelKeyPress -= stop;
        }
    }
}
