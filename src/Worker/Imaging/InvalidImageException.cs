namespace DreamBot.Worker.Imaging;

/// <summary>An input image that is refused: too large, of an unsupported format or not decodable. The message is for users.</summary>
public sealed class InvalidImageException : Exception
{
    public InvalidImageException()
    {
    }

    public InvalidImageException(string message)
        : base(message)
    {
    }

    public InvalidImageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
