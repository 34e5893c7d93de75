namespace DreamBot.Worker.Cli;

/// <summary>A bad command line: the message is the one-line reason printed before exiting with code 2.</summary>
public sealed class CliUsageException : Exception
{
    public CliUsageException()
    {
    }

    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
