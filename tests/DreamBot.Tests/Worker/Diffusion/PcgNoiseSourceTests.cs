using DreamBot.Worker.Diffusion.Pipeline;

namespace DreamBot.Tests.Worker.Diffusion;

public sealed class PcgNoiseSourceTests
{
    [Fact]
    public void NextGaussian_RepeatsExactly_ForTheSameSeed()
    {
        var first = Draw(new PcgNoiseSource(1234), 1001);
        var second = Draw(new PcgNoiseSource(1234), 1001);

        Assert.Equal(first, second);
        Assert.NotEqual(first, Draw(new PcgNoiseSource(1235), 1001));
    }

    [Fact]
    public void NextGaussian_DoesNotDependOnHowCallsAreChunked()
    {
        var whole = Draw(new PcgNoiseSource(9), 999);
        var source = new PcgNoiseSource(9);
        var chunked = Draw(source, 1).Concat(Draw(source, 2)).Concat(Draw(source, 333)).Concat(Draw(source, 663)).ToArray();

        Assert.Equal(whole, chunked);
    }

    [Fact]
    public void NextGaussian_IsStandardNormal()
    {
        var values = Draw(new PcgNoiseSource(42), 200_000);
        var mean = values.Average(v => (double)v);
        var variance = values.Average(v => (v - mean) * (v - mean));
        var beyondTwoSigma = values.Count(v => Math.Abs(v) > 2) / (double)values.Length;

        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(variance, 0.98, 1.02);
        Assert.InRange(beyondTwoSigma, 0.041, 0.050); // 4.55 % for a true normal
    }

    [Fact]
    public void NextUInt32_FollowsPcg32_ForItsFixedStream()
    {
        // pcg32_srandom(state 0 -> step -> += seed -> step) with increment 1442695040888963407, computed step by step here.
        const ulong multiplier = 6364136223846793005UL, increment = 1442695040888963407UL;
        var state = unchecked((0 * multiplier) + increment);
        state = unchecked(((state + 7) * multiplier) + increment);
        var old = state;
        var xorShifted = (uint)(((old >> 18) ^ old) >> 27);
        var rotation = (int)(old >> 59);

        Assert.Equal(System.Numerics.BitOperations.RotateRight(xorShifted, rotation), new PcgNoiseSource(7).NextUInt32());
    }

    private static float[] Draw(PcgNoiseSource source, int count)
    {
        var values = new float[count];
        source.NextGaussian(values);
        return values;
    }
}
