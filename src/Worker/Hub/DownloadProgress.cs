using System.Globalization;

namespace DreamBot.Worker.Hub;

/// <summary>A one-line progress bar on stderr, redrawn at most a few times a second.</summary>
public sealed class DownloadProgress(TextWriter output, long totalBytes, TimeProvider time)
{
    private const int BarWidth = 30;
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);

    private readonly Lock _lock = new();
    private long _doneBytes;
    private long _lastDraw;
    private string _current = "";

    public void Starting(string path)
    {
        lock (_lock)
            _current = path;
        Draw(force: true);
    }

    public void Advance(long bytes)
    {
        lock (_lock)
            _doneBytes += bytes;
        Draw(force: false);
    }

    public void Finish()
    {
        Draw(force: true);
        output.WriteLine();
    }

    private void Draw(bool force)
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            if (!force && time.GetElapsedTime(_lastDraw, now) < RedrawInterval)
                return;
            _lastDraw = now;
            var fraction = totalBytes == 0 ? 1 : Math.Clamp((double)_doneBytes / totalBytes, 0, 1);
            var filled = (int)(fraction * BarWidth);
            output.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r[{new string('#', filled)}{new string('.', BarWidth - filled)}] {fraction,4:P0} {Mib(_doneBytes)}/{Mib(totalBytes)} MiB {Short(_current)}\u001b[K"));
            output.Flush();
        }
    }

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Short(string path) => path.Length <= 40 ? path : "..." + path[^37..];
}
