using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DreamBot.Tests.Bot.Harness;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;

namespace DreamBot.Bench;

/// <summary>
/// Plays Discord for /dream in HTTP mode: a signed POST to the Bot per interaction, timed from send to response, and
/// the acknowledgement handed to the fake Discord so that later edits of the reply find their message.
/// </summary>
public sealed class IntakeClient(FakeDiscord discord, InteractionSigner signer, Uri endpoint) : IDisposable
{
    // A response later than this counts as none; Discord itself gives up after 3 s, which the latencies show.
    private int _relayFailures;
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { Timeout = TimeSpan.FromSeconds(30) };

    public async Task<IntakeOutcome> DreamAsync(long userId)
    {
        var interaction = discord.CreateInteraction(InteractionPayloads.ChannelId);
        var payload = InteractionPayloads.Dream("an intake benchmark", interaction.Id, interaction.Token);
        payload["member"]!["user"]!["id"] = InteractionPayloads.Snowflake(userId);
        using var request = signer.CreateRequest(endpoint, Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
                return new IntakeOutcome(interaction, userId, latency, (int)response.StatusCode, null, false);
            var ack = JsonNode.Parse(body);
            await RelayAsync(interaction, body);
            return new IntakeOutcome(interaction, userId, latency, 200, ack?["type"]?.GetValue<int>(),
                IntakeOutcome.IsPrivate(ack?["data"]?["flags"]?.GetValue<int>()));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new IntakeOutcome(interaction, userId, Stopwatch.GetElapsedTime(started).TotalMilliseconds, 0, null, false);
        }
    }

    /// <summary>Acknowledgements the fake Discord did not take; their replies' later edits fail as they would on Discord.</summary>
    public int RelayFailures => Volatile.Read(ref _relayFailures);

    private async Task RelayAsync(FakeInteraction interaction, string ack)
    {
        try
        {
            await DiscordRelay.ForwardAckAsync(discord, interaction, ack);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException)
        {
            Interlocked.Increment(ref _relayFailures);
        }
    }

    public void Dispose() => _http.Dispose();
}
