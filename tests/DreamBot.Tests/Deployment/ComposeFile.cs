using System.Globalization;
using System.Text.RegularExpressions;
using DreamBot.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace DreamBot.Tests.Deployment;

/// <summary>docker-compose.yml as compose reads it: anchors resolved and <c>&lt;&lt;</c> merge keys applied.</summary>
public sealed partial class ComposeFile
{
    private ComposeFile(string text, YamlMappingNode root)
    {
        Text = text;
        Root = root;
    }

    public string Text { get; }

    public YamlMappingNode Root { get; }

    public static ComposeFile Load()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docker-compose.yml"));
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return new ComposeFile(text, (YamlMappingNode)stream.Documents[0].RootNode);
    }

    public IReadOnlyDictionary<string, YamlNode> Services => Merged(Map(Root, "services"));

    public IReadOnlyDictionary<string, YamlNode> Service(string name) => Merged((YamlMappingNode)Services[name]);

    /// <summary>Every variable the file interpolates, <c>${NAME}</c>, <c>${NAME:-default}</c> or <c>${NAME:?error}</c>.</summary>
    public IReadOnlySet<string> Variables => Interpolation().Matches(Text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>The default of <c>${NAME:-default}</c> where the file gives one.</summary>
    public string? DefaultOf(string variable) =>
        Interpolation().Matches(Text).FirstOrDefault(m => m.Groups[1].Value == variable && m.Groups[2].Value == ":-")?.Groups[3].Value;

    /// <summary>
    /// A service's environment as compose gives it to the container when <paramref name="dotEnv"/> is the project's
    /// .env: the env_file entries first, then the environment entries (interpolated from .env), which win.
    /// </summary>
    public IReadOnlyDictionary<string, string> EnvironmentOf(string service, IReadOnlyDictionary<string, string> dotEnv)
    {
        ArgumentNullException.ThrowIfNull(dotEnv);
        var definition = Service(service);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (definition.TryGetValue("env_file", out var files))
        {
            var paths = files is YamlSequenceNode list
                ? list.Children.Select(f => f is YamlMappingNode entry ? entry.Children[new YamlScalarNode("path")].ToString() : f.ToString())
                : [files.ToString()];
            if (paths.Contains(".env"))
            {
                foreach (var (key, value) in dotEnv)
                    result[key] = value;
            }
        }
        if (definition.TryGetValue("environment", out var environment))
        {
            foreach (var (key, value) in Merged((YamlMappingNode)environment))
                result[key] = Interpolation().Replace(value.ToString(), m => Resolve(m, dotEnv));
        }
        return result;
    }

    private static string Resolve(Match reference, IReadOnlyDictionary<string, string> dotEnv)
    {
        var set = dotEnv.TryGetValue(reference.Groups[1].Value, out var value) && value.Length > 0;
        return reference.Groups[2].Value switch
        {
            ":-" => set ? value! : reference.Groups[3].Value,
            ":?" => set ? value! : throw new InvalidOperationException(reference.Groups[3].Value),
            _ => value ?? "",
        };
    }

    public static IReadOnlyDictionary<string, YamlNode> Merged(YamlMappingNode mapping)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (mapping.Children.TryGetValue(new YamlScalarNode("<<"), out var merge))
        {
            foreach (var source in merge is YamlSequenceNode many ? many.Children : [merge])
            {
                foreach (var (key, value) in Merged((YamlMappingNode)source))
                    result[key] = value;
            }
        }
        foreach (var (key, value) in mapping.Children)
        {
            if (key.ToString() != "<<")
                result[key.ToString()] = value;
        }
        return result;
    }

    public static YamlMappingNode Map(YamlNode node, params string[] path)
    {
        foreach (var key in path)
            node = Merged((YamlMappingNode)node)[key];
        return (YamlMappingNode)node;
    }

    public static IEnumerable<string> Strings(YamlNode node) => ((YamlSequenceNode)node).Children.Select(c => c.ToString());

    /// <summary>Compose durations such as "2m", "75s" or "1m30s".</summary>
    public static TimeSpan Duration(string text)
    {
        var total = TimeSpan.Zero;
        foreach (Match part in DurationPart().Matches(text))
        {
            var value = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "s" => TimeSpan.FromSeconds(value),
                _ => TimeSpan.FromMilliseconds(value),
            };
        }
        return total;
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")]
    private static partial Regex Interpolation();

    [GeneratedRegex(@"([0-9.]+)(ms|h|m|s)")]
    private static partial Regex DurationPart();
}
