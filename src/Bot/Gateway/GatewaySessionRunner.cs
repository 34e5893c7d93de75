using System.Net.WebSockets;
using System.Text.Json;

namespace DreamBot.Bot.Gateway;

/// <summary>
/// Runs one connection from HELLO to its end and says what should happen next; null means the peer closed and
/// the close code decides.
/// </summary>
public sealed partial class GatewaySessionRunner(
    GatewayConnection connection,
    GatewaySession session,
    GatewayInteractionHandler interactions,
    TimeProvider time,
    ILogger logger,
    CancellationToken stoppingToken)
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(2);

    /// <summary>Whether READY or RESUMED arrived, i.e. the connection was healthy at some point.</summary>
    public bool ReachedSession { get; private set; }

    public async Task<GatewayCloseAction?> RunAsync(object identifyOrResume)
    {
        // Cancelling a WebSocket operation aborts the socket. On shutdown the connection is instead closed with 1000,
        // and reads get a short grace period to see Discord's answering close frame.
        using var socketLifetime = new CancellationTokenSource();
        using var onStopping = stoppingToken.Register(() =>
        {
            _ = connection.CloseNormallyAsync();
            socketLifetime.CancelAfter(ShutdownGrace);
        });
        var socketToken = socketLifetime.Token;

        var hello = await connection.ReceiveAsync(socketToken);
        if (hello is not { Op: GatewayOpCode.Hello, D: { } helloData })
            throw new JsonException($"Expected HELLO, got op {hello?.Op}.");
        var interval = TimeSpan.FromMilliseconds(helloData.GetProperty("heartbeat_interval").GetDouble());

        using var connectionScope = CancellationTokenSource.CreateLinkedTokenSource(socketToken);
        var heartbeat = new GatewayHeartbeat(connection, session, interval, time);
        var heartbeating = HeartbeatSafelyAsync(heartbeat, connectionScope.Token);
        try
        {
            var op = identifyOrResume is GatewayResume ? GatewayOpCode.Resume : GatewayOpCode.Identify;
            await connection.SendAsync(op, identifyOrResume, socketToken);
            return await ReceiveUntilEndAsync(heartbeat, socketToken);
        }
        catch (Exception ex) when (heartbeat.IsZombie && ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            LogZombie(logger, interval.TotalMilliseconds);
            return GatewayCloseAction.Resume;
        }
        finally
        {
            await connectionScope.CancelAsync();
            await heartbeating;
        }
    }

    private async Task<GatewayCloseAction?> ReceiveUntilEndAsync(GatewayHeartbeat heartbeat, CancellationToken socketToken)
    {
        while (true)
        {
            if (await connection.ReceiveAsync(socketToken) is not { } payload)
            {
                await connection.AbandonAsync("closed by peer");
                return null;
            }

            if (await HandleAsync(payload, heartbeat, socketToken) is { } action)
            {
                await connection.AbandonAsync("reconnecting");
                return action;
            }
        }
    }

    private async Task<GatewayCloseAction?> HandleAsync(GatewayPayload payload, GatewayHeartbeat heartbeat, CancellationToken socketToken)
    {
        switch (payload.Op)
        {
            case GatewayOpCode.Dispatch:
                OnDispatch(payload);
                return null;
            case GatewayOpCode.Heartbeat:
                await heartbeat.SendNowAsync(socketToken);
                return null;
            case GatewayOpCode.HeartbeatAck:
                heartbeat.Acknowledged();
                return null;
            case GatewayOpCode.Reconnect:
                LogReconnectRequested(logger);
                return GatewayCloseAction.Resume;
            case GatewayOpCode.InvalidSession:
                var resumable = payload.D is { ValueKind: JsonValueKind.True };
                LogInvalidSession(logger, resumable);
                return resumable ? GatewayCloseAction.Resume : GatewayCloseAction.Reidentify;
            default:
                return null;
        }
    }

    private void OnDispatch(GatewayPayload payload)
    {
        if (payload.S is { } sequence)
            session.Observe(sequence);
        switch (payload.T)
        {
            case "READY" when payload.D is { } ready:
                session.Ready(ready.GetProperty("session_id").GetString()!, new Uri(ready.GetProperty("resume_gateway_url").GetString()!));
                ReachedSession = true;
                LogReady(logger);
                break;
            case "RESUMED":
                session.Resumed();
                ReachedSession = true;
                LogResumed(logger, session.Sequence);
                break;
            case "INTERACTION_CREATE" when payload.D is { } interaction:
                // Not awaited: a slow command must not hold up heartbeats or the next interaction.
                _ = interactions.HandleAsync(interaction);
                break;
        }
    }

    private static async Task HeartbeatSafelyAsync(GatewayHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        try
        {
            await heartbeat.RunAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The connection ended; the receive side reports why.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway session ready")]
    private static partial void LogReady(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway session resumed at sequence {Sequence}")]
    private static partial void LogResumed(ILogger logger, long? sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No heartbeat ACK within {IntervalMs} ms; abandoning the zombie connection")]
    private static partial void LogZombie(ILogger logger, double intervalMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord asked DreamBot to reconnect; resuming")]
    private static partial void LogReconnectRequested(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway session invalidated (resumable: {Resumable})")]
    private static partial void LogInvalidSession(ILogger logger, bool resumable);
}
