using System.Buffers.Binary;
using System.Globalization;

namespace DreamBot.Shared.Stats;

/// <summary>
/// Durations counted in fixed log-scale buckets, so hourly rollups can be merged and still give percentiles. Bucket 0
/// holds everything under 10 ms; above that there are eight buckets per doubling, up to about 7.8 days (longer
/// durations land in the last bucket). A bucket reads as its geometric middle, so a percentile read from the
/// histogram is within 4.5% (plus 10 ms) of the exact <c>percentile_cont</c> over the same durations.
/// </summary>
public sealed class TimeHistogram
{
    public const double RelativeError = 0.045;
    public const double AbsoluteErrorSeconds = SmallestSeconds;
    private const double SmallestSeconds = 0.01;
    private const int BucketsPerDoubling = 8;
    private const int LastBucket = BucketsPerDoubling * 26;

    private readonly long[] _counts = new long[LastBucket + 1];

    public long Count { get; private set; }

    /// <summary>The bucket of a duration in seconds, in SQL: the one definition both the rollups and the reads use.</summary>
    public static string BucketSql(string seconds) => string.Create(CultureInfo.InvariantCulture,
        $"(CASE WHEN {seconds} < {SmallestSeconds} THEN 0 ELSE least(1 + floor({BucketsPerDoubling} * ln(({seconds}) / {SmallestSeconds}) / ln(2)), {LastBucket}) END)::smallint");

    /// <summary>
    /// SQL that packs (bucket, count) rows into the rollups' bytes: six per bucket that holds anything, a big-endian
    /// int16 bucket and int32 count. Packs of several hours concatenate into the pack of their sum, and reading one is
    /// a single copy (arrays are decoded element by element, which dominated the dashboard's reads).
    /// </summary>
    public static string PackSql(string bucket, string count, string filter) =>
        $"coalesce(string_agg(int2send({bucket}) || int4send({count}), ''::bytea ORDER BY {bucket}) FILTER (WHERE {filter}), ''::bytea)";

    public void AddPacked(ReadOnlySpan<byte> packed)
    {
        for (var at = 0; at + 6 <= packed.Length; at += 6)
            Add(BinaryPrimitives.ReadInt16BigEndian(packed[at..]), BinaryPrimitives.ReadInt32BigEndian(packed[(at + 2)..]));
    }

    public void Add(int bucket, long count)
    {
        _counts[Math.Clamp(bucket, 0, LastBucket)] += count;
        Count += count;
    }

    /// <summary>The percentile as <c>percentile_cont</c> interpolates it, reading each duration as its bucket's middle.</summary>
    public double? Percentile(double fraction)
    {
        if (Count == 0)
            return null;
        var rank = fraction * (Count - 1);
        var below = (long)Math.Floor(rank);
        var low = Middle(BucketOf(below));
        var high = Middle(BucketOf(Math.Min(below + 1, Count - 1)));
        return low + (rank - below) * (high - low);
    }

    private int BucketOf(long index)
    {
        var seen = 0L;
        for (var bucket = 0; bucket < LastBucket; bucket++)
        {
            seen += _counts[bucket];
            if (seen > index)
                return bucket;
        }
        return LastBucket;
    }

    private static double Middle(int bucket) =>
        bucket == 0 ? 0 : SmallestSeconds * Math.Pow(2, (bucket - 0.5) / BucketsPerDoubling);
}
