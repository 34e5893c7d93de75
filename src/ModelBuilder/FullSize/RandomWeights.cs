using System.Runtime.InteropServices;

namespace DreamBot.ModelBuilder.FullSize;

/// <summary>
/// Uniform random tensors from a counter-based generator: element i of tensor k depends only on (k, i), so a tensor is
/// filled in parallel chunks and a model folder is reproducible whatever order its tensors are written in.
/// </summary>
internal static class RandomWeights
{
    private const int ChunkSize = 1 << 16;
    private const ulong Golden = 0x9E3779B97F4A7C15;

    /// <summary>Raw float32 or float16 bytes of <paramref name="count"/> values uniform in [-scale, scale].</summary>
    public static byte[] Uniform(ulong key, long count, float scale, bool half)
    {
        var bytes = new byte[count * (half ? 2 : 4)];
        var chunks = (int)((count + ChunkSize - 1) / ChunkSize);
        Parallel.For(0, chunks, chunk =>
        {
            var start = (long)chunk * ChunkSize;
            var length = (int)Math.Min(ChunkSize, count - start);
            if (half)
                Fill(MemoryMarshal.Cast<byte, Half>(bytes.AsSpan())[(int)start..][..length], key, start, scale);
            else
                Fill(MemoryMarshal.Cast<byte, float>(bytes.AsSpan())[(int)start..][..length], key, start, scale);
        });
        return bytes;
    }

    /// <summary>Raw bytes of <paramref name="count"/> copies of <paramref name="value"/>.</summary>
    public static byte[] Constant(long count, float value, bool half)
    {
        var bytes = new byte[count * (half ? 2 : 4)];
        if (half)
            MemoryMarshal.Cast<byte, Half>(bytes.AsSpan()).Fill((Half)value);
        else
            MemoryMarshal.Cast<byte, float>(bytes.AsSpan()).Fill(value);
        return bytes;
    }

    private static void Fill(Span<float> values, ulong key, long start, float scale)
    {
        for (var i = 0; i < values.Length; i++)
            values[i] = Sample(key, start + i, scale);
    }

    private static void Fill(Span<Half> values, ulong key, long start, float scale)
    {
        for (var i = 0; i < values.Length; i++)
            values[i] = (Half)Sample(key, start + i, scale);
    }

    // SplitMix64's output function over the counter; its top 24 bits are an exact float in [0, 1).
    private static float Sample(ulong key, long index, float scale)
    {
        var z = key + (ulong)(index + 1) * Golden;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        z ^= z >> 31;
        var unit = (z >> 40) * (1f / (1 << 24));
        return (2 * unit - 1) * scale;
    }
}
