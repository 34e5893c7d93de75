using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Discord;
using Microsoft.Extensions.Options;

namespace DreamBot.Bot.Gateway;

/// <summary>
/// Gateway mode: keeps one session with Discord alive, resuming it across drops, and feeds its interactions to
/// the dispatcher. Close codes that reconnecting cannot fix stop the application with one clear log line.
/// </summary>
public sealed partial class GatewayClient(
    DiscordRestClient rest,
    GatewayInteractionHandler interactions,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<GatewayClient> logger) : BackgroundService
{
    /// <summary>The process exit code after a fatal close (bad token, disallowed intents...).</summary>
    public const int FatalExitCode = 3;

    private const int MaxResumeAttempts = 5;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly string _token = options.Value.BotToken;
    private readonly GatewaySession _session = new();
    private int _failures;

    /// <summary>Whether a session is established now; readiness reports it.</summary>
    public bool IsConnected => _session.IsLive;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A fatal close stops the application; doing that while the host is still starting would fail its start-up.
        if (!await StartedAsync(stoppingToken))
            return;

        while (!stoppingToken.IsCancellationRequested)
        {
            var action = await ConnectOnceAsync(stoppingToken);
            if (action == GatewayCloseAction.Stopping)
                return;
            if (action == GatewayCloseAction.Fatal)
            {
                Environment.ExitCode = FatalExitCode;
                lifetime.StopApplication();
                return;
            }

            var delay = action == GatewayCloseAction.Reidentify
                // Discord asks for a random 1-5 s pause before identifying again after an invalid session.
                ? TimeSpan.FromSeconds(1 + (4 * Random.Shared.NextDouble()))
                : Backoff(_failures);
            if (action == GatewayCloseAction.Reidentify)
                _session.Reset();
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<GatewayCloseAction> ConnectOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            // A resume URL that keeps failing may be gone for good; start a new session from /gateway/bot instead.
            if (_failures >= MaxResumeAttempts)
                _session.Reset();
            var resume = _session.CanResume;
            var url = resume ? _session.ResumeUrl! : new Uri((await rest.GetGatewayBotAsync(stoppingToken)).Url);
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(WithVersion(url), stoppingToken);
            using var connection = new GatewayConnection(socket);
            var session = new GatewaySessionRunner(connection, _session, interactions, time, logger, stoppingToken);
            var action = await session.RunAsync(resume ? new GatewayResume(_token, _session.SessionId!, _session.Sequence) : Identify());
            if (stoppingToken.IsCancellationRequested)
                return GatewayCloseAction.Stopping;
            if (session.ReachedSession)
                _failures = 0;
            return Classify(action, connection.CloseCode);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return GatewayCloseAction.Stopping;
        }
        catch (DiscordApiException ex) when (ex.StatusCode == HttpStatusCode.Unauthorized)
        {
            LogTokenRejected(logger);
            return GatewayCloseAction.Fatal;
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or DiscordApiException or TimeoutException or JsonException
                                       or IOException or OperationCanceledException or UriFormatException
                                       or KeyNotFoundException or InvalidOperationException)
        {
            _failures++;
            // An unreachable network is routine and its message says it all; anything else keeps its stack trace.
            if (ex is HttpRequestException or WebSocketException or IOException or TimeoutException or DiscordApiException)
                LogConnectionUnreachable(logger, _failures, ex.Message);
            else
                LogConnectionFailed(logger, ex, _failures);
            return GatewayCloseAction.Resume;
        }
        finally
        {
            _session.Disconnected();
        }
    }

    private GatewayCloseAction Classify(GatewayCloseAction? decided, int? closeCode)
    {
        if (decided is { } action)
            return action;

        _failures++;
        var classified = GatewayCloseCodes.Classify(closeCode);
        if (classified == GatewayCloseAction.Fatal)
            LogFatal(logger, closeCode!.Value, GatewayCloseCodes.Describe(closeCode.Value));
        else
            LogClosed(logger, closeCode, classified);
        return classified;
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private GatewayIdentify Identify() => new(_token, Intents: 0, GatewayIdentifyProperties.Current);

    private static Uri WithVersion(Uri url) => new UriBuilder(url) { Query = "v=10&encoding=json" }.Uri;

    // The first retry is prompt (a blip), later ones back off exponentially with jitter up to 30 s.
    private static TimeSpan Backoff(int failures)
    {
        if (failures <= 0)
            return TimeSpan.Zero;
        var ceiling = Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, failures - 1));
        return TimeSpan.FromSeconds(ceiling * (0.5 + (0.5 * Random.Shared.NextDouble())));
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Discord gateway refused DreamBot with close code {CloseCode} ({Reason}); stopping")]
    private static partial void LogFatal(ILogger logger, int closeCode, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Discord rejected the bot token (401 on GET /gateway/bot): check Discord:BotToken; stopping")]
    private static partial void LogTokenRejected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway connection closed with code {CloseCode}; next: {Action}")]
    private static partial void LogClosed(ILogger logger, int? closeCode, GatewayCloseAction action);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway connection failed ({Failures} in a row); retrying")]
    private static partial void LogConnectionFailed(ILogger logger, Exception exception, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway connection failed ({Failures} in a row): {Reason}; retrying")]
    private static partial void LogConnectionUnreachable(ILogger logger, int failures, string reason);
}
