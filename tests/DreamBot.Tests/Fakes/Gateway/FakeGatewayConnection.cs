using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace DreamBot.Tests.Fakes.Gateway;

/// <summary>The fake's side of one gateway WebSocket. With <see cref="FragmentBytes"/> set, every message is split into frames of that size.</summary>
public sealed class FakeGatewayConnection(WebSocket socket, int? fragmentBytes)
{
    private readonly Lock _sendGate = new();
    private Task _sending = Task.CompletedTask;

    public int? FragmentBytes { get; } = fragmentBytes;

    public bool IsOpen => socket.State == WebSocketState.Open;

    /// <summary>
    /// Sends after every earlier send: the heartbeat loop and the test may send at once. A chain rather than a lock,
    /// because the bot can close the connection (and the fake let go of it) while a test's send is still under way.
    /// </summary>
    public Task SendAsync(JsonObject message)
    {
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        lock (_sendGate)
            return _sending = SendAfterAsync(_sending, bytes);
    }

    private async Task SendAfterAsync(Task previous, byte[] bytes)
    {
        try
        {
            await previous;
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
        {
            // The earlier send's caller sees its own failure.
        }
        var chunk = FragmentBytes ?? bytes.Length;
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            var length = Math.Min(chunk, bytes.Length - offset);
            await socket.SendAsync(bytes.AsMemory(offset, length), WebSocketMessageType.Text, offset + length >= bytes.Length, CancellationToken.None);
        }
    }

    /// <summary>The next message from the bot, or null once it closed; <paramref name="closeCode"/> is its close code.</summary>
    public async Task<(JsonObject? Message, int? CloseCode)> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(4096), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
                return (null, (int?)socket.CloseStatus);
            buffer.Advance(result.Count);
            if (result.EndOfMessage)
                return (JsonNode.Parse(buffer.WrittenSpan)!.AsObject(), null);
        }
    }

    public async Task CloseAsync(int code, string reason)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            socket.Abort();
        }
    }

    /// <summary>Drops the TCP connection without a close frame, as a network failure would.</summary>
    public void Drop() => socket.Abort();
}
