namespace DreamBot.Worker.Downloads;

/// <summary>Scheme, host and port: what decides whether a URL (or a redirect's target) is a server we meant to talk to.</summary>
public static class Origin
{
    public static bool Same(Uri a, Uri b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase)
            && a.Port == b.Port;
    }
}
