using System.Net.WebSockets;
using System.Text.Json.Nodes;
using DreamBot.Tests.Fakes.Discord;

namespace DreamBot.Tests.Fakes.Gateway;

/// <summary>
/// Discord's gateway on the fake REST server (mount with <see cref="Map"/> through FakeDiscord's mapMore):
/// HELLO, IDENTIFY -> READY, heartbeats and ACKs, RESUME with replay of missed dispatches then RESUMED,
/// plus controls to drop the connection, withhold ACKs, send op 7 / op 9 / close codes, and dispatch interactions.
/// </summary>
public sealed class FakeGateway
{
    public const string Path = "/gateway";
    public const string ResumePath = "/gateway-resume";
    private readonly Lock _lock = new();
    private readonly List<string> _events = [];
    private FakeGatewaySession? _session;
    private string _baseUrl = "";

    /// <summary>The token IDENTIFY and RESUME must carry; anything else is closed with 4004.</summary>
    public string AcceptedToken { get; set; } = FakeDiscord.BotToken;

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>While true, heartbeats are not acknowledged (the bot should see a zombie connection).</summary>
    public bool WithholdAcks { get; set; }

    /// <summary>Frame size for outgoing messages; null sends each message in one frame.</summary>
    public int? FragmentBytes { get; set; }

    /// <summary>Replay the whole session on RESUME, not just what the bot missed (tests de-duplication).</summary>
    public bool ReplayEverythingOnResume { get; set; }

    /// <summary>"identify", "resume:{session}:{seq}@{path}", "heartbeat", "close:{code}", "connect:{path}?{query}", "drop".</summary>
    public IReadOnlyList<string> Events
    {
        get { lock (_lock) return [.. _events]; }
    }

    public int Count(string prefix) => Events.Count(e => e.StartsWith(prefix, StringComparison.Ordinal));

    public void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Map(Path, context => AcceptAsync(context, Path));
        app.Map(ResumePath, context => AcceptAsync(context, ResumePath));
    }

    public async Task WaitUntilAsync(Func<FakeGateway, bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Gateway never reached: {what ?? "condition"}. Events: {string.Join(", ", Events)}");
            await Task.Delay(10);
        }
    }

    public Task DispatchInteractionAsync(JsonObject interaction) => DispatchAsync("INTERACTION_CREATE", interaction);

    /// <summary>Sends a dispatch now, or keeps it for the RESUME replay while the bot is disconnected.</summary>
    public async Task DispatchAsync(string eventName, JsonNode data)
    {
        var session = _session ?? throw new InvalidOperationException("No session: the bot has not identified.");
        var message = session.Append(eventName, data);
        if (session.Connection is { IsOpen: true } connection)
        {
            try
            {
                await connection.SendAsync(message);
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
            {
                // Disconnected meanwhile; the RESUME replay delivers it.
            }
        }
    }

    public Task SendAsync(int op, JsonNode? data = null) =>
        Current().SendAsync(new JsonObject { ["op"] = op, ["d"] = data });

    public Task CloseAsync(int code) => Current().CloseAsync(code, "closed by the fake");

    public void Drop()
    {
        Record("drop");
        Current().Drop();
    }

    public bool Connected => _session?.Connection is { IsOpen: true };

    private FakeGatewayConnection Current() =>
        _session?.Connection ?? throw new InvalidOperationException("The bot is not connected.");

    private async Task AcceptAsync(HttpContext context, string path)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        _baseUrl = "ws://" + context.Request.Host;
        Record($"connect:{path}{context.Request.QueryString}");
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new FakeGatewayConnection(socket, FragmentBytes);
        await connection.SendAsync(new JsonObject { ["op"] = 10, ["d"] = new JsonObject { ["heartbeat_interval"] = HeartbeatInterval.TotalMilliseconds } });
        try
        {
            while (true)
            {
                var (message, closeCode) = await connection.ReceiveAsync(context.RequestAborted);
                if (message is null)
                {
                    Record($"close:{closeCode}");
                    return;
                }
                await HandleAsync(connection, message, path);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The bot or the test dropped the connection.
        }
        finally
        {
            if (_session?.Connection == connection)
                _session.Connection = null;
        }
    }

    private async Task HandleAsync(FakeGatewayConnection connection, JsonObject message, string path)
    {
        var data = message["d"];
        switch (message["op"]?.GetValue<int>())
        {
            case 1:
                Record("heartbeat");
                if (!WithholdAcks)
                    await connection.SendAsync(new JsonObject { ["op"] = 11 });
                break;
            case 2:
                await IdentifyAsync(connection, data!.AsObject());
                break;
            case 6:
                await ResumeAsync(connection, data!.AsObject(), path);
                break;
        }
    }

    private async Task IdentifyAsync(FakeGatewayConnection connection, JsonObject identify)
    {
        Record($"identify:{identify["intents"]}:{identify["properties"]?["browser"]}");
        if (identify["token"]?.GetValue<string>() != AcceptedToken)
        {
            await connection.CloseAsync(4004, "Authentication failed.");
            return;
        }

        var session = new FakeGatewaySession(Guid.NewGuid().ToString("N")) { Connection = connection };
        _session = session;
        await connection.SendAsync(session.Append("READY", new JsonObject
        {
            ["v"] = 10,
            ["session_id"] = session.Id,
            ["resume_gateway_url"] = _baseUrl + ResumePath,
            ["user"] = new JsonObject { ["id"] = FakeDiscord.BotUserId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["username"] = "DreamBot", ["bot"] = true },
            ["guilds"] = new JsonArray(),
            ["application"] = new JsonObject { ["id"] = FakeDiscord.ApplicationId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["flags"] = 0 },
        }));
    }

    private async Task ResumeAsync(FakeGatewayConnection connection, JsonObject resume, string path)
    {
        var sessionId = resume["session_id"]?.GetValue<string>();
        var sequence = resume["seq"]?.GetValue<long>() ?? 0;
        Record($"resume:{sessionId}:{sequence}@{path}");
        if (_session is not { } session || session.Id != sessionId || resume["token"]?.GetValue<string>() != AcceptedToken)
        {
            await connection.SendAsync(new JsonObject { ["op"] = 9, ["d"] = false });
            return;
        }

        session.Connection = connection;
        foreach (var missed in session.After(ReplayEverythingOnResume ? 0 : sequence))
            await connection.SendAsync(missed);
        await connection.SendAsync(session.Append("RESUMED", new JsonObject()));
    }

    private void Record(string e)
    {
        lock (_lock)
            _events.Add(e);
    }
}
