using DreamBot.Shared.Domain;

namespace DreamBot.Worker.Cli;

public static class CliParameters
{
    /// <summary>The parameters, or exit code 2 with every rule they break (the same rules /dream applies, at the hard limits).</summary>
    public static DreamParameters Checked(DreamParameters parameters)
    {
        var problems = DreamRules.Problems(parameters, DreamLimits.Hard);
        return problems.Count == 0 ? parameters : throw new CliUsageException(string.Join(" ", problems).Replace('`', '\''));
    }
}
