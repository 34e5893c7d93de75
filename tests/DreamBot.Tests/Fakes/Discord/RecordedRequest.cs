using System.Text.Json.Nodes;

namespace DreamBot.Tests.Fakes.Discord;

/// <summary>A request as the fake received it, before any fault, rate limit or validation answered it.</summary>
/// <param name="Route">"METHOD /template" as Discord's OpenAPI document names it, e.g. "POST /channels/{channel_id}/messages".</param>
/// <param name="Json">The JSON body, or the payload_json part of a multipart body; null when there was none.</param>
public sealed record RecordedRequest(
    string Method,
    string Route,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    JsonNode? Json,
    IReadOnlyList<RecordedPart> Parts,
    DateTimeOffset ArrivedAt)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public IEnumerable<RecordedPart> Files => Parts.Where(p => p.FileName is not null);
}
