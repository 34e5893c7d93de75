using System.Text.Json.Serialization;
using DreamBot.Shared.Discord;

namespace DreamBot.Bot.ApplicationCommands;

/// <summary>A command as Discord returns it after registration.</summary>
public sealed record RegisteredCommand
{
    [JsonConverter(typeof(SnowflakeJsonConverter))]
    public long Id { get; init; }

    [JsonConverter(typeof(SnowflakeJsonConverter))]
    public long ApplicationId { get; init; }

    [JsonConverter(typeof(NullableSnowflakeJsonConverter))]
    public long? GuildId { get; init; }

    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public IReadOnlyList<ApplicationCommandOption> Options { get; init; } = [];

    /// <summary>Discord returns the permission bit set as a string.</summary>
    public string? DefaultMemberPermissions { get; init; }
}
