using DreamBot.Bot.Intake;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.ResultControls;

/// <summary>Pan ←→↑↓: the canvas extended by half a side in that direction, the new strip painted.</summary>
public sealed class PanButton(IDbContextFactory<DreamBotDb> contexts, IDreamQueue queue) : OutpaintButton(contexts, queue)
{
    public override string CustomIdPrefix => ResultButtons.Pan;

    protected override string? Action(string argument) =>
        Enum.TryParse<PanDirection>(argument, ignoreCase: true, out var direction) && Enum.IsDefined(direction) && !char.IsDigit(argument[0]) ? argument : null;

    protected override (int Width, int Height, ImagePlacement Placement) Canvas(int width, int height, string action, int maxSide, long maxPixels) =>
        Outpaint.Pan(width, height, Enum.Parse<PanDirection>(action, ignoreCase: true), maxSide, maxPixels);
}
