using System.Text.Json;

namespace DreamBot.Bot.ApplicationCommands;

/// <summary>A fixed choice; the value's JSON type must match the option's (string, integer or number).</summary>
public sealed record ApplicationCommandOptionChoice(string Name, JsonElement Value)
{
    public static ApplicationCommandOptionChoice Of(string name, string value) => new(name, JsonSerializer.SerializeToElement(value));

    public static ApplicationCommandOptionChoice Of(string name, long value) => new(name, JsonSerializer.SerializeToElement(value));

    public static ApplicationCommandOptionChoice Of(string name, double value) => new(name, JsonSerializer.SerializeToElement(value));
}
