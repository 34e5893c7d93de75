namespace DreamBot.Worker.Downloads;

/// <summary>
/// Copies a response body with the two guards an untrusted server would otherwise defeat: a byte cap counted on what
/// arrives (a declared length may be missing or wrong) and a per-read stall timeout (a server that trickles nothing
/// would otherwise hold the download open as long as the overall timeout allows, or forever where there is none).
/// </summary>
public static class GuardedCopy
{
    /// <exception cref="DownloadTooLargeException">More than <paramref name="maxBytes"/> arrived.</exception>
    /// <exception cref="TimeoutException">One read waited longer than <paramref name="stallTimeout"/>.</exception>
    public static async Task CopyAsync(Stream source, Stream destination, long maxBytes, TimeSpan stallTimeout,
        Action<long>? progressBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var buffer = new byte[1 << 16];
        long total = 0;
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        while (true)
        {
            stall.CancelAfter(stallTimeout);
            int read;
            try
            {
                read = await source.ReadAsync(buffer, stall.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException && stall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"the server sent nothing for {stallTimeout.TotalSeconds:0.#} s", e);
            }
            if (read == 0)
                return;
            total += read;
            if (total > maxBytes)
                throw new DownloadTooLargeException(maxBytes);
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            progressBytes?.Invoke(read);
        }
    }
}
