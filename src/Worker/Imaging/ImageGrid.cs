using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DreamBot.Worker.Imaging;

/// <summary>Tiles a batch of same-sized PNGs into one image (2 -> 2x1, 3-4 -> 2x2), for guilds that prefer one attachment.</summary>
public static class ImageGrid
{
    public static byte[] Compose(IReadOnlyList<byte[]> pngs)
    {
        ArgumentOutOfRangeException.ThrowIfZero(pngs.Count);
        var images = pngs.Select(png => Image.Load<Rgb24>(png)).ToList();
        try
        {
            var columns = (int)Math.Ceiling(Math.Sqrt(images.Count));
            var rows = (int)Math.Ceiling(images.Count / (double)columns);
            var (width, height) = (images[0].Width, images[0].Height);
            using var grid = new Image<Rgb24>(width * columns, height * rows);
            for (var i = 0; i < images.Count; i++)
            {
                var image = images[i];
                grid.Mutate(canvas => canvas.DrawImage(image, new Point(i % columns * width, i / columns * height), 1f));
            }
            using var output = new MemoryStream();
            grid.Save(output, new PngEncoder());
            return output.ToArray();
        }
        finally
        {
            foreach (var image in images)
                image.Dispose();
        }
    }
}
