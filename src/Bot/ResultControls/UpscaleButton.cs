using System.Globalization;
using DreamBot.Bot.Intake;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.ResultControls;

/// <summary>
/// Upscale ×2/×4 and U1…U4: one image of a result, read back from the message like Vary, enlarged by the upscaler the
/// button names, as a new charged generation with its parent. It keeps the parent's model, so it waits on the queue of
/// the workers that made the image, whose upscalers the button offered.
/// </summary>
public sealed class UpscaleButton(IDbContextFactory<DreamBotDb> contexts, IDreamQueue queue) : RepeatButton(contexts, queue)
{
    public const string ImageGone = "That image is no longer on this message, so it can't be upscaled.";

    public override string CustomIdPrefix => ResultButtons.Upscale;

    protected override (DreamParameters?, string?) Repeat(DreamParameters parent, ButtonTarget target)
    {
        // seed:scale:upscaler
        var parts = target.Image.Split(':', 3);
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var scale))
            return (null, null);
        if (DreamRules.UpscaleProblem(parent.Width, parent.Height, scale) is { } problem)
            return (null, problem);
        if (target.Attachment(seed) is not { } image)
            return (null, ImageGone);
        return (parent with
        {
            InitImage = image.Url,
            Strength = null,
            Upscaler = parts[2],
            Seed = seed,
            Count = 1,
            Width = parent.Width * scale,
            Height = parent.Height * scale,
        }, null);
    }
}
