namespace DreamBot.Tests.Fakes.Discord;

/// <summary>One part of a multipart/form-data request (payload_json or files[n]).</summary>
public sealed record RecordedPart(string Name, string? FileName, string? ContentType, byte[] Content);
