namespace DreamBot.Shared.Discord.Messages;

public sealed record EmbedImage(string Url)
{
    public static EmbedImage FromAttachment(string fileName) => new("attachment://" + fileName);
}
