using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace DreamBot.Worker.Rendering;

/// <summary>Where an image-to-image attachment may be fetched from, and how long a silent download is waited for.</summary>
public sealed class InitImageOptions
{
    public const string Section = "InitImage";

    /// <summary>Discord's attachment hosts; the image URL comes from a user's interaction, so nothing else is fetched.</summary>
    public static IReadOnlyList<string> DiscordOrigins { get; } = ["https://cdn.discordapp.com", "https://media.discordapp.net"];

    /// <summary>
    /// Origins (scheme://host[:port]) downloads may go to; when set, they replace <see cref="DiscordOrigins"/> (a list
    /// default would be appended to by configuration binding). Plain http is accepted only for a loopback host, for a
    /// local stand-in of Discord.
    /// </summary>
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "Bound from configuration.")]
    public string[]? AllowedOrigins { get; set; }

    /// <summary>How long one read of the body may wait for data.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public IReadOnlyList<Uri> Origins() => [.. (AllowedOrigins ?? [.. DiscordOrigins]).Select(o => new Uri(o))];

    public static bool IsValidOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
}
