namespace DreamBot.Worker.Hub;

/// <summary>The Hub refused, was unreachable, or sent bytes that fail the checks; the message is the one line the user sees.</summary>
public sealed class HubException : Exception
{
    public HubException()
    {
    }

    public HubException(string message)
        : base(message)
    {
    }

    public HubException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
