namespace DreamBot.Shared.Discord.Messages;

/// <summary>Discord's size limits on what a message carries; a payload over any of them is refused with 400.</summary>
public static class DiscordLimits
{
    public const int Content = 2000;
    public const int Embeds = 10;
    public const int EmbedTitle = 256;
    public const int EmbedDescription = 4096;
    public const int EmbedFields = 25;
    public const int FieldName = 256;
    public const int FieldValue = 1024;
    public const int FooterText = 2048;

    /// <summary>Title, description, field names and values and footer text of all a message's embeds together.</summary>
    public const int EmbedTotal = 6000;

    public const int ActionRows = 5;
    public const int ButtonsPerRow = 5;
    public const int ButtonLabel = 80;
    public const int SelectOptions = 25;
    public const int Choices = 25;
    public const int ChoiceName = 100;
    public const int AttachmentDescription = 1024;

    /// <summary>What a bot may upload to a server without boosts (interactions name the real limit as attachment_size_limit).</summary>
    public const long DefaultUploadBytes = 10 * 1024 * 1024;

    /// <summary>
    /// The text cut to at most <paramref name="max"/> UTF-16 units, ending in "…" when anything was cut, so a reader
    /// sees that it goes on; a surrogate pair is never split.
    /// </summary>
    public static string Truncate(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (text.Length <= max)
            return text;
        var keep = max - 1;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
            keep--;
        return string.Concat(text.AsSpan(0, keep), "…");
    }
}
