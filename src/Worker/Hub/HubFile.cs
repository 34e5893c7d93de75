namespace DreamBot.Worker.Hub;

/// <summary>One file of a Hub repository as the tree API lists it: LFS files carry a SHA-256, others only the git blob id.</summary>
public sealed record HubFile(string Path, long SizeBytes, string? Sha256, string GitBlobId)
{
    public bool IsLfs => Sha256 is not null;
}
