namespace DreamBot.Shared.Discord.Messages;

[Flags]
#pragma warning disable CA1711 // Discord's own name for the field.
public enum MessageFlags
#pragma warning restore CA1711
{
    None = 0,
    SuppressEmbeds = 1 << 2,
    Ephemeral = 1 << 6,
    SuppressNotifications = 1 << 12,
}
