using System.Globalization;

namespace DreamBot.Bench;

public sealed record BenchArguments(int Rate, TimeSpan Duration, TimeSpan Warmup)
{
    public static BenchArguments Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var key = e.Current;
            if (!key.StartsWith("--", StringComparison.Ordinal) || !e.MoveNext())
                throw new ArgumentException($"Expected --name value, got '{key}'.");
            values[key[2..]] = e.Current;
        }

        double Get(string name, double fallback) =>
            values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new BenchArguments((int)Get("rate", 100), TimeSpan.FromSeconds(Get("seconds", 30)), TimeSpan.FromSeconds(Get("warmup", 3)));
    }
}
