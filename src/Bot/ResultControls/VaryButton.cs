using System.Globalization;
using DreamBot.Bot.Intake;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.ResultControls;

/// <summary>
/// Vary: image-to-image from one image of a result, with its prompt and a new seed. The image is read back from the
/// message the button is on (Discord sends fresh links to its attachments with the click), so nothing is re-rendered
/// and any Worker can fetch it, however old the result.
/// </summary>
public abstract class VaryButton(IDbContextFactory<DreamBotDb> contexts, IDreamQueue queue, double strength)
    : RepeatButton(contexts, queue)
{
    public const string ImageGone = "That image is no longer on this message, so it can't be varied. Use /dream with the image instead.";

    protected override (DreamParameters?, string?) Repeat(DreamParameters parent, ButtonTarget target)
    {
        if (!long.TryParse(target.Image, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
            return (null, null);
        if (target.Attachment(seed) is not { } image)
            return (null, ImageGone);
        return (parent with
        {
            InitImage = image.Url,
            Strength = strength,
            // Varying an upscaled image diffuses it, at its size if the server allows that.
            Upscaler = null,
            Seed = DreamParameters.NewSeed(Random.Shared),
            Count = 1,
        }, null);
    }
}
