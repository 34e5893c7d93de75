using System.Globalization;

namespace DreamBot.Shared.Domain;

/// <summary>
/// Where an outpaint's init image sits on its canvas, in pixels from the top left; everything around it is repainted.
/// Stored as "x,y,width,height".
/// </summary>
public sealed record ImagePlacement(int X, int Y, int Width, int Height)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{X},{Y},{Width},{Height}");

    /// <summary>The placement <see cref="ToString"/> wrote, or null for anything else.</summary>
    public static ImagePlacement? Parse(string? text)
    {
        var parts = (text ?? "").Split(',');
        if (parts.Length != 4)
            return null;
        var numbers = new int[4];
        for (var i = 0; i < 4; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[i]))
                return null;
        }
        return new ImagePlacement(numbers[0], numbers[1], numbers[2], numbers[3]);
    }

    /// <summary>Whether the placement is a non-empty rectangle inside a <paramref name="width"/>×<paramref name="height"/> canvas.</summary>
    public bool FitsIn(int width, int height) =>
        X >= 0 && Y >= 0 && Width >= 1 && Height >= 1 && (long)X + Width <= width && (long)Y + Height <= height;
}
