using DreamBot.Worker.Diffusion.Schedulers;

namespace DreamBot.Worker.Diffusion.Pipeline;

/// <summary>
/// Deterministic standard-normal noise: PCG32 (O'Neill's XSH-RR output on a 64-bit LCG, multiplier 6364136223846793005,
/// fixed stream increment 1442695040888963407, seeded as pcg32_srandom: state = 0, step, state += seed, step) feeding the
/// basic Box–Muller transform. Each normal pair takes two 53-bit uniforms, each built from two 32-bit outputs
/// (high word first): u1 = (bits + 1) / 2^53 in (0, 1], u2 = bits / 2^53 in [0, 1); z0 = r cos(2 pi u2) and
/// z1 = r sin(2 pi u2) with r = sqrt(-2 ln u1), emitted in that order. The sequence does not depend on how it is
/// chunked into calls. The same seed gives the same floats on every machine whose Math.Log/Cos/Sin agree, which .NET's
/// do on one platform. A batch uses seed + i for image i (wrapping), so "seed S + i, count 1" reproduces image i.
/// </summary>
public sealed class PcgNoiseSource : INoiseSource
{
    private const ulong Multiplier = 6364136223846793005UL;
    private const ulong Increment = 1442695040888963407UL;
    private const double Two53 = 1.0 / (1UL << 53);

    private ulong _state;
    private float? _spare;

    public PcgNoiseSource(long seed)
    {
        _state = 0;
        NextUInt32();
        _state += unchecked((ulong)seed);
        NextUInt32();
    }

    /// <summary>The seed image <paramref name="index"/> of a batch uses.</summary>
    public static long SeedFor(long batchSeed, int index) => unchecked(batchSeed + index);

    public void NextGaussian(Span<float> destination)
    {
        var i = 0;
        if (destination.Length > 0 && _spare is { } spare)
        {
            destination[i++] = spare;
            _spare = null;
        }
        while (i < destination.Length)
        {
            var (z0, z1) = NextPair();
            destination[i++] = z0;
            if (i < destination.Length)
                destination[i++] = z1;
            else
                _spare = z1;
        }
    }

    public uint NextUInt32()
    {
        var old = _state;
        _state = unchecked((old * Multiplier) + Increment);
        var xorShifted = (uint)(((old >> 18) ^ old) >> 27);
        var rotation = (int)(old >> 59);
        return (xorShifted >> rotation) | (xorShifted << (-rotation & 31));
    }

    private (float, float) NextPair()
    {
        var u1 = (NextBits53() + 1) * Two53;
        var u2 = NextBits53() * Two53;
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        var angle = 2.0 * Math.PI * u2;
        return ((float)(radius * Math.Cos(angle)), (float)(radius * Math.Sin(angle)));
    }

    private ulong NextBits53()
    {
        var high = (ulong)NextUInt32();
        var low = (ulong)NextUInt32();
        return ((high << 32) | low) >> 11;
    }
}
