namespace DreamBot.Shared.Domain;

/// <summary>
/// The custom_id prefixes of the buttons under a result; the generation id follows. They are stored in Discord with
/// the message, so they must keep working after restarts and for old results: never rename them.
/// </summary>
public static class ResultButtons
{
    public const string Reroll = "dream:reroll:";
    public const string Variations = "dream:vary:";
    public const string Delete = "dream:delete:";

    /// <summary>Vary one image of a result: its generation id, a colon, and the image's seed follow.</summary>
    public const string VarySubtle = "dream:subtle:";
    public const string VaryStrong = "dream:strong:";

    /// <summary>Upscale one image of a result: its generation id, the image's seed, the scale and the upscaler's name follow, colon-separated.</summary>
    public const string Upscale = "dream:upscale:";

    /// <summary>
    /// Upscale (creative) of one result image: its generation id, a colon, and the image's seed follow. The upscaler and
    /// the size are chosen when it is clicked, from what is served then.
    /// </summary>
    public const string CreativeUpscale = "dream:hires:";

    /// <summary>Zoom out of one image of a result: its generation id, the image's seed and the factor ("1.5", "2") follow, colon-separated.</summary>
    public const string ZoomOut = "dream:zoom:";

    /// <summary>Pan one image of a result: its generation id, the image's seed and the direction ("left", "up"…) follow, colon-separated.</summary>
    public const string Pan = "dream:pan:";

    /// <summary>Rate images of a result: its generation id, a colon, and the select's number follow (see <see cref="ResultRatings"/>).</summary>
    public const string Rate = "dream:rate:";

    /// <summary>How far Vary (subtle) moves from the image: image-to-image strength, keeping composition and colours.</summary>
    public const double SubtleStrength = 0.35;

    /// <summary>How far Vary (strong) moves: the same subject, freely recomposed.</summary>
    public const double StrongStrength = 0.7;

    /// <summary>How far Upscale (creative) re-diffuses the upscaled image: enough to add detail at the larger size, not to recompose.</summary>
    public const double CreativeUpscaleStrength = 0.3;

    /// <summary>The attachment name of image <paramref name="seed"/> of a result; Vary finds the image by it.</summary>
    public static string ImageFileName(long generationId, long seed) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"dream-{generationId}-{seed}.png");

    /// <summary>How many images Variations makes (seeds +1, +2, +3).</summary>
    public const int VariationCount = 3;
}
