namespace DreamBot.Tests.Fakes.Hub;

/// <summary>A file the fake repository serves; LFS files are redirected to the CDN host by their SHA-256.</summary>
public sealed record FakeHubFile(string Path, byte[] Content, bool Lfs)
{
    public string Sha256 => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Content));

#pragma warning disable CA5350 // git names a blob by its SHA-1; the fake must compute the same id the Hub lists.
    public string GitBlobId =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(
            [.. System.Text.Encoding.ASCII.GetBytes($"blob {Content.Length}\0"), .. Content]));
#pragma warning restore CA5350
}
