namespace DreamBot.Bot.Gateway;

/// <summary>
/// Heartbeats one connection. The first beat waits a random fraction of the interval so that many clients
/// reconnecting together do not beat in step; a beat that finds the previous one unacknowledged marks the
/// connection as a zombie and abandons it so the session can be resumed elsewhere.
/// </summary>
public sealed class GatewayHeartbeat(GatewayConnection connection, GatewaySession session, TimeSpan interval, TimeProvider time)
{
    private int _awaitingAck;

    public bool IsZombie { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(interval * Random.Shared.NextDouble(), time, cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            if (Interlocked.Exchange(ref _awaitingAck, 1) == 1)
            {
                IsZombie = true;
                await connection.AbandonAsync("heartbeat not acknowledged");
                return;
            }

            await SendNowAsync(cancellationToken);
            await Task.Delay(interval, time, cancellationToken);
        }
    }

    /// <summary>Discord may ask for a beat at any time (op 1); it is answered at once, outside the schedule.</summary>
    public Task SendNowAsync(CancellationToken cancellationToken) =>
        connection.SendAsync(GatewayOpCode.Heartbeat, session.Sequence, cancellationToken);

    public void Acknowledged() => Volatile.Write(ref _awaitingAck, 0);
}
