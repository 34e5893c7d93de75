using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using DreamBot.Shared.Discord;

namespace DreamBot.Bot.Gateway;

/// <summary>
/// One WebSocket to the gateway: whole JSON messages in (reassembled from however many frames they arrive in)
/// and out (serialised one at a time, since a WebSocket allows only one sender).
/// </summary>
public sealed class GatewayConnection(WebSocket socket) : IDisposable
{
    // With no intents the largest message is READY, a few kilobytes; this guards against a runaway peer.
    private const int MaxMessageBytes = 4 * 1024 * 1024;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _receiveBuffer = new(8 * 1024);

    /// <summary>The close code the peer sent, once the connection has ended.</summary>
    public int? CloseCode => (int?)socket.CloseStatus;

    /// <summary>The next message, or null when the peer closed the connection.</summary>
    public async Task<GatewayPayload?> ReceiveAsync(CancellationToken cancellationToken)
    {
        _receiveBuffer.ResetWrittenCount();
        while (true)
        {
            var result = await socket.ReceiveAsync(_receiveBuffer.GetMemory(4096), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
                return null;
            _receiveBuffer.Advance(result.Count);
            if (_receiveBuffer.WrittenCount > MaxMessageBytes)
                throw new WebSocketException(WebSocketError.HeaderError, "Gateway message exceeds the size limit.");
            if (result.EndOfMessage)
                break;
        }

        return JsonSerializer.Deserialize<GatewayPayload>(_receiveBuffer.WrittenSpan, DiscordJson.Options)
            ?? throw new JsonException("Gateway sent a null message.");
    }

    public async Task SendAsync<T>(GatewayOpCode op, T data, CancellationToken cancellationToken)
    {
        // Through JsonElement so a null d (the first heartbeat) is written as null rather than omitted.
        var message = new OutgoingMessage((int)op, JsonSerializer.SerializeToElement(data, DiscordJson.Options));
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, DiscordJson.Options);
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Ends the session on shutdown (1000), so Discord shows the bot offline at once instead of after a timeout.</summary>
    public async Task CloseNormallyAsync()
    {
        if (socket.State != WebSocketState.Open)
            return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            // A close frame is a send: it must not interleave with a heartbeat being written.
            await _sendLock.WaitAsync(timeout.Token);
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "shutting down", timeout.Token);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Best effort: the process is stopping either way.
        }
    }

    /// <summary>Ends the connection with a code that keeps the session resumable; gives up quickly on a dead peer.</summary>
    public async Task AbandonAsync(string reason)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await socket.CloseOutputAsync((WebSocketCloseStatus)GatewayCloseCodes.Reconnecting, reason, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The peer is gone; aborting below is all that is left to do.
            }
        }
        socket.Abort();
    }

    private sealed record OutgoingMessage(int Op, JsonElement D);

    public void Dispose()
    {
        socket.Dispose();
        _sendLock.Dispose();
    }
}
