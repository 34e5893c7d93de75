using System.Globalization;

namespace DreamBot.Worker.Cli;

/// <summary>
/// "--name value" or "--name=value" options and "--flag" switches; anything unknown or malformed is a
/// <see cref="CliUsageException"/>.
/// </summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CliArguments()
    {
    }

    public static CliArguments Parse(string[] args, IReadOnlyCollection<string> options, IReadOnlyCollection<string> flags)
    {
        ArgumentNullException.ThrowIfNull(args);
        var parsed = new CliArguments();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal))
                throw new CliUsageException($"unexpected argument '{name}'");
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? name[2..] : name[2..equals];
            name = "--" + key;
            if (flags.Contains(key))
            {
                if (equals >= 0)
                    throw new CliUsageException($"switch '{name}' takes no value");
                parsed._flags.Add(key);
                continue;
            }
            if (!options.Contains(key))
                throw new CliUsageException($"unknown option '{name}'");
            if (equals < 0 && i + 1 >= args.Length)
                throw new CliUsageException($"option '{name}' needs a value");
            var value = equals < 0 ? args[++i] : args[i][(equals + 1)..];
            if (!parsed._values.TryAdd(key, value))
                throw new CliUsageException($"option '{name}' given twice");
        }
        return parsed;
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string? String(string name) => _values.GetValueOrDefault(name);

    public string Required(string name) => String(name) ?? throw new CliUsageException($"--{name} is required");

    public int Int(string name, int fallback) => Number(name, fallback, s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture));

    public double Double(string name, double fallback) =>
        Number(name, fallback, s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture));

    public long? Long(string name) =>
        String(name) is null ? null : Number(name, 0L, s => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture));

    private T Number<T>(string name, T fallback, Func<string, T> parse)
    {
        if (String(name) is not { } text)
            return fallback;
        try
        {
            return parse(text);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new CliUsageException($"--{name} must be a number, not '{text}'", e);
        }
    }
}
