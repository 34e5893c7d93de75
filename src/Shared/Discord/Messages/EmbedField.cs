namespace DreamBot.Shared.Discord.Messages;

public sealed record EmbedField(string Name, string Value, bool? Inline = null);
