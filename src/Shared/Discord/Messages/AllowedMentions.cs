using System.Text.Json.Serialization;

namespace DreamBot.Shared.Discord.Messages;

/// <summary>
/// Which mentions in a message may ping. Always sent explicitly: with <see cref="None"/> a prompt containing
/// "@everyone" or a role mention is shown as text and notifies no one.
/// </summary>
public sealed record AllowedMentions
{
    public static AllowedMentions None { get; } = new();

    /// <summary>Only the given users may be pinged (e.g. the requester of a finished generation).</summary>
    public static AllowedMentions OnlyUsers(params long[] userIds) => new() { Users = userIds };

    /// <summary>Mention types parsed from the content ("users", "roles", "everyone"); empty parses none.</summary>
    public IReadOnlyList<string> Parse { get; init; } = [];

    [JsonConverter(typeof(SnowflakeListJsonConverter))]
    public IReadOnlyList<long>? Users { get; init; }

    public bool? RepliedUser { get; init; }
}
