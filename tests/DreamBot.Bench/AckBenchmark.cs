using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DreamBot.Shared.Configuration;
using DreamBot.Tests.Bot.Harness;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;

namespace DreamBot.Bench;

/// <summary>
/// How long Discord waits for DreamBot's acknowledgement under a steady load: signed POSTs to /interactions (send to
/// response), and INTERACTION_CREATE dispatches (send to the callback's arrival at the fake). Load is open-loop:
/// interactions are sent on schedule whether or not earlier ones were answered.
/// </summary>
public static class AckBenchmark
{
    private const string CallbackRoute = "POST /interactions/{interaction_id}/{interaction_token}/callback";

    public static async Task<int> RunAsync(BenchArguments args)
    {
        var http = await RunHttpAsync(args);
        var gateway = await RunGatewayAsync(args);
        LatencySummary.Print([http, gateway], args);
        return 0;
    }

    private static async Task<LatencySummary> RunHttpAsync(BenchArguments args)
    {
        using var signer = new InteractionSigner();
        await using var discord = await FakeDiscord.StartAsync();
        await using var bot = await BotTestHost.StartAsync(discord, DiscordMode.Http, new AcceptingQueue(), signer.PublicKeyHex);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 });
        var latencies = new ConcurrentBag<double>();

        async Task SendAsync(bool measure)
        {
            var body = Encoding.UTF8.GetBytes(InteractionPayloads.Dream().ToJsonString());
            using var request = signer.CreateRequest(bot.InteractionsEndpoint, body);
            var started = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request);
            var answer = await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (measure && response.StatusCode == HttpStatusCode.OK && JsonNode.Parse(answer)?["type"]?.GetValue<int>() == 4)
                latencies.Add(elapsed.TotalMilliseconds);
        }

        await OpenLoop.PaceAsync(args.Rate, args.Warmup, () => SendAsync(measure: false));
        var sent = await OpenLoop.PaceAsync(args.Rate, args.Duration, () => SendAsync(measure: true));
        return LatencySummary.From("http", sent, [.. latencies]);
    }

    private static async Task<LatencySummary> RunGatewayAsync(BenchArguments args)
    {
        var gateway = new FakeGateway { HeartbeatInterval = TimeSpan.FromSeconds(41.25) };
        await using var discord = await FakeDiscord.StartAsync(gateway.Map);
        await using var bot = await BotTestHost.StartAsync(discord, DiscordMode.Gateway, new AcceptingQueue());
        await gateway.WaitUntilAsync(g => g.Connected && g.Count("identify") == 1, TimeSpan.FromSeconds(30), "identified");
        var sentAt = new ConcurrentDictionary<long, DateTimeOffset>();

        async Task DispatchAsync(bool measure)
        {
            var interaction = discord.CreateInteraction(InteractionPayloads.ChannelId);
            var payload = InteractionPayloads.Dream(id: interaction.Id, token: interaction.Token);
            if (measure)
                sentAt[interaction.Id] = DateTimeOffset.UtcNow;
            await gateway.DispatchInteractionAsync(payload);
        }

        await OpenLoop.PaceAsync(args.Rate, args.Warmup, () => DispatchAsync(measure: false));
        var sent = await OpenLoop.PaceAsync(args.Rate, args.Duration, () => DispatchAsync(measure: true));
        await WaitForCallbacksAsync(discord, sentAt, TimeSpan.FromSeconds(10));

        var latencies = discord.RequestsTo(CallbackRoute)
            .Select(r => (Id: InteractionId(r.Path), r.ArrivedAt))
            .Where(r => sentAt.ContainsKey(r.Id))
            .Select(r => (r.ArrivedAt - sentAt[r.Id]).TotalMilliseconds)
            .ToList();
        return LatencySummary.From("gateway", sent, latencies);
    }

    private static async Task WaitForCallbacksAsync(FakeDiscord discord, ConcurrentDictionary<long, DateTimeOffset> sentAt, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && discord.RequestsTo(CallbackRoute).Count(r => sentAt.ContainsKey(InteractionId(r.Path))) < sentAt.Count)
            await Task.Delay(100);
    }

    // /api/v10/interactions/{id}/{token}/callback
    private static long InteractionId(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var index = Array.IndexOf(segments, "interactions");
        return index >= 0 && long.TryParse(segments[index + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1;
    }
}
