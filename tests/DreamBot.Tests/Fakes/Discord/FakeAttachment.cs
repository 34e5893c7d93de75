namespace DreamBot.Tests.Fakes.Discord;

/// <summary>An uploaded file with the exact bytes the fake received; <see cref="Url"/> serves them back.</summary>
public sealed record FakeAttachment(
    long Id, string Filename, string? Description, string ContentType, byte[] Content, string Url, string ProxyUrl);
