using DreamBot.Shared.Domain;
using DreamBot.Worker.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DreamBot.Worker.Diffusion.Pipeline;

/// <summary>
/// What an inpainting UNet is conditioned on, prepared as diffusers' StableDiffusionInpaintPipeline does: the canvas
/// image, a binary mask (white = repaint: luminance / 255 ≥ 0.5, as its mask processor binarizes), the masked image
/// (image × (mask &lt; 0.5), so repainted pixels are 0 in [-1, 1]) and the mask at latent size (nearest, as
/// prepare_mask_latents interpolates it). After decoding, the known pixels are pasted back so they come out unchanged.
/// </summary>
internal sealed class InpaintCanvas : IDisposable
{
    // What the unknown part of an outpaint canvas holds before it is repainted: mid grey, 0 in [-1, 1] like the masked image.
    private static readonly Rgb24 Unknown = new(128, 128, 128);

    private readonly bool[] _repaint;
    private float[]? _signed;

    private InpaintCanvas(Image<Rgb24> image, bool[] repaint)
    {
        Image = image;
        _repaint = repaint;
    }

    /// <summary>The canvas: the init image (placed, for an outpaint) with grey where nothing is known.</summary>
    public Image<Rgb24> Image { get; }

    public int Width => Image.Width;

    public int Height => Image.Height;

    /// <summary>Whether pixel (x, y) is repainted.</summary>
    public bool Repaints(int x, int y) => _repaint[(y * Width) + x];

    /// <summary>A canvas repainted everywhere: an inpainting model asked for text-to-image.</summary>
    public static InpaintCanvas Blank(int width, int height)
    {
        var image = new Image<Rgb24>(width, height, Unknown);
        return new InpaintCanvas(image, Enumerable.Repeat(true, width * height).ToArray());
    }

    /// <summary>
    /// The init image fitted to the canvas, repainted where <paramref name="mask"/> is white (the mask fitted the same
    /// way), around <paramref name="placement"/> on a larger canvas, or everywhere when neither is given (image-to-image
    /// with an inpainting model). Takes ownership of <paramref name="init"/>.
    /// </summary>
    public static InpaintCanvas Create(Image<Rgb24> init, Image<Rgb24>? mask, ImagePlacement? placement, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(init);
        if (placement is { } place)
        {
            ImageFitting.CoverAndCrop(init, place.Width, place.Height);
            var canvas = new Image<Rgb24>(width, height, Unknown);
            var repaint = Enumerable.Repeat(true, width * height).ToArray();
            for (var y = 0; y < place.Height; y++)
            {
                for (var x = 0; x < place.Width; x++)
                {
                    canvas[place.X + x, place.Y + y] = init[x, y];
                    repaint[((place.Y + y) * width) + place.X + x] = false;
                }
            }
            init.Dispose();
            return new InpaintCanvas(canvas, repaint);
        }
        ImageFitting.CoverAndCrop(init, width, height);
        if (mask is null)
            return new InpaintCanvas(init, Enumerable.Repeat(true, width * height).ToArray());
        ImageFitting.CoverAndCrop(mask, width, height);
        var masked = new bool[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = mask[x, y];
                // PIL's "L" conversion, then diffusers' binarize at 0.5.
                masked[(y * width) + x] = ((p.R * 299) + (p.G * 587) + (p.B * 114)) / 1000.0 / 255 >= 0.5;
            }
        }
        return new InpaintCanvas(init, masked);
    }

    /// <summary>The canvas as [3, H, W] in [-1, 1]: the VAE encoder's input for strength below 1.</summary>
    public float[] Signed() => _signed ??= PixelConversion.ToSignedPlanar(Image);

    /// <summary>The masked image [3, H, W]: the canvas where kept, 0 where repainted.</summary>
    public float[] MaskedImage()
    {
        var planes = (float[])Signed().Clone();
        var plane = Width * Height;
        for (var i = 0; i < plane; i++)
        {
            if (_repaint[i])
                planes[i] = planes[plane + i] = planes[(2 * plane) + i] = 0;
        }
        return planes;
    }

    /// <summary>The mask at latent size [h, w], 1 where repainted: torch's nearest interpolation reads pixel (y × f, x × f).</summary>
    public float[] LatentMask(int latentHeight, int latentWidth)
    {
        var mask = new float[latentHeight * latentWidth];
        for (var y = 0; y < latentHeight; y++)
        {
            for (var x = 0; x < latentWidth; x++)
                mask[(y * latentWidth) + x] = Repaints(x * Width / latentWidth, y * Height / latentHeight) ? 1 : 0;
        }
        return mask;
    }

    /// <summary>Copies the kept pixels of the canvas into a decoded image [3, H, W] in [-1, 1], so they come out exactly as they went in.</summary>
    public void PasteKept(Span<float> planes)
    {
        var canvas = Signed();
        var plane = Width * Height;
        for (var i = 0; i < plane; i++)
        {
            if (!_repaint[i])
            {
                planes[i] = canvas[i];
                planes[plane + i] = canvas[plane + i];
                planes[(2 * plane) + i] = canvas[(2 * plane) + i];
            }
        }
    }

    public void Dispose() => Image.Dispose();
}
