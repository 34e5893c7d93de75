using System.Globalization;
using DreamBot.Bot.Intake;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.ResultControls;

/// <summary>Zoom out 1.5× and 2×: the image centred on a canvas that much larger, the border painted.</summary>
public sealed class ZoomOutButton(IDbContextFactory<DreamBotDb> contexts, IDreamQueue queue) : OutpaintButton(contexts, queue)
{
    public override string CustomIdPrefix => ResultButtons.ZoomOut;

    protected override string? Action(string argument) =>
        double.TryParse(argument, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var factor) && Outpaint.ZoomFactors.Contains(factor)
            ? argument
            : null;

    protected override (int Width, int Height, ImagePlacement Placement) Canvas(int width, int height, string action, int maxSide, long maxPixels) =>
        Outpaint.ZoomOut(width, height, double.Parse(action, CultureInfo.InvariantCulture), maxSide, maxPixels);
}
