using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DreamBot.Worker.Diffusion.Components;

/// <summary>CLIPImageProcessor's defaults: shortest side to 224 (bicubic), centre crop 224, scale to [0, 1], CLIP mean/std.</summary>
public static class ClipImageProcessor
{
    private static readonly float[] Mean = [0.48145466f, 0.4578275f, 0.40821073f];
    private static readonly float[] Std = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>The [3, 224, 224] <c>clip_input</c> of the safety checker.</summary>
    public static float[] Preprocess(Image<Rgb24> image)
    {
        const int size = SafetyChecker.ClipSize;
        using var crop = image.Clone(x => x.Resize(new ResizeOptions
        {
            Size = new Size(size, size),
            Mode = ResizeMode.Crop,
            Position = AnchorPositionMode.Center,
            Sampler = KnownResamplers.Bicubic,
        }));
        var planes = new float[3 * size * size];
        crop.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < size; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < size; x++)
                {
                    var i = (y * size) + x;
                    planes[i] = ((row[x].R / 255f) - Mean[0]) / Std[0];
                    planes[(size * size) + i] = ((row[x].G / 255f) - Mean[1]) / Std[1];
                    planes[(2 * size * size) + i] = ((row[x].B / 255f) - Mean[2]) / Std[2];
                }
            }
        });
        return planes;
    }
}
