namespace DreamBot.Worker.Jobs;

/// <summary>How one claimed batch ended for the slot that ran it.</summary>
public enum BatchOutcome
{
    /// <summary>Every generation was posted, or cancelled before its post.</summary>
    Finished,

    /// <summary>The render failed for good; a generation whose posting had begun is left to the sweeper.</summary>
    Failed,

    /// <summary>The shared render of several generations failed for good; each is to be tried alone.</summary>
    FailedTogether,
}
