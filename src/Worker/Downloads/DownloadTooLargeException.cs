namespace DreamBot.Worker.Downloads;

/// <summary>A body ran past the bytes its caller allows; the caller words the reason for its own audience.</summary>
public sealed class DownloadTooLargeException : Exception
{
    public DownloadTooLargeException()
    {
    }

    public DownloadTooLargeException(long maxBytes)
        : base($"the server sent more than {maxBytes} bytes")
    {
        MaxBytes = maxBytes;
    }

    public DownloadTooLargeException(string message)
        : base(message)
    {
    }

    public DownloadTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public long MaxBytes { get; }
}
