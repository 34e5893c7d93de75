namespace DreamBot.Shared.Domain;

/// <summary>
/// The canvases of Zoom out and Pan: the image grows by a factor (zoom, centred) or by half a side in one direction
/// (pan, the new strip masked), the canvas rounded to <see cref="DreamLimits.SideStep"/>. Where the canvas would exceed
/// the caps it is shrunk to fit and the original shrunk with it, so the action still works on a large image.
/// </summary>
public static class Outpaint
{
    /// <summary>The Zoom out factors the buttons offer.</summary>
    public static IReadOnlyList<double> ZoomFactors { get; } = [1.5, 2];

    /// <summary>How much of a side a Pan adds in its direction.</summary>
    public const double PanGrowth = 0.5;

    /// <summary>The canvas and placement of zooming out of a <paramref name="width"/>×<paramref name="height"/> image by <paramref name="factor"/>.</summary>
    public static (int Width, int Height, ImagePlacement Placement) ZoomOut(int width, int height, double factor, int maxSide, long maxPixels) =>
        Canvas(width, height, factor, factor, 0.5, 0.5, maxSide, maxPixels);

    /// <summary>The canvas and placement of panning a <paramref name="width"/>×<paramref name="height"/> image towards <paramref name="direction"/>.</summary>
    public static (int Width, int Height, ImagePlacement Placement) Pan(int width, int height, PanDirection direction, int maxSide, long maxPixels) => direction switch
    {
        // The new strip is on the side the pan goes to, so the original keeps to the opposite edge.
        PanDirection.Left => Canvas(width, height, 1 + PanGrowth, 1, 1, 0.5, maxSide, maxPixels),
        PanDirection.Right => Canvas(width, height, 1 + PanGrowth, 1, 0, 0.5, maxSide, maxPixels),
        PanDirection.Up => Canvas(width, height, 1, 1 + PanGrowth, 0.5, 1, maxSide, maxPixels),
        PanDirection.Down => Canvas(width, height, 1, 1 + PanGrowth, 0.5, 0, maxSide, maxPixels),
        _ => throw new ArgumentOutOfRangeException(nameof(direction)),
    };

    private static (int, int, ImagePlacement) Canvas(int width, int height, double growX, double growY, double anchorX, double anchorY, int maxSide, long maxPixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var (idealWidth, idealHeight) = (width * growX, height * growY);
        var canvasWidth = Side(idealWidth, maxSide);
        var canvasHeight = Side(idealHeight, maxSide);
        while ((long)canvasWidth * canvasHeight > maxPixels && Math.Max(canvasWidth, canvasHeight) > DreamLimits.MinSide)
        {
            if (canvasWidth >= canvasHeight)
                canvasWidth -= DreamLimits.SideStep;
            else
                canvasHeight -= DreamLimits.SideStep;
        }
        // The original keeps its size unless the canvas had to shrink; it is never enlarged, so it can be kept exactly.
        var shrink = Math.Min(1, Math.Min(canvasWidth / idealWidth, canvasHeight / idealHeight));
        var placedWidth = Math.Min(width, Math.Max(1, (int)Math.Round(width * shrink)));
        var placedHeight = Math.Min(height, Math.Max(1, (int)Math.Round(height * shrink)));
        var x = (int)Math.Round((canvasWidth - placedWidth) * anchorX, MidpointRounding.AwayFromZero);
        var y = (int)Math.Round((canvasHeight - placedHeight) * anchorY, MidpointRounding.AwayFromZero);
        return (canvasWidth, canvasHeight, new ImagePlacement(x, y, placedWidth, placedHeight));
    }

    /// <summary>The nearest multiple of the side step, within the DreamBot's and the caller's caps.</summary>
    private static int Side(double ideal, int maxSide)
    {
        var step = DreamLimits.SideStep;
        var cap = Math.Min(maxSide, DreamLimits.Hard.MaxSide) / step * step;
        var side = (int)Math.Round(ideal / step, MidpointRounding.AwayFromZero) * step;
        return Math.Clamp(side, DreamLimits.MinSide, cap);
    }
}
