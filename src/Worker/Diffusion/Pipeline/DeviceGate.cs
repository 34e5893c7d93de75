using System.Diagnostics;

namespace DreamBot.Worker.Diffusion.Pipeline;

/// <summary>
/// One render at a time on a Worker's device, whichever model or upscaler it uses. The Worker's job slots
/// (<c>Queue:WorkerCount</c>) take turns here, so while one renders the others download, upload and record: the GPU
/// goes on to the next request instead of waiting for Discord and the database, and never runs two loops at once.
/// </summary>
public sealed class DeviceGate : IDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private long _busyTicks;

    /// <summary>How long the device has been held in all, for the share of time it was busy (bench worker).</summary>
    public TimeSpan Busy => TimeSpan.FromTicks(Interlocked.Read(ref _busyTicks));

    /// <summary>Waits for the device; dispose the result to hand it on.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        return new Turn(this, Stopwatch.GetTimestamp());
    }

    public void Dispose() => _turn.Dispose();

    private sealed class Turn(DeviceGate gate, long entered) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
                return;
            Interlocked.Add(ref gate._busyTicks, Stopwatch.GetElapsedTime(entered).Ticks);
            gate._turn.Release();
        }
    }
}
