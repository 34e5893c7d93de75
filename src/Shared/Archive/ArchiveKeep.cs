namespace DreamBot.Shared.Archive;

/// <summary>Which results the archive keeps.</summary>
public enum ArchiveKeep
{
    /// <summary>Every posted result.</summary>
    All,

    /// <summary>Only results of guilds that contribute to the dataset when the result is posted.</summary>
    OptedIn,
}
