using System.Text.Json.Serialization;

namespace DreamBot.Shared.Discord.Messages;

/// <summary>
/// An entry of a message's <c>attachments</c> array. For a new upload the id is the index n of its
/// <c>files[n]</c> part; on an edit, listing an existing attachment's id keeps it and omitting it removes it.
/// </summary>
public sealed record AttachmentReference(
    [property: JsonConverter(typeof(SnowflakeJsonConverter))] long Id,
    string? Filename = null,
    string? Description = null);
