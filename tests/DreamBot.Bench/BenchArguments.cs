namespace DreamBot.Bench;

public sealed record BenchArguments(int Rate, TimeSpan Duration, TimeSpan Warmup)
{
    public static BenchArguments Parse(IEnumerable<string> args)
    {
        var options = new BenchOptions(args);
        return new BenchArguments(options.Int("rate", 100), TimeSpan.FromSeconds(options.Double("seconds", 30)), TimeSpan.FromSeconds(options.Double("warmup", 3)));
    }
}
