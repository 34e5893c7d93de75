namespace DreamBot.Shared.Discord.Messages;

public sealed record EmbedFooter(string Text, string? IconUrl = null);
