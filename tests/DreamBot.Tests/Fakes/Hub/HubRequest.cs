namespace DreamBot.Tests.Fakes.Hub;

/// <summary>One request either fake host received: which host, the path, and the headers a test asserts on.</summary>
public sealed record HubRequest(string Host, string Path, string? Authorization, string? Range);
