using System.Globalization;

namespace DreamBot.Bench;

/// <summary>A benchmark's <c>--name value</c> options, each read as a number with a default.</summary>
public sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public BenchOptions(IEnumerable<string> args)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var key = e.Current;
            if (!key.StartsWith("--", StringComparison.Ordinal) || !e.MoveNext())
                throw new ArgumentException($"Expected --name value, got '{key}'.");
            _values[key[2..]] = e.Current;
        }
    }

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A comma-separated list of integers, e.g. <c>--batches 1,2,4,8</c>.</summary>
    public int[] Ints(string name, int[] fallback) =>
        _values.TryGetValue(name, out var v) ? [.. v.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture))] : fallback;

    public string Text(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public double Double(string name, double fallback) =>
        _values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
