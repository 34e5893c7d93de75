using System.Globalization;
using System.Text.Json;
using DreamBot.Bot.ApplicationCommands;

namespace DreamBot.Bot.Interactions;

/// <summary>
/// Typed access to the options of the invoked (sub-)command. A value of the wrong JSON type is reported as a
/// problem rather than thrown, because Discord's own validation is the first line, not the only one.
/// </summary>
public sealed class CommandOptions
{
    private readonly Dictionary<string, InteractionOption> _byName;
    private readonly InteractionResolved? _resolved;

    public CommandOptions(InteractionData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var options = data.Options ?? [];
        var path = new List<string>();
        // Sub-commands and groups nest their options; descend to the leaf that was actually invoked.
        while (options is [{ Type: ApplicationCommandOptionType.SubCommand or ApplicationCommandOptionType.SubCommandGroup } nested])
        {
            path.Add(nested.Name);
            options = nested.Options ?? [];
        }

        SubCommandPath = path;
        _byName = options.ToDictionary(o => o.Name, StringComparer.Ordinal);
        _resolved = data.Resolved;
    }

    public IReadOnlyList<string> SubCommandPath { get; }

    public List<string> Problems { get; } = [];

    public bool Has(string name) => _byName.ContainsKey(name);

    public string? String(string name) =>
        Value(name, JsonValueKind.String, "text") is { } value ? value.GetString() : null;

    public long? Integer(string name)
    {
        if (Value(name, JsonValueKind.Number, "a whole number") is not { } value)
            return null;
        if (value.TryGetInt64(out var integer))
            return integer;
        Problems.Add($"`{name}` must be a whole number.");
        return null;
    }

    public double? Number(string name) =>
        Value(name, JsonValueKind.Number, "a number") is { } value ? value.GetDouble() : null;

    public bool? Boolean(string name)
    {
        if (!_byName.TryGetValue(name, out var option) || option.Value is not { } value || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            return value.GetBoolean();
        Problems.Add($"`{name}` must be true or false.");
        return null;
    }

    /// <summary>A user, role, channel or mentionable option: Discord sends the snowflake as a string.</summary>
    public long? Snowflake(string name)
    {
        var text = String(name);
        if (text is null)
            return null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return id;
        Problems.Add($"`{name}` is not a valid Discord id.");
        return null;
    }

    public InteractionAttachment? Attachment(string name)
    {
        var id = String(name);
        if (id is null)
            return null;
        if (_resolved?.Attachments is { } attachments && attachments.TryGetValue(id, out var attachment))
            return attachment;
        Problems.Add(string.Create(CultureInfo.InvariantCulture, $"The `{name}` attachment could not be read: attach it again."));
        return null;
    }

    private JsonElement? Value(string name, JsonValueKind kind, string expected)
    {
        if (!_byName.TryGetValue(name, out var option) || option.Value is not { } value || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == kind)
            return value;
        Problems.Add($"`{name}` must be {expected}.");
        return null;
    }
}
