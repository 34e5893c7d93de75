namespace DreamBot.Worker.Diffusion.Loading;

/// <summary>A model folder that cannot be used: a missing part, an unreadable file or a graph of the wrong signature.</summary>
public sealed class ModelFolderException : Exception
{
    public ModelFolderException(string path, string reason, Exception? inner = null)
        : base($"{path}: {reason}", inner)
    {
        PartPath = path;
    }

    public ModelFolderException()
    {
        PartPath = "";
    }

    public ModelFolderException(string message)
        : base(message)
    {
        PartPath = "";
    }

    public ModelFolderException(string message, Exception innerException)
        : base(message, innerException)
    {
        PartPath = "";
    }

    /// <summary>The file or folder at fault.</summary>
    public string PartPath { get; }
}
