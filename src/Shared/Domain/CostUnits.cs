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
}
