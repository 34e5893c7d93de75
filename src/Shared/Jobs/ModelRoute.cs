using System.Text.RegularExpressions;
using DreamBot.Shared.Configuration;

namespace DreamBot.Shared.Jobs;

/// <summary>
/// Which Hangfire queue a generation's job goes to. A generation that names a model waits on that model's queue,
/// which only workers serving the model listen to; one that names none ("") waits on the shared queue, which every
/// worker serves with its first model.
/// </summary>
public static partial class ModelRoute
{
    private const string ModelQueuePrefix = QueueOptions.DreamQueue + "-";

    /// <summary>Model names become queue names, which Hangfire limits to lowercase letters, digits, '-' and '_'.</summary>
    public const string NameRule = "lowercase letters, digits, '-' and '_', starting with a letter or digit, at most 32 characters";

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    public static string QueueFor(string model) => model.Length == 0 ? QueueOptions.DreamQueue : ModelQueuePrefix + model;

    /// <summary>The model a worker's queue serves, or null for a queue that is not a model's.</summary>
    public static string? ModelOf(string queue) =>
        queue.StartsWith(ModelQueuePrefix, StringComparison.Ordinal) ? queue[ModelQueuePrefix.Length..] : null;

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,31}$")]
    private static partial Regex NamePattern();
}
