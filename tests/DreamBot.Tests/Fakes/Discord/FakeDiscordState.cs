using System.Globalization;
using System.Text.Json.Nodes;

namespace DreamBot.Tests.Fakes.Discord;

/// <summary>What the fake Discord holds: messages per channel, interactions by id and token, registered commands.</summary>
public sealed class FakeDiscordState(long applicationId, long botUserId, Func<string> baseUrl)
{
    private static readonly DateTimeOffset DiscordEpoch = new(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const int LoadingFlag = 1 << 7;
    private readonly Lock _lock = new();
    private readonly List<FakeMessage> _messages = [];
    private readonly List<FakeAttachment> _hosted = [];
    private readonly Dictionary<long, FakeInteraction> _interactions = [];
    private readonly Dictionary<string, FakeInteraction> _interactionsByToken = [];
    private readonly Dictionary<long, JsonArray> _guildCommands = [];
    private readonly HashSet<long> _forbiddenChannels = [];
    private long _sequence;

    public JsonArray GlobalCommands { get; private set; } = [];

    public long NextSnowflake()
    {
        var ms = (long)(DateTimeOffset.UtcNow - DiscordEpoch).TotalMilliseconds;
        return (ms << 22) | (Interlocked.Increment(ref _sequence) & 0x3FFFFF);
    }

    public IReadOnlyList<FakeMessage> Messages(long channelId)
    {
        lock (_lock)
            return [.. _messages.Where(m => m.ChannelId == channelId && !m.Deleted)];
    }

    public FakeMessage? Message(long channelId, long messageId)
    {
        lock (_lock)
            return _messages.FirstOrDefault(m => m.ChannelId == channelId && m.Id == messageId && !m.Deleted);
    }

    public FakeAttachment? Attachment(long attachmentId)
    {
        lock (_lock)
        {
            return _hosted.FirstOrDefault(a => a.Id == attachmentId)
                ?? _messages.SelectMany(m => m.Attachments).LastOrDefault(a => a.Id == attachmentId);
        }
    }

    public FakeAttachment HostAttachment(long channelId, RecordedPart file)
    {
        var attachment = Upload(channelId, file, null, null);
        lock (_lock)
            _hosted.Add(attachment);
        return attachment;
    }

    public JsonArray? GuildCommands(long guildId)
    {
        lock (_lock)
            return _guildCommands.GetValueOrDefault(guildId);
    }

    public void ForbidChannel(long channelId)
    {
        lock (_lock)
            _forbiddenChannels.Add(channelId);
    }

    public bool IsForbidden(long channelId)
    {
        lock (_lock)
            return _forbiddenChannels.Contains(channelId);
    }

    public FakeInteraction CreateInteraction(long channelId, FakeMessage? sourceMessage)
    {
        var id = NextSnowflake();
        var token = "aW50ZXJhY3Rpb246" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "." + id.ToString(CultureInfo.InvariantCulture);
        var interaction = new FakeInteraction(id, token, channelId, DateTimeOffset.UtcNow, sourceMessage);
        lock (_lock)
        {
            _interactions[id] = interaction;
            _interactionsByToken[token] = interaction;
        }
        return interaction;
    }

    public FakeInteraction? Interaction(long id)
    {
        lock (_lock)
            return _interactions.GetValueOrDefault(id);
    }

    public FakeInteraction? Interaction(string token)
    {
        lock (_lock)
            return _interactionsByToken.GetValueOrDefault(token);
    }

    public JsonArray OverwriteCommands(long? guildId, JsonArray requested)
    {
        var registered = new JsonArray();
        foreach (var command in requested.OfType<JsonObject>())
        {
            var stored = (JsonObject)command.DeepClone();
            stored["id"] = NextSnowflake().ToString(CultureInfo.InvariantCulture);
            stored["application_id"] = applicationId.ToString(CultureInfo.InvariantCulture);
            stored["version"] = NextSnowflake().ToString(CultureInfo.InvariantCulture);
            stored["type"] ??= 1;
            stored["options"] ??= new JsonArray();
            if (guildId is { } guild)
                stored["guild_id"] = guild.ToString(CultureInfo.InvariantCulture);
            // Discord echoes the permission bit set as a string whatever type it was sent as.
            if (stored["default_member_permissions"] is JsonValue permissions)
                stored["default_member_permissions"] = permissions.ToJsonString().Trim('"');
            registered.Add(stored);
        }
        lock (_lock)
        {
            if (guildId is { } guild)
                _guildCommands[guild] = registered;
            else
                GlobalCommands = registered;
        }
        return (JsonArray)registered.DeepClone();
    }

    /// <summary>Stores a message built from a create payload and its uploaded files.</summary>
    public FakeMessage CreateMessage(long channelId, long? webhookId, JsonObject payload, IReadOnlyList<RecordedPart> parts)
    {
        var message = new FakeMessage(NextSnowflake(), channelId, webhookId ?? botUserId, webhookId, DateTimeOffset.UtcNow);
        Apply(message, payload, parts, isEdit: false);
        lock (_lock)
            _messages.Add(message);
        return message;
    }

    public void EditMessage(FakeMessage message, JsonObject payload, IReadOnlyList<RecordedPart> parts)
    {
        Apply(message, payload, parts, isEdit: true);
        message.Flags &= ~LoadingFlag;
        message.EditedTimestamp = DateTimeOffset.UtcNow;
        message.EditCount++;
    }

    public static bool IsEmpty(JsonObject payload, IReadOnlyList<RecordedPart> parts) =>
        string.IsNullOrEmpty(payload["content"]?.GetValue<string>())
        && payload["embeds"] is not JsonArray { Count: > 0 }
        && payload["components"] is not JsonArray { Count: > 0 }
        && !parts.Any(p => p.FileName is not null);

    private void Apply(FakeMessage message, JsonObject payload, IReadOnlyList<RecordedPart> parts, bool isEdit)
    {
        if (payload.TryGetPropertyValue("content", out var content))
            message.Content = content?.GetValue<string>() ?? "";
        if (payload.TryGetPropertyValue("embeds", out var embeds))
            message.Embeds = embeds is JsonArray e ? (JsonArray)e.DeepClone() : [];
        if (payload.TryGetPropertyValue("components", out var components))
            message.Components = components is JsonArray c ? (JsonArray)c.DeepClone() : [];
        if (payload["flags"] is JsonValue flags && !isEdit)
            message.Flags = flags.GetValue<int>();
        if (payload.TryGetPropertyValue("allowed_mentions", out var mentions))
            message.AllowedMentions = mentions?.DeepClone();
        message.Attachments = Attachments(message, payload["attachments"] as JsonArray, parts, isEdit);
    }

    private List<FakeAttachment> Attachments(FakeMessage message, JsonArray? listed, IReadOnlyList<RecordedPart> parts, bool isEdit)
    {
        var files = parts.Where(p => p.FileName is not null && p.Name.StartsWith("files[", StringComparison.Ordinal))
            .ToDictionary(p => p.Name["files[".Length..^1], p => p);
        var result = listed is null && isEdit ? message.Attachments.ToList() : [];
        var used = new HashSet<string>();
        foreach (var entry in listed?.OfType<JsonObject>() ?? [])
        {
            var id = entry["id"]?.ToString() ?? "";
            if (files.TryGetValue(id, out var part) && used.Add(id))
                result.Add(Upload(message.ChannelId, part, entry["filename"]?.GetValue<string>(), entry["description"]?.GetValue<string>()));
            else if (message.Attachments.FirstOrDefault(a => a.Id.ToString(CultureInfo.InvariantCulture) == id) is { } kept)
                result.Add(kept);
        }
        // Files the attachments array does not describe are still attached, as Discord does.
        result.AddRange(files.Where(f => !used.Contains(f.Key)).OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => Upload(message.ChannelId, f.Value, null, null)));
        return result;
    }

    private FakeAttachment Upload(long channelId, RecordedPart part, string? filename, string? description)
    {
        var id = NextSnowflake();
        var name = filename ?? part.FileName!;
        var path = $"/attachments/{channelId}/{id}/{Uri.EscapeDataString(name)}";
        return new FakeAttachment(id, name, description, part.ContentType ?? "application/octet-stream", part.Content,
            baseUrl() + path, baseUrl() + path + "?proxy=1");
    }
}
