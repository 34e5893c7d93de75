namespace DreamBot.Shared.Domain;

/// <summary>What a generation costs against quotas: one 512x512 image at 50 steps is 1.0.</summary>
public static class CostUnits
{
    private const double ReferencePixels = 512 * 512;
    private const double ReferenceSteps = 50;

    public static double For(int width, int height, int steps, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return Math.Round(count * (steps / ReferenceSteps) * (width * (double)height / ReferencePixels), 4);
    }

    /// <summary>
    /// Upscaling costs like <see cref="UpscaleStepEquivalent"/> diffusion steps at the output size: a ×4 Real-ESRGAN pass
    /// over a 512×512 image takes about as long as a few UNet steps at 2048×2048 would, and the output pixels are what
    /// grows the work. 512×512 to 1024×1024 is 0.4 units; to 2048×2048, 1.6.
    /// </summary>
    public static double ForUpscale(int width, int height) => For(width, height, UpscaleStepEquivalent, 1);

    public const int UpscaleStepEquivalent = 5;

    /// <summary>
    /// Upscale (creative) runs both: the upscale and an image-to-image render of <paramref name="steps"/> at the output
    /// size, charged as Vary charges image-to-image. 512×512 to 1024×1024 at 30 steps is 0.4 + 2.4 = 2.8 units.
    /// </summary>
    public static double ForCreativeUpscale(int width, int height, int steps) =>
        Math.Round(ForUpscale(width, height) + For(width, height, steps, 1), 4);
}
