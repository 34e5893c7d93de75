using System.Globalization;
using System.Net;
using DreamBot.Shared.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace DreamBot.Tests.Fakes.Discord;

/// <summary>
/// An in-process Discord on Kestrel (127.0.0.1, a free port) serving the REST routes DreamBot uses. It records every
/// request, validates every JSON body against Discord's OpenAPI document, applies per-route rate limits, and answers
/// injected faults. <c>mapMore</c> lets a test add endpoints (e.g. the Gateway WebSocket at <see cref="GatewayUrl"/>).
/// </summary>
public sealed class FakeDiscord : IAsyncDisposable
{
    public const string BotToken = "fake-bot-token.not-a-secret";
    public const long ApplicationId = 1100000000000000001;
    public const long BotUserId = 1100000000000000002;

    private readonly List<RecordedRequest> _requests = [];
    private readonly List<ValidationFailure> _validationFailures = [];
    private readonly Dictionary<string, Queue<FakeFault>> _faults = [];
    private readonly Lock _lock = new();
    private WebApplication? _app;

    private FakeDiscord()
    {
        State = new FakeDiscordState(ApplicationId, BotUserId, () => BaseUrl);
    }

    /// <summary>http://127.0.0.1:{port}</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The value for <see cref="DiscordOptions.ApiBaseUrl"/>.</summary>
    public string ApiBaseUrl => BaseUrl + "/api/v10";

    /// <summary>What GET /gateway/bot answers; a fake Gateway mapped through <c>mapMore</c> at /gateway serves it.</summary>
    public string GatewayUrl => "ws" + BaseUrl["http".Length..] + "/gateway";

    public FakeDiscordState State { get; }

    public FakeRateLimits RateLimits { get; } = new();

    /// <summary>
    /// Whether JSON bodies are checked against the OpenAPI document (on by default). Benchmarks turn it off, so the
    /// fake's schema walk does not count as DreamBot's time.
    /// </summary>
    public bool ValidatesBodies { get; set; } = true;

    /// <summary>How long a request carrying files takes to answer, as an upload over a real network does (benchmarks).</summary>
    public TimeSpan UploadLatency { get; set; }

    public WebApplication App => _app ?? throw new InvalidOperationException("The fake Discord is not started.");

    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_lock) return [.. _requests]; }
    }

    /// <summary>Bodies Discord would have refused. Tests of code that talks to Discord assert this stays empty.</summary>
    public IReadOnlyList<ValidationFailure> ValidationFailures
    {
        get { lock (_lock) return [.. _validationFailures]; }
    }

    public static async Task<FakeDiscord> StartAsync(Action<WebApplication>? mapMore = null)
    {
        var discord = new FakeDiscord();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "FakeDiscord" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.UseWebSockets();
        app.UseRouting();
        var pipeline = new FakeDiscordPipeline(discord);
        app.Use((context, next) => pipeline.InvokeAsync(context, next));
        FakeDiscordEndpoints.Map(app, discord);
        mapMore?.Invoke(app);

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        discord.BaseUrl = address.TrimEnd('/');
        discord._app = app;
        return discord;
    }

    /// <summary>Options that point DreamBot's client at this fake.</summary>
    public DiscordOptions CreateOptions() => new()
    {
        ApplicationId = ApplicationId.ToString(CultureInfo.InvariantCulture),
        BotToken = BotToken,
        ApiBaseUrl = ApiBaseUrl,
    };

    /// <summary>The next <paramref name="times"/> requests to <paramref name="route"/> ("POST /channels/{channel_id}/messages") answer <paramref name="fault"/>.</summary>
    public void InjectFault(string route, FakeFault fault, int times = 1)
    {
        lock (_lock)
        {
            if (!_faults.TryGetValue(route, out var queue))
                _faults[route] = queue = new Queue<FakeFault>();
            for (var i = 0; i < times; i++)
                queue.Enqueue(fault);
        }
    }

    public IReadOnlyList<RecordedRequest> RequestsTo(string route) => [.. Requests.Where(r => r.Route == route)];

    /// <summary>An interaction DreamBot may answer; put its id and token into the INTERACTION_CREATE it receives.</summary>
    public FakeInteraction CreateInteraction(long channelId, FakeMessage? sourceMessage = null) =>
        State.CreateInteraction(channelId, sourceMessage);

    public IReadOnlyList<FakeMessage> Messages(long channelId) => State.Messages(channelId);

    /// <summary>
    /// An attachment as a user's upload would appear in an interaction's resolved data (e.g. /dream init_image);
    /// its <see cref="FakeAttachment.Url"/> serves the bytes.
    /// </summary>
    public FakeAttachment HostAttachment(long channelId, string fileName, byte[] content, string contentType = "image/png") =>
        State.HostAttachment(channelId, new RecordedPart("files[0]", fileName, contentType, content));

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }

    internal void Record(RecordedRequest request)
    {
        lock (_lock)
            _requests.Add(request);
    }

    internal void RecordValidationFailure(ValidationFailure failure)
    {
        lock (_lock)
            _validationFailures.Add(failure);
    }

    internal FakeFault? TakeFault(string route)
    {
        lock (_lock)
            return _faults.TryGetValue(route, out var queue) && queue.TryDequeue(out var fault) ? fault : null;
    }
}
