using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DreamBot.Worker.Imaging;

/// <summary>Brings an input image to a generation size.</summary>
public static class ImageFitting
{
    /// <summary>Scales <paramref name="image"/> to cover width x height and crops the centre, keeping its aspect ratio.</summary>
    public static void CoverAndCrop(Image<Rgb24> image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width == width && image.Height == height)
            return;
        image.Mutate(x => x.Resize(new ResizeOptions
        {
            Size = new Size(width, height),
            Mode = ResizeMode.Crop,
            Position = AnchorPositionMode.Center,
            Sampler = KnownResamplers.Lanczos3,
        }));
    }

    /// <summary>
    /// A size with the image's aspect ratio, about <paramref name="targetPixels"/> in area, each side a multiple of
    /// <paramref name="multiple"/> within [min, max]: what image-to-image uses when the user gives no size.
    /// </summary>
    public static (int Width, int Height) FitSize(int width, int height, long targetPixels, int multiple, int min, int max)
    {
        var scale = Math.Sqrt(targetPixels / ((double)width * height));
        return (Snap(width * scale), Snap(height * scale));

        int Snap(double side) => Math.Clamp((int)Math.Round(side / multiple) * multiple, min, max);
    }
}
